/**
 * The document contexts of many dossiers at once, for the daily job's letters and e-mails: the same
 * rows as loadContextSource reads for one dossier (document-context.service.ts), read by slices of
 * 500 dossiers in a few queries, then the same pure rules (buildContextFromSource). Only how the
 * data is loaded differs; test/component/step-documents-batch.test.ts checks the letters come out
 * byte for byte as the one-by-one path makes them.
 */
import { In } from 'typeorm';
import { dossierBalances } from '../dossiers';
import type { BusinessDate } from '../shared/business-date';
import { loadRateTables } from '../late-payment';
import { Company } from '../companies';
import { CreditController } from '../credit-controllers';
import { DossierStatus } from '../settings';
import { disputedEntryIdsOf } from '../dispute-scope';
import { letterDebtorPages, type LetterDebtorPage } from '../debtor-portal';
import { disputedOpenAmounts } from '../dossier-account';
import { percentOf } from '../shared/money';
import { rows, type Db } from '../db/sql';
import { buildContextFromSource, type ContactSource, type DossierContextSource, type DossierDocumentContext, type EntrySource } from './document-context.rules';
import type { TemplateError } from './template-engine';

const SLICE = 500;

/** A dossier's context source, or why it could not be read (the letter fails with that message, the others go on). */
export type SourceOrError = { source: DossierContextSource } | { error: TemplateError };
export type ContextOrError = { context: DossierDocumentContext & { debtorPage?: LetterDebtorPage | null } } | { error: TemplateError };

const unique = <T>(list: T[]) => [...new Set(list)];

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

/**
 * Raw reads of the big tables (dossiers, their ledger lines, customers): TypeORM's entity layer
 * costs several times the query itself on slices of 500 (measured: 50-110 ms against 5-25 ms).
 * Only the fields the context rules read.
 */
async function rawByIds<T>(db: Db, sql: string, ids: number[], map: (r: Record<string, unknown>) => T & { id: number }): Promise<Map<number, T & { id: number }>> {
  const out = new Map<number, T & { id: number }>();
  for (let i = 0; i < ids.length; i += SLICE) {
    const slice = ids.slice(i, i + SLICE);
    for (const r of await rows<Record<string, unknown>>(db, sql.replace('(:ids)', `(${marks(slice.length)})`), slice)) {
      const row = map(r);
      out.set(row.id, row);
    }
  }
  return out;
}

const loadDossiers = (db: Db, ids: number[]) =>
  rawByIds(db, 'SELECT id, number, start_date, creditor_reference, currency, company_id, third_party_id, status_id, controller_id, contact_id FROM dossier WHERE id IN (:ids)', ids, (r) => ({
    id: Number(r.id), number: Number(r.number), startDate: String(r.start_date), creditorReference: str(r.creditor_reference), currency: String(r.currency),
    companyId: Number(r.company_id), thirdPartyId: Number(r.third_party_id), statusId: Number(r.status_id),
    controllerId: r.controller_id === null ? null : Number(r.controller_id), contactId: r.contact_id === null ? null : Number(r.contact_id),
  }));

const loadCustomers = (db: Db, ids: number[]) =>
  rawByIds(db, 'SELECT id, auxiliary_account, name, legal_form, address, postal_code, city, country, vat_number, siren, phone, email, contract_rate_hundredths FROM third_party WHERE id IN (:ids)', ids, (r) => ({
    id: Number(r.id), auxiliaryAccount: String(r.auxiliary_account), name: String(r.name), legalForm: str(r.legal_form), address: str(r.address), postalCode: str(r.postal_code),
    city: str(r.city), country: String(r.country), vatNumber: str(r.vat_number), siren: str(r.siren), phone: str(r.phone), email: str(r.email),
    contractRateHundredths: r.contract_rate_hundredths === null ? null : Number(r.contract_rate_hundredths),
  }));

/**
 * The dossiers' ledger lines with the links that list them, in one statement (a join on the link
 * table's dossier index) rather than the links and then the lines by id: one statement to prepare
 * and run a slice instead of two or more.
 */
