/** Demandes de clôture: ask from the dossier's Chrono, decide from /closure-requests (administrators). */
import { type Router } from 'express';
import { moduleRouter } from '../web/router';
import { z } from 'zod';
import { actorOf } from '../web/auth';
import type { ModuleContext } from '../web/context';
import { field, parseForm, idParam } from '../web/form';
import { flash, redirectTo } from '../web/middleware';
import { ClosureRequest } from './closure-request.entity';
import { closedStatusId, decideClosure, listClosureRequests, requestClosure } from './closure-request.service';
import { ANSWERED, handleForm } from '../web/form-action';

export function closureRequestRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;

  router.post('/dossiers/:id/closure-request', async (req, res) => {
    const id = idParam(req.params.id);
    await handleForm(req, res, {
      run: async () => {
        const { reason } = parseForm(z.object({ reason: field.requiredText(2000) }), req.body);
        await requestClosure(ds, id, reason, actorOf(res), ctx.now().toISOString());
        return 'closure.flash.requested';
      },
      back: `/dossiers/${id}?tab=chrono`,
      invalid: 'closure.errors.reasonRequired',
    });
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
    await handleForm(req, res, {
      run: async () => {
        const f = parseForm(z.object({ decision: field.oneOf(['accept', 'refuse'] as const), reason: field.optionalText(2000) }), req.body);
        const r = await decideClosure(ds, rid, f.decision, f.reason, actorOf(res), ctx.now().toISOString());
        if (f.decision === 'refuse') return 'closure.flash.refused';
        // Closing needs its end date, resolution and result: the Terminé dialog, with Terminé chosen.
        flash(req, 'success', 'closure.flash.accepted');
        const statusId = await closedStatusId(ds);
        redirectTo(res, `/dossiers/${r.dossierId}/status${statusId ? `?statusId=${statusId}` : ''}`);
        return ANSWERED;
      },
      back: '/closure-requests',
      invalid: 'closure.errors.reasonRequired',
    });
  });

  return router;
}

export { ClosureRequest };
