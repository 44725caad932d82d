/** The daily tasks in the order they run: each is `(deps, businessDate) => counts`. */
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { sendOutboxTask } from '../mail';
import { logger } from '../shared/logger';
import { runDaily, type DailyRunOptions, type DailySummary } from './run-daily';
import { runAutoDossierTask } from './auto-dossiers.task';
import { matchPaymentsTask } from './match-payments.task';
import { paymentPlansTask } from './payment-plans.task';
import { promisesTask } from './promises.task';
import { bodaccFolderTask } from '../bodacc';
import { prescriptionAlertsTask } from '../prescription';

export type DailyTask = (deps: { dataSource: DataSource; config: Config }, businessDate: string) => Promise<Record<string, number>>;

/** The tasks that follow the scenario run, in order; each is idempotent for a business date. */
export const DAILY_TASKS: [string, DailyTask][] = [
  // The run has queued the day's reminder e-mails: deliver them (a no-op while SMTP is not configured).
  ['outbox', sendOutboxTask],
  // Rappel / relevé's optional rule (off by default): dossiers created today start their scenario at the next run.
  ['auto-dossiers', async (deps, businessDate) => ({ ...(await runAutoDossierTask(deps, businessDate)) })],
  // Payments received directly that the ledger now records: matched once, never counted twice.
  ['payment-matching', matchPaymentsTask],
  // After the matching, so a payment the ledger just brought pays its installment before it counts as missed.
  ['payment-plans', paymentPlansTask],
  // After the matching too: a payment the ledger just brought keeps its promise before the promise counts as broken.
  ['promises', promisesTask],
  // BODACC exports dropped in BODACC_DIR: collective-procedure notices become status proposals, each once.
  ['bodacc', bodaccFolderTask],
  // Invoices whose prescription comes within PRESCRIPTION_ALERT_DAYS: one alert per invoice and date.
  ['prescription-alerts', prescriptionAlertsTask],
];

export interface DailyTasksResult {
  scenarios: DailySummary;
  tasks: { name: string; counts?: Record<string, number>; error?: string }[];
}

/**
 * The whole morning: the scenario run, then every task of DAILY_TASKS. The one entry point of the
 * scheduler, `npm run daily` and "Lancer maintenant", so they all do the same. A failing task is
 * reported and does not stop the next ones; a scenario run that cannot take its lock throws.
 */
export async function runDailyTasks(deps: { dataSource: DataSource; config: Config }, businessDate: string, options: DailyRunOptions = {}): Promise<DailyTasksResult> {
  const scenarios = await runDaily(deps, businessDate, options);
  const tasks: DailyTasksResult['tasks'] = [];
  if (options.dryRun) return { scenarios, tasks };
  for (const [name, run] of DAILY_TASKS) {
    try {
      const counts = await run(deps, businessDate);
      tasks.push({ name, counts });
      logger.info('daily task done', { task: name, businessDate, ...counts });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      tasks.push({ name, error });
      logger.error('daily task failed', { task: name, businessDate, error });
    }
  }
  return { scenarios, tasks };
}
