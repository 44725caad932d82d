/**
 * Customer (tiers) use cases: the list with balances, the record with its open items and dossiers,
 * the identity edit (optimistic lock on `version`). The risk code lives here only: a dossier shows
 * and edits its customer's.
 */
import { DataSource, EntityManager } from 'typeorm';
import { CreditController } from '../credit-controllers';
import { toNumber } from '../db/column-types';
import { dossierAmounts, recordDossierEvent } from '../dossiers';
import type { Actor } from '../dossiers';
import { openBalancesSql, openItemsOf, OpenItem, AgingTotals } from '../ledger';
import { reminderStates, type InvoiceReminderState } from '../reminders';
import { RiskCode } from '../settings';
import { AppError } from '../shared/errors';
import type { BusinessDate } from '../shared/business-date';
import { checkContractRate, loadRateTables } from '../late-payment';
import { ThirdParty } from './third-party.entity';
import { getThirdParty } from './customer-record.service';
export { getThirdParty };
import { checkIdentity, IDENTITY_SORTS, searchPattern, SortColumn } from './third-party.rules';
import { Db, rawQuery } from '../db/transactions';
import { formatDecimal, percentOf } from '../shared/money';


// ---------------------------------------------------------------------------------------------
// List

export interface ThirdPartyListQuery {
  search?: string | null;
  sort: SortColumn;
  dir: 'asc' | 'desc';
  page: number;
  pageSize: number;
  today: string;
}

export interface ThirdPartyListRow {
  id: number;
  name: string;
  auxiliaryAccount: string;
  vatNumber: string | null;
  siren: string | null;
  city: string | null;
  balance: number;
  overdue: number;
  oldestDueDate: string | null;
  dossierCount: number;
}

function searchWhere(search: string | null | undefined): { sql: string; params: Record<string, unknown> } {
  const pattern = searchPattern(search);
  if (!pattern) return { sql: '1 = 1', params: {} };
  const like = (expr: string, param = 'pattern') => `LOWER(${expr}) LIKE :${param} ESCAPE '\\'`;
  const parts = [like('tp.name'), like('tp.auxiliary_account'), like('tp.vat_number'), like('tp.siren')];
  const params: Record<string, unknown> = { pattern };
  // "919 068 007" or "FR 40 …" as typed on paper: compare without spaces too.
  const compact = searchPattern((search ?? '').replace(/\s+/g, ''));
  if (compact && compact !== pattern) {
    parts.push(like(`REPLACE(tp.siren, ' ', '')`, 'compact'), like(`REPLACE(tp.vat_number, ' ', '')`, 'compact'));
    params.compact = compact;
  }
  return { sql: `(${parts.join(' OR ')})`, params };
}

const IDENTITY_COLUMNS = 'tp.id AS id, tp.name AS name, tp.auxiliary_account AS auxiliary_account, tp.vat_number AS vat_number, tp.siren AS siren, tp.city AS city';

function identityOrder(sort: SortColumn, dir: string, alias: string): string {
  const first = sort === 'account' ? `${alias}.auxiliary_account ${dir}` : `LOWER(${alias}.name) ${dir}`;
  return `${first}, ${alias}.id ${dir}`;
}

const AGGREGATE_ORDER: Record<Exclude<SortColumn, 'name' | 'account'>, (dir: string) => string> = {
  balance: (dir) => `COALESCE(b.balance, 0) ${dir}`,
  overdue: (dir) => `COALESCE(b.overdue, 0) ${dir}`,
  oldestDue: (dir) => `CASE WHEN b.oldest_due IS NULL THEN 1 ELSE 0 END, b.oldest_due ${dir}`,
  dossiers: (dir) => `COALESCE(dc.n, 0) ${dir}`,
};

/**
 * One page of customers with their balance, overdue amount, oldest due date and number of dossiers,
 * in one query. Sorted by name or account, the page is cut first and only its customers' open lines
 * are aggregated; sorted by an amount, every customer's open lines are (through the partial index).
 */
