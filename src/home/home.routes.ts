import { type Router } from 'express';
import { moduleRouter } from '../web/router';
import type { ModuleContext } from '../web/context';
import { AGING_BUCKETS, chartJson, dashboard } from '../reports';

type T = (key: string, params?: Record<string, string | number>) => string;

/** The home page: the portfolio at a glance (counters, recovery per month, aging of the amount in recovery). */
export function homeRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  router.get('/', async (_req, res) => {
    const t = res.locals.t as T;
    const started = process.hrtime.bigint();
    const d = await dashboard(ctx.dataSource, ctx.today());
    res.set('Server-Timing', `dashboard;dur=${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(1)}`);
    const recoveryChart = chartJson(t, {
      type: 'bar', labels: d.recoveryByMonth.map((r) => r.month), datasets: [{ label: 'reports.columns.recovered', data: d.recoveryByMonth.map((r) => r.amount) }], unit: 'money',
    });
    const agingChart = chartJson(t, {
      type: 'bar', labels: AGING_BUCKETS.map((b) => `reports.buckets.${b}`), datasets: [{ label: 'reports.dashboard.amountInRecovery', data: AGING_BUCKETS.map((b) => d.aging[b]) }], unit: 'money',
    });
    res.render('home/dashboard', { title: t('reports.dashboard.title'), d, recoveryChart, agingChart });
  });
  return router;
}
