/**
 * The API's contract as zod schemas: requests are validated with them at the edge, and the OpenAPI
 * document is generated from the same schemas (src/api/openapi.ts), so the two cannot drift.
 * Amounts are integer cents (1 933,79 € → 193379); business dates are 'YYYY-MM-DD'.
 * Error messages are i18n keys, translated by the one error handler.
 */
import { z } from 'zod';
import { exceedsMaxLineAmount } from '../shared/money';
import { LIFECYCLE_CODES } from '../e-invoicing';

// ---------------------------------------------------------------------------------------------
// Building blocks

export const cents = () =>
  z.int({ error: 'api.validation.amount' }).min(0, { error: 'api.validation.amount' }).max(Number.MAX_SAFE_INTEGER, { error: 'api.validation.amount' })
    .meta({ description: 'Amount in integer cents (1 933,79 € is 193379).' });
/** An amount of one input line: also within MAX_LINE_AMOUNT (config.ts). */
const lineCents = () =>
  z.int({ error: 'api.validation.amount' }).min(0, { error: 'api.validation.amount' }).max(Number.MAX_SAFE_INTEGER, { error: 'api.validation.amount' })
    .refine((v) => !exceedsMaxLineAmount(v), { error: 'api.validation.amountTooLarge' })
    .meta({ description: 'Amount in integer cents (1 933,79 € is 193379), at most the MAX_LINE_AMOUNT setting (default 1 000 000 000,00 €, i.e. 100000000000).' });
/** A signed amount in cents, as the module computes it (debit − credit). */
const signedCents = () => z.int().meta({ description: 'Signed amount in integer cents: debit − credit.' });
export const businessDate = () => z.iso.date({ error: 'api.validation.date' }).meta({ description: "Business date 'YYYY-MM-DD'." });
const text = (max: number) => z.string({ error: 'api.validation.type' }).trim().min(1, { error: 'validation.required' }).max(max, { error: 'validation.tooLong' });
const optionalText = (max: number) => z.string({ error: 'api.validation.type' }).trim().max(max, { error: 'validation.tooLong' }).nullable().optional()
  .transform((v) => (v === undefined || v === null || v === '' ? null : v));
const optionalDate = () => businessDate().nullable().optional().transform((v) => v ?? null);
const timestamp = () => z.string().meta({ description: 'ISO-8601 UTC timestamp.' });

/** The host ERP's identifier of a ledger line; stored as source key `api:<externalId>`. */
export const externalId = () =>
  z.string({ error: 'validation.required' }).min(1, { error: 'validation.required' }).max(190, { error: 'validation.tooLong' })
    .regex(/^[\x21-\x7e]+$/, { error: 'validation.invalid' })
    .meta({ description: 'Your identifier of the ledger line (printable ASCII, no space), unique in your ledger: it makes the post idempotent.' });

// ---------------------------------------------------------------------------------------------
// Requests

export const auxiliaryAccountParam = z.string().min(1).max(40).meta({ description: 'Auxiliary account of the customer, e.g. 411DUPONT.' });
export const dossierNumberParam = z.coerce.number({ error: 'validation.integer' }).int({ error: 'validation.integer' }).min(1, { error: 'validation.range' }).max(2147483647, { error: 'validation.range' });

export const thirdPartyInput = z.strictObject({
  name: text(200),
  legalForm: optionalText(40),
  address: optionalText(300),
  postalCode: optionalText(20),
  city: optionalText(100),
  country: z.string({ error: 'api.validation.type' }).regex(/^[A-Z]{2}$/, { error: 'validation.invalid' }).optional().default('FR')
    .meta({ description: 'ISO 3166-1 alpha-2 code; FR when omitted.' }),
  vatNumber: optionalText(30),
  siren: optionalText(20),
  phone: optionalText(40),
  email: z.email({ error: 'validation.email' }).max(200, { error: 'validation.tooLong' }).nullable().optional().transform((v) => v ?? null),
  paymentTermsDays: z.int({ error: 'validation.integer' }).min(0, { error: 'validation.range' }).max(365, { error: 'validation.range' }).nullable().optional().transform((v) => v ?? null),
}).meta({ description: 'The customer record. PUT replaces these fields (an omitted optional field becomes null); the risk code and the credit controller are managed in the module and kept.' });
export type ThirdPartyInput = z.output<typeof thirdPartyInput>;

