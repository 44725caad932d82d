/** Registers the daily tasks with node-cron; the tasks themselves live one per file in this folder. */
import cron from 'node-cron';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { logger } from '../shared/logger';
import { todayIn } from '../shared/business-date';
import { runDailyTasks } from './daily-tasks';

export interface Scheduler {
  stop(): void;
}

export function startScheduler(deps: { dataSource: DataSource; config: Config }): Scheduler {
  const task = cron.schedule(
    deps.config.dailyCron,
    async () => {
      const businessDate = todayIn(deps.config.timeZone);
      try {
        const { scenarios } = await runDailyTasks(deps, businessDate, { trigger: 'cron' });
        logger.info('daily run done', { businessDate, dossiersExamined: scenarios.dossiersExamined, interventionsRaised: scenarios.interventionsRaised, errors: scenarios.errors });
      } catch (err) {
        // Another instance holds the run (its lock), or the database is down: the next tick catches up.
        logger.error('daily run failed', { businessDate, error: err instanceof Error ? err.message : String(err) });
      }
    },
    { timezone: deps.config.timeZone, name: 'recouvrement-daily', noOverlap: true },
  );
  return { stop: () => void task.stop() };
}
