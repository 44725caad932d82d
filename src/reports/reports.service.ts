/**
 * The reports (Comptabilité > Rapports) and the dashboard's figures. Each report answers one
 * aggregate query or two, so a page stays well under 300 ms on a 100,000-dossier portfolio, and
 * returns the same shape: columns, rows, totals and a chart, which the page, the XLSX and the CSV
 * exports all read.
 *
 * "Recovered" means the same everywhere: the payments Derniers encaissements lists (received directly,
 * or ledger payment lines of a dossier, a direct payment and the ledger line recording it counted once),
 * and a dossier's amounts come from the one balance rule (src/dossiers/dossier-balance.rules.ts).
 *
 * Over 300 lines: six reports and the dashboard, one aggregate query or two each, sharing one result
 * shape; to be split by report when another one comes.
 */
import { SHOWN_ONCE_SQL } from '../communications';
import { recentPayments } from '../dossier-account';
import { dossierBalances } from '../dossiers';
import { Db, rawQuery } from '../db/transactions';
import { toNumber } from '../db/column-types';
import { promisesReport } from '../promises';
import { disputesReport } from '../disputes';
import { addMonths, type BusinessDate } from '../shared/business-date';
import {
  AGING_BUCKETS, agingParams, agingRangesSql, daysOfLast3Months, dso, monthEnd, monthsOf, monthStart, statusSnapshot, successRate, type AgingBucket, type Period,
} from './reports.rules';

export type ColumnKind = 'text' | 'money' | 'int' | 'percent' | 'days' | 'month' | 'date';

export interface ReportColumn {
  key: string;
  /** i18n key of the header. */
  label: string;
  kind: ColumnKind;
}

export type Cell = string | number | null;

export interface ChartSpec {
  type: 'bar' | 'line' | 'doughnut';
  labels: string[];
  datasets: { label: string; data: (number | null)[]; stack?: string }[];
  stacked?: boolean;
  /** How the values read: cents shown as euros, a percentage, days or a count. */
  unit: 'money' | 'percent' | 'days' | 'count';
}

export interface ReportResult {
  code: ReportCode;
  columns: ReportColumn[];
  rows: Record<string, Cell>[];
  totals: Record<string, Cell> | null;
  chart: ChartSpec;
  /** Rows left off the page (the exports have them all). */
  hiddenRows: number;
}

export const REPORT_CODES = ['aging', 'success', 'payments', 'entrusted', 'statuses', 'dso', 'promises', 'disputes'] as const;
export type ReportCode = (typeof REPORT_CODES)[number];
export const SUCCESS_GROUPS = ['controller', 'scenario', 'month'] as const;
export type SuccessGroup = (typeof SUCCESS_GROUPS)[number];

export interface ReportOptions {
  today: BusinessDate;
  period: Period;
  groupBy?: SuccessGroup;
  /** Rows on the page; exports pass Infinity. */
  pageRows?: number;
  /** The aged balance of one customer only (the report's type-ahead). */
  customerId?: number | null;
}

const num = toNumber;

function limitRows<T>(rows: T[], pageRows: number | undefined): { rows: T[]; hidden: number } {
  if (pageRows === undefined || rows.length <= pageRows) return { rows, hidden: 0 };
  return { rows: rows.slice(0, pageRows), hidden: rows.length - pageRows };
}

// ---------------------------------------------------------------------------------------------
// Balance âgée by customer