export const ledgerLineInput = z.strictObject({
  externalId: externalId(),
  journalCode: text(20),
  journalLabel: optionalText(100),
  entryNumber: text(40),
  entryDate: businessDate(),
  account: text(40).meta({ description: 'General account, e.g. 411000. Lines on a customer account (prefix setting, default 411) belong to the customer of their auxiliary account.' }),
  accountLabel: optionalText(200),
  auxiliaryAccount: optionalText(40),
  auxiliaryLabel: optionalText(200),
  pieceRef: optionalText(60),
  pieceDate: optionalDate(),
  label: optionalText(300),
  debit: lineCents().optional().default(0),
  credit: lineCents().optional().default(0),
  dueDate: optionalDate(),
  lettering: optionalText(20),
  letteringDate: optionalDate(),
  currency: z.string().regex(/^[A-Z]{3}$/, { error: 'validation.invalid' }).nullable().optional().transform((v) => v ?? null),
  currencyAmount: lineCents().nullable().optional().transform((v) => v ?? null),
}).superRefine((line, ctx) => {
  if ((line.debit > 0) === (line.credit > 0)) ctx.addIssue({ code: 'custom', path: ['debit'], message: 'api.validation.debitOrCredit' });
});
export type LedgerLineInput = z.output<typeof ledgerLineInput>;

export const ledgerPostInput = z.strictObject({
  lines: z.array(ledgerLineInput, { error: 'api.validation.type' }).min(1, { error: 'validation.required' }).max(5000, { error: 'validation.range' }),
}).meta({
  description:
    'Ledger lines, usually the customer-account lines of your invoices, credit notes and payments. A line is identified by its externalId: ' +
    'posting it again with the same content changes nothing (status "unchanged"); with a different content it is refused (409). Its lettering is then ' +
    'changed with POST /lettering. One bad line and nothing is written.',
});

export const letteringItemInput = z.strictObject({
  externalId: externalId().optional(),
  entryId: z.int({ error: 'validation.integer' }).min(1, { error: 'validation.range' }).optional().meta({ description: 'The module\'s id of the line (entryId in open items), for lines not posted through the API.' }),
  lettering: optionalText(20).meta({ description: 'The lettering code; null removes the lettering (the line is open again).' }),
  letteringDate: optionalDate(),
}).superRefine((item, ctx) => {
  if ((item.externalId === undefined) === (item.entryId === undefined)) ctx.addIssue({ code: 'custom', path: ['externalId'], message: 'api.validation.oneOf' });
});
export const letteringInput = z.strictObject({
  items: z.array(letteringItemInput, { error: 'api.validation.type' }).min(1, { error: 'validation.required' }).max(5000, { error: 'validation.range' }),
}).meta({ description: 'Lettering updates: a lettered customer line is no longer an open item.' });

const limit = (max: number, dflt: number) =>
  z.coerce.number({ error: 'validation.integer' }).int({ error: 'validation.integer' }).min(1, { error: 'validation.range' }).max(max, { error: 'validation.range' }).optional().default(dflt);

export const dossierListQuery = z.object({
  status: z.string().max(40).optional().meta({ description: 'Status code (e.g. EN_COURS) or kind (open, legal, closed).' }),
  thirdParty: z.string().max(40).optional().meta({ description: 'Auxiliary account of the customer.' }),
  cursor: z.string().max(100).optional().meta({ description: 'nextCursor of the previous page.' }),
  limit: limit(200, 50),
});

