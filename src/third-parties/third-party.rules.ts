/** Pure rules of the customer list and record: search pattern, sorting, identity checks. */

/**
 * The user's search text as a LIKE pattern used with `ESCAPE '\'`: the user's `%` stays a wildcard,
 * a `_` or `\` matches itself. Lower-cased: the column side is wrapped in LOWER() on both databases.
 */
export function searchPattern(text: string | null | undefined): string | null {
  const trimmed = (text ?? '').trim();
  if (!trimmed) return null;
  return `%${trimmed.toLowerCase().replace(/[\\_]/g, (c) => `\\${c}`)}%`;
}

export const SORT_COLUMNS = ['name', 'account', 'balance', 'overdue', 'oldestDue', 'dossiers'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

/** Sorts that read the customer row only: the page can be cut before the ledger is aggregated. */
export const IDENTITY_SORTS: SortColumn[] = ['name', 'account'];

export function parseSort(sort: unknown, dir: unknown): { sort: SortColumn; dir: 'asc' | 'desc' } {
  const s = (SORT_COLUMNS as readonly string[]).includes(String(sort)) ? (sort as SortColumn) : 'name';
  return { sort: s, dir: dir === 'desc' ? 'desc' : 'asc' };
}

export function parsePage(value: unknown): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 1_000_000 ? n : 1;
}

/** SIREN: 9 digits (spaces allowed when typed) passing the Luhn check, as INSEE issues them. */
export function normalizeSiren(value: string): string {
  return value.replace(/\s+/g, '');
}

export function isValidSiren(siren: string): boolean {
  if (!/^\d{9}$/.test(siren)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(siren[8 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Intra-community VAT number: country prefix then 2 to 13 letters or digits (spaces removed, upper-cased). */
export function normalizeVat(value: string): string {
  return value.replace(/[\s.-]+/g, '').toUpperCase();
}

export function isValidVat(vat: string): boolean {
  return /^[A-Z]{2}[0-9A-Z+*]{2,13}$/.test(vat);
}

export function isValidEmail(email: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);
}

export function isValidCountry(country: string): boolean {
  return /^[A-Z]{2}$/.test(country);
}

export interface IdentityFields {
  siren: string | null;
  vatNumber: string | null;
  email: string | null;
  country: string;
}

/** Normalizes the identity fields and lists the field problems (message keys), so the form can show them all at once. */
export function checkIdentity<T extends IdentityFields>(input: T): { value: T; errors: { field: string; message: string }[] } {
  const value = {
    ...input,
    siren: input.siren ? normalizeSiren(input.siren) : null,
    vatNumber: input.vatNumber ? normalizeVat(input.vatNumber) : null,
    country: input.country.trim().toUpperCase(),
  };
  const errors: { field: string; message: string }[] = [];
  if (value.siren && !isValidSiren(value.siren)) errors.push({ field: 'siren', message: 'thirdParties.errors.siren' });
  if (value.vatNumber && !isValidVat(value.vatNumber)) errors.push({ field: 'vatNumber', message: 'thirdParties.errors.vat' });
  if (value.email && !isValidEmail(value.email)) errors.push({ field: 'email', message: 'validation.email' });
  if (!isValidCountry(value.country)) errors.push({ field: 'country', message: 'thirdParties.errors.country' });
  return { value, errors };
}
