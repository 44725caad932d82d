/** Pure helpers of the API: cursors, request fingerprints, JSON pointers, replay comparison. */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { FieldError } from '../shared/errors';
import { daysBetween } from '../shared/business-date';

/** An opaque cursor: base64url of `<kind>:<id>`; kinds keep a dossier cursor out of the journal pull. */
export function encodeCursor(kind: 'd' | 'j', id: number): string {
  return Buffer.from(`${kind}:${id}`, 'utf8').toString('base64url');
}

/** The id after which to read, or null when the cursor is not one of ours. */
export function decodeCursor(kind: 'd' | 'j', cursor: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(cursor)) return null;
  const m = new RegExp(`^${kind}:(\\d{1,15})$`).exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : null;
}

/** JSON with object keys sorted at every level, so that key order does not change a fingerprint. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method.toUpperCase()} ${path}\n${canonicalJson(body)}`).digest('hex');
}

/** RFC 6901 pointer: `['lines', 0, 'debit']` → `/lines/0/debit`. */
export function jsonPointer(path: readonly PropertyKey[]): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

const MESSAGE_BY_CODE: Record<string, string> = {
  invalid_type: 'api.validation.type',
  too_big: 'validation.range',
  too_small: 'validation.range',
  invalid_format: 'validation.invalid',
  invalid_value: 'validation.choice',
};

/**
 * zod issues as field errors: `field` is a JSON pointer into the body, or the parameter's name for
 * a query, path or header parameter (`where` = 'param'). Unknown body fields are reported one by one.
 */
export function apiFieldErrors(issues: readonly z.core.$ZodIssue[], where: 'body' | 'param'): FieldError[] {
  const out: FieldError[] = [];
  const fieldOf = (path: readonly PropertyKey[]) => (where === 'body' ? jsonPointer(path) : path.map(String).join('.'));
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ field: fieldOf([...issue.path, key]), message: 'api.validation.unknownField' });
      continue;
    }
    const own = issue.message.startsWith('validation.') || issue.message.startsWith('api.');
    out.push({ field: fieldOf(issue.path), message: own ? issue.message : (MESSAGE_BY_CODE[issue.code] ?? 'validation.invalid') });
  }
  return out;
}

/** The fields of a posted line that must match an existing line of the same externalId (lettering may have moved since). */
export const REPLAY_FIELDS = [
  'journalCode', 'journalLabel', 'entryNumber', 'entryDate', 'account', 'accountLabel', 'auxiliaryAccount', 'auxiliaryLabel', 'pieceRef', 'pieceDate',
  'label', 'debit', 'credit', 'dueDate', 'currency', 'currencyAmount',
] as const;
export type ReplayField = (typeof REPLAY_FIELDS)[number];

/** The fields where a re-posted line differs from the stored one; the stored due date is the original one when it was rescheduled. */
export function replayDifferences(posted: Record<ReplayField, unknown>, stored: Record<ReplayField, unknown> & { originalDueDate: string | null }): ReplayField[] {
  const storedValue = (f: ReplayField) => (f === 'dueDate' ? (stored.originalDueDate ?? stored.dueDate) : stored[f]);
  return REPLAY_FIELDS.filter((f) => (posted[f] ?? null) !== (storedValue(f) ?? null));
}

export function isCustomerAccount(account: string, prefixesSetting: string): boolean {
  return prefixesSetting.split(',').map((p) => p.trim()).filter(Boolean).some((p) => account.startsWith(p));
}

/** Days past due at `today`; null without a due date. */
export function daysOverdue(dueDate: string | null, today: string): number | null {
  return dueDate ? daysBetween(dueDate, today) : null;
}
