/**
 * Approvals of the steps that start legal proceedings. A non-administrator's change to a status
 * flagged `requiresApproval`, or a legal step marked done, becomes a pending request: the dossier
 * keeps its state and its Chrono says so. An administrator approves — the change is then applied
 * exactly as the requester entered it, in the approver's transaction — or refuses with a reason.
 */
import { DataSource, In, type EntityManager } from 'typeorm';
import { findUser, userNames, type Role } from '../auth';
import { ClosureRequest } from '../closure-requests';
import { Db, inTransaction } from '../db/transactions';
import { boundQuery } from '../db/sql';
import { Dossier } from '../dossiers';
import { Actor, recordDossierEvent } from '../history';
import { completeIntervention, Intervention } from '../interventions';
import { PaymentPlan, Settlement } from '../payment-plans';
import { DossierStatus } from '../settings';
import { AppError } from '../shared/errors';
import { changeStatus, type ChangeContext, type StatusChangeInput } from '../status-changes';
import { ThirdParty } from '../third-parties';
import { ApprovalRequest, type ApprovalKind, type ApprovalStatus } from './approval-request.entity';
import { isApprover, legalActionNeedsApproval, statusChangeNeedsApproval } from './approval.rules';
import type { DeclarationDelays } from '../collective-procedures';

export type Approver = Actor & { role: Role };

/** The values a legal step is marked done with. */
export interface LegalActionInput {
  result: string | null;
  comment: string | null;
}

class DryRun extends Error {}

/**
 * Runs the status change in a transaction that is always rolled back (a savepoint inside a caller's
 * transaction): a request is only recorded when the change it holds would be accepted (the dialog
 * shows the same field errors as a direct change).
 */
async function checkStatusChange(db: Db, dossierId: number, version: number | null, input: StatusChangeInput, ctx: ChangeContext): Promise<void> {
  try {
    await db.transaction(async (m) => {
      await changeStatus(m, dossierId, version, input, ctx);
      throw new DryRun();
    });
  } catch (err) {
    if (!(err instanceof DryRun)) throw err;
  }
}

/**
 * The one status change, whoever asks for it: the dialog, an approval, a scenario step (the daily
 * job, `role: null`: it is no approver). Applied at once, or — for a status flagged
 * `requiresApproval` asked by a non-administrator — recorded as a pending request with its values.
 * Inside the caller's transaction when given its manager.
 */
export async function submitStatusChange(db: Db, dossierId: number, version: number | null, input: StatusChangeInput, ctx: ChangeContext & { role: Role | null }): Promise<'applied' | 'pending'> {
  const target = await db.getRepository(DossierStatus).findOneBy({ id: input.statusId });
  if (!target || (ctx.role !== null && !statusChangeNeedsApproval(ctx.role, target)) || (ctx.role === null && !target.requiresApproval)) {
    await changeStatus(db, dossierId, version, input, ctx);
    return 'applied';
  }
  await checkStatusChange(db, dossierId, version, input, ctx);
  await inTransaction(db, async (m) => {
    const dossier = await m.getRepository(Dossier).findOneBy({ id: dossierId });
    if (!dossier) throw AppError.notFound();
    if (await m.getRepository(ApprovalRequest).existsBy({ dossierId, kind: 'statusChange', status: 'pending' })) throw new AppError('invalid_state', 'approvals.errors.alreadyPending', 409);
    const from = await m.getRepository(DossierStatus).findOneByOrFail({ id: dossier.statusId });
    await save(m, { dossierId, kind: 'statusChange', statusId: target.id, interventionId: null, payload: JSON.stringify(input) }, ctx.actor, ctx.at);
    await recordDossierEvent(m, ctx.actor, { dossierId, at: ctx.at, type: 'statusChangeRequested', details: { from: from.label, to: target.label, comment: input.comment ?? '' } });
  });
  return 'pending';
}

/**
 * Marks an intervention done, or — for a legal step asked by a non-administrator — records a pending
 * request: the intervention stays to do (so the scenario's next step waits) until approved.
 */
export async function submitInterventionDone(
  db: Db, interventionId: number, input: LegalActionInput & { today: string; dossierId?: number }, actor: Approver, at: string,
): Promise<'done' | 'pending'> {
  return inTransaction(db, async (m) => {
    const i = await m.getRepository(Intervention).findOneBy({ id: interventionId });
    if (!i || (input.dossierId !== undefined && i.dossierId !== input.dossierId)) throw AppError.notFound();
    if (!legalActionNeedsApproval(actor.role, i)) {
      await completeIntervention(m, interventionId, input, actor, at);
      return 'done';
    }
    if (i.state !== 'todo') throw new AppError('invalid_state', 'interventions.errors.notTodo');
    if (await m.getRepository(ApprovalRequest).existsBy({ interventionId, status: 'pending' })) throw new AppError('invalid_state', 'approvals.errors.alreadyPending', 409);
    const payload: LegalActionInput = { result: input.result, comment: input.comment };
    await save(m, { dossierId: i.dossierId, kind: 'legalAction', statusId: null, interventionId, payload: JSON.stringify(payload) }, actor, at);
    await recordDossierEvent(m, actor, { dossierId: i.dossierId, at, type: 'legalActionRequested', details: { interventionId, label: i.label, result: input.result ?? '', comment: input.comment ?? '' } });
    return 'pending';
  });
}

