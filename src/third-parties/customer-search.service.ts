/**
 * The customer type-ahead: customers whose name, auxiliary account, SIREN or VAT number starts with
 * what was typed (index ranges, see migration 1796145000000), then, when that gives less than a
 * page, customers whose name contains it. Always a LIMIT: a keystroke never reads the whole table
 * into the page, whether there are 20 customers or 20,000.
 */
import { Db, isPostgres, rawQuery } from '../db/transactions';
import { toNumber } from '../db/column-types';
import { customerLabel, customerQuery, isExactMatch, PREFIX_TOP } from './customer-search.rules';

export const SUGGESTION_LIMIT = 10;

export interface CustomerSuggestion {
  id: number;
  name: string;
  auxiliaryAccount: string;
  siren: string | null;
  vatNumber: string | null;
  city: string | null;
  label: string;
}

const COLUMNS = 'tp.id AS id, tp.name AS name, tp.auxiliary_account AS auxiliary_account, tp.siren AS siren, tp.vat_number AS vat_number, tp.city AS city';

function toSuggestion(r: Record<string, unknown>): CustomerSuggestion {
  const s = { id: toNumber(r.id), name: String(r.name), auxiliaryAccount: String(r.auxiliary_account), siren: (r.siren as string | null) ?? null, vatNumber: (r.vat_number as string | null) ?? null, city: (r.city as string | null) ?? null };
  return { ...s, label: customerLabel(s) };
}

export async function suggestCustomers(db: Db, text: unknown, opts: { companyId?: number | null; limit?: number } = {}): Promise<CustomerSuggestion[]> {
  const q = customerQuery(text);
  if (!q) return [];
  const limit = Math.max(1, Math.min(50, opts.limit ?? SUGGESTION_LIMIT));
  // PostgreSQL compares in the index's "C" collation, where the range is a byte-order prefix.
  const c = isPostgres(db) ? ' COLLATE "C"' : '';
  const range = (expr: string, p: string) => `(${expr}${c} >= :${p}Lo AND ${expr}${c} < :${p}Hi)`;
  const params: Record<string, unknown> = { nameLo: q.name, nameHi: q.name + PREFIX_TOP, codeLo: q.code, codeHi: q.code + PREFIX_TOP };
  const company = opts.companyId ? ' AND tp.company_id = :companyId' : '';
  if (opts.companyId) params.companyId = opts.companyId;
  const prefixTerms = [range('lower(tp.name)', 'name')];
  if (q.code) prefixTerms.push(range('tp.auxiliary_account', 'code'), range('tp.siren', 'code'), range('tp.vat_number', 'code'));
  const found = (
    await rawQuery(db, `SELECT ${COLUMNS} FROM third_party tp WHERE (${prefixTerms.join(' OR ')})${company} ORDER BY lower(tp.name), tp.id LIMIT ${limit}`, params)
  ).map(toSuggestion);
  if (found.length < limit && q.name.length >= 2) {
    const seen = found.map((s) => s.id);
    const pattern = `%${q.name.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    const more = await rawQuery(
      db,
      `SELECT ${COLUMNS} FROM third_party tp WHERE LOWER(tp.name) LIKE :pattern ESCAPE '\\'${company}${seen.length ? ` AND tp.id NOT IN (${seen.join(',')})` : ''} ORDER BY lower(tp.name), tp.id LIMIT ${limit - found.length}`,
      { ...params, pattern },
    );
    found.push(...more.map(toSuggestion));
  }
  return found;
}

/** A suggestion by id (the field's current customer), or null. */
export async function customerById(db: Db, id: number | null): Promise<CustomerSuggestion | null> {
  if (!id) return null;
  const rows = await rawQuery(db, `SELECT ${COLUMNS} FROM third_party tp WHERE tp.id = :id`, { id });
  return rows[0] ? toSuggestion(rows[0]) : null;
}

/**
 * What a typed text designates when it was submitted without picking from the list (no JavaScript,
 * or typed fast): the customer it names exactly, or the only one it finds; else the candidates.
 */
export async function resolveCustomer(db: Db, text: unknown, companyId: number | null): Promise<{ customer: CustomerSuggestion | null; candidates: CustomerSuggestion[] }> {
  const candidates = await suggestCustomers(db, text, { companyId, limit: SUGGESTION_LIMIT });
  const exact = candidates.filter((s) => isExactMatch(s, String(text)));
  if (exact.length === 1) return { customer: exact[0], candidates };
  if (candidates.length === 1) return { customer: candidates[0], candidates };
  return { customer: null, candidates };
}