export const journalQuery = z.object({
  since: z.string().max(100).optional().meta({ description: 'nextCursor of the previous pull; omitted: from the first entry.' }),
  limit: limit(500, 100),
});

// ---------------------------------------------------------------------------------------------
// Responses (documentation, and the test that checks real responses against the document)

const nullableString = () => z.string().nullable();
const codeName = z.object({ code: z.string(), name: z.string() });

export const thirdPartyOutput = z.object({
  auxiliaryAccount: z.string(),
  name: z.string(),
  legalForm: nullableString(),
  address: nullableString(),
  postalCode: nullableString(),
  city: nullableString(),
  country: z.string(),
  vatNumber: nullableString(),
  siren: nullableString(),
  phone: nullableString(),
  email: nullableString(),
  paymentTermsDays: z.int().nullable(),
  riskCode: nullableString(),
  creditController: codeName.nullable(),
  version: z.int(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
});

export const openItemOutput = z.object({
  entryId: z.int(),
  externalId: nullableString(),
  journalCode: z.string(),
  entryNumber: z.string(),
  entryDate: businessDate(),
  pieceRef: nullableString(),
  label: nullableString(),
  dueDate: businessDate().nullable(),
  debit: cents(),
  credit: cents(),
  amount: signedCents(),
  daysOverdue: z.int().nullable().meta({ description: 'Days past the due date at today\'s business date; 0 or less when not yet due; null without a due date.' }),
});

export const thirdPartyDetailOutput = thirdPartyOutput.extend({
  balance: signedCents().meta({ description: 'Sum of debit − credit of all the customer\'s lines.' }),
  openAmount: signedCents().meta({ description: 'Sum of the open (unlettered) items.' }),
  overdueAmount: signedCents().meta({ description: 'Sum of the open items whose due date is past.' }),
  openItems: z.array(openItemOutput),
});

export const ledgerPostOutput = z.object({
  received: z.int(),
  created: z.int(),
  unchanged: z.int(),
  thirdPartiesCreated: z.int(),
  lines: z.array(z.object({ externalId: z.string(), entryId: z.int(), status: z.enum(['created', 'unchanged']) })),
});

export const letteringOutput = z.object({
  updated: z.int(),
  unchanged: z.int(),
  items: z.array(z.object({
    entryId: z.int(), externalId: nullableString(), lettering: nullableString(), letteringDate: businessDate().nullable(), status: z.enum(['updated', 'unchanged']),
  })),
});

const dossierAmounts = z.object({
  debit: cents().meta({ description: 'What the dossier claims: its invoices and recovery costs (ledger entries and financial elements).' }),
  credit: cents().meta({ description: 'What settled it: credit notes, payments (ledger, received directly, booked by the module), amounts given up by settlements, write-offs.' }),
  outstanding: signedCents().meta({ description: 'Still due, the dossier\'s balance as on every screen: debit − credit.' }),
});

export const dossierSummaryOutput = z.object({
  number: z.int(),
  status: z.object({ code: z.string(), label: z.string(), kind: z.enum(['open', 'legal', 'closed']) }),
  thirdParty: z.object({ auxiliaryAccount: z.string(), name: z.string() }),
  startDate: businessDate(),
  endDate: businessDate().nullable(),
  currency: z.string(),
  lossPercentageHundredths: z.int().meta({ description: 'Expected loss in hundredths of a percent (12,5 % is 1250).' }),
  priority: z.int(),
  creditorReference: nullableString(),
  controller: codeName.nullable(),
  amounts: dossierAmounts,
  nextAction: z.object({ dueDate: businessDate(), type: z.string(), label: z.string() }).nullable(),
  updatedAt: timestamp(),
});

export const dossierListOutput = z.object({
  items: z.array(dossierSummaryOutput),
  nextCursor: z.string().nullable().meta({ description: 'Pass it as cursor for the next page; null on the last page.' }),
});

export const dossierDetailOutput = dossierSummaryOutput.extend({
  entries: z.array(z.object({
    entryId: z.int(), externalId: nullableString(), journalCode: z.string(), entryNumber: z.string(), entryDate: businessDate(), pieceRef: nullableString(),
    label: nullableString(), dueDate: businessDate().nullable(), debit: cents(), credit: cents(), lettering: nullableString(), open: z.boolean(),
  })),
  interventions: z.array(z.object({
    id: z.int(), type: z.string(), label: z.string(), dueDate: businessDate(), priority: z.int(), state: z.enum(['todo', 'done', 'skipped']),
    doneDate: businessDate().nullable(), result: nullableString(),
  })),
});

export const journalEntryOutput = z.object({
  id: z.int(),
  number: z.string(),
  journalCode: z.string(),
  date: businessDate(),
  label: z.string(),
  pieceRef: z.string(),
  dossierNumber: z.int().nullable(),
  createdAt: timestamp(),
  exportedAt: timestamp().nullable(),
  lines: z.array(z.object({ account: z.string(), auxiliaryAccount: nullableString(), label: z.string(), debit: cents(), credit: cents() })),
});

export const journalListOutput = z.object({
  items: z.array(journalEntryOutput),
  nextCursor: z.string().meta({ description: 'Store it and pass it as since on the next pull (it stays the same when nothing is new).' }),
  hasMore: z.boolean(),
});

export const problemOutput = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  code: z.string(),
  errors: z.array(z.object({
    field: z.string().meta({ description: 'JSON pointer into the request body (/lines/0/debit), or the name of the query, path or header parameter at fault.' }),
    message: z.string(),
  })),
}).meta({ description: 'RFC 9457 problem details, served as application/problem+json.' });

