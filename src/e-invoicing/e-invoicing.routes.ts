/** E-invoicing: the panel of a dossier's Écritures tab (each reported invoice's lifecycle statuses). The API route is in src/api. */
import type { Router } from 'express';
import { idParam } from '../web/form';
import type { ModuleContext } from '../web/context';
import { moduleRouter } from '../web/router';
import { dossierInvoiceStatuses } from './e-invoicing.service';

export function eInvoicingRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  router.get('/dossiers/:id/e-invoicing', async (req, res) => {
    const dossierId = idParam(req.params.id);
    res.render('e-invoicing/panel', { layout: false, invoices: await dossierInvoiceStatuses(ctx.dataSource, dossierId) });
  });
  return router;
}