export async function agingReport(db: Db, o: ReportOptions): Promise<ReportResult> {
  // One streaming pass over the partial index of open lines, in customer order: a sum per bucket.
  const date = 'COALESCE(le.due_date, le.entry_date)';
  const ranges = agingRangesSql(date);
  const raw = await rawQuery<Record<string, unknown>>(
    db,
    `SELECT le.third_party_id AS third_party_id, ${AGING_BUCKETS.map((b) => `SUM(CASE WHEN ${ranges[b]} THEN le.debit - le.credit ELSE 0 END) AS ${b}`).join(', ')}
       FROM ledger_entry le WHERE le.lettering IS NULL AND le.third_party_id IS NOT NULL${o.customerId ? ' AND le.third_party_id = :customerId' : ''} GROUP BY le.third_party_id`,
    { ...agingParams(o.today), customerId: o.customerId ?? null },
  );
  const byCustomer = new Map<number, Record<string, number>>();
  for (const r of raw) {
    const row: Record<string, number> = { total: 0 };
    for (const b of AGING_BUCKETS) {
      row[b] = num(r[b] ?? r[b.toLowerCase()]);
      row.total += row[b];
    }
    byCustomer.set(num(r.third_party_id), row);
  }
  const ids = [...byCustomer.entries()].filter(([, r]) => r.total !== 0).map(([id]) => id);
  const names = new Map<number, { name: string; account: string }>();
  // Most customers have open items: one read of the customer table beats thousands of IN lists.
  const all = ids.length > 2000;
  for (let i = 0; i < (all ? 1 : ids.length); i += 500) {
    const slice = ids.slice(i, i + 500);
    const sql = all ? 'SELECT id, name, auxiliary_account AS account FROM third_party' : 'SELECT id, name, auxiliary_account AS account FROM third_party WHERE id IN (:...ids)';
    for (const r of await rawQuery<{ id: unknown; name: string; account: string }>(db, sql, { ids: slice })) names.set(num(r.id), { name: r.name, account: r.account });
  }
  const rows = ids.map((id) => {
    const a = byCustomer.get(id)!;
    const row: Record<string, Cell> = { customer: names.get(id)?.name ?? '?', account: names.get(id)?.account ?? '?', ...a };
    row.overdue = a.total - a.notDue;
    return row;
  });
  rows.sort((a, b) => (b.overdue as number) - (a.overdue as number) || String(a.customer).localeCompare(String(b.customer)));
  const totals: Record<string, Cell> = { customer: null, account: null };
  for (const k of [...AGING_BUCKETS, 'total', 'overdue']) totals[k] = rows.reduce((a, r) => a + (r[k] as number), 0);
  const page = limitRows(rows, o.pageRows);
  return {
    code: 'aging',
    columns: [
      { key: 'customer', label: 'reports.columns.customer', kind: 'text' },
      { key: 'account', label: 'reports.columns.account', kind: 'text' },
      ...AGING_BUCKETS.map((b) => ({ key: b, label: `reports.buckets.${b}`, kind: 'money' as const })),
      { key: 'total', label: 'reports.columns.balance', kind: 'money' },
      { key: 'overdue', label: 'reports.columns.overdue', kind: 'money' },
    ],
    rows: page.rows,
    totals,
    hiddenRows: page.hidden,
    chart: { type: 'bar', labels: AGING_BUCKETS.map((b) => `reports.buckets.${b}`), datasets: [{ label: 'reports.columns.balance', data: AGING_BUCKETS.map((b) => totals[b] as number) }], unit: 'money' },
  };
}

// ---------------------------------------------------------------------------------------------
// Success rate of closed dossiers

