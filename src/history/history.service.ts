/**
 * Chrono: every change to a dossier writes one DossierEvent, in the same transaction as the change
 * (the caller passes its EntityManager), so the history never disagrees with the data.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { DossierEvent } from './dossier-event.entity';
import { NO_CHRONO_FILTER, timestampRange, type ChronoFilter } from './history.rules';

/** Who did it: kept by id and by name, so the history still reads well after a user is renamed or removed. */
export interface Actor {
  userId: number | null;
  userName: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, userName: null };

export interface EventInput {
  dossierId: number;
  type: string;
  details?: Record<string, unknown>;
  amount?: number | null;
  at: string;
}

export async function recordDossierEvent(manager: EntityManager, actor: Actor, event: EventInput): Promise<DossierEvent> {
  return manager.getRepository(DossierEvent).save(
    manager.getRepository(DossierEvent).create({
      dossierId: event.dossierId,
      at: event.at,
      userId: actor.userId,
      userName: actor.userName,
      type: event.type,
      details: JSON.stringify(event.details ?? {}),
      amount: event.amount ?? null,
    }),
  );
}

export interface DossierEventView {
  id: number;
  at: string;
  userName: string | null;
  type: string;
  details: Record<string, unknown>;
  amount: number | null;
}

function toView(e: DossierEvent): DossierEventView {
  let details: Record<string, unknown> = {};
  try {
    details = JSON.parse(e.details) as Record<string, unknown>;
  } catch {
    details = {};
  }
  return { id: e.id, at: e.at, userName: e.userName, type: e.type, details, amount: e.amount };
}

/** The dossier's history, newest first, narrowed by the Chrono's filters. */
export async function listDossierEvents(ds: DataSource | EntityManager, dossierId: number, filter: ChronoFilter = NO_CHRONO_FILTER, limit = 500): Promise<DossierEventView[]> {
  const q = ds.getRepository(DossierEvent).createQueryBuilder('e').where('e.dossier_id = :dossierId', { dossierId });
  const range = timestampRange(filter);
  if (range.from) q.andWhere('e.at >= :from', { from: range.from });
  if (range.before) q.andWhere('e.at < :before', { before: range.before });
  if (filter.minAmount !== null) q.andWhere('e.amount >= :minAmount', { minAmount: filter.minAmount });
  if (filter.maxAmount !== null) q.andWhere('e.amount <= :maxAmount', { maxAmount: filter.maxAmount });
  if (filter.type) q.andWhere('e.type = :type', { type: filter.type });
  // The action an event is about (call, letter…) is the `kind` its details carry.
  if (filter.action) q.andWhere('e.details LIKE :action', { action: `%"kind":"${filter.action}"%` });
  if (filter.text) q.andWhere("(LOWER(e.details) LIKE :text ESCAPE '\\' OR LOWER(COALESCE(e.user_name, '')) LIKE :text ESCAPE '\\')", { text: filter.text });
  const rows = await q.orderBy('e.at', 'DESC').addOrderBy('e.id', 'DESC').take(limit).getMany();
  return rows.map(toView);
}

/** The event types a dossier's history holds, for the Chrono's type filter. */
export async function dossierEventTypes(ds: DataSource | EntityManager, dossierId: number): Promise<string[]> {
  const rows = await ds.getRepository(DossierEvent).createQueryBuilder('e').select('DISTINCT e.type', 'type').where('e.dossier_id = :dossierId', { dossierId }).getRawMany<{ type: string }>();
  return rows.map((r) => r.type).sort();
}

export async function lastDossierEvent(ds: DataSource | EntityManager, dossierId: number): Promise<DossierEventView | null> {
  const [row] = await ds.getRepository(DossierEvent).find({ where: { dossierId }, order: { at: 'DESC', id: 'DESC' }, take: 1 });
  return row ? toView(row) : null;
}
