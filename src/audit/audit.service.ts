/**
 * Settings audit: every change to a setting is written, in the changing transaction, as one row
 * with who, when, which area and row, and the row before and after.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from 'typeorm';
import type { Db } from '../db/sql';
import { nowIso } from '../shared/business-date';
import { SettingChange } from './setting-change.entity';

export interface AuditActor {
  userId: number | null;
  name: string;
}

/** Changes made outside a request (command line, first start, scheduled job). */
export const SYSTEM_ACTOR: AuditActor = { userId: null, name: 'system' };

export const AUDIT_AREAS = ['reference-lists', 'companies', 'credit-controllers', 'scenarios', 'templates', 'journal-accounts', 'users', 'api-keys', 'app-settings', 'late-payment-rates'] as const;
export type AuditArea = (typeof AUDIT_AREAS)[number];

export interface SettingChangeInput {
  area: AuditArea;
  entityId: string | number | null;
  /** The row before the change (null when created) and after it (null when deleted). */
  before: unknown;
  after: unknown;
}

const requestActors = new AsyncLocalStorage<AuditActor>();

/** Runs `fn` with `actor` as the author of the settings changes it makes (the web layer sets it per request). */
export function runAsActor<T>(actor: AuditActor, fn: () => T): T {
  return requestActors.run(actor, fn);
}

/** The signed-in user of the current request, or the system outside a request. */
export function currentActor(): AuditActor {
  return requestActors.getStore() ?? SYSTEM_ACTOR;
}

/** Secrets never reach the audit: hashes are replaced by a marker. */
const SECRET_KEYS = /hash|secret|password/i;

function clean(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(clean);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (typeof v === 'function') continue;
      out[k] = SECRET_KEYS.test(k) ? (v === null || v === undefined ? null : '***') : clean(v);
    }
    return out;
  }
  return value;
}

function toJson(value: unknown): string | null {
  const v = clean(value);
  return v === null ? null : JSON.stringify(v);
}

/**
 * Records one settings change inside the caller's transaction (`m`), so the change and its audit
 * line are written or rolled back together. A "change" that changes nothing is not recorded.
 * `actor` defaults to the current request's user.
 */
export async function recordSettingChange(m: EntityManager, actor: AuditActor | null | undefined, change: SettingChangeInput): Promise<SettingChange | null> {
  const before = toJson(change.before);
  const after = toJson(change.after);
  if (before === after) return null;
  const who = actor ?? currentActor();
  const repo = m.getRepository(SettingChange);
  return repo.save(
    repo.create({
      at: nowIso(),
      userId: who.userId,
      actorName: who.name.slice(0, 120),
      area: change.area,
      entityId: change.entityId === null ? null : String(change.entityId).slice(0, 100),
      action: before === null ? 'create' : after === null ? 'delete' : 'update',
      beforeJson: before,
      afterJson: after,
    }),
  );
}

export interface SettingChangeFilter {
  area?: string | null;
  userId?: number | null;
  /** Business dates, inclusive. */
  from?: string | null;
  to?: string | null;
  page?: number;
  pageSize?: number;
}

export async function listSettingChanges(db: Db, filter: SettingChangeFilter): Promise<{ rows: SettingChange[]; total: number }> {
  const pageSize = filter.pageSize ?? 50;
  const qb = db.getRepository(SettingChange).createQueryBuilder('c');
  if (filter.area) qb.andWhere('c.area = :area', { area: filter.area });
  if (filter.userId) qb.andWhere('c.userId = :userId', { userId: filter.userId });
  // Timestamps are ISO text: a date bound compares as a prefix.
  if (filter.from) qb.andWhere('c.at >= :from', { from: filter.from });
  if (filter.to) qb.andWhere('c.at < :to', { to: `${filter.to}T99` });
  qb.orderBy('c.at', 'DESC').addOrderBy('c.id', 'DESC').skip(((filter.page ?? 1) - 1) * pageSize).take(pageSize);
  const [rows, total] = await qb.getManyAndCount();
  return { rows, total };
}

/** The fields that differ between two JSON snapshots, for the list. */
export function changedFields(beforeJson: string | null, afterJson: string | null): { field: string; before: unknown; after: unknown }[] {
  const before = (beforeJson ? JSON.parse(beforeJson) : {}) as Record<string, unknown>;
  const after = (afterJson ? JSON.parse(afterJson) : {}) as Record<string, unknown>;
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  const out: { field: string; before: unknown; after: unknown }[] = [];
  for (const f of fields) {
    if (JSON.stringify(before[f]) !== JSON.stringify(after[f])) out.push({ field: f, before: before[f] ?? null, after: after[f] ?? null });
  }
  return out;
}
