/** Demandes de clôture: ask from the dossier's Chrono, decide from /closure-requests (administrators). */
import { type Router } from 'express';
import { moduleRouter } from '../web/router';
import { z } from 'zod';
import { actorOf } from '../web/auth';
import { isAppError } from '../shared/errors';
import type { ModuleContext } from '../web/context';
import { field, parseForm, idParam } from '../web/form';
import { flash, redirectTo } from '../web/middleware';
import { ClosureRequest } from './closure-request.entity';
import { closedStatusId, decideClosure, listClosureRequests, requestClosure } from './closure-request.service';

export function closureRequestRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;

  router.post('/dossiers/:id/closure-request', async (req, res) => {
    const id = idParam(req.params.id);
    try {
      const { reason } = parseForm(z.object({ reason: field.requiredText(2000) }), req.body);
      await requestClosure(ds, id, reason, actorOf(res), ctx.now().toISOString());
      flash(req, 'success', 'closure.flash.requested');
    } catch (err) {
      if (!isAppError(err) || (err.code !== 'validation' && err.code !== 'invalid_state')) throw err;
      flash(req, 'danger', err.code === 'validation' ? 'closure.errors.reasonRequired' : err.message);
    }
    redirectTo(res, `/dossiers/${id}?tab=chrono`);
  });

  // The dossier's panel (an htmx fragment the Chrono tab loads): the pending request, or the form to ask.
  router.get('/dossiers/:id/closure-request', async (req, res) => {
    const id = idParam(req.params.id);
    const [pending] = await listClosureRequests(ds, { dossierId: id, status: 'pending' });
    res.render('closure-requests/panel', { layout: false, dossierId: id, pending: pending ?? null });
  });

  router.get('/closure-requests', async (req, res) => {
    const status = req.query.status === 'all' ? undefined : 'pending';
    res.render('closure-requests/list', { title: res.locals.t('closure.title'), rows: await listClosureRequests(ds, status ? { status } : {}), showAll: !status });
  });

  router.post('/closure-requests/:rid/decision', async (req, res) => {
    const rid = idParam(req.params.rid);
    try {
      const f = parseForm(z.object({ decision: field.oneOf(['accept', 'refuse'] as const), reason: field.optionalText(2000) }), req.body);
      const r = await decideClosure(ds, rid, f.decision, f.reason, actorOf(res), ctx.now().toISOString());
      if (f.decision === 'accept') {
        // Closing needs its end date, resolution and result: the Terminé dialog, with Terminé chosen.
        flash(req, 'success', 'closure.flash.accepted');
        const statusId = await closedStatusId(ds);
        return redirectTo(res, `/dossiers/${r.dossierId}/status${statusId ? `?statusId=${statusId}` : ''}`);
      }
      flash(req, 'success', 'closure.flash.refused');
    } catch (err) {
      if (!isAppError(err) || (err.code !== 'validation' && err.code !== 'invalid_state')) throw err;
      flash(req, 'danger', err.code === 'validation' ? 'closure.errors.reasonRequired' : err.message);
    }
    redirectTo(res, '/closure-requests');
  });

  return router;
}

export { ClosureRequest };
