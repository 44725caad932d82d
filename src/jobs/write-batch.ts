/**
 * The writing half of the scenario run: whole dossiers in one transaction. Interventions go in with
 * ON CONFLICT DO NOTHING on the (dossier, step, occurrence) key, and effects, Chrono lines and the
 * job_run counts follow only the rows actually inserted (step-rows.ts), in the same transaction:
 * whatever another run already did is not done twice, and a run killed mid-way leaves each dossier
 * untouched or fully advanced, with the history showing exactly what was written.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { rows, run, sqlKind, sqliteConnection } from '../db/sql';
import { withConnection } from '../db/sqlite-gate';
import type { Reference, Work } from './plan-chunk';
import { applyStepStatus } from './step-status';
import { consequences, EVENT_COLUMNS, INTERVENTION_COLUMNS, INTERVENTION_PARAMS, interventionValues, noCounts, type BatchCounts } from './step-rows';

const INSERT_INTERVENTION = `INSERT INTO intervention (${INTERVENTION_COLUMNS})`;
const UPDATE_DOSSIER = 'UPDATE dossier SET loss_hundredths = ?, version = version + 1, updated_at = ? WHERE id = ?';
const INSERT_EVENT = `INSERT INTO dossier_event (${EVENT_COLUMNS})`;
const ADD_TO_RUN = 'UPDATE job_run SET interventions_raised = interventions_raised + ?, steps_skipped = steps_skipped + ?, dossiers_changed = dossiers_changed + ? WHERE id = ?';
const runParams = (c: BatchCounts, runId: number) => [c.raised, c.skipped, c.changed, runId];

/** Writes whole dossiers in one transaction; returns what was written. */
export type BatchWriter = (works: Work[]) => Promise<BatchCounts>;

const keyOf = (dossierId: unknown, stepCode: unknown, occurrence: unknown) => `${Number(dossierId)}|${String(stepCode)}|${Number(occurrence)}`;

async function insertMany(m: EntityManager, head: string, columns: number, values: unknown[][], tail: string, perStatement: number): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  const tuple = `(${new Array(columns).fill('?').join(', ')})`;
  for (let i = 0; i < values.length; i += perStatement) {
    const slice = values.slice(i, i + perStatement);
    const sql = `${head} VALUES ${slice.map(() => tuple).join(', ')}${tail}`;
    out.push(...(await rows<Record<string, unknown>>(m, sql, slice.flat())));
  }
  return out;
}

/**
 * PostgreSQL (and the generic path): multi-row statements in one transaction. The only writer of
 * dossiers whose steps set a status: the status-change use case runs in the same transaction.
 */
function asyncWriter(ds: DataSource, ref: Reference, at: string, today: string, runId?: number): BatchWriter {
  return (works) =>
    ds.transaction(async (m) => {
      const values = interventionValues(works, ref, at);
      if (values.length === 0) return noCounts();
      const inserted = await insertMany(m, INSERT_INTERVENTION, INTERVENTION_PARAMS, values, ' ON CONFLICT DO NOTHING RETURNING id, dossier_id, step_code, occurrence', 400);
      const byKey = new Map<string, number>();
      for (const r of inserted) byKey.set(keyOf(r.dossier_id, r.step_code, r.occurrence), Number(r.id));
      const c = consequences(works, values.map((v) => byKey.get(keyOf(v[0], v[8], v[9]))), at);
      for (const u of c.updates) await run(m, UPDATE_DOSSIER, u);
      if (c.events.length) await insertMany(m, INSERT_EVENT, 7, c.events, '', 1000);
      for (const r of c.statusRequests) {
        const result = await applyStepStatus(m, r, { at, today });
        if (result.outcome === 'refused') c.counts.warnings.push(result.warning);
        if (result.outcome === 'applied' && !r.lossChanged) c.counts.changed++;
      }
      if (runId !== undefined) await run(m, ADD_TO_RUN, runParams(c.counts, runId));
      return c.counts;
    });
}

/**
 * SQLite: better-sqlite3's own statements, prepared once for the run, in one synchronous
 * transaction, several times faster than going through the async layer. Nothing else can run on the
 * connection meanwhile (synchronous); it takes the connection gate first, as a TypeORM transaction does.
 */
function sqliteWriter(ds: DataSource, ref: Reference, at: string, runId?: number): BatchWriter | null {
  const db = sqliteConnection(ds);
  if (!db) return null;
  // run() rather than RETURNING: `changes` says whether the row went in, `lastInsertRowid` is its id.
  const insertIntervention = db.prepare(`${INSERT_INTERVENTION} VALUES (${new Array(INTERVENTION_PARAMS).fill('?').join(', ')}) ON CONFLICT DO NOTHING`);
  const updateDossier = db.prepare(UPDATE_DOSSIER);
  const insertEvent = db.prepare(`${INSERT_EVENT} VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const addToRun = db.prepare(ADD_TO_RUN);
  const write = db.transaction((works: Work[]) => {
    const ids = interventionValues(works, ref, at).map((v) => {
      const r = insertIntervention.run(...v);
      return r.changes > 0 ? Number(r.lastInsertRowid) : undefined;
    });
    const c = consequences(works, ids, at);
    // The caller sends the dossiers whose steps set a status to the async writer (the use case is async).
    if (c.statusRequests.length) throw new Error('a step that sets a status must go through the status-change use case');
    for (const u of c.updates) updateDossier.run(...u);
    for (const e of c.events) insertEvent.run(...e);
    if (runId !== undefined) addToRun.run(...runParams(c.counts, runId));
    return c.counts;
  }) as unknown as (works: Work[]) => BatchCounts;
  // Under the connection gate: no TypeORM transaction of this process is open meanwhile (an FEC
  // import, a request's change), and none starts until the synchronous write is done.
  return (works) => withConnection(ds, async () => write(works));
}

export function addCounts(total: BatchCounts, c: BatchCounts): void {
  total.raised += c.raised;
  total.skipped += c.skipped;
  total.closures += c.closures;
  total.changed += c.changed;
  total.warnings.push(...c.warnings);
}

/**
 * The run's writer: the fast one for the batch, except that steps that set a status (rare) send
 * their dossiers one at a time through the status-change use case.
 */
export function batchWriter(ds: DataSource, ref: Reference, at: string, today: string, runId?: number): BatchWriter {
  const generic = asyncWriter(ds, ref, at, today, runId);
  const fast = (sqlKind(ds) === 'sqlite' ? sqliteWriter(ds, ref, at, runId) : null) ?? generic;
  return async (works) => {
    const withStatus = works.filter((w) => w.plan.effects.statusCode);
    const total = noCounts();
    const plain = withStatus.length ? works.filter((w) => !w.plan.effects.statusCode) : works;
    if (plain.length) addCounts(total, await fast(plain));
    for (const w of withStatus) addCounts(total, await generic([w]));
    return total;
  };
}
