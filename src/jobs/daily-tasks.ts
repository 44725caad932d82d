/** The daily tasks in the order they run: each is `(deps, businessDate) => counts`. */
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { sendOutboxTask } from '../mail';
import { runDaily } from './run-daily';
import { matchPaymentsTask } from './match-payments.task';
import { paymentPlansTask } from './payment-plans.task';
import { runAutoDossierTask } from './auto-dossiers.task';

export type DailyTask = (deps: { dataSource: DataSource; config: Config }, businessDate: string) => Promise<Record<string, number>>;

export const DAILY_TASKS: [string, DailyTask][] = [
  [
    'scenarios',
    async (deps, businessDate) => {
      const s = await runDaily(deps, businessDate, { trigger: 'cron' });
      return { dossiersExamined: s.dossiersExamined, interventionsRaised: s.interventionsRaised, skipped: s.skipped, errors: s.errors, durationMs: s.durationMs };
    },
  ],
  // The run has queued the day's reminder e-mails: deliver them (a no-op while SMTP is not configured).
  ['outbox', sendOutboxTask],
  // Payments received directly that the ledger now records: matched once, never counted twice.
  ['payment-matching', matchPaymentsTask],
  // After the matching, so a payment the ledger just brought pays its installment before it counts as missed.
  ['payment-plans', paymentPlansTask],
  // Rappel / relevé's optional rule (off by default): dossiers created today start their scenario at the next run.
  ['auto-dossiers', async (deps, businessDate) => ({ ...(await runAutoDossierTask(deps, businessDate)) })],
];
