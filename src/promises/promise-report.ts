/** Rapports > Promesses tenues et non tenues: per controller and per month of the promised date. */
import type { Db } from '../db/transactions';
import type { ReportOptions, ReportResult } from '../reports';
import { promiseReportRows } from './promise.service';

const rate = (kept: number, broken: number) => (kept + broken === 0 ? null : Math.round((kept / (kept + broken)) * 10000) / 100);

export async function promisesReport(db: Db, o: ReportOptions): Promise<ReportResult> {
  const all = await promiseReportRows(db, o.period);
  const rows = all.map((r) => ({ ...r, keptRate: rate(r.kept, r.broken) }));
  const sum = (k: 'kept' | 'broken' | 'open' | 'keptAmount' | 'brokenAmount') => rows.reduce((a, r) => a + r[k], 0);
  const months = [...new Set(rows.map((r) => r.month))].sort();
  const byMonth = (k: 'kept' | 'broken') => months.map((m) => rows.filter((r) => r.month === m).reduce((a, r) => a + r[k], 0));
  const shown = o.pageRows ?? Infinity;
  return {
    code: 'promises',
    columns: [
      { key: 'controller', label: 'reports.columns.controller', kind: 'text' },
      { key: 'month', label: 'reports.columns.month', kind: 'month' },
      { key: 'kept', label: 'reports.columns.promisesKept', kind: 'int' },
      { key: 'broken', label: 'reports.columns.promisesBroken', kind: 'int' },
      { key: 'open', label: 'reports.columns.promisesOpen', kind: 'int' },
      { key: 'keptAmount', label: 'reports.columns.promisesKeptAmount', kind: 'money' },
      { key: 'brokenAmount', label: 'reports.columns.promisesBrokenAmount', kind: 'money' },
      { key: 'keptRate', label: 'reports.columns.promisesKeptRate', kind: 'percent' },
    ],
    rows: rows.slice(0, shown),
    totals: { controller: null, month: null, kept: sum('kept'), broken: sum('broken'), open: sum('open'), keptAmount: sum('keptAmount'), brokenAmount: sum('brokenAmount'), keptRate: rate(sum('kept'), sum('broken')) },
    hiddenRows: Math.max(0, rows.length - shown),
    chart: {
      type: 'bar', stacked: true, labels: months, unit: 'count',
      datasets: [{ label: 'reports.columns.promisesKept', data: byMonth('kept'), stack: 'p' }, { label: 'reports.columns.promisesBroken', data: byMonth('broken'), stack: 'p' }],
    },
  };
}
