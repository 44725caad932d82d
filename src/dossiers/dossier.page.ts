/** Read models for the dossier pages: the form's choices and the dossier page (header + tabs). */
import { Company } from '../companies';
import { Contact, customerContacts, dossierContacts } from '../contacts';
import { CreditController } from '../credit-controllers';
import { describeEvent, dossierEventTypes, listDossierEvents, parseChronoFilter } from '../history';
import { listInterventions } from '../interventions';
import { DisputeReason, DossierResult, DossierStatus, Resolution, RiskCode } from '../settings';
import { AppError } from '../shared/errors';
import type { DossierTab } from '../web/dossier-page';
import { Scenario } from '../scenarios';
import { ThirdParty, customerById, type CustomerSuggestion } from '../third-parties';
import { Dossier } from './dossier.entity';
import { findById } from '../db/entity-reader';
import { unchangedSince } from '../db/change-token';
import { daysOverdue } from './dossier.rules';
import type { Db } from './dossier.service';
import { linkableEntryRows, linkedEntryRows } from './dossier-entries.service';
import { nextActions } from './dossier-list.service';
import { dossierBalance } from './dossier-balance.rules';
import { loadHoldings, unallocatedCredits } from './dossier-balance.service';

export interface FormOptions {
  companies: Company[];
  statuses: DossierStatus[];
  /** The chosen customer, shown in the form's type-ahead (views/partials/customer-picker.ejs). */
  customer: CustomerSuggestion | null;
  riskCodes: RiskCode[];
  controllers: CreditController[];
  disputeReasons: DisputeReason[];
  resolutions: Resolution[];
  results: DossierResult[];
  contacts: Contact[];
  /** Active scenarios, offered to a new dossier. */
  scenarios: Scenario[];
}

/** Choices for the dossier form. Customers are not listed: the type-ahead asks the server (GET /customers/suggest). */
export async function formOptions(db: Db, opts: { companyId: number | null; thirdPartyId: number | null; dossierId: number | null }): Promise<FormOptions> {
  const list = <T>(entity: new () => T) => db.getRepository(entity).find({ order: { position: 'ASC', id: 'ASC' } as never });
  return {
    companies: await db.getRepository(Company).find({ order: { id: 'ASC' } }),
    statuses: (await list(DossierStatus)) as DossierStatus[],
    customer: await customerById(db, opts.thirdPartyId),
    riskCodes: (await list(RiskCode)) as RiskCode[],
    controllers: await db.getRepository(CreditController).find({ order: { name: 'ASC' } }),
    disputeReasons: (await list(DisputeReason)) as DisputeReason[],
    resolutions: (await list(Resolution)) as Resolution[],
    results: (await list(DossierResult)) as DossierResult[],
    contacts: opts.thirdPartyId ? await customerContacts(db, opts.thirdPartyId, opts.dossierId) : [],
    scenarios: await db.getRepository(Scenario).find({ where: { active: true }, order: { name: 'ASC' } }),
  };
}

export { DOSSIER_TABS, type DossierTab } from '../web/dossier-page';

/**
 * The reference rows every dossier page's header shows (companies, statuses, controllers, risk codes),
 * read again only once the database changed (src/db/change-token.ts); shared by the pages: read-only.
 */
const pageReferences = unchangedSince(async (db: Db) => ({
  companies: new Map((await db.getRepository(Company).find()).map((c) => [c.id, c])),
  statuses: new Map((await db.getRepository(DossierStatus).find()).map((s) => [s.id, s])),
  controllers: new Map((await db.getRepository(CreditController).find()).map((c) => [c.id, c])),
  riskCodes: await db.getRepository(RiskCode).find(),
}));

/** The dossier page: header for every tab, and the data of the tab shown. */
export async function dossierPage(db: Db, id: number, tab: DossierTab, today: string, query: Record<string, unknown> = {}) {
  const dossier = await findById(db, Dossier, id);
  if (!dossier) throw AppError.notFound();
  const customer = await findById(db, ThirdParty, dossier.thirdPartyId);
  const refs = await pageReferences(db);
  const company = refs.companies.get(dossier.companyId);
  const status = refs.statuses.get(dossier.statusId);
  // Foreign keys keep these: a missing one is a broken database, as findOneByOrFail said.
  if (!customer || !company || !status) throw new Error(`dossier ${id}: its customer, company or status is missing`);
  const controller = dossier.controllerId ? (refs.controllers.get(dossier.controllerId) ?? null) : null;
  const riskCodes = refs.riskCodes;
  // The header computes the rule live; the list reads the figure the rule stored (the same one).
  const holdings = (await loadHoldings(db, [id])).get(id)!;
  const money = dossierBalance(holdings);
  const amount = money.balance;
  const unallocated = await unallocatedCredits(db, holdings);
  const nextAction = (await nextActions(db, [id])).get(id) ?? null;
  const riskCode = riskCodes.find((r) => r.id === customer.riskCodeId) ?? null;
  const header = { dossier, customer, company, status, controller, amount, money, unallocated, nextAction, riskCode };

  const data: Record<string, unknown> = {};
  if (tab === 'entries') {
    const linked = (await linkedEntryRows(db, id)).map((e) => Object.assign(e, { overdue: e.balance > 0 ? daysOverdue(e.dueDate, today) : 0 }));
    const open = status.kind === 'closed' ? [] : (await linkableEntryRows(db, dossier)).map((e) => Object.assign(e, { overdue: e.debit > e.credit ? daysOverdue(e.dueDate, today) : 0, balance: e.debit - e.credit }));
    data.linked = linked;
    data.open = open;
    data.linkedTotals = { debit: linked.reduce((a, e) => a + e.debit, 0), credit: linked.reduce((a, e) => a + e.credit, 0), balance: amount };
  } else if (tab === 'interventions') {
    data.interventions = await listInterventions(db, id);
    data.controllers = await db.getRepository(CreditController).find({ where: { active: true }, order: { name: 'ASC' } });
  } else if (tab === 'contacts') {
    data.contacts = await dossierContacts(db, dossier);
  } else {
    const chrono = parseChronoFilter(query);
    data.events = await listDossierEvents(db, id, chrono.filter);
    data.chrono = { types: await dossierEventTypes(db, id), errors: chrono.errors, active: chrono.active, values: query };
    data.describeEvent = describeEvent;
  }
  return { ...header, tab, ...data };
}
