/**
 * Accords de paiement: the panel under the dossier's account, creating a plan, an administrator's
 * decision on a plan waiting above the authority limit, and the authority-limit setting.
 */
import { Request, Response, type Router } from 'express';
import { moduleRouter } from '../web/router';
import { z } from 'zod';
import { currentUser } from '../web/auth';
import { ACCOUNT_PANELS, renderAccount, PAYMENT_METHODS } from '../dossier-account';
import { formatAmountInput } from '../shared/money';
import type { ModuleContext } from '../web/context';
import { field, parseForm, idParam } from '../web/form';
import { flash } from '../web/middleware';
import { PERIODICITIES } from './payment-plan.entity';
import { getPaymentPlan, getSettlement, authorityLimit, createPaymentPlan, decidePaymentPlan, suspendScenarioForPlan, decideSettlement, dossierPlans, dossierSettlements, proposeSettlement, saveAuthorityLimit } from './payment-plan.service';
import { formAction, handleForm } from '../web/form-action';

const planSchema = z.object({
  total: field.optionalAmount(),
  firstDate: field.requiredDate(),
  agreedOn: field.optionalDate(),
  periodicity: field.oneOf(PERIODICITIES),
  count: field.optionalInteger(1, 120),
  installmentAmount: field.optionalAmount(),
  interestRate: field.percentage(),
  method: field.oneOf(PAYMENT_METHODS),
});

const decisionSchema = z.object({ decision: field.oneOf(['approve', 'refuse'] as const), reason: field.optionalText(1000) });

function actorWithRole(res: Response) {
  const u = currentUser(res);
  return { userId: u.id, userName: u.displayName, role: u.role };
}

function bodyValues(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}

ACCOUNT_PANELS.push({
  view: '../payment-plans/panel',
  load: async (ctx, dossierId, res) => ({
    plans: await dossierPlans(ctx.dataSource, dossierId, ctx.today(), res.locals.lang),
    periodicities: PERIODICITIES,
    authorityLimit: await authorityLimit(ctx.dataSource),
    settlements: await dossierSettlements(ctx.dataSource, dossierId),
  }),
});

export function paymentPlanRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;

  /**
   * A plan or a settlement submitted from the account tab: back to the tab with its message; a refused
   * state (an active plan already…) as a flash, bad input re-rendered at the fields.
   */
  const submitFromAccount = (form: 'plan' | 'settlement', submit: (req: Request, res: Response, dossierId: number) => Promise<string>) => formAction({
    run: async (req, res) => flashFromKey(req, await submit(req, res, idParam(req.params.id))),
    back: (req) => `/dossiers/${idParam(req.params.id)}/account`,
    rerender: (req, res, errors) => renderAccount(ctx, res, idParam(req.params.id), { status: 422, errors, values: bodyValues(req), form }),
  });
  /** Pending ones warn (they wait for an approver), the others succeed. */
  const flashFromKey = (req: Request, key: string) => flash(req, key.endsWith('submitted') ? 'warning' : 'success', key);

  router.post('/dossiers/:id/plans', submitFromAccount('plan', async (req, res, id) => {
    const f = parseForm(planSchema, req.body);
    const plan = await createPaymentPlan(ds, id, { ...f, interestRateHundredths: f.interestRate }, actorWithRole(res), ctx.now().toISOString(), ctx.today());
    await suspendScenarioForPlan(ds, plan.id, actorWithRole(res), ctx.now().toISOString());
    // Recorded after it was agreed: a warning, not a refusal; its past installments are already checked against the payments.
    if (plan.pastInstallments > 0) {
      flash(req, 'warning', (res.locals.t as (k: string, p?: Record<string, unknown>) => string)('plans.flash.pastInstallments', { count: plan.pastInstallments, since: res.locals.fmt.date(plan.startDate) }));
    }
    return plan.status === 'pending' ? 'plans.flash.submitted' : 'plans.flash.created';
  }));

  router.post('/plans/:planId/decision', async (req, res) => {
    const planId = idParam(req.params.planId);
    const plan = await getPaymentPlan(ds, planId);
    await handleForm(req, res, {
      run: async () => {
        const f = parseForm(decisionSchema, req.body);
        await decidePaymentPlan(ds, planId, f.decision, f.reason, actorWithRole(res), ctx.now().toISOString());
        await suspendScenarioForPlan(ds, planId, actorWithRole(res), ctx.now().toISOString());
        return f.decision === 'approve' ? 'plans.flash.approved' : 'plans.flash.refused';
      },
      back: `/dossiers/${plan.dossierId}/account`,
      invalid: 'plans.errors.reasonRequired',
    });
  });

  router.post('/dossiers/:id/settlements', submitFromAccount('settlement', async (req, res, id) => {
    const f = parseForm(z.object({ amount: field.requiredAmount(), comment: field.optionalText(1000) }), req.body);
    const s = await proposeSettlement(ds, id, f, actorWithRole(res), ctx.now().toISOString(), ctx.today());
    return s.status === 'pending' ? 'plans.settlement.flash.submitted' : 'plans.settlement.flash.accepted';
  }));

  router.post('/settlements/:sid/decision', async (req, res) => {
    const sid = idParam(req.params.sid);
    const s = await getSettlement(ds, sid);
    await handleForm(req, res, {
      run: async () => {
        const f = parseForm(decisionSchema, req.body);
        await decideSettlement(ds, sid, f.decision, f.reason, actorWithRole(res), ctx.now().toISOString());
        return f.decision === 'approve' ? 'plans.settlement.flash.accepted' : 'plans.settlement.flash.refused';
      },
      back: `/dossiers/${s.dossierId}/account`,
      invalid: 'plans.errors.reasonRequired',
    });
  });

  router.get('/approvals/settings', async (_req, res) => {
    res.render('payment-plans/settings', { title: res.locals.t('plans.settings.title'), value: formatAmountInput(await authorityLimit(ds), res.locals.lang), errors: {} });
  });

  router.post('/approvals/settings', formAction({
    run: async (req) => {
      const { authorityLimit: cents } = parseForm(z.object({ authorityLimit: field.requiredAmount() }), req.body);
      await saveAuthorityLimit(ds, cents);
      return 'plans.settings.saved';
    },
    back: '/approvals/settings',
    rerender: (req, res, errors) => res.status(422).render('payment-plans/settings', { title: res.locals.t('plans.settings.title'), value: bodyValues(req).authorityLimit ?? '', errors }),
    refused: false,
  }));

  return router;
}
