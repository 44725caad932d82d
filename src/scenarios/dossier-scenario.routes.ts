/**
 * The scenario panel of a dossier, as an htmx fragment the dossier page loads:
 *   <div hx-get="<%= url('/dossiers/' + d.id + '/scenario') %>" hx-trigger="load"></div>
 * It shows the scenario, its next step, and lets a user assign, suspend, resume or restart it.
 */
import { type Router, type Request, type Response } from 'express';
import { moduleRouter } from '../web/router';
import { currentUser } from '../web/auth';
import { redirectTo, flash } from '../web/middleware';
import type { ModuleContext } from '../web/context';
import { dossierScenarioPanel } from './dossier-scenario.page';
import { assignScenario, restartScenario, resumeScenario, suspendScenario } from './dossier-scenario.service';
import { idParam } from '../web/form';

const idOf = (req: Request) => idParam(req.params.id);

export function dossierScenarioRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const actorOf = (res: Response) => {
    const u = currentUser(res);
    return { userId: u.id, userName: u.displayName };
  };

  router.get('/dossiers/:id/scenario', async (req, res) => {
    const id = idOf(req);
    res.render('scenarios/dossier-panel', { layout: false, dossierId: id, ...(await dossierScenarioPanel(ctx.dataSource, id)) });
  });

  const act = (fn: (id: number, res: Response) => Promise<unknown>, message: string) => async (req: Request, res: Response) => {
    const id = idOf(req);
    await fn(id, res);
    flash(req, 'success', message);
    redirectTo(res, `/dossiers/${id}`);
  };
  router.post('/dossiers/:id/scenario', act((id, res) => {
    const raw = (res.req.body as Record<string, unknown>).scenarioId;
    const scenarioId = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : null;
    return assignScenario(ctx.dataSource, id, scenarioId, actorOf(res), ctx.now().toISOString(), ctx.today());
  }, 'scenarios.dossier.flash.assigned'));
  router.post('/dossiers/:id/scenario/suspend', act((id, res) => suspendScenario(ctx.dataSource, id, actorOf(res), ctx.now().toISOString()), 'scenarios.dossier.flash.suspended'));
  router.post('/dossiers/:id/scenario/resume', act((id, res) => resumeScenario(ctx.dataSource, id, actorOf(res), ctx.now().toISOString()), 'scenarios.dossier.flash.resumed'));
  router.post('/dossiers/:id/scenario/restart', act((id, res) => restartScenario(ctx.dataSource, id, ctx.today(), actorOf(res), ctx.now().toISOString()), 'scenarios.dossier.flash.restarted'));
  return router;
}
