import { type Router } from 'express';
import { moduleRouter } from '../web/router';
import { currentUser } from '../web/auth';
import { controllerOfUser, listControllers } from '../credit-controllers';
import type { ModuleContext } from '../web/context';
import { AGING_BUCKETS, chartJson, dashboard } from '../reports';

type T = (key: string, params?: Record<string, string | number>) => string;

/**
 * The home page: the portfolio at a glance (counters, recovery per month, aging of the amount in
 * recovery). A credit controller sees their own portfolio (its action counts are the menu badge's);
 * everyone may choose a controller or all (`?controller=<id>|all`), the default for the others.
 */
export function homeRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  router.get('/', async (req, res) => {
    const t = res.locals.t as T;
    const user = currentUser(res);
    const controllers = await listControllers(ctx.dataSource);
    const own = user.role === 'controller' ? await controllerOfUser(ctx.dataSource, user.id) : null;
    const asked = typeof req.query.controller === 'string' ? req.query.controller : '';
    const picked = /^\d{1,9}$/.test(asked) ? controllers.find((c) => c.id === Number(asked)) ?? null : null;
    const controller = asked === 'all' ? null : (picked ?? own);
    const started = process.hrtime.bigint();
    const d = await dashboard(ctx.dataSource, ctx.today(), { controllerId: controller?.id ?? null });
    res.set('Server-Timing', `dashboard;dur=${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(1)}`);
    const recoveryChart = chartJson(t, {
      type: 'bar', labels: d.recoveryByMonth.map((r) => r.month), datasets: [{ label: 'reports.columns.recovered', data: d.recoveryByMonth.map((r) => r.amount) }], unit: 'money',
    });
    const agingChart = chartJson(t, {
      type: 'bar', labels: AGING_BUCKETS.map((b) => `reports.buckets.${b}`), datasets: [{ label: 'reports.dashboard.amountInRecovery', data: AGING_BUCKETS.map((b) => d.aging[b]) }], unit: 'money',
    });
    res.render('home/dashboard', {
      title: t('reports.dashboard.title'), d, recoveryChart, agingChart, controllers, controller, own,
      // A controller signed in without a linked credit controller has no portfolio of their own: say so, never show zeros as theirs.
      unlinked: user.role === 'controller' && !own,
    });
  });
  return router;
}