export async function listThirdParties(db: Db, q: ThirdPartyListQuery): Promise<{ rows: ThirdPartyListRow[]; total: number }> {
  const search = searchWhere(q.search);
  const params = { ...search.params, today: q.today };
  const dir = q.dir === 'desc' ? 'DESC' : 'ASC';
  const limit = `LIMIT ${Number(q.pageSize)} OFFSET ${(Math.max(1, q.page) - 1) * Number(q.pageSize)}`;
  const totals = `COALESCE(b.balance, 0) AS balance, COALESCE(b.overdue, 0) AS overdue, b.oldest_due AS oldest_due, COALESCE(dc.n, 0) AS dossier_count`;

  let sql: string;
  if (IDENTITY_SORTS.includes(q.sort)) {
    sql = `WITH page AS (SELECT ${IDENTITY_COLUMNS} FROM third_party tp WHERE ${search.sql} ORDER BY ${identityOrder(q.sort, dir, 'tp')} ${limit})
      SELECT page.*, ${totals}
        FROM page
        LEFT JOIN (${openBalancesSql('SELECT id FROM page')}) b ON b.third_party_id = page.id
        LEFT JOIN (SELECT third_party_id, COUNT(*) AS n FROM dossier WHERE third_party_id IN (SELECT id FROM page) GROUP BY third_party_id) dc ON dc.third_party_id = page.id
       ORDER BY ${identityOrder(q.sort, dir, 'page')}`;
  } else {
    const order = AGGREGATE_ORDER[q.sort as keyof typeof AGGREGATE_ORDER](dir);
    sql = `SELECT ${IDENTITY_COLUMNS}, ${totals}
        FROM third_party tp
        LEFT JOIN (${openBalancesSql(null)}) b ON b.third_party_id = tp.id
        LEFT JOIN (SELECT third_party_id, COUNT(*) AS n FROM dossier GROUP BY third_party_id) dc ON dc.third_party_id = tp.id
       WHERE ${search.sql}
       ORDER BY ${order}, LOWER(tp.name) ASC, tp.id ASC ${limit}`;
  }
  const [raw, count] = await Promise.all([
    rawQuery(db, sql, params),
    rawQuery<{ n: unknown }>(db, `SELECT COUNT(*) AS n FROM third_party tp WHERE ${search.sql}`, search.params),
  ]);
  const rows = raw.map((r) => ({
    id: toNumber(r.id),
    name: String(r.name),
    auxiliaryAccount: String(r.auxiliary_account),
    vatNumber: (r.vat_number as string | null) ?? null,
    siren: (r.siren as string | null) ?? null,
    city: (r.city as string | null) ?? null,
    balance: toNumber(r.balance),
    overdue: toNumber(r.overdue),
    oldestDueDate: (r.oldest_due as string | null) ?? null,
    dossierCount: toNumber(r.dossier_count),
  }));
  return { rows, total: toNumber(count[0]?.n) };
}

// ---------------------------------------------------------------------------------------------
// Record

export interface CustomerDossier {
  id: number;
  number: number;
  statusLabel: string;
  statusKind: string;
  startDate: string;
  endDate: string | null;
  currency: string;
  amount: number;
}

/** The customer's dossiers, newest first, with their amounts. */
export async function dossiersOf(db: Db, thirdPartyId: number): Promise<CustomerDossier[]> {
  const raw = await rawQuery(
    db,
    `SELECT d.id AS id, d.number AS number, st.label AS status_label, st.kind AS status_kind, d.start_date AS start_date, d.end_date AS end_date, d.currency AS currency
       FROM dossier d JOIN dossier_status st ON st.id = d.status_id WHERE d.third_party_id = :id ORDER BY d.start_date DESC, d.number DESC`,
    { id: thirdPartyId },
  );
  const ids = raw.map((r) => toNumber(r.id));
  const amounts = await dossierAmounts(db, ids);
  return raw.map((r) => ({
    id: toNumber(r.id),
    number: toNumber(r.number),
    statusLabel: String(r.status_label),
    statusKind: String(r.status_kind),
    startDate: String(r.start_date),
    endDate: (r.end_date as string | null) ?? null,
    currency: String(r.currency),
    amount: amounts.get(toNumber(r.id)) ?? 0,
  }));
}

export interface ThirdPartyPage {
  thirdParty: ThirdParty;
  riskCode: RiskCode | null;
  controller: CreditController | null;
  openItems: OpenItem[];
  totals: AgingTotals;
  dossiers: CustomerDossier[];
  /** Reminders sent per open item (Rappel / relevé), by entry id. */
  reminders: Map<number, InvoiceReminderState>;
}

