/**
 * Status changes (dialog loaded with htmx into a Bootstrap modal, plain page without JS), reopening
 * a closed dossier, the Écritures tab's reschedule and doubtful-transfer actions, and the guard
 * that keeps a closed dossier read-only. Mounted before the dossier routes so the guard runs first.
 */
import { Dossier, getDossier } from '../dossiers';
import { Request, Response, type Router } from 'express';
import { moduleRouter } from '../web/router';
import { currentUser, actorOf } from '../web/auth';
import { renderDossierPage } from '../web/dossier-page';
import { AppError } from '../shared/errors';
import type { ModuleContext } from '../web/context';
import { parseForm, idParam } from '../web/form';
import { flash, redirectTo } from '../web/middleware';
import { reopenSchema, rescheduleSchema, selectionSchema, statusChangeSchema, toReschedule, toStatusChangeInput } from './status-change.forms';
import { statusChangeNeedsApproval, submitStatusChange } from '../approvals';
import { openStatuses, statusDialogModel, statusOf } from './status-change.page';
import { isDossierClosed, reopenDossier, rescheduleEntries, transferEntriesToDoubtful } from './status-change.service';
import { declarationDelays } from '../collective-procedures';
import { formAction, handleForm } from '../web/form-action';

type Values = Record<string, string>;

function stringsOf(source: unknown): Values {
  const out: Values = {};
  for (const [k, v] of Object.entries((source ?? {}) as Record<string, unknown>)) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}

const isHtmx = (req: Request) => Boolean(req.get('HX-Request'));

export function statusChangeRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;
  const dialogSettings = () => ({ today: ctx.today(), reminderDays: ctx.config.claimsReminderDays, delays: declarationDelays(ctx.config) });
  const changeContext = (res: Response) => ({ actor: actorOf(res), at: ctx.now().toISOString(), today: ctx.today(), reminderDays: ctx.config.claimsReminderDays, declarationDelays: declarationDelays(ctx.config) });

  async function renderDialog(req: Request, res: Response, dossier: Dossier, values: Values, refresh: string | null, errors: Record<string, string> = {}, status = 200) {
    const model = await statusDialogModel(ds, dossier, values, refresh, res.locals.lang, dialogSettings());
    const title = `${res.locals.t('statusChanges.title')} — ${res.locals.t('dossiers.dossier')} ${dossier.number}`;
    // htmx: the modal when opening it, the form alone when it refreshes itself; a whole page otherwise.
    const view = !isHtmx(req) ? 'status-changes/page' : req.get('HX-Target') === 'modal-host' ? 'status-changes/dialog' : 'status-changes/_form';
    res.status(isHtmx(req) ? 200 : status).render(view, { title, ...model, errors });
  }

  const loadDossier = (req: Request): Promise<Dossier> => getDossier(ds, idParam(req.params.id));

  router.get('/dossiers/:id/status', async (req, res) => {
    const dossier = await loadDossier(req);
    if (await isDossierClosed(ds, dossier.id)) {
      flash(req, 'warning', 'statusChanges.errors.dossierClosed');
      return redirectTo(res, `/dossiers/${dossier.id}`);
    }
    const values = stringsOf(req.query);
    const refresh = values.refresh ?? null;
    delete values.refresh;
    await renderDialog(req, res, dossier, values, refresh);
  });

  router.post('/dossiers/:id/status', async (req, res) => {
    const dossier = await loadDossier(req);
    await handleForm(req, res, {
      run: async () => {
        const form = parseForm(statusChangeSchema, req.body);
        // A status that starts legal proceedings, asked by a non-administrator, waits for approval (src/approvals).
        const outcome = await submitStatusChange(ds, dossier.id, form.version, toStatusChangeInput(form, (req.body ?? {}) as Record<string, unknown>), { ...changeContext(res), role: currentUser(res).role });
        if (outcome !== 'pending') return 'statusChanges.flash.changed';
        flash(req, 'warning', 'approvals.flash.statusSubmitted');
      },
      back: `/dossiers/${dossier.id}`,
      htmx: true,
      rerender: (_req, _res, errors) => renderDialog(req, res, dossier, stringsOf(req.body), null, errors, 422),
    });
  });

  async function renderReopen(res: Response, dossier: Dossier, values: Values, errors: Record<string, string> = {}, status = 200) {
    // Reopening straight into a status that starts legal proceedings is for the approvers (REOPEN_ROLES may name others).
    const statuses = (await openStatuses(ds)).filter((s) => !statusChangeNeedsApproval(currentUser(res).role, s));
    values.statusId ||= statuses[0] ? String(statuses[0].id) : '';
    res.status(status).render('status-changes/reopen', { title: `${res.locals.t('statusChanges.reopen.title')} — ${res.locals.t('dossiers.dossier')} ${dossier.number}`, dossier, statuses, values, errors });
  }

  router.get('/dossiers/:id/reopen', async (req, res) => {
    await renderReopen(res, await loadDossier(req), {});
  });

  router.post('/dossiers/:id/reopen', async (req, res) => {
    const dossier = await loadDossier(req);
    await handleForm(req, res, {
      run: async () => {
        const form = parseForm(reopenSchema, req.body);
        const target = await statusOf(ds, form.statusId);
        if (target && statusChangeNeedsApproval(currentUser(res).role, target)) throw AppError.field('statusId', 'approvals.errors.reopenNeedsApproval');
        await reopenDossier(ds, dossier.id, form, changeContext(res));
        return 'statusChanges.flash.reopened';
      },
      back: `/dossiers/${dossier.id}`,
      rerender: (_req, _res, errors) => renderReopen(res, dossier, stringsOf(req.body), errors, 422),
    });
  });

  // Écritures tab: reschedule, transfer to doubtful receivables.
  const entryAction = (run: (id: number, req: Request, res: Response, entryIds: number[]) => Promise<string>) => formAction({
    run: async (req, res) => {
      const { entryIds } = parseForm(selectionSchema, req.body);
      if (entryIds.length === 0) return flash(req, 'warning', 'dossiers.flash.noEntrySelected');
      return run(idParam(req.params.id), req, res, entryIds);
    },
    back: (req) => `/dossiers/${idParam(req.params.id)}?tab=entries`,
    rerender: (req, res, errors) => renderDossierPage(ctx, res, idParam(req.params.id), 'entries', { status: 422, errors, values: req.body ?? {}, form: 'entries' }),
  });

  router.post('/dossiers/:id/entries/reschedule', entryAction(async (id, req, res, entryIds) => {
    const how = toReschedule(parseForm(rescheduleSchema, req.body));
    await rescheduleEntries(ds, id, entryIds, how, changeContext(res));
    return 'statusChanges.flash.rescheduled';
  }));

  router.post('/dossiers/:id/entries/doubtful', entryAction(async (id, _req, res, entryIds) => {
    await transferEntriesToDoubtful(ds, id, entryIds, changeContext(res));
    return 'statusChanges.flash.transferred';
  }));

  return router;
}
