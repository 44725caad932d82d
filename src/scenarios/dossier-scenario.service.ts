/**
 * A dossier's scenario controls: which scenario it follows, suspending and resuming it, and
 * restarting it from the first step (a new occurrence, so the steps already raised stay in history
 * and the exactly-once key stays unique). Each writes its Chrono line in the same transaction.
 * The columns (scenario_suspended, scenario_occurrence, scenario_restarted_at) belong to this
 * component; the dossier workspace calls these use cases.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { recordDossierEvent, type Actor } from '../history';
import { AppError } from '../shared/errors';
import { nextOccurrence } from './scenario-engine.rules';
import { Scenario } from './scenario.entity';
import { rows, run, truthy } from '../db/sql';
import { inTransaction, type Db } from '../db/transactions';

export interface DossierScenarioState {
  scenarioId: number | null;
  scenarioCode: string | null;
  scenarioName: string | null;
  suspended: boolean;
  occurrence: number;
  restartedAt: string | null;
}

export async function dossierScenarioState(db: DataSource | EntityManager, dossierId: number): Promise<DossierScenarioState> {
  const [r] = await rows<{ scenario_id: number | null; code: string | null; name: string | null; scenario_suspended: unknown; scenario_occurrence: number; scenario_restarted_at: string | null }>(
    db,
    `SELECT d.scenario_id, s.code, s.name, d.scenario_suspended, d.scenario_occurrence, d.scenario_restarted_at
       FROM dossier d LEFT JOIN scenario s ON s.id = d.scenario_id WHERE d.id = ?`,
    [dossierId],
  );
  if (!r) throw AppError.notFound();
  return {
    scenarioId: r.scenario_id === null ? null : Number(r.scenario_id), scenarioCode: r.code, scenarioName: r.name,
    suspended: truthy(r.scenario_suspended), occurrence: Number(r.scenario_occurrence ?? 1), restartedAt: r.scenario_restarted_at,
  };
}

async function change(
  ds: Db,
  dossierId: number,
  actor: Actor,
  at: string,
  fn: (m: EntityManager, before: DossierScenarioState) => Promise<{ sql: string; params: unknown[]; type: string; details: Record<string, unknown> } | null>,
): Promise<DossierScenarioState> {
  return inTransaction(ds, async (m) => {
    const before = await dossierScenarioState(m, dossierId);
    const todo = await fn(m, before);
    if (todo) {
      await run(m, `UPDATE dossier SET ${todo.sql}, version = version + 1, updated_at = ? WHERE id = ?`, [...todo.params, at, dossierId]);
      await recordDossierEvent(m, actor, { dossierId, at, type: todo.type, details: todo.details });
    }
    return dossierScenarioState(m, dossierId);
  });
}

/**
 * Records the day a dossier starts on its scenario (rule 10 of the engine: the steps already due
 * that day are passed over but the latest). For a dossier created on a scenario, in its transaction.
 */
export async function markScenarioJoined(m: EntityManager, dossierId: number, joinedOn: string): Promise<void> {
  await run(m, 'UPDATE dossier SET scenario_joined_on = ? WHERE id = ?', [joinedOn, dossierId]);
}

/**
 * Puts a dossier on a scenario (or none), joining it on `today`. Steps already raised under another
 * scenario stay as they are. Inside a caller's transaction when given its manager (bulk creation
 * from Rappel / relevé).
 */
export function assignScenario(ds: Db, dossierId: number, scenarioId: number | null, actor: Actor, at: string, today: string): Promise<DossierScenarioState> {
  return change(ds, dossierId, actor, at, async (m, before) => {
    if (before.scenarioId === scenarioId) return null;
    const scenario = scenarioId === null ? null : await m.getRepository(Scenario).findOneBy({ id: scenarioId });
    if (scenarioId !== null && !scenario) throw AppError.field('scenarioId', 'validation.choice');
    return { sql: 'scenario_id = ?, scenario_joined_on = ?', params: [scenarioId, scenarioId === null ? null : today], type: 'scenarioAssigned', details: { from: before.scenarioCode, to: scenario?.code ?? null } };
  });
}

export function suspendScenario(ds: DataSource, dossierId: number, actor: Actor, at: string): Promise<DossierScenarioState> {
  return change(ds, dossierId, actor, at, async (_m, before) =>
    before.suspended ? null : { sql: 'scenario_suspended = true', params: [], type: 'scenarioSuspended', details: { scenario: before.scenarioCode } },
  );
}

export function resumeScenario(ds: DataSource, dossierId: number, actor: Actor, at: string): Promise<DossierScenarioState> {
  return change(ds, dossierId, actor, at, async (_m, before) =>
    !before.suspended ? null : { sql: 'scenario_suspended = false', params: [], type: 'scenarioResumed', details: { scenario: before.scenarioCode } },
  );
}

/** Starts the scenario again from its first step at `today`: occurrence + 1, anchors no earlier than today. */
export function restartScenario(ds: DataSource, dossierId: number, today: string, actor: Actor, at: string): Promise<DossierScenarioState> {
  return change(ds, dossierId, actor, at, async (m, before) => {
    if (before.scenarioId === null) throw new AppError('invalid_state', 'scenarios.errors.noScenario');
    const raised = await rows<{ occurrence: number | null }>(m, 'SELECT DISTINCT occurrence FROM intervention WHERE dossier_id = ? AND step_code IS NOT NULL', [dossierId]);
    const occurrence = Math.max(before.occurrence + 1, nextOccurrence(raised.map((r) => ({ stepCode: '', occurrence: Number(r.occurrence ?? 1), dueDate: today, state: 'done' }))));
    return {
      // A restart counts its anchors from today (rule 4): nothing is overdue, so nothing is passed over on joining.
      sql: 'scenario_occurrence = ?, scenario_restarted_at = ?, scenario_suspended = false, scenario_joined_on = NULL',
      params: [occurrence, today],
      type: 'scenarioRestarted',
      details: { scenario: before.scenarioCode, occurrence, restartedAt: today },
    };
  });
}
