/** The dossier's Interventions tab: add one by hand, mark it done, skip it. */
import type { Request, Response, Router } from 'express';
import { moduleRouter } from '../web/router';
import { actorOf, currentUser } from '../web/auth';
import { renderDossierPage } from '../web/dossier-page';
import { doneSchema, interventionSchema, skipSchema } from './intervention.forms';
import type { ModuleContext } from '../web/context';
import { parseForm, idParam } from '../web/form';
import { formAction } from '../web/form-action';
import { submitInterventionDone } from '../approvals';
import { addIntervention, skipIntervention } from './intervention.service';

export function interventionRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;
  const back = (id: number) => `/dossiers/${id}?tab=interventions`;

  /** Validation errors re-render the tab with the user's input; a stale action (already handled) flashes. */
  const handle = (formName: (req: Request) => string, run: (id: number, req: Request, res: Response) => Promise<string>) => formAction({
    run: (req, res) => run(idParam(req.params.id), req, res),
    back: (req) => back(idParam(req.params.id)),
    rerender: (req, res, errors) => renderDossierPage(ctx, res, idParam(req.params.id), 'interventions', { status: 422, errors, values: req.body ?? {}, form: formName(req) }),
  });

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
