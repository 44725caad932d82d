/** GET /customers/suggest: the options of a customer type-ahead (views/partials/customer-picker.ejs), as an htmx fragment. */
import type { Router } from 'express';
import { moduleRouter } from '../web/router';
import type { ModuleContext } from '../web/context';
import { suggestCustomers } from './customer-search.service';

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function customerSearchRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  router.get('/customers/suggest', async (req, res) => {
    // The picker's text input sends its value under its own name (`field`), so a form may hold several pickers.
    const fieldName = str(req.query.field);
    const text = str(req.query.q) || (/^[A-Za-z][\w-]{0,40}$/.test(fieldName) ? str(req.query[fieldName]) : '');
    const companyId = /^\d{1,9}$/.test(str(req.query.companyId)) ? Number(req.query.companyId) : null;
    const picker = /^[A-Za-z][\w-]{0,60}$/.test(str(req.query.picker)) ? str(req.query.picker) : 'customer';
    const suggestions = await suggestCustomers(ctx.dataSource, text, { companyId });
    res.set('Cache-Control', 'no-store');
    res.render('partials/customer-options', { suggestions, picker, searched: text.trim() !== '' });
  });
  return router;
}
