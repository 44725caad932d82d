/** Pure rules of the administrator's lists. */
import type { StatusKind } from './reference-list.entities';

export const LIST_SLUGS = ['statuses', 'risk-codes', 'dispute-reasons', 'resolutions', 'results', 'agencies'] as const;
export type ListSlug = (typeof LIST_SLUGS)[number];

export function isListSlug(value: unknown): value is ListSlug {
  return typeof value === 'string' && (LIST_SLUGS as readonly string[]).includes(value);
}

/** Codes are identifiers (scenario files name statuses by code): letters, digits, `_` and `-`. */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

export function isValidCode(code: string): boolean {
  return /^[A-Z0-9][A-Z0-9_-]*$/.test(code);
}

export interface ItemChange {
  inUse: boolean;
  before: { code: string; active: boolean; kind?: StatusKind } | null;
  after: { code: string; active: boolean; kind?: StatusKind };
  /** For a status: how many other active statuses of kind `open` remain. */
  otherActiveOpenStatuses?: number;
}

/**
 * Why a change to a list item would break what uses it, as a message key, or null when it is fine.
 * A used item keeps its code (scenarios and imports name it) and, for a status, its kind (the
 * dossiers in it would change behaviour); the last active `open` status stays active, since new
 * dossiers start in it.
 */
export function itemChangeProblem(change: ItemChange): { field: string; message: string } | null {
  const { before, after, inUse } = change;
  if (before && inUse && before.code !== after.code) return { field: 'code', message: 'settings.errors.codeInUse' };
  if (before && inUse && before.kind !== undefined && before.kind !== after.kind) return { field: 'kind', message: 'settings.errors.kindInUse' };
  const wasActiveOpen = before ? before.active && before.kind === 'open' : false;
  const staysActiveOpen = after.active && after.kind === 'open';
  if (change.otherActiveOpenStatuses !== undefined && wasActiveOpen && !staysActiveOpen && change.otherActiveOpenStatuses === 0) {
    return { field: after.active ? 'kind' : 'active', message: 'settings.errors.lastOpenStatus' };
  }
  return null;
}
