/**
 * Shape of `fixtures/demo/company.json`: the demo company's settings, third parties, due dates and
 * recovery dossiers, loaded on first start beside the ledger (`fixtures/demo/ledger.fec.txt`).
 *
 * The schema checks what one file can check on its own (formats, codes that must exist, a closed
 * dossier's end fields). What needs the ledger as well (piece refs that must be open invoices of the
 * dossier's customer) is checked by the loader and by `test/unit/demo-fixtures.test.ts`.
 */
import { z } from 'zod';

const businessDate = z.iso.date(); // 'YYYY-MM-DD', a real calendar date
const code = z.string().regex(/^[A-Z0-9][A-Z0-9_-]{0,39}$/, 'upper-case code: letters, digits, _ and -');
const percentage = z.number().min(0).max(100).refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'at most two decimals');
const priority = z.int().min(0).max(999);
const phone = z.string().regex(/^\+?[0-9][0-9 ]{6,20}$/, 'digits and spaces, optionally a leading +');
const email = z.email();
const nonEmpty = z.string().trim().min(1);

/** Countries the demo uses; the app itself may accept more. */
export const DEMO_COUNTRIES = ['FR', 'BE', 'ES', 'DE'] as const;
const country = z.enum(DEMO_COUNTRIES);

/** French forms first; SRL (BE), SL (ES) and GmbH (DE) for the foreign customers. */
export const LEGAL_FORMS = ['SARL', 'SAS', 'SASU', 'SA', 'EURL', 'SNC', 'EI', 'SRL', 'SL', 'GmbH'] as const;

export const contactSchema = z.strictObject({
  firstName: nonEmpty,
  lastName: nonEmpty,
  jobTitle: nonEmpty,
  phone,
  email,
});
export type DemoContact = z.infer<typeof contactSchema>;

const legalEntityFields = {
  name: nonEmpty,
  legalForm: z.enum(LEGAL_FORMS),
  address: nonEmpty,
  postalCode: nonEmpty,
  city: nonEmpty,
  country,
  /** French SIREN (9 digits); null for a company registered abroad. */
  siren: z.string().regex(/^\d{9}$/).nullable(),
  /** Intra-community VAT number, country prefix first (FR12345678901, BE0123456789, ESB1234567X, DE123456789). */
  vatNumber: z.string().regex(/^[A-Z]{2}[0-9A-Z]{8,12}$/).nullable(),
  phone,
  email,
};

export const subsidiarySchema = z.strictObject({ code, ...legalEntityFields });
export type DemoSubsidiary = z.infer<typeof subsidiarySchema>;

export const companySchema = z.strictObject({
  code,
  ...legalEntityFields,
  subsidiaries: z.array(subsidiarySchema),
});
export type DemoCompany = z.infer<typeof companySchema>;

export const STATUS_KINDS = ['open', 'legal', 'closed'] as const;
export const statusSchema = z.strictObject({
  code,
  label: nonEmpty,
  kind: z.enum(STATUS_KINDS),
  proposedLossPercentage: percentage.nullable().default(null),
  /** Starts legal proceedings: a controller's change to it waits for an administrator's approval. */
  requiresApproval: z.boolean().default(false),
});
export type DemoStatus = z.infer<typeof statusSchema>;

const codeLabel = z.strictObject({ code, label: nonEmpty });
export type DemoCodeLabel = z.infer<typeof codeLabel>;

export const creditControllerSchema = z.strictObject({
  code,
  name: nonEmpty,
  email,
  phone,
  username: z.string().regex(/^[a-z][a-z0-9._-]{1,31}$/, 'lower-case login'),
});
export type DemoCreditController = z.infer<typeof creditControllerSchema>;