export async function successReport(db: Db, o: ReportOptions): Promise<ReportResult> {
  const groupBy = o.groupBy ?? 'controller';
  const groupSql = { controller: "COALESCE(cc.name, '—')", scenario: "COALESCE(sc.name, '—')", month: 'SUBSTR(d.end_date, 1, 7)' }[groupBy];
  const closed = await rawQuery<{ id: unknown; grp: unknown }>(
    db,
    `SELECT d.id AS id, ${groupSql} AS grp
       FROM dossier d JOIN dossier_status st ON st.id = d.status_id AND st.kind = 'closed'
       LEFT JOIN credit_controller cc ON cc.id = d.controller_id LEFT JOIN scenario sc ON sc.id = d.scenario_id
      WHERE d.end_date >= :from AND d.end_date <= :to`,
    { from: o.period.from, to: o.period.to },
  );
  // What was entrusted and what was actually recovered (payments, not credit notes, amounts given up or written off): the balance rule's figures.
  const money = await dossierBalances(db, closed.map((r) => num(r.id)));
  const groups = new Map<string, { dossiers: number; entrusted: number; recovered: number }>();
  for (const r of closed) {
    const key = String(r.grp ?? '—');
    const g = groups.get(key) ?? { dossiers: 0, entrusted: 0, recovered: 0 };
    const b = money.get(num(r.id));
    g.dossiers++;
    g.entrusted += b ? b.originalClaim + b.recoveryCosts : 0;
    g.recovered += b ? b.payments : 0;
    groups.set(key, g);
  }
  const rows = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([group, g]) => ({ group, ...g, rate: successRate(g.recovered, g.entrusted) }));
  const entrusted = rows.reduce((a, r) => a + r.entrusted, 0);
  const recovered = rows.reduce((a, r) => a + r.recovered, 0);
  return {
    code: 'success',
    columns: [
      { key: 'group', label: `reports.groups.${groupBy}`, kind: groupBy === 'month' ? 'month' : 'text' },
      { key: 'dossiers', label: 'reports.columns.closedDossiers', kind: 'int' },
      { key: 'entrusted', label: 'reports.columns.entrusted', kind: 'money' },
      { key: 'recovered', label: 'reports.columns.recovered', kind: 'money' },
      { key: 'rate', label: 'reports.columns.rate', kind: 'percent' },
    ],
    rows,
    totals: { group: null, dossiers: rows.reduce((a, r) => a + r.dossiers, 0), entrusted, recovered, rate: successRate(recovered, entrusted) },
    hiddenRows: 0,
    chart: { type: 'bar', labels: rows.map((r) => r.group), datasets: [{ label: 'reports.columns.rate', data: rows.map((r) => r.rate) }], unit: 'percent' },
  };
}

// ---------------------------------------------------------------------------------------------
// Payments over a period

/**
 * Recovered amounts by month (YYYY-MM) over the period: the payments of Derniers encaissements; with
 * a controller, those of the dossiers they work (the personal dashboard).
 */
export async function recoveredByMonth(db: Db, period: Period, controllerId: number | null = null): Promise<Map<string, { amount: number; count: number }>> {
  const out = new Map<string, { amount: number; count: number }>();
  for (const r of (await recentPayments(db, period)).rows) {
    if (controllerId !== null && r.controllerId !== controllerId) continue;
    const m = out.get(r.date.slice(0, 7)) ?? { amount: 0, count: 0 };
    m.amount += r.amount;
    m.count++;
    out.set(r.date.slice(0, 7), m);
  }
  return out;
}

export async function paymentsReport(db: Db, o: ReportOptions): Promise<ReportResult> {
  const rows = (await recentPayments(db, o.period)).rows.map((r) => ({
    date: r.date, dossier: r.dossierNumber, customer: r.customer, pieceRef: r.reference ?? r.matchedRef ?? '', label: '', amount: r.amount,
  }));
  const months = monthsOf(o.period);
  const byMonth = new Map(months.map((m) => [m, 0]));
  for (const r of rows) byMonth.set(r.date.slice(0, 7), (byMonth.get(r.date.slice(0, 7)) ?? 0) + r.amount);
  const page = limitRows(rows, o.pageRows);
  return {
    code: 'payments',
    columns: [
      { key: 'date', label: 'reports.columns.date', kind: 'date' },
      { key: 'dossier', label: 'reports.columns.dossier', kind: 'int' },
      { key: 'customer', label: 'reports.columns.customer', kind: 'text' },
      { key: 'pieceRef', label: 'reports.columns.pieceRef', kind: 'text' },
      { key: 'label', label: 'reports.columns.label', kind: 'text' },
      { key: 'amount', label: 'reports.columns.amount', kind: 'money' },
    ],
    rows: page.rows,
    totals: { date: null, dossier: rows.length, customer: null, pieceRef: null, label: null, amount: rows.reduce((a, r) => a + r.amount, 0) },
    hiddenRows: page.hidden,
    chart: { type: 'bar', labels: months, datasets: [{ label: 'reports.columns.recovered', data: months.map((m) => byMonth.get(m) ?? 0) }], unit: 'money' },
  };
}

