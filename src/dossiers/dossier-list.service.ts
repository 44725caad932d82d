/**
 * Reading dossiers: the list with its search, filters and sorting (one query for the page and one
 * for the counts), and each dossier's next action.
 */
import { Db } from '../db/transactions';
import { boundQuery } from '../db/sql';
import { toNumber } from '../db/column-types';
import { unchangedSince } from '../db/change-token';
import { CreditController } from '../credit-controllers';
import { Scenario } from '../scenarios';
import { DossierStatus } from '../settings';
import { searchPattern, SortColumn } from './dossier.rules';

export interface NextAction {
  id: number;
  dueDate: string;
  label: string;
  type: string;
}

/** The earliest to-do intervention of each dossier. One query. */
export async function nextActions(db: Db, dossierIds: number[]): Promise<Map<number, NextAction>> {
  const out = new Map<number, NextAction>();
  if (dossierIds.length === 0) return out;
  const rows = await boundQuery<{ id: unknown; dossier_id: unknown; due_date: string; label: string; type: string }>(
    db,
    `SELECT i.id AS id, i.dossier_id AS dossier_id, i.due_date AS due_date, i.label AS label, i.type AS type FROM intervention i
      WHERE i.state = 'todo' AND i.dossier_id IN (:...ids) ORDER BY i.dossier_id, i.due_date, i.priority DESC, i.id`,
    { ids: dossierIds },
  );
  for (const r of rows) {
    const id = toNumber(r.dossier_id);
    if (!out.has(id)) out.set(id, { id: toNumber(r.id), dueDate: r.due_date, label: r.label, type: r.type });
  }
  return out;
}

