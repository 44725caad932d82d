/** Derniers encaissements (/payments/recent): a period, the total recovered, the payments with their dossiers, the user's columns. */
import { type Router } from 'express';
import { moduleRouter } from '../web/router';
import { currentUser } from '../web/auth';
import { addDays, parseBusinessDate } from '../shared/business-date';
import type { ModuleContext } from '../web/context';
import { flash, redirectTo } from '../web/middleware';
import { RECENT_COLUMNS, recentColumns, recentPayments, saveRecentColumns } from './recent-payments.service';

const DEFAULT_PERIOD_DAYS = 30;

export function recentPaymentsRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();

  router.get('/payments/recent', async (req, res) => {
    const today = ctx.today();
    let to = parseBusinessDate(typeof req.query.to === 'string' ? req.query.to : '') ?? today;
    let from = parseBusinessDate(typeof req.query.from === 'string' ? req.query.from : '') ?? addDays(to, -DEFAULT_PERIOD_DAYS);
    if (from > to) [from, to] = [to, from];
    const { rows, total } = await recentPayments(ctx.dataSource, { from, to });
    const columns = await recentColumns(ctx.dataSource, currentUser(res).id);
    res.render('dossier-account/recent', { title: res.locals.t('account.recent.title'), rows, total, from, to, columns, allColumns: RECENT_COLUMNS });
  });

  // A personal preference: every signed-in user, auditors included, may choose their columns.
  router.post('/payments/recent/columns', async (req, res) => {
    const raw = (req.body as Record<string, unknown>).columns;
    const list = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
    await saveRecentColumns(ctx.dataSource, currentUser(res).id, list);
    flash(req, 'success', 'account.recent.columnsSaved');
    const back = new URLSearchParams();
    for (const k of ['from', 'to']) {
      const v = (req.body as Record<string, unknown>)[k];
      if (typeof v === 'string' && parseBusinessDate(v)) back.set(k, v);
    }
    redirectTo(res, `/payments/recent${back.size ? `?${back.toString()}` : ''}`);
  });

  return router;
}
