/**
 * Bulk work on the dossier list: the selection (ticked dossiers, or every dossier the list's filter
 * matches) and the actions on it. Each dossier is changed in its own transaction, through the use
 * case that changes it one at a time (scenario panel, status dialog), so a dossier refused for a
 * reason (closed, another controller's, data missing for its status) leaves the others done; the
 * outcome says which were done and why the others were refused.
 */
import { In } from 'typeorm';
import { Db, inTransaction, isPostgres, rawQuery } from '../db/transactions';
import { toNumber } from '../db/column-types';
import { CreditController } from '../credit-controllers';
import { Actor, recordDossierEvent } from '../history';
import { DossierStatus } from '../settings';
import { AppError, isAppError } from '../shared/errors';
import { Dossier } from './dossier.entity';
import { LIST_FROM, searchWhere } from './dossier-list.service';

/** The most dossiers one bulk action takes: beyond, the user narrows the filter. */
export const MAX_BULK = 2000;

export type BulkSelection = { ids: number[] } | { filter: { search: string; statusId: number | null } };

export interface BulkRefusal {
  dossierId: number;
  number: number;
  /** i18n key, with its params. */
  reason: string;
  params?: Record<string, string | number>;
}

export interface BulkOutcome {
  done: { dossierId: number; number: number }[];
  /** Status changes that wait for an administrator's approval (src/approvals). */
  pending: { dossierId: number; number: number }[];
  refused: BulkRefusal[];
  /** Set when the selection was larger than MAX_BULK: nothing was done. */
  tooMany?: number;
}

/** The ids of the selection, in number order; at most MAX_BULK + 1 (to tell "too many"). */
export async function selectionIds(db: Db, selection: BulkSelection): Promise<number[]> {
  if ('ids' in selection) {
    if (selection.ids.length === 0) return [];
    const ids = [...new Set(selection.ids)].slice(0, MAX_BULK + 1);
    const rows = await rawQuery<{ id: unknown }>(db, 'SELECT d.id AS id FROM dossier d WHERE d.id IN (:...ids) ORDER BY d.number, d.id', { ids });
    return rows.map((r) => toNumber(r.id));
  }
  const search = searchWhere(selection.filter.search);
  const where = selection.filter.statusId ? `${search.sql} AND d.status_id = :statusId` : search.sql;
  const rows = await rawQuery<{ id: unknown }>(db, `SELECT d.id AS id ${LIST_FROM} WHERE ${where} ORDER BY d.number, d.id LIMIT ${MAX_BULK + 1}`, {
    ...search.params,
    statusId: selection.filter.statusId,
  });
  return rows.map((r) => toNumber(r.id));
}

/** Runs `one` for each dossier, each in its own transaction; an AppError refuses that dossier only. */
export async function eachDossier(
  db: Db,
  ids: number[],
  notWritable: number[],
  one: (dossier: Dossier) => Promise<void | 'applied' | 'pending'>,
): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { done: [], pending: [], refused: [] };
  if (ids.length > MAX_BULK) return { ...outcome, tooMany: ids.length };
  const dossiers = ids.length ? await db.getRepository(Dossier).find({ where: { id: In(ids) }, order: { number: 'ASC', id: 'ASC' } }) : [];
  const statuses = new Map((await db.getRepository(DossierStatus).find()).map((s) => [s.id, s]));
  for (const d of dossiers) {
    if (notWritable.includes(d.id)) {
      outcome.refused.push({ dossierId: d.id, number: d.number, reason: 'dossiers.bulk.refused.notYours' });
      continue;
    }
    if (statuses.get(d.statusId)?.kind === 'closed') {
      outcome.refused.push({ dossierId: d.id, number: d.number, reason: 'statusChanges.errors.dossierClosed' });
      continue;
    }
    try {
      const result = await one(d);
      (result === 'pending' ? outcome.pending : outcome.done).push({ dossierId: d.id, number: d.number });
    } catch (err) {
      if (!isAppError(err)) throw err;
      const first = err.fieldErrors[0];
      outcome.refused.push({ dossierId: d.id, number: d.number, reason: first && err.message === 'errors.validation' ? first.message : err.message, params: err.params });
    }
  }
  return outcome;
}

/**
 * Réaffecter: the dossier's credit controller, with its Chrono line (as an edit of the dossier
 * records it). A dossier already with this controller counts as done and records nothing.
 */
export async function reassignController(db: Db, dossierId: number, controllerId: number | null, actor: Actor, at: string): Promise<void> {
  await inTransaction(db, async (m) => {
    const q = m.getRepository(Dossier).createQueryBuilder('d').where('d.id = :id', { id: dossierId });
    if (isPostgres(m)) q.setLock('pessimistic_write');
    const before = await q.getOne();
    if (!before) throw AppError.notFound();
    if (before.controllerId === controllerId) return;
    const names = new Map((await m.getRepository(CreditController).findBy({ id: In([before.controllerId ?? 0, controllerId ?? 0]) })).map((c) => [c.id, c.name]));
    if (controllerId !== null && !names.has(controllerId)) throw AppError.field('controllerId', 'validation.choice');
    await m.createQueryBuilder().update(Dossier).set({ controllerId, updatedAt: at, updatedBy: actor.userId, version: () => 'version + 1' }).where('id = :id', { id: dossierId }).execute();
    await recordDossierEvent(m, actor, {
      dossierId,
      at,
      type: 'fieldChanged',
      details: { field: 'controllerId', format: 'text', before: before.controllerId ? (names.get(before.controllerId) ?? null) : null, after: controllerId ? names.get(controllerId)! : null },
    });
  });
}
