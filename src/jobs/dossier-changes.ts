/**
 * Which dossiers a second run of the same business date has to plan again (issue 17), on SQLite.
 *
 * A dossier's plan at date D depends only on its own rows — the dossier's scenario fields, status and
 * balance; its entries and their ledger lines; its interventions; its promises, disputes and hand-offs —
 * and on the scenarios and the statuses (plan-chunk.ts reads exactly these). A run at D that finished
 * without an error leaves every dossier with nothing due at D, so a later run at the same D only has to
 * plan the dossiers whose inputs were written since that run started. Rules, in order:
 * 1. Triggers keep `dossier_change` right whoever writes (a page, the API, an import, another process,
 *    raw SQL): a write of a plan input gives the dossier's row a new, higher `seq` (AUTOINCREMENT: a
 *    deleted highest value is never handed out again); a write of the scenarios or the statuses does so
 *    for dossier 0, which stands for every dossier.
 * 2. A new intervention is found by its id rather than by a trigger: `intervention.id` is AUTOINCREMENT
 *    and SQLite has one writer at a time, so a row committed after a run read the highest id has a higher
 *    one. The dossiers of interventions above the previous run's mark are planned again, except rows of
 *    source 'scenario' (the runs' own raised steps: the plan's output, kept exactly once by their
 *    (dossier, step, occurrence) key). An insert trigger cost about 4 µs a row, 0.45 s of a first run of
 *    100,000 dossiers. What a run writes through the status-change use case (a step's status) is logged
 *    by the dossier's trigger, and that dossier is planned again.
 * 3. Each run records `change_seq` and `intervention_mark`, the highest `seq` and intervention id when it
 *    starts. A run plans only the dossiers changed above the previous run's marks when that run was of the
 *    same business date, succeeded without an error and nothing was logged for dossier 0 since;
 *    otherwise, every dossier (the first run of a day).
 * 4. TypeORM rebuilds a SQLite table for some column changes, dropping its triggers: each run checks them
 *    and, when one was missing, creates it and plans every dossier.
 * PostgreSQL: not used, every run plans every dossier (a sequence's values are not in commit order, so a
 * value read at the start would miss a change committed just after it).
 */
import type { DataSource } from 'typeorm';
import { rows, sqlKind } from '../db/sql';

/** The plan's inputs: table, the writes that matter, and the dossier(s) a row belongs to. */
interface Input {
  table: string;
  events: ('INSERT' | 'UPDATE' | 'DELETE')[];
  /** UPDATE OF these columns only (the ones the run reads); all when absent. */
  columns?: string[];
  /** SQL giving the dossier id from NEW / OLD; `*` = every dossier (0). */
  dossier: (row: 'NEW' | 'OLD') => string;
  /** A SELECT of dossier ids instead of one value (a ledger line belongs to its dossiers through dossier_entry). */
  select?: boolean;
}

const ALL = () => '0';
const INPUTS: Input[] = [
  { table: 'dossier', events: ['INSERT', 'UPDATE'], columns: ['start_date', 'scenario_id', 'scenario_suspended', 'scenario_occurrence', 'scenario_restarted_at', 'scenario_joined_on', 'status_id', 'balance'], dossier: (r) => `${r}.id` },
  { table: 'dossier_entry', events: ['INSERT', 'UPDATE', 'DELETE'], dossier: (r) => `${r}.dossier_id` },
  { table: 'ledger_entry', events: ['UPDATE', 'DELETE'], columns: ['due_date', 'debit', 'credit', 'lettering'], select: true, dossier: (r) => `SELECT DISTINCT dossier_id FROM dossier_entry WHERE ledger_entry_id = ${r}.id` },
  { table: 'intervention', events: ['UPDATE', 'DELETE'], columns: ['dossier_id', 'step_code', 'occurrence', 'due_date', 'state', 'done_date'], dossier: (r) => `${r}.dossier_id` },
  { table: 'payment_promise', events: ['INSERT', 'UPDATE', 'DELETE'], dossier: (r) => `${r}.dossier_id` },
  { table: 'dispute', events: ['INSERT', 'UPDATE', 'DELETE'], dossier: (r) => `${r}.dossier_id` },
  { table: 'dossier_handoff', events: ['INSERT', 'UPDATE', 'DELETE'], dossier: (r) => `${r}.dossier_id` },
  { table: 'scenario', events: ['INSERT', 'UPDATE', 'DELETE'], dossier: ALL },
  { table: 'scenario_step', events: ['INSERT', 'UPDATE', 'DELETE'], dossier: ALL },
  { table: 'dossier_status', events: ['INSERT', 'UPDATE', 'DELETE'], dossier: ALL },
];

