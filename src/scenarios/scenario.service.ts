/**
 * Scenario use cases: the shipped files loaded at start, the administrator's edits, import and
 * export, and the definitions the daily job runs. Every change goes through the one pure schema
 * (validateScenario), so a scenario in the database is always one the engine accepts.
 *
 * Over 300 lines: one use case per action on a scenario, all on the same row <-> definition mapping.
 */
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { toNumber } from '../db/column-types';
import { AppError } from '../shared/errors';
import { fromRoot } from '../shared/paths';
import { logger } from '../shared/logger';
import { describeIssue, statusStepIssues, validateScenario, type ScenarioDefinition, type ScenarioIssue, type ScenarioStep } from './scenario-definition';
import { DossierStatus } from '../settings';
import { loadScenarioFiles, parseScenarioJson, serializeScenario, type ScenarioFileProblem } from './scenario-files';
import { Scenario, ScenarioStepRow } from './scenario.entity';
import { recordSettingChange } from '../audit';

import type { Db } from '../db/sql';
import { hundredthsOf, percentOf } from '../shared/money';

export const SHIPPED_SCENARIOS_DIR = (): string => fromRoot('scenarios');

export function stepFromRow(row: ScenarioStepRow): ScenarioStep {
  const step: ScenarioStep = {
    code: row.code,
    label: row.label,
    actionType: row.actionType as ScenarioStep['actionType'],
    anchor: row.anchor as ScenarioStep['anchor'],
    offsetDays: row.offsetDays,
    businessDays: Boolean(row.businessDays),
    priority: row.priority,
    amicable: Boolean(row.amicable),
  };
  if (row.lossHundredths !== null) step.lossPercentage = percentOf(row.lossHundredths);
  if (row.setStatusCode !== null) step.setStatusCode = row.setStatusCode;
  if (row.templateCode !== null) step.templateCode = row.templateCode;
  if (row.minBalance !== null) step.minBalance = row.minBalance;
  if (row.assignee !== null) step.assignee = row.assignee;
  return step;
}

function rowFromStep(scenarioId: number, position: number, s: ScenarioStep): Partial<ScenarioStepRow> {
  return {
    scenarioId, position, code: s.code, label: s.label, actionType: s.actionType, anchor: s.anchor, offsetDays: s.offsetDays,
    businessDays: s.businessDays, priority: s.priority, lossHundredths: s.lossPercentage === undefined ? null : hundredthsOf(s.lossPercentage),
    setStatusCode: s.setStatusCode ?? null, templateCode: s.templateCode ?? null, minBalance: s.minBalance ?? null, assignee: s.assignee ?? null,
    amicable: s.amicable,
  };
}

export function definitionOf(scenario: Scenario, steps: ScenarioStepRow[]): ScenarioDefinition {
  return {
    code: scenario.code,
    name: scenario.name,
    description: scenario.description,
    active: Boolean(scenario.active),
    steps: [...steps].sort((a, b) => a.position - b.position || a.id - b.id).map(stepFromRow),
  };
}

const hashOf = (def: ScenarioDefinition) => createHash('sha256').update(serializeScenario(def)).digest('hex');

async function writeSteps(m: EntityManager, scenarioId: number, steps: ScenarioStep[]): Promise<void> {
  await m.getRepository(ScenarioStepRow).delete({ scenarioId });
  if (steps.length) await m.getRepository(ScenarioStepRow).insert(steps.map((s, i) => rowFromStep(scenarioId, i + 1, s)));
}

/** Throws a validation error naming the step and the field, e.g. `step 2 (APPEL), field offsetDays: must be …`. */
export function assertValid(raw: unknown): ScenarioDefinition {
  const result = validateScenario(raw);
  if (result.ok) return result.scenario;
  throw scenarioValidationError(result.issues);
}

