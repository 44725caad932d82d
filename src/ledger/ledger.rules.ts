/** Pure rules on open ledger items: age and aging bucket. Today is always a parameter. */
import { daysBetween } from '../shared/business-date';

export type AgingBucket = 'notDue' | 'd1to30' | 'd31to60' | 'd61to90' | 'over90';
export const AGING_BUCKETS: AgingBucket[] = ['notDue', 'd1to30', 'd31to60', 'd61to90', 'over90'];

/**
 * The date an open item is aged from: its (current) due date, else its entry date — an unlettered
 * payment on account usually has no due date, and it must still fall in a bucket so that the
 * buckets add up to the balance.
 */
export function agingDate(item: { dueDate: string | null; entryDate: string }): string {
  return item.dueDate ?? item.entryDate;
}

/** Days past the aging date at `today`; 0 when not yet due. */
export function daysPastDue(date: string, today: string): number {
  return Math.max(0, daysBetween(date, today));
}

export function agingBucket(daysOverdue: number): AgingBucket {
  if (daysOverdue <= 0) return 'notDue';
  if (daysOverdue <= 30) return 'd1to30';
  if (daysOverdue <= 60) return 'd31to60';
  if (daysOverdue <= 90) return 'd61to90';
  return 'over90';
}

export type AgingTotals = Record<AgingBucket, number> & { total: number; overdue: number };

export function emptyAgingTotals(): AgingTotals {
  return { notDue: 0, d1to30: 0, d31to60: 0, d61to90: 0, over90: 0, total: 0, overdue: 0 };
}

/** Adds up open items (signed balances in cents) by bucket; `overdue` is everything but `notDue`. */
export function agingTotals(items: { balance: number; bucket: AgingBucket }[]): AgingTotals {
  const totals = emptyAgingTotals();
  for (const item of items) {
    totals[item.bucket] += item.balance;
    totals.total += item.balance;
    if (item.bucket !== 'notDue') totals.overdue += item.balance;
  }
  return totals;
}
