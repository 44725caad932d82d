/** Injonction de payer: the dossier's panel, preparing the request, the procedure's events, the request and its zip. */
import type { Router } from 'express';
import { z } from 'zod';
import { actorOf } from '../web/auth';
import { idParam } from '../web/form';
import type { ModuleContext } from '../web/context';
import { moduleRouter } from '../web/router';
import { field, parseForm } from '../web/form';
import { NEXT_EVENTS } from './payment-order.rules';
import { getDossierPaymentOrder, dossierPaymentOrders, paymentOrderDelays, preparePaymentOrder, recordPaymentOrderEvent, renderPaymentOrderRequest, writePaymentOrderZip } from './payment-order.service';
import { handleForm } from '../web/form-action';

const prepareSchema = z.object({ court: field.requiredText(200), grounds: field.optionalText(4000) });
const eventSchema = z.object({
  event: field.oneOf(['filed', 'ordered', 'rejected', 'served', 'opposed'] as const),
  date: field.requiredDate(),
  orderReference: field.optionalText(60),
  amountGranted: field.optionalAmount(),
  servedToPerson: field.checkbox(),
});

export function paymentOrderRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;

  // Under the dossier's path, so that the route guard applies the dossier's rules (assignment, closed dossier); the order must be that dossier's.
  const orderOf = (params: Record<string, unknown>) => getDossierPaymentOrder(ds, idParam(String(params.id)), idParam(String(params.oid)));

  router.get('/dossiers/:id/payment-orders', async (req, res) => {
    const dossierId = idParam(req.params.id);
    const orders = await dossierPaymentOrders(ds, dossierId, paymentOrderDelays(ctx.config), ctx.today());
    res.render('payment-orders/panel', { layout: false, dossierId, orders, nextEvents: NEXT_EVENTS });
  });

  router.post('/dossiers/:id/payment-orders', async (req, res) => {
    const dossierId = idParam(req.params.id);
    await handleForm(req, res, {
      run: async () => {
        const f = parseForm(prepareSchema, req.body);
        await preparePaymentOrder(ds, dossierId, { court: f.court, grounds: f.grounds }, actorOf(res), ctx.now().toISOString(), ctx.today());
        return 'paymentOrders.flash.prepared';
      },
      back: `/dossiers/${dossierId}?tab=interventions`,
      invalid: 'paymentOrders.errors.court',
    });
  });

  router.post('/dossiers/:id/payment-orders/:oid/events', async (req, res) => {
    const order = await orderOf(req.params);
    await handleForm(req, res, {
      run: async () => {
        const f = parseForm(eventSchema, req.body);
        await recordPaymentOrderEvent(ds, order.id, { event: f.event, date: f.date, orderReference: f.orderReference, amountGranted: f.amountGranted, servedToPerson: f.servedToPerson }, paymentOrderDelays(ctx.config), actorOf(res), ctx.now().toISOString(), ctx.today());
        return `paymentOrders.flash.${f.event}`;
      },
      back: `/dossiers/${order.dossierId}?tab=interventions`,
      invalid: 'paymentOrders.errors.event',
      refuseConflict: true,
    });
  });

  router.get('/dossiers/:id/payment-orders/:oid/request', async (req, res) => {
    const order = await orderOf(req.params);
    const doc = await renderPaymentOrderRequest(ds, order.id, ctx.today());
    res.type('html').set('Cache-Control', 'no-store').send(doc.html);
  });

  router.get('/dossiers/:id/payment-orders/:oid/zip', async (req, res) => {
    const order = await orderOf(req.params);
    res.attachment(`injonction-de-payer-${order.id}.zip`).type('application/zip');
    await writePaymentOrderZip(ds, ctx.config, order.id, res, ctx.today());
  });

  return router;
}
