/** Selecting the dossiers to print: by criteria (companies, statuses, controllers, customers' accounts, numbers, dates, amount). */
import { Db, rawQuery } from '../db/transactions';
import { toNumber } from '../db/column-types';
import type { PrintCriteria, SelectedDossier } from './printing.rules';

export const num = (v: unknown) => toNumber(v);
export const strOrNull = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** Runs `fn` over `ids` in slices, so IN lists stay well under both drivers' parameter limits. */
export async function inChunks<T>(ids: number[], size: number, fn: (slice: number[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += size) out.push(...(await fn(ids.slice(i, i + size))));
  return out;
}

/** Customers named by auxiliary account in the form, as ids (unknown accounts are reported). */
export async function resolveAccounts(db: Db, accounts: string[]): Promise<{ ids: number[]; unknown: string[] }> {
  if (accounts.length === 0) return { ids: [], unknown: [] };
  const rows = await rawQuery<{ id: unknown; account: string }>(db, 'SELECT id, UPPER(auxiliary_account) AS account FROM third_party WHERE UPPER(auxiliary_account) IN (:...accounts)', { accounts });
  const found = new Set(rows.map((r) => r.account));
  return { ids: rows.map((r) => num(r.id)), unknown: accounts.filter((a) => !found.has(a)) };
}

/**
 * The dossiers that match every criterion, ordered by status then number (the list layout's order).
 * The amount filter reads each dossier's open balance through a correlated sum on dossier_entry's
 * index, so that a selection of a few dossiers never aggregates the whole ledger.
 */
export async function selectDossiers(db: Db, c: PrintCriteria, options: { limit?: number } = {}): Promise<SelectedDossier[]> {
  const where: string[] = ['1 = 1'];
  const params: Record<string, unknown> = {};
  let customers = c.customerIds;
  if (c.customerAccounts.length) {
    const resolved = await resolveAccounts(db, c.customerAccounts);
    customers = [...new Set([...customers, ...resolved.ids])];
    if (customers.length === 0) return [];
  }
  if (c.statusIds.length) {
    where.push('d.status_id IN (:...statusIds)');
    params.statusIds = c.statusIds;
  }
  if (customers.length) {
    where.push('d.third_party_id IN (:...customerIds)');
    params.customerIds = customers;
  }
  if (c.dossierIds.length) {
    where.push('d.id IN (:...dossierIds)');
    params.dossierIds = c.dossierIds;
  }
  if (c.controllerIds.length) {
    where.push('d.controller_id IN (:...controllerIds)');
    params.controllerIds = c.controllerIds;
  }
  if (c.numberFrom !== null) {
    where.push('d.number >= :numberFrom');
    params.numberFrom = c.numberFrom;
  }
  if (c.numberTo !== null) {
    where.push('d.number <= :numberTo');
    params.numberTo = c.numberTo;
  }
  if (c.startFrom) {
    where.push('d.start_date >= :startFrom');
    params.startFrom = c.startFrom;
  }
  if (c.startTo) {
    where.push('d.start_date <= :startTo');
    params.startTo = c.startTo;
  }
  const outer = c.minAmount !== null ? 'WHERE s.amount >= :minAmount' : '';
  if (c.minAmount !== null) params.minAmount = c.minAmount;
  const limit = options.limit ? `LIMIT ${Number(options.limit)}` : '';
  const rows = await rawQuery<Record<string, unknown>>(
    db,
    `SELECT * FROM (
       SELECT d.id AS id, d.number AS number, d.company_id AS company_id, d.status_id AS status_id, st.label AS status_label, st.kind AS status_kind,
              st.position AS status_position, tp.id AS customer_id, tp.name AS customer_name, tp.auxiliary_account AS customer_account,
              cc.name AS controller_name, d.start_date AS start_date, d.end_date AS end_date, d.currency AS currency,
              d.balance AS amount,
              COALESCE((SELECT SUM(le.debit) FROM dossier_entry de JOIN ledger_entry le ON le.id = de.ledger_entry_id WHERE de.dossier_id = d.id), 0) AS entrusted
         FROM dossier d JOIN third_party tp ON tp.id = d.third_party_id JOIN dossier_status st ON st.id = d.status_id
         LEFT JOIN credit_controller cc ON cc.id = d.controller_id
        WHERE ${where.join(' AND ')}
     ) s ${outer} ORDER BY s.status_position, s.status_label, s.status_id, s.number, s.id ${limit}`,
    params,
  );
  return rows.map((r) => ({
    id: num(r.id), number: num(r.number), companyId: num(r.company_id), statusId: num(r.status_id), statusLabel: String(r.status_label), statusKind: String(r.status_kind),
    statusPosition: num(r.status_position), customerId: num(r.customer_id), customerName: String(r.customer_name), customerAccount: String(r.customer_account),
    controllerName: strOrNull(r.controller_name), startDate: String(r.start_date), endDate: strOrNull(r.end_date), currency: String(r.currency ?? 'EUR'),
    entrusted: num(r.entrusted), amount: num(r.amount),
  }));
}
