/** Loads a dossier's rows and builds its document context (see document-context.rules.ts). */
import { dossierBalances, Dossier, DossierEntry } from '../dossiers';
import { In } from 'typeorm';
import { AppError } from '../shared/errors';
import type { BusinessDate } from '../shared/business-date';
import { loadRateTables, type LegalRateTable } from '../late-payment';
import { Company } from '../companies';
import { ThirdParty } from '../third-parties';
import { Contact } from '../contacts';
import { CreditController } from '../credit-controllers';
import { LedgerEntry } from '../ledger';
import { DossierStatus } from '../settings';
import { disputedAmong, disputedEntryIds } from '../dispute-scope';
import { letterDebtorPage, type LetterDebtorPage } from '../debtor-portal';
import { disputedOpenAmounts } from '../dossier-account';
import { buildClaimsContext, buildContextFromSource, type DossierContextSource, type DossierDocumentContext } from './document-context.rules';

import type { Db } from '../db/sql';
import { percentOf } from '../shared/money';
export type { Db };

export interface ContextOptions {
  /** Legal rate table; the one administrators maintain (Taux légaux) by default. */
  rates?: LegalRateTable;
  /** The customer's contract rate by default. */
  contractRatePercent?: number;
}

/** The rates a letter uses: the administrators' tables, and the customer's contract rate unless given. */
async function ratesFor(db: Db, customer: ThirdParty, options: ContextOptions) {
  const tables = await loadRateTables(db);
  const contract = options.contractRatePercent ?? (customer.contractRateHundredths != null ? percentOf(customer.contractRateHundredths) : undefined);
  return { rates: options.rates ?? tables.penalty, legalInterest: tables.legalInterest, contractRatePercent: contract };
}

/** What the letter says is due: the dossier's balance by the rule, less what open disputes contest (issue 15). */
async function letterBalance(db: Db, dossierId: number, hasDisputes: boolean): Promise<number | undefined> {
  const balance = (await dossierBalances(db, [dossierId])).get(dossierId)?.balance;
  if (balance === undefined || !hasDisputes) return balance;
  return balance - ((await disputedOpenAmounts(db, [dossierId])).get(dossierId) ?? 0);
}

export async function loadContextSource(db: Db, dossierId: number, asOf: BusinessDate, options: ContextOptions = {}): Promise<DossierContextSource> {
  const dossier = await db.getRepository(Dossier).findOneBy({ id: dossierId });
  if (!dossier) throw AppError.notFound();
  const [company, customer, status, controller, links] = await Promise.all([
    db.getRepository(Company).findOneByOrFail({ id: dossier.companyId }),
    db.getRepository(ThirdParty).findOneByOrFail({ id: dossier.thirdPartyId }),
    db.getRepository(DossierStatus).findOneByOrFail({ id: dossier.statusId }),
    dossier.controllerId ? db.getRepository(CreditController).findOneBy({ id: dossier.controllerId }) : Promise.resolve(null),
    db.getRepository(DossierEntry).find({ where: { dossierId }, select: { ledgerEntryId: true } }),
  ]);
  // A subsidiary's letters carry the creditor's identity when the subsidiary has none of its own.
  const parent = company.parentId && !company.siren ? await db.getRepository(Company).findOneBy({ id: company.parentId }) : null;
  const entryIds = links.map((l) => l.ledgerEntryId);
  // Issue 15 hook: an invoice in open dispute leaves the letters (and their penalties).
  const disputed = await disputedEntryIds(db, dossierId);
  const entries = (entryIds.length ? await db.getRepository(LedgerEntry).findBy({ id: In(entryIds) }) : []).filter((e) => !disputed.has(e.id));
  const contacts = await db.getRepository(Contact).find({
    where: [{ thirdPartyId: customer.id, kind: 'customer' }, { dossierId, kind: 'dossier' }],
    order: { id: 'ASC' },
  });
  return {
    asOf,
    creditor: { ...company, siren: company.siren ?? parent?.siren ?? null, vatNumber: company.vatNumber ?? parent?.vatNumber ?? null },
    customer,
    contacts,
    contactId: dossier.contactId,
    controller,
    dossier,
    status,
    entries,
    ...(await ratesFor(db, customer, options)),
    dossierBalance: await letterBalance(db, dossierId, disputed.size > 0),
  };
}

/** The plain object letters and e-mails are rendered with. */
export async function buildDossierContext(db: Db, dossierId: number, asOf: BusinessDate, options: ContextOptions = {}): Promise<DossierDocumentContext & { debtorPage?: LetterDebtorPage | null }> {
  const context = buildContextFromSource(await loadContextSource(db, dossierId, asOf, options));
  // Issue 15 hook: every letter and e-mail of a dossier carries the debtor's personal link and the transfer's QR code.
  return { ...context, debtorPage: await letterDebtorPage(db, dossierId, asOf) };
}

/**
 * The context of a letter about a customer rather than a dossier (Rappel / relevé): the same shape
 * as a dossier's, over the given ledger entries, with an empty dossier (number 0, reference '') so
 * that the shipped letters print without a dossier line.
 */
export async function buildCustomerContext(db: Db, thirdPartyId: number, entryIds: number[], asOf: BusinessDate, options: ContextOptions = {}): Promise<DossierDocumentContext> {
  const customer = await db.getRepository(ThirdParty).findOneBy({ id: thirdPartyId });
  if (!customer) throw AppError.notFound();
  const company = await db.getRepository(Company).findOneByOrFail({ id: customer.companyId });
  const parent = company.parentId && !company.siren ? await db.getRepository(Company).findOneBy({ id: company.parentId }) : null;
  // Issue 15 hook: an invoice in open dispute leaves the reminder letters too.
  const disputed = await disputedAmong(db, entryIds);
  const [controller, entries, contacts] = await Promise.all([
    customer.creditControllerId ? db.getRepository(CreditController).findOneBy({ id: customer.creditControllerId }) : Promise.resolve(null),
    entryIds.length ? db.getRepository(LedgerEntry).findBy({ id: In(entryIds.filter((id) => !disputed.has(id))), thirdPartyId }) : Promise.resolve([]),
    db.getRepository(Contact).find({ where: { thirdPartyId: customer.id, kind: 'customer' }, order: { id: 'ASC' } }),
  ]);
  return buildContextFromSource({
    asOf,
    creditor: { ...company, siren: company.siren ?? parent?.siren ?? null, vatNumber: company.vatNumber ?? parent?.vatNumber ?? null },
    customer,
    contacts,
    contactId: null,
    controller,
    dossier: { id: 0, number: 0, startDate: asOf, creditorReference: null, currency: 'EUR' },
    status: { code: '', label: '', kind: 'open' },
    entries,
    ...(await ratesFor(db, customer, options)),
  });
}

export interface ClaimsDeclarationOptions extends ContextOptions {
  /** Date printed on the declaration; the judgment date by default. */
  asOf?: BusinessDate;
  /** Securities (sûretés, privilèges, réserve de propriété) as free text; none by default. */
  securities?: string | null;
  mandataire?: { name: string; addressLines: string[] } | null;
}

export async function buildClaimsDeclarationContext(db: Db, dossierId: number, judgmentDate: BusinessDate, options: ClaimsDeclarationOptions = {}) {
  const source = await loadContextSource(db, dossierId, options.asOf ?? judgmentDate, options);
  return { ...buildClaimsContext(source, judgmentDate, options.securities ?? null), mandataire: options.mandataire ?? null };
}