async function save(m: EntityManager, row: Pick<ApprovalRequest, 'dossierId' | 'kind' | 'statusId' | 'interventionId' | 'payload'>, actor: Actor, at: string): Promise<ApprovalRequest> {
  const repo = m.getRepository(ApprovalRequest);
  return repo.save(repo.create({ ...row, status: 'pending', requestedAt: at, requestedBy: actor.userId, decidedAt: null, decidedBy: null, decisionReason: null }));
}

/**
 * An administrator's decision. Approving applies the request as its requester entered it (the
 * Chrono shows the change under the requester's name, after the approval line); a change that is no
 * longer possible (the dossier moved on) is refused with its reason and the request stays pending.
 * Refusing needs a reason and changes nothing else.
 */
export async function decideApproval(
  ds: DataSource, requestId: number, decision: 'approve' | 'refuse', reason: string | null, approver: Approver, ctx: { at: string; today: string; reminderDays: number; declarationDelays: DeclarationDelays },
): Promise<ApprovalRequest> {
  if (!isApprover(approver.role)) throw new AppError('forbidden', 'errors.forbidden', 403);
  if (decision === 'refuse' && !reason) throw AppError.field('reason', 'validation.required');
  return inTransaction(ds, async (m) => {
    const done = await m.getRepository(ApprovalRequest).update(
      { id: requestId, status: 'pending' },
      { status: decision === 'approve' ? 'approved' : 'refused', decidedAt: ctx.at, decidedBy: approver.userId, decisionReason: reason },
    );
    if (!done.affected) throw new AppError('invalid_state', 'approvals.errors.notPending', 409);
    const r = await m.getRepository(ApprovalRequest).findOneByOrFail({ id: requestId });
    const what = await describe(m, r);
    await recordDossierEvent(m, approver, { dossierId: r.dossierId, at: ctx.at, type: decision === 'approve' ? 'approvalGranted' : 'approvalRefused', details: { what, reason: reason ?? '' } });
    if (decision === 'approve') {
      const requester = await requesterOf(m, r);
      if (r.kind === 'statusChange') {
        await changeStatus(m, r.dossierId, null, JSON.parse(r.payload) as StatusChangeInput, { actor: requester, at: ctx.at, today: ctx.today, reminderDays: ctx.reminderDays, declarationDelays: ctx.declarationDelays });
      } else {
        const input = JSON.parse(r.payload) as LegalActionInput;
        await completeIntervention(m, r.interventionId!, { ...input, today: ctx.today, dossierId: r.dossierId }, requester, ctx.at);
      }
    }
    return r;
  });
}

async function requesterOf(m: EntityManager, r: ApprovalRequest): Promise<Actor> {
  const user = r.requestedBy ? await findUser(m, r.requestedBy) : null;
  return { userId: user?.id ?? null, userName: user?.displayName ?? null };
}

/** One line for the Chrono and the inbox: "Contentieux" or the legal step's label. */
async function describe(m: EntityManager, r: ApprovalRequest): Promise<string> {
  if (r.kind === 'statusChange') return (await m.getRepository(DossierStatus).findOneBy({ id: r.statusId ?? 0 }))?.label ?? '';
  return (await m.getRepository(Intervention).findOneBy({ id: r.interventionId ?? 0 }))?.label ?? '';
}

export interface ApprovalRow {
  id: number;
  dossierId: number;
  dossierNumber: number;
  customer: string;
  kind: ApprovalKind;
  status: ApprovalStatus;
  what: string;
  interventionId: number | null;
  requestedAt: string;
  requestedByName: string;
  decidedAt: string | null;
  decisionReason: string | null;
  /** What the requester entered: the comment, the legal step's result. */
  comment: string;
  result: string;
}

/** The dossier's approval requests with the given status, as listApprovals would list them: the dossier page's one bound statement when there are none. */
export async function dossierApprovals(db: Db, dossierId: number, status: ApprovalStatus): Promise<ApprovalRow[]> {
  const [any] = await boundQuery(db, 'SELECT 1 AS x FROM approval_request WHERE dossier_id = :dossierId AND status = :status LIMIT 1', { dossierId, status });
  return any ? listApprovals(db, { dossierId, status }) : [];
}