export function scenarioValidationError(issues: ScenarioIssue[], prefix = ''): AppError {
  return AppError.validation(
    issues.map((issue) => ({
      field: issue.stepIndex !== undefined ? `steps.${issue.stepIndex}.${issue.field ?? ''}` : (issue.field ?? '_form'),
      message: `${prefix}${describeIssue(issue)}`,
    })),
    'scenarios.errors.invalid',
  );
}

/** The kind of each status code the administrator's list knows. */
async function statusKindOf(db: Db): Promise<(code: string) => 'open' | 'legal' | 'closed' | undefined> {
  const kinds = new Map((await db.getRepository(DossierStatus).find()).map((s) => [s.code, s.kind]));
  return (code) => kinds.get(code);
}

export interface ShippedLoadReport {
  inserted: string[];
  updated: string[];
  /** Edited by an administrator: the shipped file was not applied. */
  keptEdited: string[];
  unchanged: string[];
  problems: ScenarioFileProblem[];
}

/**
 * Loads `scenarios/*.json` at start: a new code is inserted; a shipped scenario nobody edited
 * follows its file; one an administrator edited is never overwritten. A bad file is reported
 * (file, step, field) and the others load. Several instances may start together: an insert that
 * loses the race is ignored.
 */
export async function loadShippedScenarios(dataSource: DataSource, options: { dir?: string; at?: string } = {}): Promise<ShippedLoadReport> {
  const files = loadScenarioFiles(options.dir ?? SHIPPED_SCENARIOS_DIR());
  const at = options.at ?? new Date().toISOString();
  const report: ShippedLoadReport = { inserted: [], updated: [], keptEdited: [], unchanged: [], problems: files.problems };
  const kindOf = await statusKindOf(dataSource);
  for (const def of files.scenarios) {
    const file = files.fileOf[def.code];
    const refused = statusStepIssues(def, kindOf).map((issue) => ({ file, ...issue, text: `${file}, ${describeIssue(issue)}` }));
    if (refused.length) report.problems.push(...refused);
  }
  for (const problem of report.problems) logger.warn('scenario file rejected', { problem: problem.text });
  for (const def of files.scenarios.filter((d) => !report.problems.some((p) => p.file === files.fileOf[d.code]))) {
    const hash = hashOf(def);
    await dataSource.transaction(async (m) => {
      const repo = m.getRepository(Scenario);
      const existing = await repo.findOneBy({ code: def.code });
      if (!existing) {
        const inserted = await repo
          .createQueryBuilder()
          .insert()
          .values({ code: def.code, name: def.name, description: def.description, active: def.active, origin: 'shipped', shippedHash: hash, edited: false, version: 1, createdAt: at, updatedAt: at, updatedBy: null })
          .orIgnore()
          .execute();
        const row = await repo.findOneBy({ code: def.code });
        if (row && inserted.identifiers.length > 0 && inserted.identifiers[0]) {
          await writeSteps(m, row.id, def.steps);
          report.inserted.push(def.code);
        } else report.unchanged.push(def.code);
        return;
      }
      if (existing.edited || existing.origin !== 'shipped') {
        report.keptEdited.push(def.code);
        return;
      }
      if (existing.shippedHash === hash) {
        report.unchanged.push(def.code);
        return;
      }
      await repo.update({ id: existing.id }, { name: def.name, description: def.description, active: def.active, shippedHash: hash, version: existing.version + 1, updatedAt: at });
      await writeSteps(m, existing.id, def.steps);
      report.updated.push(def.code);
    });
  }
  return report;
}

export interface ScenarioListItem {
  id: number;
  code: string;
  name: string;
  active: boolean;
  origin: string;
  edited: boolean;
  version: number;
  steps: number;
  openDossiers: number;
  updatedAt: string;
}

