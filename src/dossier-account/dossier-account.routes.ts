/**
 * Compte dossier tab (/dossiers/:id/account): the overview and transactions, and the forms that add a
 * financial element or record a payment received directly. Thin: validate, call a use case, redirect.
 */
import { Request, Response, type Router } from 'express';
import { moduleRouter } from '../web/router';
import { dossierPageModel } from '../web/dossier-page';
import { actorOf } from '../web/auth';
import type { ModuleContext } from '../web/context';
import { parseForm, idParam } from '../web/form';
import { ELEMENT_KINDS, PAYMENT_METHODS, RECEIVED_BY } from './dossier-account.entity';
import { elementSchema, paymentSchema } from './dossier-account.forms';
import { addFinancialElement, dossierAccount, recordDirectPayment } from './dossier-account.service';
import { formAction } from '../web/form-action';

function bodyValues(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}

/** Panels other components add under the account (payment plans…): each returns data for its own partial. */
export type AccountPanel = { view: string; load: (ctx: ModuleContext, dossierId: number, res: Response) => Promise<Record<string, unknown>> };
export const ACCOUNT_PANELS: AccountPanel[] = [];

export async function renderAccount(
  ctx: ModuleContext,
  res: Response,
  id: number,
  extra: { status?: number; errors?: Record<string, string>; values?: Record<string, string>; form?: string | null } = {},
): Promise<void> {
  const page = await dossierPageModel(ctx, id, 'contacts');
  const account = await dossierAccount(ctx.dataSource, id, ctx.today());
  const panels: { view: string; data: Record<string, unknown> }[] = [];
  for (const p of ACCOUNT_PANELS) panels.push({ view: p.view, data: await p.load(ctx, id, res) });
  res.status(extra.status ?? 200).render('dossiers/show', {
    title: `${res.locals.t('dossiers.dossier')} ${page.dossier.number}`,
    ...page,
    tab: 'account',
    account,
    panels,
    kinds: ELEMENT_KINDS,
    methods: PAYMENT_METHODS,
    receivedBy: RECEIVED_BY,
    errors: extra.errors ?? {},
    values: extra.values ?? {},
    openForm: extra.form ?? null,
  });
}

export function dossierAccountRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();

  router.get('/dossiers/:id/account', async (req, res) => {
    await renderAccount(ctx, res, idParam(req.params.id));
  });

  const accountForm = (form: 'element' | 'payment', run: (req: Request, res: Response, id: number) => Promise<void>, message: string) => formAction({
    run: async (req, res) => { await run(req, res, idParam(req.params.id)); return message; },
    back: (req) => `/dossiers/${idParam(req.params.id)}/account`,
    rerender: (req, res, errors) => renderAccount(ctx, res, idParam(req.params.id), { status: 422, errors, values: bodyValues(req), form }),
    refused: false,
  });

  router.post('/dossiers/:id/account/elements', accountForm('element', async (req, res, id) => {
    const input = parseForm(elementSchema, req.body);
    await addFinancialElement(ctx.dataSource, id, input, actorOf(res), ctx.now().toISOString());
  }, 'account.flash.elementAdded'));

  router.post('/dossiers/:id/account/payments', accountForm('payment', async (req, res, id) => {
    const input = parseForm(paymentSchema, req.body);
    await recordDirectPayment(ctx.dataSource, id, input, actorOf(res), ctx.now().toISOString(), ctx.today());
  }, 'account.flash.paymentRecorded'));

  return router;
}