async function loadLinkedEntries(db: Db, dossierIds: number[]): Promise<{ entries: Map<number, EntrySource>; entriesOf: Map<number, number[]> }> {
  const entries = new Map<number, EntrySource>();
  const entriesOf = new Map<number, number[]>();
  const found = await rows<Record<string, unknown>>(db,
    `SELECT de.dossier_id, le.id, le.piece_ref, le.piece_date, le.entry_date, le.label, le.debit, le.credit, le.due_date, le.original_due_date, le.lettering
       FROM dossier_entry de JOIN ledger_entry le ON le.id = de.ledger_entry_id WHERE de.dossier_id IN (${marks(dossierIds.length)})`, dossierIds);
  for (const r of found) {
    const id = Number(r.id);
    if (!entries.has(id)) {
      entries.set(id, {
        id, pieceRef: str(r.piece_ref), pieceDate: str(r.piece_date), entryDate: String(r.entry_date), label: str(r.label), debit: Number(r.debit), credit: Number(r.credit),
        dueDate: str(r.due_date), originalDueDate: str(r.original_due_date), lettering: str(r.lettering),
      });
    }
    const dossierId = Number(r.dossier_id);
    const list = entriesOf.get(dossierId);
    if (list) list.push(id);
    else entriesOf.set(dossierId, [id]);
  }
  return { entries, entriesOf };
}

type LoadedContact = ContactSource & { thirdPartyId: number | null; dossierId: number | null };

/** The customers' and the dossiers' own contacts, by id (raw: the entity layer's `find` inlines the ids, a new statement each slice). */
async function loadContacts(db: Db, thirdPartyIds: number[], dossierIds: number[]): Promise<LoadedContact[]> {
  const found = await rows<Record<string, unknown>>(db,
    `SELECT id, kind, third_party_id, dossier_id, first_name, last_name, job_title, phone, mobile, email FROM contact
      WHERE (third_party_id IN (${marks(thirdPartyIds.length)}) AND kind = 'customer') OR (dossier_id IN (${marks(dossierIds.length)}) AND kind = 'dossier') ORDER BY id`,
    [...thirdPartyIds, ...dossierIds]);
  return found.map((r) => ({
    id: Number(r.id), kind: String(r.kind), thirdPartyId: r.third_party_id === null ? null : Number(r.third_party_id), dossierId: r.dossier_id === null ? null : Number(r.dossier_id),
    firstName: str(r.first_name), lastName: String(r.last_name), jobTitle: str(r.job_title), phone: str(r.phone), mobile: str(r.mobile), email: str(r.email),
  }));
}

async function byIds<T extends { id: number }>(db: Db, entity: new () => T, ids: number[]): Promise<Map<number, T>> {
  const out = new Map<number, T>();
  for (let i = 0; i < ids.length; i += SLICE) {
    for (const row of await db.getRepository(entity).findBy({ id: In(ids.slice(i, i + SLICE)) } as never)) out.set(row.id, row);
  }
  return out;
}

/** Two ascending lists of indexes as one ascending list. */
function mergeByIndex(a: number[] = [], b: number[] = []): number[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && a[i] < b[j]) ? a[i++] : b[j++]);
  return out;
}

