/** What a customer type-ahead query means: pure, so it tests without a database. */

/** The highest BMP character: `prefix <= x < prefix + TOP` is "x starts with prefix" in byte/code order. */
export const PREFIX_TOP = '\uFFFF';

export interface CustomerQuery {
  /** Lower-cased, trimmed: compared with lower(name). */
  name: string;
  /** Upper-cased, spaces, dots and dashes removed: compared with account, SIREN and VAT number as stored. */
  code: string;
}

/** `null` when there is nothing worth searching (empty, or a single character that would match thousands). */
export function customerQuery(text: unknown): CustomerQuery | null {
  const raw = typeof text === 'string' ? text.trim().slice(0, 100) : '';
  if (raw.length === 0) return null;
  const name = raw.toLowerCase();
  const code = raw.toUpperCase().replace(/[\s.-]/g, '');
  return { name, code };
}

/** The label a chosen customer shows in its field, and that a typed text is matched against. */
export function customerLabel(c: { name: string; auxiliaryAccount: string }): string {
  return `${c.name} (${c.auxiliaryAccount})`;
}

/**
 * A typed text that names one customer without the list: its label, account, SIREN or VAT number,
 * or its exact name. Used when the field is submitted without JavaScript or without picking.
 */
export function isExactMatch(c: { name: string; auxiliaryAccount: string; siren: string | null; vatNumber: string | null }, text: string): boolean {
  const q = customerQuery(text);
  if (!q) return false;
  const label = customerLabel(c).toLowerCase();
  return label === q.name || c.name.toLowerCase() === q.name || c.auxiliaryAccount.toUpperCase() === q.code || (c.siren ?? '').replace(/\s/g, '') === q.code || (c.vatNumber ?? '').toUpperCase().replace(/\s/g, '') === q.code;
}
