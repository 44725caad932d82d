/**
 * Demandes de clôture. Accepting one does not close the dossier by itself: closing (Terminé) needs an
 * end date, a resolution and a result, so the administrator is taken to the status change with
 * Terminé chosen; the acceptance and the later closure are two Chrono lines.
 */
import { In } from 'typeorm';
import { userNames } from '../auth';
import { Db, inTransaction } from '../db/transactions';
import { Dossier, recordDossierEvent, type Actor } from '../dossiers';
import { DossierStatus } from '../settings';
import { AppError } from '../shared/errors';
import { ThirdParty } from '../third-parties';
import { ClosureRequest } from './closure-request.entity';

export async function requestClosure(db: Db, dossierId: number, reason: string, actor: Actor, at: string): Promise<ClosureRequest> {
  return inTransaction(db, async (m) => {
    const dossier = await m.getRepository(Dossier).findOneBy({ id: dossierId });
    if (!dossier) throw AppError.notFound();
    const status = await m.getRepository(DossierStatus).findOneByOrFail({ id: dossier.statusId });
    if (status.kind === 'closed') throw new AppError('invalid_state', 'closure.errors.alreadyClosed', 409);
    if (await m.getRepository(ClosureRequest).existsBy({ dossierId, status: 'pending' })) throw new AppError('invalid_state', 'closure.errors.alreadyPending', 409);
    const saved = await m.getRepository(ClosureRequest).save(m.getRepository(ClosureRequest).create({
      dossierId, status: 'pending', reason, requestedAt: at, requestedBy: actor.userId, decidedAt: null, decidedBy: null, decisionReason: null,
    }));
    await recordDossierEvent(m, actor, { dossierId, at, type: 'closureRequested', details: { reason } });
    return saved;
  });
}

export async function decideClosure(db: Db, requestId: number, decision: 'accept' | 'refuse', reason: string | null, actor: Actor, at: string): Promise<ClosureRequest> {
  if (decision === 'refuse' && !reason) throw AppError.field('reason', 'validation.required');
  return inTransaction(db, async (m) => {
    const done = await m.getRepository(ClosureRequest).update({ id: requestId, status: 'pending' }, { status: decision === 'accept' ? 'accepted' : 'refused', decidedAt: at, decidedBy: actor.userId, decisionReason: reason });
    if (!done.affected) throw new AppError('invalid_state', 'closure.errors.notPending', 409);
    const r = await m.getRepository(ClosureRequest).findOneByOrFail({ id: requestId });
    await recordDossierEvent(m, actor, { dossierId: r.dossierId, at, type: decision === 'accept' ? 'closureAccepted' : 'closureRefused', details: { reason: reason ?? '' } });
    return r;
  });
}

export interface ClosureRequestRow extends ClosureRequest {
  dossierNumber: number;
  customer: string;
  requestedByName: string;
}

export async function listClosureRequests(db: Db, where: { status?: ClosureRequest['status']; dossierId?: number }): Promise<ClosureRequestRow[]> {
  const rows = await db.getRepository(ClosureRequest).find({ where, order: { requestedAt: 'DESC', id: 'DESC' }, take: 500 });
  if (rows.length === 0) return [];
  const dossiers = new Map((await db.getRepository(Dossier).findBy({ id: In([...new Set(rows.map((r) => r.dossierId))]) })).map((d) => [d.id, d]));
  const customers = new Map((await db.getRepository(ThirdParty).findBy({ id: In([...new Set([...dossiers.values()].map((d) => d.thirdPartyId))]) })).map((c) => [c.id, c.name]));
  const userIds = [...new Set(rows.map((r) => r.requestedBy).filter((x): x is number => x !== null))];
  const users = await userNames(db, userIds);
  return rows.map((r) => {
    const d = dossiers.get(r.dossierId);
    return Object.assign(r, { dossierNumber: d?.number ?? 0, customer: d ? (customers.get(d.thirdPartyId) ?? '') : '', requestedByName: r.requestedBy ? (users.get(r.requestedBy) ?? '') : '' });
  });
}

/** The status the acceptance proposes: the first active closed one (Terminé). */
export async function closedStatusId(db: Db): Promise<number | null> {
  const s = await db.getRepository(DossierStatus).findOne({ where: { kind: 'closed', active: true }, order: { position: 'ASC', id: 'ASC' } });
  return s?.id ?? null;
}
