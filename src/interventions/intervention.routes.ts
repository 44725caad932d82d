/** The dossier's Interventions tab: add one by hand, mark it done, skip it. */
import { type Router } from 'express';
import { moduleRouter } from '../web/router';
import { actorOf, currentUser } from '../web/auth';
import { renderDossierPage } from '../web/dossier-page';
import { doneSchema, interventionSchema, skipSchema } from './intervention.forms';
import { isAppError } from '../shared/errors';
import type { ModuleContext } from '../web/context';
import { errorMap, parseForm, idParam } from '../web/form';
import { flash, redirectTo } from '../web/middleware';
import { submitInterventionDone } from '../approvals';
import { addIntervention, skipIntervention } from './intervention.service';

export function interventionRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;
  const back = (id: number) => `/dossiers/${id}?tab=interventions`;

  /** Validation errors re-render the tab with the user's input; a stale action (already handled) flashes. */
  const handle = (formName: (req: { params: Record<string, string> }) => string, run: (id: number, req: import('express').Request, res: import('express').Response) => Promise<string>) =>
    async (req: import('express').Request, res: import('express').Response) => {
      const id = idParam(req.params.id);
      try {
        flash(req, 'success', await run(id, req, res));
        redirectTo(res, back(id));
      } catch (err) {
        if (isAppError(err) && err.code === 'validation') {
          await renderDossierPage(ctx, res, id, 'interventions', { status: 422, errors: errorMap(err), values: req.body ?? {}, form: formName(req as never) });
          return;
        }
        if (isAppError(err) && err.code === 'invalid_state') {
          flash(req, 'danger', err.message);
          redirectTo(res, back(id));
          return;
        }
        throw err;
      }
    };

  router.post('/dossiers/:id/interventions', handle(() => 'add', async (id, req, res) => {
    const form = parseForm(interventionSchema, req.body);
    await addIntervention(ds, { dossierId: id, ...form }, actorOf(res), ctx.now().toISOString());
    return 'interventions.flash.added';
  }));

  router.post('/dossiers/:id/interventions/:iid/done', handle((req) => `done-${req.params.iid}`, async (id, req, res) => {
    const form = parseForm(doneSchema, req.body);
    // A legal step asked by a non-administrator waits for approval (src/approvals); the others are done at once.
    const outcome = await submitInterventionDone(ds, idParam(req.params.iid), { ...form, today: ctx.today(), dossierId: id }, { ...actorOf(res), role: currentUser(res).role }, ctx.now().toISOString());
    return outcome === 'pending' ? 'approvals.flash.actionSubmitted' : 'interventions.flash.done';
  }));

  router.post('/dossiers/:id/interventions/:iid/skip', handle((req) => `skip-${req.params.iid}`, async (id, req, res) => {
    const form = parseForm(skipSchema, req.body);
    await skipIntervention(ds, idParam(req.params.iid), { reason: form.reason, today: ctx.today(), dossierId: id }, actorOf(res), ctx.now().toISOString());
    return 'interventions.flash.skipped';
  }));

  return router;
}
