/**
 * Intervention use cases: raise one (by hand now, by the scenario engine and status changes later),
 * mark it done or skip it. Each writes its Chrono line in the same transaction.
 */
import { DataSource, EntityManager } from 'typeorm';
import { userNames } from '../auth';
import { CreditController } from '../credit-controllers';
import { Actor, recordDossierEvent } from '../history';
import { AppError } from '../shared/errors';
import { Dossier } from '../dossiers';
import { Intervention, InterventionSource, InterventionType } from './intervention.entity';

import type { Db } from '../db/sql';

async function inTransaction<T>(db: Db, fn: (m: EntityManager) => Promise<T>): Promise<T> {
  if (db instanceof DataSource) return db.transaction(fn);
  if (db.queryRunner?.isTransactionActive) return fn(db);
  return db.transaction(fn);
}

export interface NewIntervention {
  dossierId: number;
  type: InterventionType;
  label: string;
  dueDate: string;
  priority: number;
  assigneeId: number | null;
  source?: InterventionSource;
  stepCode?: string | null;
  occurrence?: number | null;
  /** Raise it already done (e.g. "Information du redressement judiciaire"). */
  doneDate?: string | null;
  result?: string | null;
  comment?: string | null;
}

export async function addIntervention(db: Db, input: NewIntervention, actor: Actor, at: string): Promise<Intervention> {
  return inTransaction(db, async (m) => {
    if (!(await m.getRepository(Dossier).existsBy({ id: input.dossierId }))) throw AppError.notFound();
    if (input.assigneeId !== null && !(await m.getRepository(CreditController).existsBy({ id: input.assigneeId }))) {
      throw AppError.field('assigneeId', 'validation.choice');
    }
    const done = Boolean(input.doneDate);
    const saved = await m.getRepository(Intervention).save(
      m.getRepository(Intervention).create({
        dossierId: input.dossierId, type: input.type, label: input.label, dueDate: input.dueDate, priority: input.priority, assigneeId: input.assigneeId,
        state: done ? 'done' : 'todo', source: input.source ?? 'manual', stepCode: input.stepCode ?? null, occurrence: input.occurrence ?? null,
        doneDate: done ? input.doneDate! : null, doneAt: done ? at : null, doneBy: done ? actor.userId : null, result: input.result ?? null,
        comment: input.comment ?? null, skipReason: null, version: 1, createdAt: at, createdBy: actor.userId,
      }),
    );
    await recordDossierEvent(m, actor, {
      dossierId: input.dossierId, at, type: 'interventionAdded',
      details: { interventionId: saved.id, kind: saved.type, label: saved.label, dueDate: saved.dueDate, state: saved.state },
    });
    return saved;
  });
}

/** Moves a to-do intervention to done/skipped; refuses one already handled (by someone else meanwhile). */
async function finish(m: EntityManager, interventionId: number, dossierId: number | undefined, changes: Partial<Intervention>): Promise<Intervention> {
  const current = await m.getRepository(Intervention).findOneBy({ id: interventionId });
  if (!current || (dossierId !== undefined && current.dossierId !== dossierId)) throw AppError.notFound();
  const result = await m
    .createQueryBuilder()
    .update(Intervention)
    .set({ ...changes, version: () => 'version + 1' })
    .where("id = :id AND state = 'todo'", { id: interventionId })
    .execute();
  if (!result.affected) throw new AppError('invalid_state', 'interventions.errors.notTodo');
  return m.getRepository(Intervention).findOneByOrFail({ id: interventionId });
}

export async function completeIntervention(
  db: Db,
  interventionId: number,
  input: { result: string | null; comment: string | null; today: string; dossierId?: number },
  actor: Actor,
  at: string,
): Promise<Intervention> {
  return inTransaction(db, async (m) => {
    const done = await finish(m, interventionId, input.dossierId, { state: 'done', doneDate: input.today, doneAt: at, doneBy: actor.userId, result: input.result, comment: input.comment });
    await recordDossierEvent(m, actor, {
      dossierId: done.dossierId, at, type: 'interventionDone',
      details: { interventionId, kind: done.type, label: done.label, result: input.result, comment: input.comment },
    });
    return done;
  });
}

export async function skipIntervention(
  db: Db,
  interventionId: number,
  input: { reason: string; today: string; dossierId?: number },
  actor: Actor,
  at: string,
): Promise<Intervention> {
  return inTransaction(db, async (m) => {
    const skipped = await finish(m, interventionId, input.dossierId, { state: 'skipped', skipReason: input.reason, doneDate: input.today, doneAt: at, doneBy: actor.userId });
    await recordDossierEvent(m, actor, {
      dossierId: skipped.dossierId, at, type: 'interventionSkipped',
      details: { interventionId, kind: skipped.type, label: skipped.label, reason: input.reason },
    });
    return skipped;
  });
}

export interface InterventionView extends Intervention {
  assigneeName: string | null;
  doneByName: string | null;
}

/** A dossier's interventions: to-do first (by due date), then the handled ones, newest first. */
export async function listInterventions(db: Db, dossierId: number): Promise<InterventionView[]> {
  const rows = await db.getRepository(Intervention).find({ where: { dossierId }, order: { dueDate: 'ASC', id: 'ASC' } });
  const controllers = new Map((await db.getRepository(CreditController).find()).map((c) => [c.id, c.name]));
  const userIds = [...new Set(rows.map((r) => r.doneBy).filter((v): v is number => v !== null))];
  const users = await userNames(db, userIds);
  const todo = rows.filter((r) => r.state === 'todo');
  const handled = rows.filter((r) => r.state !== 'todo').sort((a, b) => (b.doneAt ?? '').localeCompare(a.doneAt ?? '') || b.id - a.id);
  return [...todo, ...handled].map((r) =>
    Object.assign(r, { assigneeName: r.assigneeId ? (controllers.get(r.assigneeId) ?? null) : null, doneByName: r.doneBy ? (users.get(r.doneBy) ?? null) : null }),
  );
}
