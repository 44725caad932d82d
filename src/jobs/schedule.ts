/** Registers the daily tasks with node-cron; the tasks themselves live one per file in this folder. */
import cron from 'node-cron';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { logger } from '../shared/logger';
import { todayIn } from '../shared/business-date';
import { DAILY_TASKS } from './daily-tasks';

export interface Scheduler {
  stop(): void;
}

export function startScheduler(deps: { dataSource: DataSource; config: Config }): Scheduler {
  const task = cron.schedule(
    deps.config.dailyCron,
    async () => {
      const businessDate = todayIn(deps.config.timeZone);
      for (const [name, run] of DAILY_TASKS) {
        try {
          const counts = await run(deps, businessDate);
          logger.info('daily task done', { task: name, businessDate, ...counts });
        } catch (err) {
          logger.error('daily task failed', { task: name, businessDate, error: err instanceof Error ? err.message : String(err) });
        }
      }
    },
    { timezone: deps.config.timeZone, name: 'recouvrement-daily', noOverlap: true },
  );
  return { stop: () => void task.stop() };
}
