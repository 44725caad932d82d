/**
 * Chrono: every change to a dossier writes one DossierEvent, in the same transaction as the change
 * (the caller passes its EntityManager), so the history never disagrees with the data.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { DossierEvent } from './dossier-event.entity';

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

/** The dossier's history, newest first. */
export async function listDossierEvents(ds: DataSource | EntityManager, dossierId: number, limit = 500): Promise<DossierEventView[]> {
  const rows = await ds.getRepository(DossierEvent).find({ where: { dossierId }, order: { at: 'DESC', id: 'DESC' }, take: limit });
  return rows.map(toView);
}

export async function lastDossierEvent(ds: DataSource | EntityManager, dossierId: number): Promise<DossierEventView | null> {
  const [row] = await ds.getRepository(DossierEvent).find({ where: { dossierId }, order: { at: 'DESC', id: 'DESC' }, take: 1 });
  return row ? toView(row) : null;
}