// ---------------------------------------------------------------------------------------------
// E-invoicing lifecycle statuses (codes of the DGFiP external specifications: see src/e-invoicing/e-invoicing.rules.ts)

export const invoiceStatusInput = z.object({
  pieceRef: optionalText(60).meta({ description: 'The invoice by its piece reference (the customer ledger line that carries it).' }),
  externalId: externalId().nullable().optional().transform((v) => v ?? null)
    .meta({ description: 'Or the invoice by the externalId of the ledger line posted through this API (when several lines share a piece reference).' }),
  code: z.enum(LIFECYCLE_CODES, { error: 'validation.choice' })
    .meta({ description: 'Lifecycle status code: 200 Déposée, 201 Émise par la plateforme, 202 Reçue par la plateforme, 203 Mise à disposition, 204 Prise en charge, 205 Approuvée, 206 Approuvée partiellement, 207 En litige, 208 Suspendue, 209 Complétée, 210 Refusée, 211 Paiement transmis, 212 Encaissée, 213 Rejetée, 214 Visée. 207 and 210 open a dispute on the invoice (its reminders pause); 212 records a payment received directly; the others are recorded.' }),
  statusDate: businessDate(),
  amount: cents().nullable().optional().transform((v) => v ?? null).meta({ description: 'For 212 Encaissée: the amount cashed in cents; absent, what the invoice still owes.' }),
  comment: optionalText(500),
}).strict().refine((v) => v.pieceRef !== null || v.externalId !== null, { error: 'eInvoicing.errors.invoiceRef', path: ['pieceRef'] });

export const invoiceStatusOutput = z.object({
  id: z.int(),
  ledgerEntryId: z.int(),
  dossierNumber: z.int().nullable(),
  code: z.string(),
  label: z.string(),
  statusDate: z.string(),
  amount: z.int().nullable(),
  effect: z.enum(['dispute', 'payment', 'record', 'none']).meta({ description: 'What the status did: opened (or joined) a dispute, recorded a payment received, only recorded; none when the invoice is in no dossier.' }),
  disputeId: z.int().nullable(),
  directPaymentId: z.int().nullable(),
});
