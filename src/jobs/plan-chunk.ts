/**
 * The reading half of the scenario run: one chunk of open dossiers (ids after `afterId`) read with
 * a few set queries — the dossiers with their status kind and stored balance, their undisputed
 * unlettered entries' oldest due date, the steps already raised, the pauses of issue 15 — in one
 * read transaction, then planned one by one by the pure engine (planDossier). Only the dossiers
 * with something to write come back as work.
 *
 * On SQLite the queries are better-sqlite3 statements prepared once for the whole run and run
 * inside a TypeORM transaction (which holds the process's connection gate, src/db/sqlite-gate.ts);
 * elsewhere they go through `rows`. bench/sqlite-floor.ts reads with the same queries.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { toNumber } from '../db/column-types';
import { planDossier, type DossierSnapshot, type RaisedStep, type ScenarioDefinition, type ScenarioPlan, type StatusKind } from '../scenarios';
import { rows, sqlKind, sqliteConnection, type SqliteConnection } from '../db/sql';
import { CHANGED_DOSSIER_IDS_SQL, type ChangeMarks } from './dossier-changes';
import { isHeld, openLinesFilterSql, scenarioBalance, scenarioPausedIds } from './scenario-pauses';

export interface DossierRow {
  id: number;
  number: number;
  start_date: string;
  controller_id: number | null;
  scenario_id: number;
  scenario_occurrence: number | null;
  scenario_restarted_at: string | null;
  scenario_joined_on: string | null;
  loss_hundredths: number;
  status_id: number;
  status_kind: StatusKind;
  balance: unknown;
}

export interface Work {
  dossier: DossierRow;
  scenario: ScenarioDefinition;
  plan: ScenarioPlan;
}

export interface Reference {
  statusKinds: Record<string, StatusKind>;
  controllerIdByKey: Map<string, number>;
}

export async function loadReference(ds: DataSource): Promise<Reference> {
  const statuses = await rows<{ code: string; kind: StatusKind }>(ds, 'SELECT code, kind FROM dossier_status');
  const controllers = await rows<{ id: number; code: string; username: string | null }>(
    ds,
    'SELECT c.id, c.code, u.username FROM credit_controller c LEFT JOIN app_user u ON u.id = c.user_id',
  );
  const controllerIdByKey = new Map<string, number>();
  // A step's assignee names a controller by code, or a user by username.
  for (const c of controllers) if (c.username) controllerIdByKey.set(c.username.toLowerCase(), Number(c.id));
  for (const c of controllers) controllerIdByKey.set(c.code.toLowerCase(), Number(c.id));
  return { statusKinds: Object.fromEntries(statuses.map((s) => [s.code, s.kind])), controllerIdByKey };
}

export const DOSSIERS_SQL = `SELECT d.id, d.number, d.start_date, d.controller_id, d.scenario_id, d.scenario_occurrence, d.scenario_restarted_at, d.scenario_joined_on,
            d.loss_hundredths, d.status_id, s.kind AS status_kind, d.balance
       FROM dossier d JOIN dossier_status s ON s.id = d.status_id
      WHERE d.id > ? AND d.scenario_id IS NOT NULL AND d.scenario_suspended = false AND s.kind <> 'closed'
      ORDER BY d.id LIMIT ?`;
export const OLDEST_DUE_SQL = `SELECT de.dossier_id, MIN(CASE WHEN le.debit > le.credit THEN le.due_date END) AS oldest_due
       FROM dossier_entry de JOIN ledger_entry le ON le.id = de.ledger_entry_id
      WHERE de.dossier_id BETWEEN ? AND ? AND (le.lettering IS NULL OR le.lettering = '') AND ${openLinesFilterSql('le')}
      GROUP BY de.dossier_id`;
export const RAISED_SQL = 'SELECT dossier_id, step_code, occurrence, due_date, state, done_date FROM intervention WHERE dossier_id BETWEEN ? AND ? AND step_code IS NOT NULL';

/** The same three queries limited to the dossiers written since a run started (dossier-changes.ts); two more parameters, last but for the LIMIT. */
const changedOnly = (column: string) => ` AND ${column} IN (${CHANGED_DOSSIER_IDS_SQL})`;
const CHANGED_DOSSIERS_SQL = DOSSIERS_SQL.replace('\n      ORDER BY d.id', `${changedOnly('d.id')}\n      ORDER BY d.id`);
const CHANGED_OLDEST_DUE_SQL = OLDEST_DUE_SQL.replace('\n      GROUP BY', `${changedOnly('de.dossier_id')}\n      GROUP BY`);
const CHANGED_RAISED_SQL = RAISED_SQL + changedOnly('dossier_id');

/** The three set queries of a chunk; `m` is the chunk's read transaction. */
interface ChunkQueries {
  dossiers(m: EntityManager, afterId: number, limit: number): Promise<DossierRow[]>;
  /** Dossier id → oldest due date of its undisputed unlettered debit entries. */
  oldestDue(m: EntityManager, lo: number, hi: number): Promise<Map<number, string>>;
  /** Dossier id → the steps raised for it (every occurrence). */
  raised(m: EntityManager, lo: number, hi: number): Promise<Map<number, RaisedStep[]>>;
}

function addRaised(raised: Map<number, RaisedStep[]>, dossierId: number, step: RaisedStep): void {
  const list = raised.get(dossierId);
  if (list) list.push(step);
  else raised.set(dossierId, [step]);
}

/**
 * SQLite: rows as arrays (`raw()`), made into objects here: about twice as fast as letting the
 * driver name every column of every row. Positions follow the SELECT lists above.
 */