export async function listScenarios(db: Db): Promise<ScenarioListItem[]> {
  const scenarios = await db.getRepository(Scenario).find({ order: { name: 'ASC' } });
  const stepCounts = new Map<number, number>();
  for (const r of (await db.query('SELECT scenario_id, COUNT(*) AS n FROM scenario_step GROUP BY scenario_id')) as { scenario_id: number; n: unknown }[]) {
    stepCounts.set(Number(r.scenario_id), toNumber(r.n));
  }
  const dossierCounts = new Map<number, number>();
  const rows = (await db.query(
    `SELECT d.scenario_id, COUNT(*) AS n FROM dossier d JOIN dossier_status s ON s.id = d.status_id
     WHERE d.scenario_id IS NOT NULL AND s.kind <> 'closed' GROUP BY d.scenario_id`,
  )) as { scenario_id: number; n: unknown }[];
  for (const r of rows) dossierCounts.set(Number(r.scenario_id), toNumber(r.n));
  return scenarios.map((s) => ({
    id: s.id, code: s.code, name: s.name, active: Boolean(s.active), origin: s.origin, edited: Boolean(s.edited), version: s.version,
    steps: stepCounts.get(s.id) ?? 0, openDossiers: dossierCounts.get(s.id) ?? 0, updatedAt: s.updatedAt,
  }));
}

export async function getScenario(db: Db, id: number): Promise<{ scenario: Scenario; definition: ScenarioDefinition }> {
  const scenario = await db.getRepository(Scenario).findOneBy({ id });
  if (!scenario) throw AppError.notFound();
  const steps = await db.getRepository(ScenarioStepRow).find({ where: { scenarioId: id }, order: { position: 'ASC', id: 'ASC' } });
  return { scenario, definition: definitionOf(scenario, steps) };
}

/** Every scenario's current definition, by id: what the daily job runs. */
export async function loadScenarioDefinitions(db: Db, ids?: number[]): Promise<Map<number, ScenarioDefinition>> {
  const scenarios = await db.getRepository(Scenario).find(ids ? { where: { id: In(ids) } } : {});
  const steps = await db.getRepository(ScenarioStepRow).find(ids ? { where: { scenarioId: In(ids) } } : {});
  const byScenario = new Map<number, ScenarioStepRow[]>();
  for (const s of steps) byScenario.set(s.scenarioId, [...(byScenario.get(s.scenarioId) ?? []), s]);
  return new Map(scenarios.map((s) => [s.id, definitionOf(s, byScenario.get(s.id) ?? [])]));
}

async function codeTaken(m: EntityManager, code: string, exceptId: number | null): Promise<boolean> {
  const other = await m.getRepository(Scenario).findOneBy({ code });
  return Boolean(other && other.id !== exceptId);
}

/**
 * Creates (id null) or replaces a scenario's definition. Interventions already raised reference
 * steps by code and keep their own dates: editing never rewrites a dossier's history.
 * `expectedVersion` refuses a save based on a stale page.
 */
export async function saveScenario(
  db: DataSource,
  id: number | null,
  raw: unknown,
  actor: { userId: number | null },
  at: string,
  expectedVersion?: number,
): Promise<Scenario> {
  const def = assertValid(raw);
  return db.transaction(async (m) => {
    const refused = statusStepIssues(def, await statusKindOf(m));
    if (refused.length) throw scenarioValidationError(refused);
    if (await codeTaken(m, def.code, id)) throw AppError.field('code', 'scenarios.errors.codeTaken');
    const repo = m.getRepository(Scenario);
    if (id === null) {
      const saved = await repo.save(
        repo.create({ code: def.code, name: def.name, description: def.description, active: def.active, origin: 'custom', shippedHash: null, edited: true, version: 1, createdAt: at, updatedAt: at, updatedBy: actor.userId }),
      );
      await writeSteps(m, saved.id, def.steps);
      await recordSettingChange(m, null, { area: 'scenarios', entityId: saved.id, before: null, after: def });
      return saved;
    }
    const current = await repo.findOneBy({ id });
    if (!current) throw AppError.notFound();
    if (expectedVersion !== undefined && current.version !== expectedVersion) throw new AppError('conflict', 'scenarios.errors.stale');
    const before = (await getScenario(m, id)).definition;
    await repo.update({ id }, { code: def.code, name: def.name, description: def.description, active: def.active, edited: true, version: current.version + 1, updatedAt: at, updatedBy: actor.userId });
    await writeSteps(m, id, def.steps);
    await recordSettingChange(m, null, { area: 'scenarios', entityId: id, before, after: (await getScenario(m, id)).definition });
    return repo.findOneByOrFail({ id });
  });
}

