/**
 * The daily run: one at a time (job_lock), recorded (job_run), made of the daily tasks. Called by
 * the scheduler, the CLI (`npm run daily`) and the Traitements page. A dry run takes no lock,
 * writes nothing and records nothing: it returns what a real run would raise.
 */
import os from 'node:os';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { isBusinessDate } from '../shared/business-date';
import { logger } from '../shared/logger';
import { changedScope } from './dossier-changes';
import { withOneCheckpoint } from '../db/wal';
import { advanceScenarios, type AdvanceOptions, type PreviewRow } from './advance-scenarios.task';
import { acquireJobLock, DEFAULT_LOCK_LEASE_MS } from './job-lock';
import { generateStepDocuments } from './step-documents.task';
import { JobRun, type JobRunStatus, type JobTrigger } from './job-run.entity';

export const DAILY_JOB = 'daily';

export interface DailyRunOptions extends Pick<AdvanceOptions, 'loadChunk' | 'writeBatch' | 'previewLimit'> {
  dryRun?: boolean;
  trigger?: JobTrigger;
  startedBy?: number | null;
  /** How long to wait for a run already in progress before giving up (default 15 min). */
  lockWaitMs?: number;
  /** Lock lease, renewed after every batch (default 2 min). */
  lockLeaseMs?: number;
  /** Render the letters and e-mails of the raised steps (default true). */
  documents?: boolean;
}

export interface DailySummary {
  runId: number | null;
  businessDate: string;
  dryRun: boolean;
  status: JobRunStatus;
  dossiersExamined: number;
  interventionsRaised: number;
  skipped: number;
  closureProposals: number;
  dossiersChanged: number;
  /** Letters and e-mails produced for the raised steps. */
  documents: number;
  errors: number;
  errorMessages: string[];
  durationMs: number;
  /** Dry run only: what would be raised (capped), and how many rows in all. */
  preview?: PreviewRow[];
  previewTotal?: number;
}

const MAX_MESSAGES = 50;

function errorText(messages: string[]): string | null {
  if (messages.length === 0) return null;
  const shown = messages.slice(0, MAX_MESSAGES);
  if (messages.length > MAX_MESSAGES) shown.push(`… ${messages.length - MAX_MESSAGES} more`);
  return shown.join('\n').slice(0, 8000);
}

