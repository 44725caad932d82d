/**
 * The optional Rappel / relevé rule of the daily job: a dossier for every customer whose overdue
 * amount and age pass the configured thresholds (src/reminders). Off unless an administrator turns it on.
 *
 * Exactly once per business date: under its own job lock, a run that finds a succeeded run of this
 * task for the same date does nothing. Catch-up needs no replay: the rule reads the ledger as it is
 * today, so the first run after missed days creates what those days would have created, and a
 * customer whose overdue invoices are already held by an open dossier is never given a second one.
 */
import type { DataSource } from 'typeorm';
import { applyAutoDossierRule, autoDossierRule } from '../reminders';
import { acquireJobLock } from './job-lock';
import { JobRun, type JobTrigger } from './job-run.entity';

export const AUTO_DOSSIERS_TASK = 'auto-dossiers';

export interface AutoDossierTaskCounts {
  enabled: number;
  alreadyDone: number;
  candidates: number;
  created: number;
  skipped: number;
  errors: number;
}

export async function runAutoDossierTask(
  deps: { dataSource: DataSource },
  businessDate: string,
  options: { trigger?: JobTrigger; lockWaitMs?: number; now?: () => Date } = {},
): Promise<AutoDossierTaskCounts> {
  const ds = deps.dataSource;
  const now = options.now ?? (() => new Date());
  const none = { enabled: 0, alreadyDone: 0, candidates: 0, created: 0, skipped: 0, errors: 0 };
  const rule = await autoDossierRule(ds);
  if (!rule.enabled) return none;
  const lock = await acquireJobLock(ds, AUTO_DOSSIERS_TASK, { waitMs: options.lockWaitMs });
  try {
    const runs = ds.getRepository(JobRun);
    if (await runs.existsBy({ task: AUTO_DOSSIERS_TASK, businessDate, status: 'succeeded' })) return { ...none, enabled: 1, alreadyDone: 1 };
    const startedAt = now().toISOString();
    const run = await runs.save(
      runs.create({
        task: AUTO_DOSSIERS_TASK, businessDate, dryRun: false, trigger: options.trigger ?? 'cron', status: 'running', startedAt, finishedAt: null, durationMs: null,
        dossiersExamined: 0, interventionsRaised: 0, stepsSkipped: 0, dossiersChanged: 0, errors: 0, errorMessages: null, holder: lock.holder, startedBy: null,
      }),
    );
    const started = Date.now();
    try {
      const c = await applyAutoDossierRule(ds, rule, businessDate, startedAt);
      await runs.update(
        { id: run.id },
        {
          status: c.errors ? 'partial' : 'succeeded', finishedAt: now().toISOString(), durationMs: Date.now() - started, dossiersExamined: c.candidates,
          dossiersChanged: c.created, stepsSkipped: c.skipped, errors: c.errors, errorMessages: c.messages.length ? c.messages.slice(0, 50).join('\n').slice(0, 8000) : null,
        },
      );
      return { enabled: 1, alreadyDone: 0, candidates: c.candidates, created: c.created, skipped: c.skipped, errors: c.errors };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await runs.update({ id: run.id }, { status: 'failed', finishedAt: now().toISOString(), durationMs: Date.now() - started, errors: 1, errorMessages: message.slice(0, 8000) });
      throw err;
    }
  } finally {
    await lock.release().catch(() => undefined);
  }
}
