/** Traitements: the daily run's history, "Lancer maintenant" for administrators, and the dry run. */
import { type Router } from 'express';
import { moduleRouter } from '../web/router';
import { currentUser } from '../web/auth';
import { flash, redirectTo } from '../web/middleware';
import type { ModuleContext } from '../web/context';
import { JobAlreadyRunningError } from './job-lock';
import { runDailyTasks } from './daily-tasks';
import { listJobRuns, runDaily } from './run-daily';

export function jobRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();

  router.get('/jobs', async (req, res) => {
    // A whole page number in range: 1e308 or 99999999999999999999 would reach the database as an overflowing OFFSET.
    const page = Math.min(1_000_000, Math.max(1, Math.floor(Number(req.query.page)) || 1));
    const size = 30;
    const { runs, total } = await listJobRuns(ctx.dataSource, size, (page - 1) * size);
    res.render('jobs/list', { title: res.locals.t('jobs.title'), runs, total, page, pages: Math.max(1, Math.ceil(total / size)) });
  });

  router.post('/jobs/run', async (req, res) => {
    const user = currentUser(res);
    try {
      const { scenarios: s, tasks } = await runDailyTasks({ dataSource: ctx.dataSource, config: ctx.config }, ctx.today(), { trigger: 'ui', startedBy: user.id, lockWaitMs: 2000 });
      const failed = tasks.filter((task) => task.error).map((task) => task.name);
      flash(req, s.errors || failed.length ? 'warning' : 'success', res.locals.t('jobs.flash.ran', { raised: s.interventionsRaised, examined: s.dossiersExamined, errors: s.errors }));
      if (failed.length) flash(req, 'danger', res.locals.t('jobs.flash.tasksFailed', { tasks: failed.join(', ') }));
    } catch (err) {
      if (!(err instanceof JobAlreadyRunningError)) throw err;
      flash(req, 'warning', 'jobs.flash.alreadyRunning');
    }
    redirectTo(res, '/jobs');
  });

  router.get('/jobs/dry-run', async (_req, res) => {
    const s = await runDaily({ dataSource: ctx.dataSource, config: ctx.config }, ctx.today(), { dryRun: true, previewLimit: 1000 });
    res.render('jobs/dry-run', { title: res.locals.t('jobs.dryRun.title'), summary: s });
  });

  return router;
}