export async function thirdPartyPage(db: Db, id: number, today: string): Promise<ThirdPartyPage> {
  const thirdParty = await getThirdParty(db, id);
  const [riskCode, controller, open, dossiers] = await Promise.all([
    thirdParty.riskCodeId ? db.getRepository(RiskCode).findOneBy({ id: thirdParty.riskCodeId }) : null,
    thirdParty.creditControllerId ? db.getRepository(CreditController).findOneBy({ id: thirdParty.creditControllerId }) : null,
    openItemsOf(db, id, today),
    dossiersOf(db, id),
  ]);
  const reminders = await reminderStates(db, open.items.map((i) => i.id));
  return { thirdParty, riskCode, controller, openItems: open.items, totals: open.totals, dossiers, reminders };
}

// ---------------------------------------------------------------------------------------------
// Identity edit

export interface ThirdPartyInput {
  name: string;
  legalForm: string | null;
  address: string | null;
  postalCode: string | null;
  city: string | null;
  country: string;
  vatNumber: string | null;
  siren: string | null;
  phone: string | null;
  email: string | null;
  riskCodeId: number | null;
  creditControllerId: number | null;
  paymentTermsDays: number | null;
  /** Contract penalty rate in hundredths of a percent; null: the legal rate; absent: unchanged. */
  contractRateHundredths?: number | null;
  /** Decides the prescription period (src/prescription). */
  customerType?: 'business' | 'consumer';
}

/**
 * Saves the identity if nobody changed the record since `version` was read; otherwise a conflict,
 * and nothing is written. A risk code or controller must exist (an inactive one may stay if already set).
 * A new risk code is written in the Chrono of each of the customer's dossiers that is not closed,
 * as when it is changed from a dossier.
 */
export async function updateThirdParty(
  ds: DataSource, id: number, version: number, input: ThirdPartyInput, at: string, actor: Actor = { userId: null, userName: null }, today: BusinessDate = at.slice(0, 10),
): Promise<ThirdParty> {
  const { value, errors } = checkIdentity(input);
  return ds.transaction(async (m) => {
    const before = await getThirdParty(m, id);
    // L441-10: a contract rate is never below 3 x the legal interest rate of the half-year in force (when it is known).
    const rate = value.contractRateHundredths;
    const params: Record<string, string> = {};
    if (rate !== undefined && rate !== null && rate !== before.contractRateHundredths) {
      const check = rate <= 0 ? null : checkContractRate(percentOf(rate), (await loadRateTables(m)).legalInterest, today);
      if (!check) errors.push({ field: 'contractRate', message: 'latePayment.errors.positive' });
      else if (!check.ok) {
        errors.push({ field: 'contractRate', message: 'latePayment.errors.belowFloor' });
        Object.assign(params, { floor: formatDecimal(check.floorPercent, 'fr', 2), halfYear: check.halfYear });
      }
    }
    if (value.riskCodeId !== null) {
      const rc = await m.getRepository(RiskCode).findOneBy({ id: value.riskCodeId });
      if (!rc || (!rc.active && rc.id !== before.riskCodeId)) errors.push({ field: 'riskCodeId', message: 'validation.choice' });
    }
    if (value.creditControllerId !== null) {
      const cc = await m.getRepository(CreditController).findOneBy({ id: value.creditControllerId });
      if (!cc || (!cc.active && cc.id !== before.creditControllerId)) errors.push({ field: 'creditControllerId', message: 'validation.choice' });
    }
    if (errors.length) throw new AppError('validation', 'errors.validation', 422, errors, params);
    const result = await m
      .createQueryBuilder()
      .update(ThirdParty)
      .set({ ...value, updatedAt: at, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    if (!result.affected) throw new AppError('conflict', 'thirdParties.errors.conflict');
    if ((before.riskCodeId ?? null) !== value.riskCodeId) await recordRiskCodeChange(m, actor, at, before, value.riskCodeId);
    return getThirdParty(m, id);
  });
}

async function recordRiskCodeChange(m: EntityManager, actor: Actor, at: string, customer: ThirdParty, riskCodeId: number | null): Promise<void> {
  const label = async (rid: number | null) => (rid ? ((await m.getRepository(RiskCode).findOneBy({ id: rid }))?.label ?? null) : null);
  const [before, after] = [await label(customer.riskCodeId), await label(riskCodeId)];
  const open = await rawQuery<{ id: unknown }>(
    m,
    `SELECT d.id AS id FROM dossier d JOIN dossier_status st ON st.id = d.status_id WHERE d.third_party_id = :id AND st.kind <> 'closed'`,
    { id: customer.id },
  );
  for (const r of open) {
    await recordDossierEvent(m, actor, { dossierId: toNumber(r.id), at, type: 'riskCodeChanged', details: { before, after, customer: customer.name } });
  }
}
