/**
 * The outbox as a daily task, shaped like src/jobs/daily-tasks.ts's DailyTask so the jobs component
 * can append it after the scenario run: the run queues e-mails, this delivers them.
 */
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { sendQueued } from './mail.service';

export async function sendOutboxTask(deps: { dataSource: DataSource; config: Config }, _businessDate: string): Promise<Record<string, number>> {
  let sent = 0;
  let failed = 0;
  // Batches of 200 until the queue is empty or nothing more goes out (each message is tried once per batch).
  for (;;) {
    const s = await sendQueued(deps.dataSource, deps.config, { limit: 200 });
    sent += s.sent;
    failed += s.failed;
    if (!s.configured || s.sent + s.failed + s.skipped < 200 || s.sent === 0) break;
  }
  return { emailsSent: sent, emailsFailed: failed };
}