// ---------------------------------------------------------------------------------------------
// Invoices entrusted

export async function entrustedReport(db: Db, o: ReportOptions): Promise<ReportResult> {
  const params = { from: o.period.from, to: o.period.to };
  const invoices = await rawQuery<Record<string, unknown>>(
    db,
    `SELECT SUBSTR(d.start_date, 1, 7) AS m, COUNT(*) AS invoices, SUM(le.debit) AS amount
       FROM dossier_entry de CROSS JOIN ledger_entry le CROSS JOIN dossier d
      WHERE le.id = de.ledger_entry_id AND le.debit > 0 AND d.id = de.dossier_id AND d.start_date >= :from AND d.start_date <= :to
      GROUP BY SUBSTR(d.start_date, 1, 7)`,
    params,
  );
  const dossiers = await rawQuery<{ m: string; n: unknown }>(
    db,
    'SELECT SUBSTR(d.start_date, 1, 7) AS m, COUNT(*) AS n FROM dossier d WHERE d.start_date >= :from AND d.start_date <= :to GROUP BY SUBSTR(d.start_date, 1, 7)',
    params,
  );
  const dossierCount = new Map(dossiers.map((r) => [r.m, num(r.n)]));
  const byMonth = new Map(invoices.map((r) => [String(r.m), r]));
  const months = monthsOf(o.period);
  const rows = months.map((m) => {
    const r = byMonth.get(m);
    return { month: m, dossiers: dossierCount.get(m) ?? 0, invoices: num(r?.invoices), amount: num(r?.amount) };
  });
  return {
    code: 'entrusted',
    columns: [
      { key: 'month', label: 'reports.columns.month', kind: 'month' },
      { key: 'dossiers', label: 'reports.columns.newDossiers', kind: 'int' },
      { key: 'invoices', label: 'reports.columns.invoices', kind: 'int' },
      { key: 'amount', label: 'reports.columns.entrusted', kind: 'money' },
    ],
    rows,
    totals: { month: null, dossiers: rows.reduce((a, r) => a + r.dossiers, 0), invoices: rows.reduce((a, r) => a + r.invoices, 0), amount: rows.reduce((a, r) => a + r.amount, 0) },
    hiddenRows: 0,
    chart: { type: 'bar', labels: months, datasets: [{ label: 'reports.columns.entrusted', data: rows.map((r) => r.amount) }], unit: 'money' },
  };
}

// ---------------------------------------------------------------------------------------------
// Dossiers by status over time

const OPEN_THEN = -1;

export async function statusesReport(db: Db, o: ReportOptions): Promise<ReportResult> {
  const raw = await rawQuery<Record<string, unknown>>(
    db,
    `SELECT d.status_id AS status_id, st.kind AS kind, SUBSTR(d.start_date, 1, 7) AS sm, SUBSTR(d.end_date, 1, 7) AS em, COUNT(*) AS n
       FROM dossier d JOIN dossier_status st ON st.id = d.status_id WHERE d.start_date <= :to
      GROUP BY d.status_id, st.kind, SUBSTR(d.start_date, 1, 7), SUBSTR(d.end_date, 1, 7)`,
    { to: o.period.to },
  );
  const statuses = await rawQuery<{ id: unknown; label: string }>(db, 'SELECT id, label FROM dossier_status ORDER BY position, label');
  const months = monthsOf(o.period);
  const snap = statusSnapshot(
    raw.map((r) => ({ statusId: num(r.status_id), kind: String(r.kind), startMonth: String(r.sm), endMonth: r.em ? String(r.em) : null, count: num(r.n) })),
    months,
    OPEN_THEN,
  );
  const series = [...statuses.map((s) => ({ id: num(s.id), label: s.label })), { id: OPEN_THEN, label: 'reports.statuses.openThen' }].filter((s) => snap.has(s.id));
  const columns: ReportColumn[] = [{ key: 'month', label: 'reports.columns.month', kind: 'month' }, ...series.map((s) => ({ key: `s${s.id}`, label: s.label, kind: 'int' as const })), { key: 'total', label: 'reports.columns.total', kind: 'int' }];
  const rows = months.map((m, i) => {
    const row: Record<string, Cell> = { month: m };
    let total = 0;
    for (const s of series) {
      const v = snap.get(s.id)?.[i] ?? 0;
      row[`s${s.id}`] = v;
      total += v;
    }
    row.total = total;
    return row;
  });
  return {
    code: 'statuses',
    columns,
    rows,
    totals: null,
    hiddenRows: 0,
    chart: { type: 'bar', stacked: true, labels: months, datasets: series.map((s) => ({ label: s.label, data: snap.get(s.id) ?? [], stack: 'all' })), unit: 'count' },
  };
}

