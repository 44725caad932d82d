/**
 * Approvals: the administrators' inbox (/approvals) of everything waiting for them — steps that start
 * legal proceedings, decided here; plans and settlements above the authority limit and closure
 * requests, decided where they already were — its count in the header, and the "en attente
 * d'approbation" badge of a dossier. Mounted before the dossier routes so the badge is known there.
 */
import { NextFunction, Request, Response, type Router } from 'express';
import { moduleRouter } from '../web/router';
import { z } from 'zod';
import { currentUser, actorOf } from '../web/auth';
import type { AppError } from '../shared/errors';
import type { ModuleContext } from '../web/context';
import { field, parseForm, idParam } from '../web/form';
import { isApprover } from './approval.rules';
import { findApprovalRequest, decideApproval, dossierApprovals, listApprovals, pendingApprovalCounts, pendingPlansAndSettlements } from './approval.service';
import { declarationDelays } from '../collective-procedures';
import { handleForm } from '../web/form-action';

const decisionSchema = z.object({ decision: field.oneOf(['approve', 'refuse'] as const), reason: field.optionalText(1000) });

/** Why a decision was not applied: the reason missing, no longer pending, or what the dossier no longer allows (the request stays pending). */
function refusal(err: AppError, res: Response): string {
  const t = res.locals.t as (k: string, p?: Record<string, unknown>) => string;
  if (err.code === 'validation' && err.fieldErrors.some((e) => e.field === 'reason' || e.field === 'decision')) return 'approvals.errors.reasonRequired';
  if (err.message === 'approvals.errors.notPending') return err.message;
  // An approval the dossier no longer allows (it moved on meanwhile) says why.
  return t('approvals.errors.cannotApply', { reason: t(err.fieldErrors[0]?.message ?? err.message, err.params) });
}

/** The header's count for administrators, on every full page; mounted first so no page misses the shield. */
export function approvalBadgeRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    const user = res.locals.user as { role: Parameters<typeof isApprover>[0] } | undefined;
    if (req.method === 'GET' && user && isApprover(user.role) && !req.get('HX-Request')) res.locals.approvalsPending = (await pendingApprovalCounts(ctx.dataSource)).total;
    next();
  });
  return router;
}

export function approvalRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;

  // The dossier page's badge and the interventions waiting for approval (every tab, every role).
  router.use('/dossiers/:id', async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || !/^\d{1,9}$/.test(String(req.params.id)) || !res.locals.user) return next();
    res.locals.pendingApprovals = await dossierApprovals(ds, Number(req.params.id), 'pending');
    next();
  });

  router.get('/approvals', async (req, res) => {
    const showAll = req.query.status === 'all';
    res.render('approvals/inbox', {
      title: res.locals.t('approvals.title'),
      rows: await listApprovals(ds, showAll ? {} : { status: 'pending' }),
      money: await pendingPlansAndSettlements(ds),
      counts: await pendingApprovalCounts(ds),
      showAll,
    });
  });

  router.post('/approvals/:rid/decision', async (req, res) => {
    const rid = idParam(req.params.rid);
    const request = await findApprovalRequest(ds, rid);
    const back = typeof req.body?.back === 'string' && req.body.back === 'dossier' && request ? `/dossiers/${request.dossierId}` : '/approvals';
    await handleForm(req, res, {
      run: async () => {
        const f = parseForm(decisionSchema, req.body);
        await decideApproval(ds, rid, f.decision, f.reason, { ...actorOf(res), role: currentUser(res).role }, { at: ctx.now().toISOString(), today: ctx.today(), reminderDays: ctx.config.claimsReminderDays, declarationDelays: declarationDelays(ctx.config) });
        return f.decision === 'approve' ? 'approvals.flash.approved' : 'approvals.flash.refused';
      },
      back,
      invalid: refusal,
      refused: refusal,
    });
  });

  return router;
}