export interface DossierListQuery {
  search?: string | null;
  statusId?: number | null;
  sort: SortColumn;
  dir: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export interface DossierListRow {
  id: number;
  number: number;
  companyId: number;
  customerId: number;
  customerName: string;
  customerAccount: string;
  statusId: number;
  statusLabel: string;
  statusKind: string;
  controllerName: string | null;
  startDate: string;
  currency: string;
  amount: number;
  nextAction: NextAction | null;
}

/**
 * Whitelisted ORDER BY expressions (nulls last on both databases). Sorting by amount or next action
 * joins one grouped aggregate over all dossiers rather than a correlated subquery per row.
 */
const SORT_SQL: Record<SortColumn, { order: string[]; join?: string }> = {
  number: { order: ['d.number'] },
  customer: { order: ['LOWER(tp.name)'] },
  status: { order: ['st.position', 'st.label'] },
  controller: { order: ['CASE WHEN cc.name IS NULL THEN 1 ELSE 0 END', 'LOWER(cc.name)'] },
  startDate: { order: ['d.start_date'] },
  // The stored figure of the balance rule, on its (status_id, balance) and (balance) indexes.
  amount: { order: ['d.balance'] },
  nextAction: {
    order: ['CASE WHEN sn.due IS NULL THEN 1 ELSE 0 END', 'sn.due'],
    join: `LEFT JOIN (SELECT ni.dossier_id AS dossier_id, MIN(ni.due_date) AS due FROM intervention ni WHERE ni.state = 'todo' GROUP BY ni.dossier_id) sn ON sn.dossier_id = d.id`,
  },
};

export function searchWhere(search: string | null | undefined): { sql: string; params: Record<string, unknown> } {
  const pattern = searchPattern(search);
  if (!pattern) return { sql: '1 = 1', params: {} };
  const like = (expr: string) => `LOWER(${expr}) LIKE :pattern ESCAPE '\\'`;
  const parts = [
    like('tp.name'),
    like('tp.auxiliary_account'),
    like('tp.vat_number'),
    like('d.creditor_reference'),
    `EXISTS (SELECT 1 FROM dossier_entry pe JOIN ledger_entry pl ON pl.id = pe.ledger_entry_id WHERE pe.dossier_id = d.id AND ${like('pl.piece_ref')})`,
  ];
  const params: Record<string, unknown> = { pattern };
  const digits = (search ?? '').trim();
  if (/^\d{1,9}$/.test(digits)) {
    parts.push('d.number = :searchNumber');
    params.searchNumber = Number(digits);
  }
  return { sql: `(${parts.join(' OR ')})`, params };
}

async function countByStatus(db: Db, search: { sql: string; params: Record<string, unknown> }): Promise<Map<number, number>> {
  // Without a search the joins filter nothing (foreign keys): count the dossier table alone (its status index), 8x faster on 100,000 dossiers.
  const countFrom = search.sql === '1 = 1' ? 'FROM dossier d' : LIST_FROM;
  const countRows = await boundQuery<{ status_id: unknown; n: unknown }>(db, `SELECT d.status_id AS status_id, COUNT(*) AS n ${countFrom} WHERE ${search.sql} GROUP BY d.status_id`, search.params);
  return new Map(countRows.map((r) => [toNumber(r.status_id), toNumber(r.n)]));
}

/**
 * The counts by status of the unfiltered list, read again only once the database changed
 * (src/db/change-token.ts): counting 100,000 dossiers is most of a list page's database time.
 */
const statusCounts = unchangedSince((db) => countByStatus(db, searchWhere(null)));

/** The list's status sidebar and the bulk bar's choices (active controllers and scenarios), read again only once the database changed. */
export const dossierListChoices = unchangedSince(async (db) => ({
  statuses: await db.getRepository(DossierStatus).find({ order: { position: 'ASC', id: 'ASC' } }),
  controllers: await db.getRepository(CreditController).find({ where: { active: true }, order: { name: 'ASC' } }),
  scenarios: await db.getRepository(Scenario).find({ where: { active: true }, order: { name: 'ASC' } }),
}));

export const LIST_FROM = `FROM dossier d JOIN third_party tp ON tp.id = d.third_party_id JOIN dossier_status st ON st.id = d.status_id
  LEFT JOIN credit_controller cc ON cc.id = d.controller_id`;

export async function listDossiers(db: Db, q: DossierListQuery): Promise<{ rows: DossierListRow[]; total: number; counts: Map<number, number>; all: number }> {
  const search = searchWhere(q.search);
  const offset = (Math.max(1, q.page) - 1) * q.pageSize;
  const where = q.statusId ? `${search.sql} AND d.status_id = :statusId` : search.sql;
  // LIMIT and OFFSET are parameters: one prepared statement serves every page.
  const params = { ...search.params, statusId: q.statusId ?? null, limit: Number(q.pageSize), offset: Number(offset) };

  const counts = search.sql === '1 = 1' ? await statusCounts(db) : await countByStatus(db, search);
  const all = [...counts.values()].reduce((a, b) => a + b, 0);
  const total = q.statusId ? (counts.get(q.statusId) ?? 0) : all;

  const dir = q.dir === 'desc' ? 'DESC' : 'ASC';
  const sortSql = SORT_SQL[q.sort];
  const order = [...sortSql.order.map((e) => `${e} ${dir}`), `d.id ${dir}`].join(', ');
  // Without a search, sorted by a dossier column: pick the page's ids from the dossier table alone, then join
  // (otherwise SQLite walks every customer and sorts 100,000 rows for each page).
  const dossierOnly = search.sql === '1 = 1' && !sortSql.join && sortSql.order.every((e) => e.startsWith('d.'));
  const pageWhere = dossierOnly
    ? `d.id IN (SELECT d.id FROM dossier d WHERE ${q.statusId ? 'd.status_id = :statusId' : '1 = 1'} ORDER BY ${order} LIMIT :limit OFFSET :offset)`
    : where;
  const raw = await boundQuery<Record<string, unknown>>(
    db,
    `SELECT d.id AS id, d.number AS number, d.company_id AS company_id, tp.id AS customer_id, tp.name AS customer_name, tp.auxiliary_account AS customer_account,
            st.id AS status_id, st.label AS status_label, st.kind AS status_kind, cc.name AS controller_name, d.start_date AS start_date, d.currency AS currency,
            d.balance AS balance
       ${LIST_FROM} ${sortSql.join ?? ''} WHERE ${pageWhere} ORDER BY ${order} ${dossierOnly ? '' : 'LIMIT :limit OFFSET :offset'}`,
    params,
  );
  const ids = raw.map((r) => toNumber(r.id));
  const actions = await nextActions(db, ids);
  const rows = raw.map((r) => {
    const id = toNumber(r.id);
    return {
      id,
      number: toNumber(r.number),
      companyId: toNumber(r.company_id),
      customerId: toNumber(r.customer_id),
      customerName: String(r.customer_name),
      customerAccount: String(r.customer_account),
      statusId: toNumber(r.status_id),
      statusLabel: String(r.status_label),
      statusKind: String(r.status_kind),
      controllerName: (r.controller_name as string | null) ?? null,
      startDate: String(r.start_date),
      currency: String(r.currency),
      amount: toNumber(r.balance),
      nextAction: actions.get(id) ?? null,
    };
  });
  return { rows, total, counts, all };
}