export const customerSchema = z.strictObject({
  /** Auxiliary account as it appears in the FEC `CompAuxNum` column. */
  auxiliaryAccount: z.string().regex(/^411[A-Z0-9]{1,14}$/),
  ...legalEntityFields,
  riskCode: code,
  controller: code,
  /** Payment terms in days from the invoice date ... */
  paymentTermsDays: z.int().min(0).max(60),
  /** ... then to the end of that month ("45 jours fin de mois"). */
  paymentTermsEndOfMonth: z.boolean().default(false),
  contacts: z.array(contactSchema),
});
export type DemoCustomer = z.infer<typeof customerSchema>;

export const INTERVENTION_TYPES = ['call', 'letter', 'email', 'sms', 'visit', 'task', 'legal'] as const;
export const INTERVENTION_STATES = ['todo', 'done', 'skipped'] as const;

export const interventionSchema = z
  .strictObject({
    type: z.enum(INTERVENTION_TYPES),
    label: nonEmpty,
    dueDate: businessDate,
    priority,
    state: z.enum(INTERVENTION_STATES),
    doneDate: businessDate.nullable(),
    result: nonEmpty.nullable(),
    comment: nonEmpty.nullable(),
  })
  .refine((i) => (i.state === 'done') === (i.doneDate !== null), {
    message: 'a done intervention has a doneDate, and only a done one',
    path: ['doneDate'],
  });
export type DemoIntervention = z.infer<typeof interventionSchema>;

export const dossierSchema = z.strictObject({
  number: z.int().positive(),
  customer: z.string().regex(/^411[A-Z0-9]{1,14}$/),
  status: code,
  controller: code,
  startDate: businessDate,
  priority,
  lossPercentage: percentage,
  riskCode: code,
  disputeReason: code.nullable(),
  comment: z.string().nullable(),
  creditorReference: z.string().nullable(),
  /** For a dossier in a `legal` status: the deadline to declare the claim to the mandataire judiciaire. */
  claimsDeclarationDeadline: businessDate.nullable().default(null),
  /** Collective procedure: the opening judgment and its BODACC publication (the deadline counts from it). */
  judgmentDate: businessDate.nullable().default(null),
  bodaccDate: businessDate.nullable().default(null),
  /** Code of a shipped scenario (scenarios/*.json) the dossier follows; assigned when that scenario is loaded. */
  scenario: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'scenario code: lower-case letters, digits and -').nullable().default(null),
  /** Piece refs (FEC `PieceRef`) of the customer's invoices the dossier covers. */
  pieceRefs: z.array(nonEmpty).min(1),
  endDate: businessDate.nullable(),
  resolution: code.nullable(),
  result: code.nullable(),
  interventions: z.array(interventionSchema),
});
export type DemoDossier = z.infer<typeof dossierSchema>;

