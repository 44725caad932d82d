/** Promesses de règlement: the panel under the dossier's account and the form that records one. Thin. */
import { Request, Response, type Router } from 'express';
import { z } from 'zod';
import { ACCOUNT_PANELS, renderAccount } from '../dossier-account';
import { actorOf } from '../web/auth';
import { idParam } from '../web/form';
import type { ModuleContext } from '../web/context';
import { moduleRouter } from '../web/router';
import { field, parseForm } from '../web/form';
import { PROMISE_CHANNELS } from './payment-promise.entity';
import { dossierPromises, recordPromise } from './promise.service';
import { handleForm, renamed } from '../web/form-action';

const promiseSchema = z.object({
  promisedDate: field.requiredDate(),
  promiseAmount: field.requiredAmount(),
  promiseChannel: field.oneOf(PROMISE_CHANNELS),
  promiseComment: field.optionalText(1000),
});

function bodyValues(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}

ACCOUNT_PANELS.push({
  view: '../promises/panel',
  load: async (ctx, dossierId) => ({ promises: await dossierPromises(ctx.dataSource, dossierId), promiseChannels: PROMISE_CHANNELS, graceDays: ctx.config.promiseGraceDays }),
});

/** The errors of the use case name its own fields; the form's fields carry a prefix (one page, several forms). */
const FORM_FIELDS: Record<string, string> = { amount: 'promiseAmount', promisedDate: 'promisedDate' };

export function promiseRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();

  router.post('/dossiers/:id/promises', async (req: Request, res: Response) => {
    const id = idParam(req.params.id);
    await handleForm(req, res, {
      run: async () => {
        const f = parseForm(promiseSchema, req.body);
        await recordPromise(ctx.dataSource, id, { promisedDate: f.promisedDate, amount: f.promiseAmount, channel: f.promiseChannel, comment: f.promiseComment }, actorOf(res), ctx.now().toISOString(), ctx.today(), ctx.config.promiseGraceDays);
        return 'promises.flash.recorded';
      },
      back: `/dossiers/${id}/account`,
      rerender: (_req, _res, errors) => renderAccount(ctx, res, id, { status: 422, errors: renamed(errors, FORM_FIELDS), values: bodyValues(req), form: 'promise' }),
      refused: false,
    });
  });

  return router;
}