interface Trigger {
  name: string;
  sql: string;
}

/** One trigger per (input, event); an UPDATE logs the old dossier too when a row moves to another. */
export function changeTriggers(): Trigger[] {
  const out: Trigger[] = [];
  for (const input of INPUTS) {
    for (const event of input.events) {
      const rowsOf: ('NEW' | 'OLD')[] = event === 'INSERT' ? ['NEW'] : event === 'DELETE' ? ['OLD'] : input.dossier('NEW') === input.dossier('OLD') ? ['NEW'] : ['NEW', 'OLD'];
      const body = rowsOf
        .map((r) => {
          const ids = input.select ? input.dossier(r) : `SELECT ${input.dossier(r)}`;
          return `DELETE FROM dossier_change WHERE dossier_id IN (${ids}); INSERT INTO dossier_change (dossier_id) ${ids};`;
        })
        .join(' ');
      const of = event === 'UPDATE' && input.columns ? ` OF ${input.columns.join(', ')}` : '';
      const name = `dossier_change_v1_${input.table}_${event.toLowerCase()}`;
      out.push({ name, sql: `CREATE TRIGGER IF NOT EXISTS ${name} AFTER ${event}${of} ON ${input.table} FOR EACH ROW BEGIN ${body} END` });
    }
  }
  return out;
}

/** Triggers of earlier versions, dropped when found (rule 2 replaced the intervention insert's). */
const OBSOLETE_TRIGGERS = ['dossier_change_v1_intervention_insert'];

/** Where a run's "changed only" planning starts: above these marks (rules 2 and 3). */
export interface ChangeMarks {
  seq: number;
  interventionId: number;
}

/** The dossiers changed above `marks`, as SQL with two parameters (seq, intervention id). */
export const CHANGED_DOSSIER_IDS_SQL =
  "SELECT dossier_id FROM dossier_change WHERE seq > ? UNION SELECT dossier_id FROM intervention WHERE id > ? AND source <> 'scenario'";

/**
 * Run start (rules 3 and 4): the run's own marks, and the marks above which dossiers are to be planned
 * (null: every dossier), for the job_run `run` being started.
 */
export async function changedScope(ds: DataSource, run: { id: number; task: string; businessDate: string }): Promise<{ marks: ChangeMarks | null; changedSince: ChangeMarks | null }> {
  if (sqlKind(ds) !== 'sqlite') return { marks: null, changedSince: null };
  const present = new Set((await rows<{ name: string }>(ds, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'dossier_change_%'")).map((r) => r.name));
  for (const name of OBSOLETE_TRIGGERS) if (present.has(name)) await ds.query(`DROP TRIGGER IF EXISTS ${name}`);
  const missing = changeTriggers().filter((t) => !present.has(t.name));
  for (const t of missing) await ds.query(t.sql);
  const [{ seq, intervention }] = await rows<{ seq: number | null; intervention: number | null }>(
    ds,
    'SELECT (SELECT MAX(seq) FROM dossier_change) AS seq, (SELECT MAX(id) FROM intervention) AS intervention',
  );
  const marks = { seq: Number(seq ?? 0), interventionId: Number(intervention ?? 0) };
  if (missing.length) return { marks, changedSince: null };
  const [previous] = await rows<{ business_date: string; status: string; errors: number; change_seq: number | null; intervention_mark: number | null }>(
    ds,
    // A dry run records no job_run.
    'SELECT business_date, status, errors, change_seq, intervention_mark FROM job_run WHERE task = ? AND id < ? ORDER BY id DESC LIMIT 1',
    [run.task, run.id],
  );
  if (
    !previous || previous.business_date !== run.businessDate || previous.status !== 'succeeded' || Number(previous.errors) > 0 ||
    previous.change_seq === null || previous.intervention_mark === null
  ) {
    return { marks, changedSince: null };
  }
  const since = { seq: Number(previous.change_seq), interventionId: Number(previous.intervention_mark) };
  const [all] = await rows(ds, 'SELECT 1 AS one FROM dossier_change WHERE dossier_id = 0 AND seq > ?', [since.seq]);
  return { marks, changedSince: all ? null : since };
}
