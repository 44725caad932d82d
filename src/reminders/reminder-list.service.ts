/**
 * The Rappel / relevé list: customers with overdue open items and their aging, in one aggregate
 * query over the unlettered lines (the same partial index as src/ledger's openBalancesSql), so a
 * page stays fast on 10,000 customers. Buckets use src/ledger's boundaries (see agingBoundaries).
 */
import { toNumber } from '../db/column-types';
import { Db, rawQuery } from '../db/transactions';
import { notDisputedSql } from '../dispute-scope';
import { agingBoundaries, customerDaysLate, lateSince } from './reminder.rules';

export const REMINDER_SORTS = ['name', 'account', 'balance', 'overdue', 'daysLate', 'notDue', 'd1to30', 'd31to60', 'd61to90', 'over90', 'reminders'] as const;
export type ReminderSort = (typeof REMINDER_SORTS)[number];

export interface ReminderFilters {
  /** Net overdue amount at least this (cents). */
  minOverdue: number | null;
  /** Oldest overdue invoice at least this many days late. */
  minDays: number | null;
  controllerId: number | null;
  riskCodeId: number | null;
  /** Name or account contains. */
  q: string | null;
}

export interface ReminderListQuery extends ReminderFilters {
  sort: ReminderSort;
  dir: 'asc' | 'desc';
  page: number;
  pageSize: number;
  today: string;
}

export interface ReminderListRow {
  id: number;
  name: string;
  auxiliaryAccount: string;
  controllerName: string | null;
  riskLabel: string | null;
  balance: number;
  notDue: number;
  d1to30: number;
  d31to60: number;
  d61to90: number;
  over90: number;
  overdue: number;
  oldestOverdue: string | null;
  daysLate: number;
  /** Highest reminder count among the customer's open invoices, and the last time one was sent. */
  reminders: number;
  lastReminder: string | null;
  openDossiers: number;
}

const AGED = 'COALESCE(le.due_date, le.entry_date)';
const AMOUNT = 'le.debit - le.credit';

/** Per customer: balance and the five buckets of its unlettered lines, and its oldest overdue invoice. */
/** A function, not a constant: the disputes' condition is read when a query runs (no import-order dependency). */
const agingSql = () => `SELECT le.third_party_id AS third_party_id,
    SUM(${AMOUNT}) AS balance,
    SUM(CASE WHEN ${AGED} >= :today THEN ${AMOUNT} ELSE 0 END) AS not_due,
    SUM(CASE WHEN ${AGED} < :today AND ${AGED} >= :d30 THEN ${AMOUNT} ELSE 0 END) AS d1to30,
    SUM(CASE WHEN ${AGED} < :d30 AND ${AGED} >= :d60 THEN ${AMOUNT} ELSE 0 END) AS d31to60,
    SUM(CASE WHEN ${AGED} < :d60 AND ${AGED} >= :d90 THEN ${AMOUNT} ELSE 0 END) AS d61to90,
    SUM(CASE WHEN ${AGED} < :d90 THEN ${AMOUNT} ELSE 0 END) AS over90,
    MIN(CASE WHEN le.debit > le.credit AND ${AGED} < :today THEN ${AGED} END) AS oldest_overdue
  FROM ledger_entry le
  WHERE le.lettering IS NULL AND le.third_party_id IS NOT NULL AND ${notDisputedSql('le')}
  GROUP BY le.third_party_id`;

/** Per customer: the highest current count of its open invoices (an invoice's count is its latest row's). */
const REMINDERS_SQL = `SELECT rs.third_party_id AS third_party_id, MAX(rs.reminder_number) AS reminders, MAX(rs.sent_on) AS last_reminder
  FROM reminder_sent rs JOIN ledger_entry rle ON rle.id = rs.ledger_entry_id AND rle.lettering IS NULL
  WHERE NOT EXISTS (SELECT 1 FROM reminder_sent rn WHERE rn.ledger_entry_id = rs.ledger_entry_id AND rn.id > rs.id)
  GROUP BY rs.third_party_id`;

