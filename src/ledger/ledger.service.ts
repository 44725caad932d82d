/**
 * Read side of the ledger for the recovery screens: a customer's open items (unlettered lines) with
 * their age, and customers' balances. An open item is a line without lettering; once lettered, an
 * invoice and its payments weigh nothing.
 */
import { toNumber } from '../db/column-types';
import { LedgerEntry } from './ledger-entry.entity';
import { AgingBucket, agingBucket, agingDate, AgingTotals, agingTotals, daysPastDue } from './ledger.rules';
import { Db, rawQuery } from '../db/transactions';


export interface OpenItem {
  id: number;
  journalCode: string;
  entryDate: string;
  pieceRef: string | null;
  label: string | null;
  debit: number;
  credit: number;
  dueDate: string | null;
  originalDueDate: string | null;
  /** debit − credit, in cents: negative for a credit note or an unallocated payment. */
  balance: number;
  daysOverdue: number;
  bucket: AgingBucket;
}

export function toOpenItem(e: LedgerEntry, today: string): OpenItem {
  const days = daysPastDue(agingDate(e), today);
  return {
    id: e.id, journalCode: e.journalCode, entryDate: e.entryDate, pieceRef: e.pieceRef, label: e.label, debit: e.debit, credit: e.credit,
    dueDate: e.dueDate, originalDueDate: e.originalDueDate, balance: e.debit - e.credit, daysOverdue: days, bucket: agingBucket(days),
  };
}

/** The customer's unlettered lines, oldest due first, with their age at `today` and the totals by bucket. */
export async function openItemsOf(db: Db, thirdPartyId: number, today: string): Promise<{ items: OpenItem[]; totals: AgingTotals }> {
  const entries = await db
    .getRepository(LedgerEntry)
    .createQueryBuilder('le')
    .where('le.thirdPartyId = :thirdPartyId AND le.lettering IS NULL', { thirdPartyId })
    .orderBy('COALESCE(le.dueDate, le.entryDate)', 'ASC')
    .addOrderBy('le.id', 'ASC')
    .getMany();
  const items = entries.map((e) => toOpenItem(e, today));
  return { items, totals: agingTotals(items) };
}

export interface CustomerBalance {
  /** Sum of debit − credit of the unlettered lines. */
  balance: number;
  /** The part of the balance whose due date (else entry date) is before today. */
  overdue: number;
  /** Oldest due date of an unlettered debit line, or null. */
  oldestDueDate: string | null;
}

/**
 * The aggregate behind the customer list, as a derived table (`third_party_id, balance, overdue,
 * oldest_due`) over unlettered lines; `restrict` limits it to some customers (a page). It reads the
 * partial index on unlettered lines (migration 1795440000000).
 */
export function openBalancesSql(restrict: string | null): string {
  return `SELECT le.third_party_id AS third_party_id,
      SUM(le.debit - le.credit) AS balance,
      SUM(CASE WHEN COALESCE(le.due_date, le.entry_date) < :today THEN le.debit - le.credit ELSE 0 END) AS overdue,
      MIN(CASE WHEN le.debit > le.credit THEN le.due_date END) AS oldest_due
    FROM ledger_entry le
    WHERE le.lettering IS NULL AND le.third_party_id IS NOT NULL${restrict ? ` AND le.third_party_id IN (${restrict})` : ''}
    GROUP BY le.third_party_id`;
}

/** Balances of the given customers at `today`, in one query; a customer without open items gets zeros. */
export async function customerBalances(db: Db, thirdPartyIds: number[], today: string): Promise<Map<number, CustomerBalance>> {
  const out = new Map<number, CustomerBalance>(thirdPartyIds.map((id) => [id, { balance: 0, overdue: 0, oldestDueDate: null }]));
  if (thirdPartyIds.length === 0) return out;
  const rows = await rawQuery<{ third_party_id: unknown; balance: unknown; overdue: unknown; oldest_due: string | null }>(
    db,
    openBalancesSql(':...ids'),
    { ids: thirdPartyIds, today },
  );
  for (const r of rows) out.set(toNumber(r.third_party_id), { balance: toNumber(r.balance), overdue: toNumber(r.overdue), oldestDueDate: r.oldest_due ?? null });
  return out;
}