export async function runDaily(deps: { dataSource: DataSource; config?: Config }, businessDate: string, options: DailyRunOptions = {}): Promise<DailySummary> {
  if (!isBusinessDate(businessDate)) throw new Error(`not a business date (YYYY-MM-DD): ${businessDate}`);
  const ds = deps.dataSource;
  const started = Date.now();
  const advance = { loadChunk: options.loadChunk, writeBatch: options.writeBatch, previewLimit: options.previewLimit };

  if (options.dryRun) {
    const c = await advanceScenarios(ds, businessDate, { ...advance, dryRun: true });
    return {
      runId: null, businessDate, dryRun: true, status: c.errors ? 'partial' : 'succeeded', dossiersExamined: c.dossiersExamined,
      interventionsRaised: c.interventionsRaised, skipped: c.skipped, closureProposals: c.closureProposals, dossiersChanged: 0, documents: 0, errors: c.errors,
      errorMessages: c.errorMessages, durationMs: Date.now() - started, preview: c.preview, previewTotal: c.previewTotal,
    };
  }

  const lock = await acquireJobLock(ds, DAILY_JOB, { waitMs: options.lockWaitMs, leaseMs: options.lockLeaseMs });
  const runs = ds.getRepository(JobRun);
  let run: JobRun | undefined;
  try {
    const startedAt = new Date().toISOString();
    if (lock.tookOverFrom) {
      // The holder died (killed, crashed): its run stays in history as interrupted; this one completes it.
      await runs.update({ holder: lock.tookOverFrom, status: 'running' }, { status: 'interrupted', finishedAt: startedAt });
    }
    run = await runs.save(
      runs.create({
        task: DAILY_JOB, businessDate, dryRun: false, trigger: options.trigger ?? 'cli', status: 'running', startedAt, finishedAt: null, durationMs: null,
        dossiersExamined: 0, interventionsRaised: 0, stepsSkipped: 0, dossiersChanged: 0, errors: 0, errorMessages: null, holder: lock.holder,
        startedBy: options.startedBy ?? null,
      }),
    );
    // The lease is renewed after a batch once a quarter of it has gone by: the lock never lapses while the
    // run lives, without one more write transaction per batch (a hundred at 100,000 dossiers).
    const leaseMs = options.lockLeaseMs ?? DEFAULT_LOCK_LEASE_MS;
    let renewedAt = Date.now();
    // After every batch, too, the event loop is given back: on SQLite every statement of the run is
    // synchronous, so without it the server's pages would wait for the whole run (15 s with the documents
    // of a first run at 100,000 dossiers); with it, for one batch (about 0.1 s).
    const onProgress = async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (Date.now() - renewedAt < leaseMs / 4) return;
      renewedAt = Date.now();
      await lock.renew();
    };
    // A second run of the same day plans only the dossiers written since the first (dossier-changes.ts).
    const { marks, changedSince } = await changedScope(ds, { id: run.id, task: DAILY_JOB, businessDate });
    if (marks) await runs.update({ id: run.id }, { changeSeq: marks.seq, interventionMark: marks.interventionId });
    const runId = run.id;
    // Its hundred-odd write transactions checkpoint the SQLite log once, at the end (db/wal.ts).
    const { c, documents } = await withOneCheckpoint(ds, async () => {
      const c = await advanceScenarios(ds, businessDate, { ...advance, at: startedAt, runId, onProgress, changedSince: changedSince ?? undefined });
      // What was committed, as each batch added it to the run in its own transaction: the in-memory totals
      // miss a batch's rows that went in before one of its dossiers failed (its replay inserts nothing).
      const committed = await runs.findOneByOrFail({ id: runId });
      Object.assign(c, { interventionsRaised: committed.interventionsRaised, skipped: committed.stepsSkipped, dossiersChanged: committed.dossiersChanged });
      if (options.documents === false) return { c, documents: 0 };
      const d = await generateStepDocuments(ds, businessDate, { grouping: deps.config?.communicationGrouping, onProgress });
      c.errors += d.documentErrors;
      c.errorMessages.push(...d.errorMessages);
      return { c, documents: d.documents };
    });
    const status: JobRunStatus = c.errors > 0 ? 'partial' : 'succeeded';
    const durationMs = Date.now() - started;
    await runs.update(
      { id: run.id },
      {
        status, finishedAt: new Date().toISOString(), durationMs, dossiersExamined: c.dossiersExamined, interventionsRaised: c.interventionsRaised,
        stepsSkipped: c.skipped, dossiersChanged: c.dossiersChanged, errors: c.errors, errorMessages: errorText(c.errorMessages),
      },
    );
    return {
      runId: run.id, businessDate, dryRun: false, status, dossiersExamined: c.dossiersExamined, interventionsRaised: c.interventionsRaised,
      skipped: c.skipped, closureProposals: c.closureProposals, dossiersChanged: c.dossiersChanged, documents, errors: c.errors, errorMessages: c.errorMessages, durationMs,
    };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    logger.error('daily run failed', { businessDate, error: message, host: os.hostname() });
    if (run) {
      await runs
        .update({ id: run.id }, { status: 'failed', finishedAt: new Date().toISOString(), durationMs: Date.now() - started, errors: 1, errorMessages: message.slice(0, 8000) })
        .catch(() => undefined);
    }
    throw err;
  } finally {
    await lock.release().catch(() => undefined);
  }
}

export interface JobRunView extends JobRun {
  messages: string[];
}

export async function listJobRuns(ds: DataSource, limit = 50, offset = 0): Promise<{ runs: JobRunView[]; total: number }> {
  const [list, total] = await ds.getRepository(JobRun).findAndCount({ order: { startedAt: 'DESC', id: 'DESC' }, take: limit, skip: offset });
  return { runs: list.map((r) => Object.assign(r, { messages: r.errorMessages ? r.errorMessages.split('\n') : [] })), total };
}