const OPEN_DOSSIERS_SQL = `SELECT d.third_party_id AS third_party_id, COUNT(*) AS n
  FROM dossier d JOIN dossier_status st ON st.id = d.status_id WHERE st.kind <> 'closed' GROUP BY d.third_party_id`;

const OVERDUE = '(a.d1to30 + a.d31to60 + a.d61to90 + a.over90)';

const ORDER: Record<ReminderSort, string> = {
  name: 'LOWER(tp.name)',
  account: 'tp.auxiliary_account',
  balance: 'a.balance',
  overdue: OVERDUE,
  // The oldest overdue date first is the most days late.
  daysLate: 'a.oldest_overdue',
  notDue: 'a.not_due',
  d1to30: 'a.d1to30',
  d31to60: 'a.d31to60',
  d61to90: 'a.d61to90',
  over90: 'a.over90',
  reminders: 'COALESCE(r.reminders, 0)',
};

function whereOf(f: ReminderFilters, today: string): { sql: string; params: Record<string, unknown> } {
  const parts = [`${OVERDUE} > 0`];
  const params: Record<string, unknown> = {};
  if (f.minOverdue !== null && f.minOverdue > 0) {
    parts.push(`${OVERDUE} >= :minOverdue`);
    params.minOverdue = f.minOverdue;
  }
  if (f.minDays !== null && f.minDays > 0) {
    parts.push('a.oldest_overdue <= :lateSince');
    params.lateSince = lateSince(today, f.minDays);
  }
  if (f.controllerId !== null) {
    parts.push('tp.credit_controller_id = :controllerId');
    params.controllerId = f.controllerId;
  }
  if (f.riskCodeId !== null) {
    parts.push('tp.risk_code_id = :riskCodeId');
    params.riskCodeId = f.riskCodeId;
  }
  const q = (f.q ?? '').trim().toLowerCase();
  if (q) {
    parts.push(`(LOWER(tp.name) LIKE :q ESCAPE '\\' OR LOWER(tp.auxiliary_account) LIKE :q ESCAPE '\\')`);
    params.q = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  return { sql: parts.join(' AND '), params };
}

function fromOf(): string {
  return `FROM (${agingSql()}) a
    JOIN third_party tp ON tp.id = a.third_party_id
    LEFT JOIN credit_controller cc ON cc.id = tp.credit_controller_id
    LEFT JOIN risk_code rc ON rc.id = tp.risk_code_id
    LEFT JOIN (${REMINDERS_SQL}) r ON r.third_party_id = tp.id
    LEFT JOIN (${OPEN_DOSSIERS_SQL}) od ON od.third_party_id = tp.id`;
}

/** One page of overdue customers with their aging and the number of matching customers, in one query. */
export async function listOverdueCustomers(db: Db, q: ReminderListQuery): Promise<{ rows: ReminderListRow[]; total: number; totals: { overdue: number } }> {
  const where = whereOf(q, q.today);
  const dir = q.dir === 'desc' ? 'DESC' : 'ASC';
  // NULLs (no overdue invoice, only overdue credits) sort last either way.
  const order = q.sort === 'daysLate' ? `CASE WHEN a.oldest_overdue IS NULL THEN 1 ELSE 0 END, a.oldest_overdue ${dir === 'ASC' ? 'DESC' : 'ASC'}` : `${ORDER[q.sort]} ${dir}`;
  const pageSize = Math.max(1, Math.floor(q.pageSize));
  const offset = (Math.max(1, Math.floor(q.page)) - 1) * pageSize;
  const raw = await rawQuery(
    db,
    `SELECT tp.id AS id, tp.name AS name, tp.auxiliary_account AS auxiliary_account, cc.name AS controller_name, rc.label AS risk_label,
        a.balance AS balance, a.not_due AS not_due, a.d1to30 AS d1to30, a.d31to60 AS d31to60, a.d61to90 AS d61to90, a.over90 AS over90,
        ${OVERDUE} AS overdue, a.oldest_overdue AS oldest_overdue, COALESCE(r.reminders, 0) AS reminders, r.last_reminder AS last_reminder,
        COALESCE(od.n, 0) AS open_dossiers, COUNT(*) OVER () AS total_count, SUM(${OVERDUE}) OVER () AS total_overdue
      ${fromOf()}
      WHERE ${where.sql}
      ORDER BY ${order}, LOWER(tp.name) ASC, tp.id ASC
      LIMIT ${pageSize} OFFSET ${offset}`,
    { ...agingBoundaries(q.today), ...where.params },
  );
  let total = toNumber(raw[0]?.total_count);
  let overdueTotal = toNumber(raw[0]?.total_overdue);
  if (raw.length === 0 && offset > 0) {
    // Past the last page: still say how many match.
    const [c] = await rawQuery(db, `SELECT COUNT(*) AS n, SUM(${OVERDUE}) AS s ${fromOf()} WHERE ${where.sql}`, { ...agingBoundaries(q.today), ...where.params });
    total = toNumber(c?.n);
    overdueTotal = toNumber(c?.s);
  }
  const rows = raw.map((r) => ({
    id: toNumber(r.id),
    name: String(r.name),
    auxiliaryAccount: String(r.auxiliary_account),
    controllerName: (r.controller_name as string | null) ?? null,
    riskLabel: (r.risk_label as string | null) ?? null,
    balance: toNumber(r.balance),
    notDue: toNumber(r.not_due),
    d1to30: toNumber(r.d1to30),
    d31to60: toNumber(r.d31to60),
    d61to90: toNumber(r.d61to90),
    over90: toNumber(r.over90),
    overdue: toNumber(r.overdue),
    oldestOverdue: (r.oldest_overdue as string | null) ?? null,
    daysLate: customerDaysLate((r.oldest_overdue as string | null) ?? null, q.today),
    reminders: toNumber(r.reminders),
    lastReminder: (r.last_reminder as string | null) ?? null,
    openDossiers: toNumber(r.open_dossiers),
  }));
  return { rows, total, totals: { overdue: overdueTotal } };
}

/** Every customer the filters match (the "select all N" choice), in list order, capped. */
export async function matchingCustomerIds(db: Db, filters: ReminderFilters, today: string, limit = 20000): Promise<number[]> {
  const where = whereOf(filters, today);
  const raw = await rawQuery<{ id: unknown }>(
    db,
    `SELECT tp.id AS id ${fromOf()} WHERE ${where.sql} ORDER BY LOWER(tp.name) ASC, tp.id ASC LIMIT ${Math.floor(limit)}`,
    { ...agingBoundaries(today), ...where.params },
  );
  return raw.map((r) => toNumber(r.id));
}

export interface InvoiceReminderState {
  /** Reminders sent for the invoice so far (the latest row's number). */
  count: number;
  lastLevel: number | null;
  lastSentOn: string | null;
}

/** Current reminder count of each entry, in one query; an entry never reminded is absent. */
export async function reminderStates(db: Db, entryIds: number[]): Promise<Map<number, InvoiceReminderState>> {
  const out = new Map<number, InvoiceReminderState>();
  for (let i = 0; i < entryIds.length; i += 500) {
    const ids = entryIds.slice(i, i + 500);
    const raw = await rawQuery(
      db,
      `SELECT rs.ledger_entry_id AS entry_id, rs.reminder_number AS n, rs.level AS level, rs.sent_on AS sent_on FROM reminder_sent rs
        WHERE rs.ledger_entry_id IN (:...ids)
          AND NOT EXISTS (SELECT 1 FROM reminder_sent rn WHERE rn.ledger_entry_id = rs.ledger_entry_id AND rn.id > rs.id)`,
      { ids },
    );
    for (const r of raw) out.set(toNumber(r.entry_id), { count: toNumber(r.n), lastLevel: toNumber(r.level), lastSentOn: (r.sent_on as string | null) ?? null });
  }
  return out;
}