export async function listApprovals(db: Db, where: { status?: ApprovalStatus; dossierId?: number }, limit = 500): Promise<ApprovalRow[]> {
  const rows = await db.getRepository(ApprovalRequest).find({ where, order: { requestedAt: 'DESC', id: 'DESC' }, take: limit });
  if (rows.length === 0) return [];
  const ids = <T>(list: (T | null)[]) => [...new Set(list.filter((x): x is T => x !== null))];
  const dossiers = new Map((await db.getRepository(Dossier).findBy({ id: In(ids(rows.map((r) => r.dossierId))) })).map((d) => [d.id, d]));
  const customerIds = ids([...dossiers.values()].map((d) => d.thirdPartyId));
  const customers = new Map((customerIds.length ? await db.getRepository(ThirdParty).findBy({ id: In(customerIds) }) : []).map((c) => [c.id, c.name]));
  const userIds = ids(rows.map((r) => r.requestedBy));
  const users = await userNames(db, userIds);
  const statusIds = ids(rows.map((r) => r.statusId));
  const statuses = new Map((statusIds.length ? await db.getRepository(DossierStatus).findBy({ id: In(statusIds) }) : []).map((s) => [s.id, s.label]));
  const interventionIds = ids(rows.map((r) => r.interventionId));
  const interventions = new Map((interventionIds.length ? await db.getRepository(Intervention).findBy({ id: In(interventionIds) }) : []).map((i) => [i.id, i.label]));
  return rows.map((r) => {
    const d = dossiers.get(r.dossierId);
    const payload = JSON.parse(r.payload) as { comment?: string | null; result?: string | null };
    return {
      id: r.id, dossierId: r.dossierId, dossierNumber: d?.number ?? 0, customer: d ? (customers.get(d.thirdPartyId) ?? '') : '', kind: r.kind, status: r.status,
      what: r.kind === 'statusChange' ? (statuses.get(r.statusId ?? 0) ?? '') : (interventions.get(r.interventionId ?? 0) ?? ''), interventionId: r.interventionId,
      requestedAt: r.requestedAt, requestedByName: r.requestedBy ? (users.get(r.requestedBy) ?? '') : '', decidedAt: r.decidedAt, decisionReason: r.decisionReason,
      comment: payload.comment ?? '', result: payload.result ?? '',
    };
  });
}

export interface PendingCounts {
  legal: number;
  plans: number;
  settlements: number;
  closures: number;
  total: number;
}

/** Everything waiting for an administrator: legal steps, plans and settlements above the authority limit, closure requests. */
export async function pendingApprovalCounts(db: Db): Promise<PendingCounts> {
  const [legal, plans, settlements, closures] = await Promise.all([
    db.getRepository(ApprovalRequest).countBy({ status: 'pending' }),
    db.getRepository(PaymentPlan).countBy({ status: 'pending' }),
    db.getRepository(Settlement).countBy({ status: 'pending' }),
    db.getRepository(ClosureRequest).countBy({ status: 'pending' }),
  ]);
  return { legal, plans, settlements, closures, total: legal + plans + settlements + closures };
}

export interface PendingMoneyRow {
  kind: 'plan' | 'settlement';
  id: number;
  dossierId: number;
  dossierNumber: number;
  customer: string;
  amount: number;
  balance: number;
  createdAt: string;
  requestedByName: string;
}

/** Plans and settlements waiting above the authority limit, for the inbox (decided on the dossier's account). */
export async function pendingPlansAndSettlements(db: Db): Promise<PendingMoneyRow[]> {
  const plans = await db.getRepository(PaymentPlan).find({ where: { status: 'pending' }, order: { createdAt: 'DESC' }, take: 500 });
  const settlements = await db.getRepository(Settlement).find({ where: { status: 'pending' }, order: { createdAt: 'DESC' }, take: 500 });
  const dossierIds = [...new Set([...plans, ...settlements].map((x) => x.dossierId))];
  if (dossierIds.length === 0) return [];
  const dossiers = new Map((await db.getRepository(Dossier).findBy({ id: In(dossierIds) })).map((d) => [d.id, d]));
  const customers = new Map((await db.getRepository(ThirdParty).findBy({ id: In([...new Set([...dossiers.values()].map((d) => d.thirdPartyId))]) })).map((c) => [c.id, c.name]));
  const userIds = [...new Set([...plans, ...settlements].map((x) => x.createdBy).filter((x): x is number => x !== null))];
  const users = await userNames(db, userIds);
  const row = (kind: 'plan' | 'settlement', x: PaymentPlan | Settlement, amount: number, balance: number): PendingMoneyRow => {
    const d = dossiers.get(x.dossierId);
    return { kind, id: x.id, dossierId: x.dossierId, dossierNumber: d?.number ?? 0, customer: d ? (customers.get(d.thirdPartyId) ?? '') : '', amount, balance, createdAt: x.createdAt, requestedByName: x.createdBy ? (users.get(x.createdBy) ?? '') : '' };
  };
  return [
    ...plans.map((p) => row('plan', p, p.total, p.balanceAtCreation)),
    ...settlements.map((s) => row('settlement', s, s.amount, s.balance)),
  ].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The request a decision is about, if it exists (an unknown one is refused by the decision itself). */
export const findApprovalRequest = (db: Db, id: number): Promise<ApprovalRequest | null> => db.getRepository(ApprovalRequest).findOneBy({ id });
