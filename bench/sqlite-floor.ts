/**
 * The "SQLite floor" of the daily run (issue 17): what SQLite alone needs to read the same dossiers
 * and write the same intervention and Chrono rows, with better-sqlite3 prepared statements in one
 * transaction, on the same database — no engine, no TypeORM, no per-dossier logic.
 *
 * Measured on a byte copy of the file taken just before the first run (so the data the run saw,
 * and the run's own file is left as it is): the rows the run wrote are read from the run's file
 * beforehand (not timed: the job has them in memory once it has planned), then, timed, the copy
 * reads every open dossier by chunks of 5,000 with the job's own set queries (src/jobs/plan-chunk.ts:
 * dossiers with status kind and stored balance; oldest due date of the undisputed unlettered
 * entries; steps already raised; and the promises, disputes and hand-offs that hold a scenario,
 * copied from their components), rows as arrays, and inserts the same rows, same columns, dossier
 * by dossier in id order, and commits.
 */
import Database from 'better-sqlite3';
import { DOSSIERS_SQL, OLDEST_DUE_SQL, RAISED_SQL } from '../src/jobs/plan-chunk';

export interface SqliteFloor {
  ms: number;
  /** CPU time of the measurement (user + system): steadier than `ms` on a busy machine. */
  cpuMs: number;
  readMs: number;
  dossiersRead: number;
  interventions: number;
  events: number;
}

const INTERVENTION_COLUMNS = [
  'dossier_id', 'type', 'label', 'due_date', 'priority', 'assignee_id', 'state', 'source', 'step_code', 'occurrence', 'done_date', 'done_at', 'done_by',
  'skip_reason', 'template_code', 'version', 'created_at', 'created_by',
];
const EVENT_COLUMNS = ['dossier_id', 'at', 'user_id', 'user_name', 'type', 'details', 'amount'];

/**
 * `runFile`: the database after the run; `copyFile`: its copy from just before the run (written to,
 * then left for the caller to delete); `at`: the run's timestamp (job_run.started_at, on its rows).
 */
export function measureSqliteFloor(runFile: string, copyFile: string, at: string, today: string, chunk = 5000): SqliteFloor {
  const source = new Database(runFile, { readonly: true });
  const interventions = source.prepare(`SELECT ${INTERVENTION_COLUMNS.join(', ')} FROM intervention WHERE created_at = ? AND source = 'scenario' ORDER BY id`).raw().all(at) as unknown[][];
  const events = source.prepare(`SELECT ${EVENT_COLUMNS.join(', ')} FROM dossier_event WHERE at = ? ORDER BY id`).raw().all(at) as unknown[][];
  source.close();

  const db = new Database(copyFile);
  // As the app opens it (TypeORM's better-sqlite3 driver).
  db.pragma('foreign_keys = ON');
  db.pragma('journal_mode = WAL');
  const started = process.hrtime.bigint();
  const cpuAtStart = process.cpuUsage();
  let readNs = 0n;
  // Rows as arrays: the cheapest way to read them.
  const dossiers = db.prepare(DOSSIERS_SQL).raw();
  const reads = [
    db.prepare(OLDEST_DUE_SQL),
    db.prepare(RAISED_SQL),
    db.prepare("SELECT DISTINCT dossier_id FROM payment_promise WHERE status = 'open' AND pause_until >= ? AND dossier_id BETWEEN ? AND ?"),
    db.prepare("SELECT dossier_id, MAX(CASE WHEN ledger_entry_id IS NULL THEN 1 ELSE 0 END) AS whole FROM dispute WHERE status = 'open' AND dossier_id BETWEEN ? AND ? GROUP BY dossier_id"),
    db.prepare('SELECT dossier_id FROM dossier_handoff WHERE ended_on IS NULL AND dossier_id BETWEEN ? AND ?'),
  ].map((st) => st.raw());
  const insertIntervention = db.prepare(`INSERT INTO intervention (${INTERVENTION_COLUMNS.join(', ')}) VALUES (${INTERVENTION_COLUMNS.map(() => '?').join(', ')})`);
  const insertEvent = db.prepare(`INSERT INTO dossier_event (${EVENT_COLUMNS.join(', ')}) VALUES (${EVENT_COLUMNS.map(() => '?').join(', ')})`);

  let dossiersRead = 0;
  let i = 0;
  let e = 0;
  db.transaction(() => {
    let afterId = 0;
    for (;;) {
      const t = process.hrtime.bigint();
      const list = dossiers.all(afterId, chunk) as number[][];
      if (list.length === 0) break;
      const lo = list[0][0];
      const hi = list[list.length - 1][0];
      for (const [k, q] of reads.entries()) q.all(...(k === 2 ? [today, lo, hi] : [lo, hi]));
      readNs += process.hrtime.bigint() - t;
      dossiersRead += list.length;
      // The chunk's rows, dossier by dossier as the job writes them.
      while (i < interventions.length || e < events.length) {
        const di = i < interventions.length ? Number(interventions[i][0]) : Infinity;
        const dE = e < events.length ? Number(events[e][0]) : Infinity;
        const d = Math.min(di, dE);
        if (d > hi) break;
        while (i < interventions.length && Number(interventions[i][0]) === d) insertIntervention.run(...interventions[i++]);
        while (e < events.length && Number(events[e][0]) === d) insertEvent.run(...events[e++]);
      }
      afterId = hi;
      if (list.length < chunk) break;
    }
    // Rows of dossiers no longer open (none in the bench): written all the same, so the count matches the run's.
    while (i < interventions.length) insertIntervention.run(...interventions[i++]);
    while (e < events.length) insertEvent.run(...events[e++]);
  })();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpuAtStart);
  db.close();
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, readMs: Number(readNs) / 1e6, dossiersRead, interventions: i, events: e };
}