function sqliteQueries(db: SqliteConnection, changedSince?: ChangeMarks): ChunkQueries {
  const changed = changedSince !== undefined;
  const dossiers = db.prepare(changed ? CHANGED_DOSSIERS_SQL : DOSSIERS_SQL).raw();
  const oldest = db.prepare(changed ? CHANGED_OLDEST_DUE_SQL : OLDEST_DUE_SQL).raw();
  const raised = db.prepare(changed ? CHANGED_RAISED_SQL : RAISED_SQL).raw();
  const scope = changedSince ? [changedSince.seq, changedSince.interventionId] : [];
  return {
    dossiers: async (_m, afterId, limit) =>
      (dossiers.all(afterId, ...scope, limit) as unknown[][]).map((r) => ({
        id: r[0] as number, number: r[1] as number, start_date: r[2] as string, controller_id: r[3] as number | null, scenario_id: r[4] as number,
        scenario_occurrence: r[5] as number | null, scenario_restarted_at: r[6] as string | null, scenario_joined_on: r[7] as string | null,
        loss_hundredths: r[8] as number, status_id: r[9] as number, status_kind: r[10] as StatusKind, balance: r[11],
      })),
    oldestDue: async (_m, lo, hi) => {
      const out = new Map<number, string>();
      for (const r of oldest.all(lo, hi, ...scope) as [number, string | null][]) if (r[1]) out.set(r[0], r[1]);
      return out;
    },
    raised: async (_m, lo, hi) => {
      const out = new Map<number, RaisedStep[]>();
      for (const r of raised.all(lo, hi, ...scope) as [number, string, number | null, string, RaisedStep['state'], string | null][]) {
        addRaised(out, r[0], { stepCode: r[1], occurrence: r[2] === null ? 1 : r[2], dueDate: r[3], state: r[4], doneDate: r[5] });
      }
      return out;
    },
  };
}

function chunkQueries(ds: DataSource, changedSince?: ChangeMarks): ChunkQueries {
  const db = sqlKind(ds) === 'sqlite' ? sqliteConnection(ds) : null;
  if (db) return sqliteQueries(db, changedSince);
  if (changedSince !== undefined) throw new Error('planning only the changed dossiers is for SQLite (dossier-changes.ts)');
  return {
    dossiers: (m, afterId, limit) => rows<DossierRow>(m, DOSSIERS_SQL, [afterId, limit]),
    oldestDue: async (m, lo, hi) => {
      const out = new Map<number, string>();
      for (const r of await rows<{ dossier_id: unknown; oldest_due: string | null }>(m, OLDEST_DUE_SQL, [lo, hi])) if (r.oldest_due) out.set(Number(r.dossier_id), r.oldest_due);
      return out;
    },
    raised: async (m, lo, hi) => {
      const out = new Map<number, RaisedStep[]>();
      for (const r of await rows<{ dossier_id: unknown; step_code: string; occurrence: unknown; due_date: string; state: RaisedStep['state']; done_date: string | null }>(m, RAISED_SQL, [lo, hi])) {
        addRaised(out, Number(r.dossier_id), { stepCode: r.step_code, occurrence: r.occurrence === null ? 1 : Number(r.occurrence), dueDate: r.due_date, state: r.state, doneDate: r.done_date });
      }
      return out;
    },
  };
}

export interface PlannedChunk {
  examined: number;
  lastId: number;
  works: Work[];
}

/**
 * Reads and plans chunk after chunk; the statements are prepared once for the run. With `changedSince`,
 * only the dossiers written since (a second run of the day, dossier-changes.ts).
 */
export function chunkPlanner(ds: DataSource, today: string, scenarios: Map<number, ScenarioDefinition>, ref: Reference, changedSince?: ChangeMarks): (afterId: number, limit: number) => Promise<PlannedChunk> {
  const q = chunkQueries(ds, changedSince);
  return (afterId, limit) =>
    ds.transaction(async (m) => {
      const dossiers = await q.dossiers(m, afterId, limit);
      if (dossiers.length === 0) return { examined: 0, lastId: afterId, works: [] };
      const lo = Number(dossiers[0].id);
      const hi = Number(dossiers[dossiers.length - 1].id);

      const oldestDue = await q.oldestDue(m, lo, hi);
      const raised = await q.raised(m, lo, hi);
      // Issue 15 hook: a promise to pay or an open dispute holds the scenario; see scenario-pauses.ts.
      const pauses = await scenarioPausedIds(m, { fromId: lo, toId: hi }, today);

      const works: Work[] = [];
      for (const d of dossiers) {
        const id = Number(d.id);
        const scenario = scenarios.get(Number(d.scenario_id));
        if (!scenario) continue;
        // The balance the engine weighs (minimum balance, zero proposes closure) is the dossier's balance rule, as stored;
        // issue 15: invoices in open dispute leave it.
        const balance = scenarioBalance(pauses, id, toNumber(d.balance));
        const oldest = oldestDue.get(id);
        const snapshot: DossierSnapshot = {
          startDate: d.start_date,
          entryDueDates: oldest ? [oldest] : [],
          raisedSteps: raised.get(id) ?? [],
          statusKind: d.status_kind,
          balance,
          suspended: isHeld(pauses, id, balance),
          controllerCode: null,
          occurrence: d.scenario_occurrence === null ? 1 : Number(d.scenario_occurrence),
          restartedAt: d.scenario_restarted_at,
          joinedOn: d.scenario_joined_on,
        };
        const plan = planDossier({ dossier: snapshot, scenario, statusKinds: ref.statusKinds }, today);
        if (plan.toRaise.length || plan.skipped.length || plan.closureProposal) works.push({ dossier: { ...d, id }, scenario, plan });
      }
      return { examined: dossiers.length, lastId: hi, works };
    });
}
