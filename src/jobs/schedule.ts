/**
 * Registers the daily tasks with node-cron; the tasks themselves live one per file in this folder.
 *
 * Several instances behind a load balancer all run this scheduler on the same database, and exactly
 * one of them runs the morning's job: a tick takes the job's lock without waiting (the instance that
 * finds it held leaves the run to its holder), and a tick whose business date already has a finished
 * scheduled run does nothing (an instance whose clock ticks a little later does not run it again).
 * "Lancer maintenant" and `npm run daily` are not subject to the second rule: a person asked.
 */
import cron from 'node-cron';
import { In, type DataSource } from 'typeorm';
import type { Config } from '../config';
import { logger } from '../shared/logger';
import { todayIn } from '../shared/business-date';
import { runDailyTasks } from './daily-tasks';
import { JobAlreadyRunningError } from './job-lock';
import { JobRun } from './job-run.entity';
import { DAILY_JOB } from './run-daily';

export interface Scheduler {
  stop(): void;
}

export interface SchedulerDeps {
  dataSource: DataSource;
  config: Config;
  /** The business date of a tick (default: today in the configured time zone). */
  today?: () => string;
}

/** One scheduled tick: runs the morning's job unless another instance holds it or has done it. */
export async function scheduledTick(deps: SchedulerDeps): Promise<'ran' | 'held' | 'done-already'> {
  const businessDate = deps.today ? deps.today() : todayIn(deps.config.timeZone);
  const done = await deps.dataSource.getRepository(JobRun).countBy({ task: DAILY_JOB, businessDate, trigger: 'cron', status: In(['succeeded', 'partial']), dryRun: false });
  if (done > 0) return 'done-already';
  try {
    const { scenarios } = await runDailyTasks(deps, businessDate, { trigger: 'cron', lockWaitMs: 0 });
    logger.info('daily run done', { businessDate, dossiersExamined: scenarios.dossiersExamined, interventionsRaised: scenarios.interventionsRaised, errors: scenarios.errors });
    return 'ran';
  } catch (err) {
    if (err instanceof JobAlreadyRunningError) {
      logger.info('daily run left to the instance that holds it', { businessDate, holder: err.holder });
      return 'held';
    }
    throw err;
  }
}

export function startScheduler(deps: SchedulerDeps): Scheduler {
  const task = cron.schedule(
    deps.config.dailyCron,
    async () => {
      try {
        await scheduledTick(deps);
      } catch (err) {
        // The database is down, or the run failed: the next tick catches up.
        logger.error('daily run failed', { error: err instanceof Error ? err.message : String(err) });
      }
    },
    { timezone: deps.config.timeZone, name: 'recouvrement-daily', noOverlap: true },
  );
  return { stop: () => void task.stop() };
}