// ---------------------------------------------------------------------------------------------
// DSO

export async function dsoReport(db: Db, o: ReportOptions): Promise<ReportResult> {
  const months = monthsOf(o.period);
  const first = `${months[0]}-01`;
  const salesFrom = addMonths(first, -2);
  // One pass over the (entry_date, third_party_id, debit, credit) index: flows by day since the
  // beginning, added up in order into the balance at each month end.
  const raw = await rawQuery<{ d: string; debit: unknown; credit: unknown }>(
    db,
    `SELECT le.entry_date AS d, SUM(le.debit) AS debit, SUM(le.credit) AS credit FROM ledger_entry le
      WHERE le.entry_date <= :to AND le.third_party_id IS NOT NULL GROUP BY le.entry_date`,
    { to: monthEnd(o.period.to) },
  );
  const flows = new Map<string, { debit: number; credit: number }>();
  let opening = 0;
  for (const r of raw) {
    const m = r.d.slice(0, 7);
    if (r.d < salesFrom) {
      opening += num(r.debit) - num(r.credit);
      continue;
    }
    const f = flows.get(m) ?? { debit: 0, credit: 0 };
    f.debit += num(r.debit);
    f.credit += num(r.credit);
    flows.set(m, f);
  }
  let balance = opening;
  const rows: Record<string, Cell>[] = [];
  const allMonths = monthsOf({ from: salesFrom, to: o.period.to });
  const debits: number[] = [];
  for (const m of allMonths) {
    const f = flows.get(m) ?? { debit: 0, credit: 0 };
    balance += f.debit - f.credit;
    debits.push(f.debit);
    if (!months.includes(m)) continue;
    const sales = debits.slice(-3).reduce((a, b) => a + b, 0);
    const days = daysOfLast3Months(m);
    rows.push({ month: m, receivables: balance, sales, days, dso: dso(balance, sales, days) });
  }
  return {
    code: 'dso',
    columns: [
      { key: 'month', label: 'reports.columns.monthEnd', kind: 'month' },
      { key: 'receivables', label: 'reports.columns.receivables', kind: 'money' },
      { key: 'sales', label: 'reports.columns.sales3m', kind: 'money' },
      { key: 'days', label: 'reports.columns.days', kind: 'int' },
      { key: 'dso', label: 'reports.columns.dso', kind: 'days' },
    ],
    rows,
    totals: null,
    hiddenRows: 0,
    chart: { type: 'line', labels: months, datasets: [{ label: 'reports.columns.dso', data: rows.map((r) => r.dso as number | null) }], unit: 'days' },
  };
}

export async function runReport(db: Db, code: ReportCode, o: ReportOptions): Promise<ReportResult> {
  switch (code) {
    case 'aging':
      return agingReport(db, o);
    case 'success':
      return successReport(db, o);
    case 'payments':
      return paymentsReport(db, o);
    case 'entrusted':
      return entrustedReport(db, o);
    case 'statuses':
      return statusesReport(db, o);
    case 'dso':
      return dsoReport(db, o);
    case 'promises':
      return promisesReport(db, o);
    case 'disputes':
      return disputesReport(db, o);
  }
}

// ---------------------------------------------------------------------------------------------
// Dashboard

