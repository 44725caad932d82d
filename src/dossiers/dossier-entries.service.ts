/**
 * A dossier's ledger entries: the ones it may take, the ones it holds, linking and unlinking them
 * (each with its Chrono event and the balance refreshed in the same transaction), and the amounts.
 */
import { In } from 'typeorm';
import { Db, inTransaction, isPostgres, rawQuery } from '../db/transactions';
import { toNumber } from '../db/column-types';
import { selectColumns, selectEntities } from '../db/entity-reader';
import { Actor, recordDossierEvent } from '../history';
import { LedgerEntry } from '../ledger';
import { AppError } from '../shared/errors';
import { Dossier, DossierEntry } from './dossier.entity';
import { refreshDossierBalances } from './dossier-balance.service';
import { entryBalance } from './dossier.rules';

/**
 * Each dossier's amount as stored by the balance rule (dossier-balance.rules.ts; kept in step by
 * refreshDossierBalances in every write's transaction). One indexed query, for pages of many dossiers.
 */
export async function dossierAmounts(db: Db, dossierIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>(dossierIds.map((id) => [id, 0]));
  if (dossierIds.length === 0) return out;
  const rows = await rawQuery<{ id: unknown; balance: unknown }>(db, 'SELECT id, balance FROM dossier WHERE id IN (:...ids)', { ids: dossierIds });
  for (const r of rows) out.set(toNumber(r.id), toNumber(r.balance));
  return out;
}

/** The condition "this entry is not held by another dossier that is still open". */
const FREE_ENTRY_SQL = `NOT EXISTS (SELECT 1 FROM dossier_entry xe JOIN dossier xd ON xd.id = xe.dossier_id JOIN dossier_status xs ON xs.id = xd.status_id
  WHERE xe.ledger_entry_id = le.id AND (xs.kind <> 'closed' OR xd.id = :dossierId))`;

/** The customer's open entries (unlettered) that this dossier could take: the WHERE and ORDER BY, `?` for the customer and the dossier. */
const LINKABLE_TAIL = `WHERE le.third_party_id = ? AND le.lettering IS NULL AND ${FREE_ENTRY_SQL.replace(':dossierId', '?')} ORDER BY le.due_date ASC, le.entry_date ASC, le.id ASC`;

/** The order of a dossier's entries on its page (due date, entry date, id), its own entries chosen by `?`. */
const LINKED_TAIL = 'WHERE le.id IN (SELECT de.ledger_entry_id FROM dossier_entry de WHERE de.dossier_id = ?) ORDER BY le.due_date ASC, le.entry_date ASC, le.id ASC';

/** The customer's open entries (unlettered) that this dossier could take. */
export async function linkableEntries(db: Db, dossier: Pick<Dossier, 'id' | 'thirdPartyId'>): Promise<LedgerEntry[]> {
  // One statement: the entities as find would give them.
  return selectEntities(db, LedgerEntry, 'le', LINKABLE_TAIL, [dossier.thirdPartyId, dossier.id]);
}

export interface LinkedEntry extends LedgerEntry {
  balance: number;
}

export async function linkedEntries(db: Db, dossierId: number): Promise<LinkedEntry[]> {
  const entries = await selectEntities(db, LedgerEntry, 'le', LINKED_TAIL, [dossierId]);
  return entries.map((e) => Object.assign(e, { balance: entryBalance(e) }));
}

/**
 * What the dossier page's Écritures tab shows of an entry (views/dossiers/tab-entries.ejs): the page reads
 * these columns only, its two lists being most of its database time (better-sqlite3 makes every value of a row).
 */
const ENTRY_ROW = ['id', 'journalCode', 'entryNumber', 'entryDate', 'pieceRef', 'label', 'debit', 'credit', 'dueDate', 'originalDueDate', 'lettering', 'doubtfulAt'] as const;
export type EntryRow = Pick<LedgerEntry, (typeof ENTRY_ROW)[number]>;

/** linkableEntries, the columns the page shows. */
export async function linkableEntryRows(db: Db, dossier: Pick<Dossier, 'id' | 'thirdPartyId'>): Promise<EntryRow[]> {
  return selectColumns(db, LedgerEntry, 'le', ENTRY_ROW, LINKABLE_TAIL, [dossier.thirdPartyId, dossier.id]);
}

/** linkedEntries, the columns the page shows. */
export async function linkedEntryRows(db: Db, dossierId: number): Promise<(EntryRow & { balance: number })[]> {
  const entries = await selectColumns(db, LedgerEntry, 'le', ENTRY_ROW, LINKED_TAIL, [dossierId]);
  return entries.map((e) => Object.assign(e, { balance: entryBalance(e) }));
}

function entryDetails(e: LedgerEntry) {
  return { pieceRef: e.pieceRef, label: e.label, journal: e.journalCode, entryDate: e.entryDate, dueDate: e.dueDate };
}

/**
 * Links the customer's open entries to the dossier. An entry may belong to only one dossier that is
 * not closed; a lettered entry or another customer's is refused. One Chrono line per entry, with its amount.
 */
export async function linkEntries(db: Db, dossierId: number, entryIds: number[], actor: Actor, at: string): Promise<number> {
  if (entryIds.length === 0) return 0;
  return inTransaction(db, async (m) => {
    const dossier = await m.getRepository(Dossier).findOneBy({ id: dossierId });
    if (!dossier) throw AppError.notFound();
    // PostgreSQL: lock the entries so two dossiers cannot take the same one at once (SQLite serializes writers).
    const query = m.getRepository(LedgerEntry).createQueryBuilder('le').where('le.id IN (:...ids)', { ids: entryIds });
    if (isPostgres(m)) query.setLock('pessimistic_write');
    const entries = await query.getMany();
    if (entries.length !== new Set(entryIds).size) throw new AppError('invalid_state', 'dossiers.errors.entryNotLinkable');
    const free = new Set((await linkableEntries(m, dossier)).map((e) => e.id));
    for (const e of entries) {
      if (e.thirdPartyId !== dossier.thirdPartyId || !free.has(e.id)) throw new AppError('invalid_state', 'dossiers.errors.entryNotLinkable', 409, [], { ref: e.pieceRef ?? e.entryNumber });
    }
    for (const e of entries) {
      await m.getRepository(DossierEntry).insert({ dossierId, ledgerEntryId: e.id, linkedAt: at, linkedBy: actor.userId });
      await recordDossierEvent(m, actor, { dossierId, at, type: 'entryLinked', details: entryDetails(e), amount: entryBalance(e) });
    }
    await refreshDossierBalances(m, { dossierIds: [dossierId] });
    return entries.length;
  });
}

export async function unlinkEntries(db: Db, dossierId: number, entryIds: number[], actor: Actor, at: string): Promise<number> {
  if (entryIds.length === 0) return 0;
  return inTransaction(db, async (m) => {
    if (!(await m.getRepository(Dossier).existsBy({ id: dossierId }))) throw AppError.notFound();
    const links = await m.getRepository(DossierEntry).findBy({ dossierId, ledgerEntryId: In(entryIds) });
    const entries = await m.getRepository(LedgerEntry).findBy({ id: In(links.map((l) => l.ledgerEntryId)) });
    for (const e of entries) {
      await m.getRepository(DossierEntry).delete({ dossierId, ledgerEntryId: e.id });
      await recordDossierEvent(m, actor, { dossierId, at, type: 'entryUnlinked', details: entryDetails(e), amount: entryBalance(e) });
    }
    await refreshDossierBalances(m, { dossierIds: [dossierId] });
    return entries.length;
  });
}

