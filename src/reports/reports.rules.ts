/** Pure rules of the reports and the dashboard: periods, aging bounds, DSO, success rate. Today is a parameter. */
import { addDays, addMonths, daysBetween, type BusinessDate } from '../shared/business-date';
import { AGING_BUCKETS, type AgingBucket } from '../ledger';

export { AGING_BUCKETS };
export type { AgingBucket };

export interface Period {
  from: BusinessDate;
  to: BusinessDate;
}

export function monthStart(date: BusinessDate): BusinessDate {
  return `${date.slice(0, 7)}-01`;
}

export function monthEnd(date: BusinessDate): BusinessDate {
  return addDays(addMonths(monthStart(date), 1), -1);
}

/** The default period of a report: the 12 months that end with the current one. */
export function defaultPeriod(today: BusinessDate): Period {
  return { from: addMonths(monthStart(today), -11), to: today };
}

/** `YYYY-MM` of every month the period touches, in order (at most 60). */
export function monthsOf(period: Period): string[] {
  const out: string[] = [];
  for (let m = monthStart(period.from); m <= period.to && out.length < 60; m = addMonths(m, 1)) out.push(m.slice(0, 7));
  return out;
}

/**
 * The first aging date of each bucket, so that SQL can bucket lines with plain comparisons exactly
 * as `agingBucket(daysPastDue(date, today))` does: not due when the date is today or later, then
 * 1–30, 31–60, 61–90 days and over 90.
 */
export function agingBounds(today: BusinessDate): { notDue: BusinessDate; d1to30: BusinessDate; d31to60: BusinessDate; d61to90: BusinessDate } {
  return { notDue: today, d1to30: addDays(today, -30), d31to60: addDays(today, -60), d61to90: addDays(today, -90) };
}

/** The SQL CASE giving the bucket of `dateExpr`, with parameters :agNotDue, :ag30, :ag60, :ag90. */
export function agingCaseSql(dateExpr: string): string {
  return `CASE WHEN ${dateExpr} >= :agNotDue THEN 'notDue' WHEN ${dateExpr} >= :ag30 THEN 'd1to30' WHEN ${dateExpr} >= :ag60 THEN 'd31to60' WHEN ${dateExpr} >= :ag90 THEN 'd61to90' ELSE 'over90' END`;
}

/** Each bucket as a range condition on `dateExpr` (same parameters), for one SUM per bucket. */
export function agingRangesSql(dateExpr: string): Record<AgingBucket, string> {
  return {
    notDue: `${dateExpr} >= :agNotDue`,
    d1to30: `${dateExpr} < :agNotDue AND ${dateExpr} >= :ag30`,
    d31to60: `${dateExpr} < :ag30 AND ${dateExpr} >= :ag60`,
    d61to90: `${dateExpr} < :ag60 AND ${dateExpr} >= :ag90`,
    over90: `${dateExpr} < :ag90`,
  };
}

export function agingParams(today: BusinessDate): Record<string, string> {
  const b = agingBounds(today);
  return { agNotDue: b.notDue, ag30: b.d1to30, ag60: b.d31to60, ag90: b.d61to90 };
}

/** Recovered over entrusted, in percent with two decimals; null when nothing was entrusted. */
export function successRate(recovered: number, entrusted: number): number | null {
  if (entrusted <= 0) return null;
  return Math.round((recovered / entrusted) * 10000) / 100;
}

/**
 * DSO by the accounting ("simple") method at a month end: customer receivables at that date divided
 * by the credit sales of the last three months, times the number of days of those three months.
 * Null when there were no sales.
 */
export function dso(receivables: number, salesLast3Months: number, days: number): number | null {
  if (salesLast3Months <= 0) return null;
  return Math.round((receivables / salesLast3Months) * days * 10) / 10;
}

/** Number of days of the three months ending with `month` (YYYY-MM). */
export function daysOfLast3Months(month: string): number {
  const end = monthEnd(`${month}-01`);
  const start = addMonths(`${month}-01`, -2);
  return daysBetween(start, end) + 1;
}

/**
 * Dossiers by status at each month end. A dossier counts from its start date; a closed one counts
 * under its (closed) status from its end date and, before that, as "open then" — the history of
 * intermediate status changes is not replayed, so open dossiers count under their current status.
 */
export function statusSnapshot(
  groups: { statusId: number; kind: string; startMonth: string; endMonth: string | null; count: number }[],
  months: string[],
  openThenId: number,
): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const add = (id: number, i: number, n: number) => {
    let row = out.get(id);
    if (!row) out.set(id, (row = months.map(() => 0)));
    row[i] += n;
  };
  months.forEach((m, i) => {
    for (const g of groups) {
      if (g.startMonth > m) continue;
      if (g.kind === 'closed' && g.endMonth && g.endMonth > m) add(openThenId, i, g.count);
      else add(g.statusId, i, g.count);
    }
  });
  return out;
}
