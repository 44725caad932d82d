/**
 * What the scenario run writes for planned dossiers, as rows (pure: no database). Two halves:
 * - `interventionValues`: the intervention rows to insert, in plan order (raised, skipped, closure);
 * - `consequences`: given which of those rows were actually inserted (a row another run inserted
 *   first is not ours: no effect, no Chrono line), the Chrono lines, the loss updates and the status
 *   requests. The effects are the engine's own (plan.effects), applied when the step that carries
 *   them was raised by this run.
 * The two walk the works in the same order, so the inserted ids are passed by position.
 */
import { CLOSURE_PROPOSAL_LABEL, type SkipReason } from '../scenarios';
import { hundredthsOf } from '../shared/money';
import type { Reference, Work } from './plan-chunk';
import type { StepStatusRequest } from './step-status';

export const SKIP_REASON_BELOW_MIN_BALANCE = 'Solde inférieur au seuil de l’étape';
export const SKIP_REASON_PASSED_ON_JOIN = 'Passée à l’entrée dans le scénario';
/** The reason a skipped step shows in its Interventions and its Chrono line. */
const SKIP_REASONS: Record<SkipReason, string> = { below_min_balance: SKIP_REASON_BELOW_MIN_BALANCE, passed_on_join: SKIP_REASON_PASSED_ON_JOIN };

export const INTERVENTION_COLUMNS =
  'dossier_id, type, label, due_date, priority, assignee_id, state, source, step_code, occurrence, done_date, done_at, done_by, skip_reason, template_code, version, created_at, created_by';
export const INTERVENTION_PARAMS = 18;
export const EVENT_COLUMNS = 'dossier_id, at, user_id, user_name, type, details, amount';

export interface BatchCounts {
  raised: number;
  skipped: number;
  closures: number;
  changed: number;
  warnings: string[];
}

export const noCounts = (): BatchCounts => ({ raised: 0, skipped: 0, closures: 0, changed: 0, warnings: [] });

/** The intervention rows of a batch, in INTERVENTION_COLUMNS order. */
export function interventionValues(works: Work[], ref: Reference, at: string): unknown[][] {
  const values: unknown[][] = [];
  for (const { dossier, plan } of works) {
    const assignee = (code: string | null) => (code ? (ref.controllerIdByKey.get(code.toLowerCase()) ?? dossier.controller_id) : dossier.controller_id);
    for (const s of plan.toRaise) {
      values.push([dossier.id, s.actionType, s.label, s.dueDate, s.priority, assignee(s.assignee), 'todo', 'scenario', s.stepCode, s.occurrence, null, null, null, null, s.templateCode, 1, at, null]);
    }
    for (const s of plan.skipped) {
      values.push([dossier.id, s.actionType, s.label, s.dueDate, 0, dossier.controller_id, 'skipped', 'scenario', s.stepCode, s.occurrence, s.skippedDate, at, null, SKIP_REASONS[s.reason], null, 1, at, null]);
    }
    const c = plan.closureProposal;
    if (c) values.push([dossier.id, c.actionType, CLOSURE_PROPOSAL_LABEL, c.dueDate, c.priority, dossier.controller_id, 'todo', 'scenario', c.stepCode, c.occurrence, null, null, null, null, null, 1, at, null]);
  }
  return values;
}

export interface Consequences {
  counts: BatchCounts;
  /** [loss_hundredths, updated_at, id] */
  updates: unknown[][];
  /** In EVENT_COLUMNS order. */
  events: unknown[][];
  statusRequests: (StepStatusRequest & { lossChanged: boolean })[];
}

/** `insertedIds[i]`: the id of interventionValues' row i when this run inserted it, else undefined. Pure. */
export function consequences(works: Work[], insertedIds: ReadonlyArray<number | undefined>, at: string): Consequences {
  const counts = noCounts();
  const updates: unknown[][] = [];
  const events: unknown[][] = [];
  const statusRequests: Consequences['statusRequests'] = [];
  const event = (dossierId: number, type: string, details: Record<string, unknown>) => events.push([dossierId, at, null, null, type, JSON.stringify(details), null]);
  let row = 0;

  for (const { dossier, scenario, plan } of works) {
    const ours = new Set<string>();
    for (const s of plan.toRaise) {
      const id = insertedIds[row++];
      if (id === undefined) continue;
      ours.add(s.stepCode);
      counts.raised++;
      event(dossier.id, 'scenarioStepRaised', { interventionId: id, scenario: scenario.code, scenarioName: scenario.name, stepCode: s.stepCode, occurrence: s.occurrence, kind: s.actionType, label: s.label, dueDate: s.dueDate });
    }
    for (const s of plan.skipped) {
      const id = insertedIds[row++];
      if (id === undefined) continue;
      ours.add(s.stepCode);
      counts.skipped++;
      event(dossier.id, 'scenarioStepSkipped', { interventionId: id, scenario: scenario.code, scenarioName: scenario.name, stepCode: s.stepCode, occurrence: s.occurrence, kind: s.actionType, label: s.label, dueDate: s.dueDate, reason: SKIP_REASONS[s.reason] });
    }
    const c = plan.closureProposal;
    if (c) {
      const id = insertedIds[row++];
      if (id !== undefined) {
        counts.closures++;
        counts.raised++;
        event(dossier.id, 'closureProposed', { interventionId: id, scenario: scenario.code, scenarioName: scenario.name, occurrence: c.occurrence, label: CLOSURE_PROPOSAL_LABEL, dueDate: c.dueDate });
      }
    }

    // Every raised and skipped step of a plan has the dossier's one occurrence: the step code says which row.
    const loss = plan.effects.lossPercentage;
    const newLoss = loss && ours.has(loss.stepCode) ? hundredthsOf(loss.value) : Number(dossier.loss_hundredths);
    if (newLoss !== Number(dossier.loss_hundredths)) {
      updates.push([newLoss, at, dossier.id]);
      counts.changed++;
      event(dossier.id, 'scenarioLossChanged', { from: Number(dossier.loss_hundredths), to: newLoss, stepCode: loss?.stepCode });
    }
    const status = plan.effects.statusCode;
    if (status && ours.has(status.stepCode)) {
      const step = plan.toRaise.find((s) => s.stepCode === status.stepCode);
      statusRequests.push({
        dossierId: dossier.id, dossierNumber: Number(dossier.number), statusCode: status.value, stepCode: status.stepCode, stepLabel: step?.label ?? status.stepCode,
        scenarioName: scenario.name, lossChanged: newLoss !== Number(dossier.loss_hundredths),
      });
    }
  }
  return { counts, updates, events, statusRequests };
}