/** Applies a change to one scenario's definition (add, edit, move, remove a step) and saves it, validated. */
export async function changeScenario(
  db: DataSource,
  id: number,
  change: (def: ScenarioDefinition) => ScenarioDefinition,
  actor: { userId: number | null },
  at: string,
  expectedVersion?: number,
): Promise<Scenario> {
  const { definition } = await getScenario(db, id);
  return saveScenario(db, id, change(structuredClone(definition)), actor, at, expectedVersion);
}

export function moveStep(def: ScenarioDefinition, index: number, direction: 'up' | 'down'): ScenarioDefinition {
  const target = direction === 'up' ? index - 1 : index + 1;
  if (index < 0 || index >= def.steps.length || target < 0 || target >= def.steps.length) return def;
  const steps = [...def.steps];
  [steps[index], steps[target]] = [steps[target], steps[index]];
  return { ...def, steps };
}

export function removeStep(def: ScenarioDefinition, index: number): ScenarioDefinition {
  if (index < 0 || index >= def.steps.length) throw AppError.notFound();
  return { ...def, steps: def.steps.filter((_, i) => i !== index) };
}

export function putStep(def: ScenarioDefinition, index: number | null, step: unknown): ScenarioDefinition {
  const steps: unknown[] = [...def.steps];
  if (index === null) steps.push(step);
  else {
    if (index < 0 || index >= steps.length) throw AppError.notFound();
    steps[index] = step;
  }
  return { ...def, steps: steps as ScenarioStep[] };
}

/**
 * Imports one JSON document. A scenario with the same code is replaced (and marked edited, so a
 * shipped file never overwrites it); a new code is created. Problems name the file, step and field.
 */
export async function importScenarioJson(db: DataSource, text: string, fileName: string, actor: { userId: number | null }, at: string): Promise<{ scenario: Scenario; created: boolean }> {
  const parsed = parseScenarioJson(text, fileName);
  if (!parsed.ok) {
    throw AppError.validation(parsed.problems.map((p) => ({ field: 'file', message: p.text })), 'scenarios.errors.importInvalid');
  }
  const existing = await db.getRepository(Scenario).findOneBy({ code: parsed.scenario.code });
  const scenario = await saveScenario(db, existing?.id ?? null, parsed.scenario, actor, at);
  return { scenario, created: !existing };
}

export async function exportScenarioJson(db: Db, id: number): Promise<{ fileName: string; json: string }> {
  const { definition } = await getScenario(db, id);
  return { fileName: `${definition.code}.json`, json: serializeScenario(definition) };
}

/** Deletes a scenario no dossier uses. */
export async function deleteScenario(db: DataSource, id: number): Promise<void> {
  await db.transaction(async (m) => {
    const used = toNumber(((await m.query('SELECT COUNT(*) AS n FROM dossier WHERE scenario_id = $1'.replace('$1', String(Number(id))))) as { n: unknown }[])[0]?.n);
    if (used > 0) throw new AppError('invalid_state', 'scenarios.errors.inUse');
    const before = (await getScenario(m, id)).definition;
    await m.getRepository(ScenarioStepRow).delete({ scenarioId: id });
    await m.getRepository(Scenario).delete({ id });
    await recordSettingChange(m, null, { area: 'scenarios', entityId: id, before, after: null });
  });
}
