/** Pure dossier rules: no database, no clock (today is a parameter). */
import { daysBetween } from '../shared/business-date';
import type { StatusKind } from '../settings';
import { formatPercentInput } from '../shared/money';

/**
 * A user's search text as a LIKE pattern (used with `ESCAPE '\'`): the user's `%` is a wildcard,
 * everything else is literal (a `_` or `\` in the text matches itself). Lower-cased, because the
 * column side is wrapped in LOWER() on both databases. Returns null for an empty search.
 */
export function searchPattern(text: string | null | undefined): string | null {
  const trimmed = (text ?? '').trim();
  if (!trimmed) return null;
  const escaped = trimmed.toLowerCase().replace(/[\\_]/g, (c) => `\\${c}`);
  return `%${escaped}%`;
}

/** What an entry weighs in a dossier's amount: its open balance, or nothing once it is lettered. */
export function entryBalance(entry: { debit: number; credit: number; lettering: string | null }): number {
  return entry.lettering ? 0 : entry.debit - entry.credit;
}

/** Days past the due date at `today`; 0 when not yet due or without a due date. */
export function daysOverdue(dueDate: string | null, today: string): number {
  if (!dueDate) return 0;
  return Math.max(0, daysBetween(dueDate, today));
}

/** The next number proposed for a company: one more than the highest. */
export function proposeNumber(maxNumber: number | null | undefined): number {
  return (maxNumber ?? 0) + 1;
}

/** A closed (Terminé) dossier needs its conclusion: end date, resolution and result. */
export function conclusionErrors(kind: StatusKind, input: { endDate: string | null; resolutionId: number | null; resultId: number | null }): { field: string; message: string }[] {
  if (kind !== 'closed') return [];
  const errors: { field: string; message: string }[] = [];
  if (!input.endDate) errors.push({ field: 'endDate', message: 'dossiers.errors.closedNeedsEndDate' });
  if (!input.resolutionId) errors.push({ field: 'resolutionId', message: 'dossiers.errors.closedNeedsResolution' });
  if (!input.resultId) errors.push({ field: 'resultId', message: 'dossiers.errors.closedNeedsResult' });
  return errors;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** Fields whose value differs between two versions, in the order of `fields`. */
export function changedFields<T extends object>(before: T, after: Partial<T>, fields: (keyof T & string)[]): FieldChange[] {
  const out: FieldChange[] = [];
  for (const f of fields) {
    if (!(f in after)) continue;
    const a = before[f] ?? null;
    const b = after[f] ?? null;
    if (a !== b) out.push({ field: f, before: a, after: b });
  }
  return out;
}

/** `1250` → `12,50` (fr) / `12.50` (en), as typed back into the loss-percentage field (money.ts's). */
export const percentInput = formatPercentInput;

export const SORTABLE_COLUMNS = ['number', 'customer', 'status', 'controller', 'startDate', 'amount', 'nextAction'] as const;
export type SortColumn = (typeof SORTABLE_COLUMNS)[number];

/** Sort parameters from the query string, against the whitelist; anything else falls back to newest number first. */
export function parseSort(sort: unknown, dir: unknown): { sort: SortColumn; dir: 'asc' | 'desc' } {
  const column = SORTABLE_COLUMNS.includes(sort as SortColumn) ? (sort as SortColumn) : 'number';
  const direction = dir === 'asc' || dir === 'desc' ? dir : column === 'number' && sort === undefined ? 'desc' : 'asc';
  return { sort: column, dir: direction };
}

/** Page number from the query string: a positive integer, 1 otherwise. */
export function parsePage(value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return n >= 1 ? n : 1;
}

/** A business date as typed in a form field: `2026-11-22` → `22/11/2026` (what the date fields read back). */
export function dateInput(value: string | null | undefined): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : value;
}