export interface Dashboard {
  openDossiers: number;
  amountInRecovery: number;
  recoveredThisMonth: number;
  actionsDueToday: number;
  overdueActions: number;
  recoveryByMonth: { month: string; amount: number }[];
  aging: Record<AgingBucket, number>;
}

/**
 * The home page's figures: five counters and two charts, in five queries. With a controller, their
 * portfolio: the dossiers they work, and the actions assigned to them (as the menu badge counts them).
 */
export async function dashboard(db: Db, today: BusinessDate, options: { controllerId?: number | null } = {}): Promise<Dashboard> {
  const controllerId = options.controllerId ?? null;
  const mine = controllerId === null ? '' : ' AND d.controller_id = :controllerId';
  const [counts] = await rawQuery<{ n: unknown }>(db, `SELECT COUNT(*) AS n FROM dossier d JOIN dossier_status st ON st.id = d.status_id WHERE st.kind <> 'closed'${mine}`, { controllerId });
  // The amount in recovery is the open dossiers' balances (the rule's stored figure). Each is aged by its open
  // ledger lines; what the rule adds or removes beyond them (financial elements, direct payments, settlements) is
  // imputed to the oldest debts first (Code civil art. 1342-10), as the account does.
  const ranges = agingRangesSql('COALESCE(le.due_date, le.entry_date)');
  const perDossier = await rawQuery<Record<string, unknown>>(
    db,
    `SELECT d.id AS id, d.balance AS balance, ${AGING_BUCKETS.map((b) => `SUM(CASE WHEN le.id IS NOT NULL AND ${ranges[b]} THEN le.debit - le.credit ELSE 0 END) AS ${b}`).join(', ')}
       FROM dossier d JOIN dossier_status st ON st.id = d.status_id AND st.kind <> 'closed'${mine}
       LEFT JOIN dossier_entry de ON de.dossier_id = d.id LEFT JOIN ledger_entry le ON le.id = de.ledger_entry_id AND le.lettering IS NULL
      GROUP BY d.id, d.balance`,
    { ...agingParams(today), controllerId },
  );
  const aging = Object.fromEntries(AGING_BUCKETS.map((b) => [b, 0])) as Record<AgingBucket, number>;
  for (const r of perDossier) {
    const buckets = AGING_BUCKETS.map((b) => num(r[b] ?? r[b.toLowerCase()]));
    let diff = num(r.balance) - buckets.reduce((x, y) => x + y, 0);
    for (let i = buckets.length - 1; i >= 0 && diff < 0; i--) {
      const take = Math.min(Math.max(0, buckets[i]), -diff);
      buckets[i] -= take;
      diff += take;
    }
    buckets[0] += diff;
    AGING_BUCKETS.forEach((b, i) => (aging[b] += buckets[i]));
  }
  const [actions] = await rawQuery<{ due: unknown; overdue: unknown }>(
    db,
    `SELECT SUM(CASE WHEN i.due_date = :today THEN 1 ELSE 0 END) AS due, SUM(CASE WHEN i.due_date < :today THEN 1 ELSE 0 END) AS overdue FROM intervention i
      WHERE i.state = 'todo' AND i.due_date <= :today AND ${SHOWN_ONCE_SQL}${controllerId === null ? '' : ' AND i.assignee_id = :controllerId'}`,
    { today, controllerId },
  );
  const period = { from: addMonths(monthStart(today), -11), to: today };
  const byMonth = await recoveredByMonth(db, period, controllerId);
  const recoveryByMonth = monthsOf(period).map((m) => ({ month: m, amount: byMonth.get(m)?.amount ?? 0 }));
  return {
    openDossiers: num(counts?.n),
    amountInRecovery: AGING_BUCKETS.reduce((a, b) => a + aging[b], 0),
    recoveredThisMonth: byMonth.get(today.slice(0, 7))?.amount ?? 0,
    actionsDueToday: num(actions?.due),
    overdueActions: num(actions?.overdue),
    recoveryByMonth,
    aging,
  };
}

