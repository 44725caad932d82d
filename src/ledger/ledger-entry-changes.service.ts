/**
 * What other components may change in the ledger, as use cases: a dossier's reschedule moves an
 * entry's due date, a transfer to doubtful receivables marks it, the API appends entries and gives
 * a new customer the lines posted before it existed and letters entries. Entries otherwise come from the accounting
 * software (FEC import, ledger-import.service.ts).
 */
import { IsNull, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { BusinessDate } from '../shared/business-date';
import { LedgerEntry } from './ledger-entry.entity';

/** Moves the entry's due date; `originalDueDate` keeps the one it had before its first move. */
export async function moveDueDate(m: EntityManager, entryId: number, dueDate: BusinessDate | null, originalDueDate: BusinessDate | null): Promise<void> {
  await m.getRepository(LedgerEntry).update({ id: entryId }, { dueDate, originalDueDate });
}

/**
 * Marks the entry as transferred to doubtful receivables at `at`. False when it already was: the
 * condition makes a concurrent second transfer of the same entry change nothing.
 */
export async function markTransferredToDoubtful(m: EntityManager, entryId: number, at: string): Promise<boolean> {
  const marked = await m.createQueryBuilder().update(LedgerEntry).set({ doubtfulAt: at }).where('id = :id AND doubtful_at IS NULL', { id: entryId }).execute();
  return !!marked.affected;
}

/** Letters the entry (or unletters it: null), as the host ERP's API says. */
export async function setLettering(m: EntityManager, entryId: number, lettering: string | null, letteringDate: BusinessDate | null): Promise<void> {
  await m.getRepository(LedgerEntry).update({ id: entryId }, { lettering, letteringDate });
}

/** Lines posted for this auxiliary account before its customer existed now belong to it. */
export async function linkOrphanEntries(m: EntityManager, customer: { id: number; companyId: number; auxiliaryAccount: string }): Promise<void> {
  await m.getRepository(LedgerEntry).update({ companyId: customer.companyId, auxiliaryAccount: customer.auxiliaryAccount, thirdPartyId: IsNull() }, { thirdPartyId: customer.id });
}

/** Appends entries (the API's posted lines). */
export async function appendLedgerEntries(m: EntityManager, rows: QueryDeepPartialEntity<LedgerEntry>[]): Promise<void> {
  // SQLite limits bound parameters per statement: 25 columns x 200 rows stays under it.
  for (let i = 0; i < rows.length; i += 200) await m.createQueryBuilder().insert().into(LedgerEntry).values(rows.slice(i, i + 200)).execute();
}