/** loadContextSource for many dossiers at `asOf`; a dossier that does not exist is absent. */
export async function loadContextSources(db: Db, dossierIds: number[], asOf: BusinessDate): Promise<Map<number, SourceOrError>> {
  const out = new Map<number, SourceOrError>();
  const ids = unique(dossierIds);
  if (ids.length === 0) return out;
  const tables = await loadRateTables(db);
  const statuses = new Map((await db.getRepository(DossierStatus).find()).map((s) => [s.id, s]));
  const companies = new Map<number, Company>();
  for (let i = 0; i < ids.length; i += SLICE) {
    const dossiers = [...(await loadDossiers(db, ids.slice(i, i + SLICE))).values()];
    const slice = dossiers.map((d) => d.id);
    if (slice.length === 0) continue;
    const wanted = unique(dossiers.map((d) => d.companyId)).filter((id) => !companies.has(id));
    for (const c of (await byIds(db, Company, wanted)).values()) companies.set(c.id, c);
    // A subsidiary's letters carry the creditor's identity when the subsidiary has none of its own.
    const parents = unique([...companies.values()].filter((c) => c.parentId && !c.siren && !companies.has(c.parentId)).map((c) => c.parentId!));
    for (const c of (await byIds(db, Company, parents)).values()) companies.set(c.id, c);
    const customers = await loadCustomers(db, unique(dossiers.map((d) => d.thirdPartyId)));
    const controllers = await byIds(db, CreditController, unique(dossiers.flatMap((d) => (d.controllerId ? [d.controllerId] : []))));
    const { entries, entriesOf } = await loadLinkedEntries(db, slice);
    // Issue 15 hook: an invoice in open dispute leaves the letters (and their penalties).
    const disputed = await disputedEntryIdsOf(db, slice);
    const contacts = await loadContacts(db, unique(dossiers.map((d) => d.thirdPartyId)), slice);
    const balances = await dossierBalances(db, slice);
    const disputedParts = await disputedOpenAmounts(db, slice.filter((id) => (disputed.get(id)?.size ?? 0) > 0));
    // Each dossier's contacts in the order read (by id): its customer's and its own, indexed once rather than filtered per dossier.
    const contactsOf = new Map<string, number[]>();
    contacts.forEach((c, i) => {
      const key = c.kind === 'customer' ? `t${c.thirdPartyId}` : c.kind === 'dossier' ? `d${c.dossierId}` : null;
      if (key === null) return;
      const list = contactsOf.get(key);
      if (list) list.push(i);
      else contactsOf.set(key, [i]);
    });
    // The creditor is the same object for every dossier of a company (its fields copied once, not per letter).
    const creditors = new Map<number, DossierContextSource['creditor']>();

    for (const dossier of dossiers) {
      const company = companies.get(dossier.companyId);
      const customer = customers.get(dossier.thirdPartyId);
      const status = statuses.get(dossier.statusId);
      if (!company || !customer || !status) {
        out.set(dossier.id, { error: { message: `Dossier ${dossier.number}: its ${!company ? 'company' : !customer ? 'customer' : 'status'} could not be found`, line: null } });
        continue;
      }
      let creditor = creditors.get(company.id);
      if (!creditor) {
        const parent = company.parentId && !company.siren ? (companies.get(company.parentId) ?? null) : null;
        creditor = { ...company, siren: company.siren ?? parent?.siren ?? null, vatNumber: company.vatNumber ?? parent?.vatNumber ?? null };
        creditors.set(company.id, creditor);
      }
      const off = disputed.get(dossier.id) ?? new Set<number>();
      // As the one-dossier read returns them: by id.
      const own = (entriesOf.get(dossier.id) ?? []).map((id) => entries.get(id)).filter((e): e is EntrySource & { id: number } => Boolean(e) && !off.has(e!.id)).sort((a, b) => a.id - b.id);
      const balance = balances.get(dossier.id)?.balance;
      out.set(dossier.id, {
        source: {
          asOf,
          creditor,
          customer,
          contacts: mergeByIndex(contactsOf.get(`t${customer.id}`), contactsOf.get(`d${dossier.id}`)).map((i) => contacts[i]),
          contactId: dossier.contactId,
          controller: dossier.controllerId ? (controllers.get(dossier.controllerId) ?? null) : null,
          dossier,
          status,
          entries: own,
          rates: tables.penalty,
          legalInterest: tables.legalInterest,
          contractRatePercent: customer.contractRateHundredths != null ? percentOf(customer.contractRateHundredths) : undefined,
          dossierBalance: balance === undefined || off.size === 0 ? balance : balance - (disputedParts.get(dossier.id) ?? 0),
        },
      });
    }
  }
  return out;
}

/** buildDossierContext for many dossiers: the context by the rules, with the debtor page each letter carries. */
export async function buildDossierContexts(db: Db, dossierIds: number[], asOf: BusinessDate): Promise<Map<number, ContextOrError>> {
  const sources = await loadContextSources(db, dossierIds, asOf);
  const readable = [...sources].filter(([, s]) => 'source' in s).map(([id]) => id);
  // Issue 15 hook: every letter and e-mail of a dossier carries the debtor's personal link and the transfer's QR code.
  const pages = await letterDebtorPages(db, readable, asOf);
  const out = new Map<number, ContextOrError>();
  for (const [id, s] of sources) {
    if ('error' in s) out.set(id, s);
    else {
      // The debtor page added last, as `{ ...context, debtorPage }` would put it (without copying the context).
      const context: DossierDocumentContext & { debtorPage?: LetterDebtorPage | null } = buildContextFromSource(s.source);
      context.debtorPage = pages.get(id);
      out.set(id, { context });
    }
  }
  return out;
}