export const demoFixturesSchema = z
  .strictObject({
    company: companySchema,
    statuses: z.array(statusSchema).min(1),
    riskCodes: z.array(codeLabel).min(1),
    disputeReasons: z.array(codeLabel),
    resolutions: z.array(codeLabel),
    results: z.array(z.strictObject({ code, label: nonEmpty, lost: z.boolean().optional() })),
    creditControllers: z.array(creditControllerSchema).min(1),
    companyContacts: z.array(contactSchema),
    customers: z.array(customerSchema).min(1),
    /** Due date of every invoice and credit note, by piece ref: the 18-column FEC has no due date. */
    dueDates: z.record(z.string().min(1), businessDate),
    dossiers: z.array(dossierSchema),
  })
  .superRefine((data, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const unique = (list: { code: string }[], path: string) => {
      const seen = new Set<string>();
      list.forEach((item, i) => {
        if (seen.has(item.code)) issue([path, i, 'code'], `duplicate code ${item.code}`);
        seen.add(item.code);
      });
      return seen;
    };
    const statuses = new Map(data.statuses.map((s) => [s.code, s]));
    unique(data.statuses, 'statuses');
    const riskCodes = unique(data.riskCodes, 'riskCodes');
    const disputeReasons = unique(data.disputeReasons, 'disputeReasons');
    const resolutions = unique(data.resolutions, 'resolutions');
    const results = unique(data.results, 'results');
    const controllers = unique(data.creditControllers, 'creditControllers');
    const usernames = new Set<string>();
    data.creditControllers.forEach((c, i) => {
      if (usernames.has(c.username)) issue(['creditControllers', i, 'username'], `duplicate username ${c.username}`);
      usernames.add(c.username);
    });

    const customers = new Map<string, (typeof data.customers)[number]>();
    data.customers.forEach((c, i) => {
      if (customers.has(c.auxiliaryAccount)) issue(['customers', i, 'auxiliaryAccount'], `duplicate account ${c.auxiliaryAccount}`);
      customers.set(c.auxiliaryAccount, c);
      if (!riskCodes.has(c.riskCode)) issue(['customers', i, 'riskCode'], `unknown risk code ${c.riskCode}`);
      if (!controllers.has(c.controller)) issue(['customers', i, 'controller'], `unknown controller ${c.controller}`);
      if (c.country === 'FR' && c.siren === null) issue(['customers', i, 'siren'], 'a French customer has a SIREN');
    });

    const numbers = new Set<number>();
    data.dossiers.forEach((d, i) => {
      const at = (field: string) => ['dossiers', i, field];
      if (numbers.has(d.number)) issue(at('number'), `duplicate dossier number ${d.number}`);
      numbers.add(d.number);
      const customer = customers.get(d.customer);
      if (!customer) issue(at('customer'), `unknown customer ${d.customer}`);
      // The risk code is shared by the dossier and its third party (editing one edits the other).
      else if (customer.riskCode !== d.riskCode) issue(at('riskCode'), `risk code ${d.riskCode} differs from the customer's ${customer.riskCode}`);
      if (!riskCodes.has(d.riskCode)) issue(at('riskCode'), `unknown risk code ${d.riskCode}`);
      if (!controllers.has(d.controller)) issue(at('controller'), `unknown controller ${d.controller}`);
      if (d.disputeReason !== null && !disputeReasons.has(d.disputeReason)) issue(at('disputeReason'), `unknown dispute reason ${d.disputeReason}`);
      if (d.resolution !== null && !resolutions.has(d.resolution)) issue(at('resolution'), `unknown resolution ${d.resolution}`);
      if (d.result !== null && !results.has(d.result)) issue(at('result'), `unknown result ${d.result}`);
      const status = statuses.get(d.status);
      if (!status) {
        issue(at('status'), `unknown status ${d.status}`);
        return;
      }
      if (status.kind === 'closed') {
        if (d.endDate === null) issue(at('endDate'), 'a closed dossier has an end date');
        if (d.resolution === null) issue(at('resolution'), 'a closed dossier has a resolution');
        if (d.result === null) issue(at('result'), 'a closed dossier has a result');
        d.interventions.forEach((it, j) => {
          if (it.state === 'todo') issue(['dossiers', i, 'interventions', j, 'state'], 'a closed dossier has no todo intervention');
        });
      } else if (d.endDate !== null || d.resolution !== null || d.result !== null) {
        issue(at('endDate'), 'only a closed dossier has an end date, a resolution and a result');
      }
      if (status.kind === 'legal' && d.claimsDeclarationDeadline === null) {
        issue(at('claimsDeclarationDeadline'), 'a dossier in a collective procedure has a claims-declaration deadline');
      }
      if (d.endDate !== null && d.endDate < d.startDate) issue(at('endDate'), 'the end date is before the start date');
      if (new Set(d.pieceRefs).size !== d.pieceRefs.length) issue(at('pieceRefs'), 'duplicate piece ref');
      d.pieceRefs.forEach((ref, j) => {
        if (!(ref in data.dueDates)) issue(['dossiers', i, 'pieceRefs', j], `piece ${ref} has no due date`);
      });
    });
  });

export type DemoFixtures = z.infer<typeof demoFixturesSchema>;
/** The file as written, before defaults are applied. */
export type DemoFixturesInput = z.input<typeof demoFixturesSchema>;
