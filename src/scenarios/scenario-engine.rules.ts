/**
 * The scenario engine, as a pure rule: given a dossier snapshot, its scenario and the business
 * date D, say which steps to raise now (each with its own due date), which to record as skipped,
 * which effects to apply, and whether to propose the dossier's closure.
 *
 * The daily job (and the CLI, for a catch-up) loads the snapshot, calls `planDossier`, and inserts
 * what it returns under the unique key (dossier, stepCode, occurrence): a second run, or two runs at
 * once, then raise nothing twice. Feeding the result back into the snapshot gives an empty plan.
 *
 * Rules, in the order they apply:
 * 1. A closed dossier, or a suspended one, gets nothing.
 * 2. A balance of zero or less raises no step: the dossier proposes its own closure, once per
 *    occurrence (step code `PROPOSE_CLOSURE`, due on D).
 * 3. Steps are a sequence. They are walked in the order of the current definition; the walk stops at
 *    the first step that is not due on D, so a step is never raised before the one above it, and its
 *    due date is never earlier than the previous step's (a later anchor may push it, never pull it).
 *    Catching up after missed days therefore raises several steps in one run, in order, each with the
 *    date it would have had if the job had run every day.
 * 4. A step falls due `offsetDays` (calendar or business days) after its anchor:
 *    - `start`: the dossier's start date;
 *    - `oldest_due`: the oldest current due date of the entries (the start date if there are none);
 *    - `previous_done`: the completion date of the previous step; a step still `todo` holds the
 *      walk. A previous step that was skipped anchors on its skip date (`doneDate` of a skipped
 *      intervention), or on its due date when no skip date was recorded. The engine itself skips on
 *      the due date, so a chain behaves the same whether the job ran every day or caught up later,
 *      and a step cancelled by hand anchors on the day the controller decided. With no previous
 *      step at all (every step above it held by a legal status), it counts from the start date.
 *    After a restart (occurrence > 1, `restartedAt`), `start` and `oldest_due` count from no earlier
 *    than the restart date, else every step of the new occurrence would be overdue at once.
 * 5. Under its `minBalance` a due step is returned as skipped ('below_min_balance'): recorded, it is
 *    not raised later either, even if the balance grows. Its effects do not apply.
 * 6. In a `legal` status (collective procedure) amicable steps are held: neither raised nor
 *    recorded; non-amicable (legal) steps still go. Todo interventions already raised are not the
 *    engine's business: entering the procedure skips every open to-do that is not a legal step
 *    (src/status-changes), and leaving it lets the held steps go again.
 * 7. Effects (loss percentage, status) of the raised steps, and of the steps passed over on joining
 *    (rule 10), apply in order: the last one wins. The job applies a status through the
 *    status-change use case; scenarios may not set a `closed` or `legal` status (refused when
 *    saved). When `statusKinds` is given and a step sets such a status, the rest of the run obeys it.
 * 8. Editing a scenario never rewrites history. Raised steps whose code no longer exists are
 *    ignored; steps not raised yet follow the current definition; a step inserted above the
 *    dossier's furthest raised step is passed over (the dossier is already beyond it).
 * 9. A deactivated scenario (`active: false`) is only withdrawn from new dossiers: dossiers already
 *    on it keep running; suspend a dossier to stop it.
 * 10. Joining late. A dossier that starts on a scenario (`joinedOn`: created on old invoices,
 *    assigned or changed, Rappel / relevé, the demo's first start) begins at the step its situation
 *    calls for. While none of the definition's steps is raised yet for the occurrence, the steps
 *    already due on the join date — each taken on its due date, the fastest the scenario can go —
 *    are recorded as skipped ('passed_on_join', with the date they would have had, skipped on the
 *    join date), except the latest of them, which is raised due that day. Days the job did not run
 *    after the join are caught up as in rule 3: every step due since is raised, in order. A dossier
 *    without a join date (always on its scenario) never passes a step over.
 *
 * Over 300 lines: one pure decision (raise, skip, effects, closure) whose parts share the
 * occurrence arithmetic.
 */
import { addDays, type BusinessDate } from '../shared/business-date';
import type { Cents } from '../shared/money';
import { addBusinessDays, FRENCH_METROPOLITAN_CALENDAR, type BusinessCalendar } from './business-days.rules';
import { CLOSURE_PROPOSAL_CODE, type ActionType, type ScenarioDefinition, type ScenarioStep } from './scenario-definition';

export type StatusKind = 'open' | 'legal' | 'closed';
export type InterventionState = 'todo' | 'done' | 'skipped';

/** A step already raised for the dossier: one intervention, whatever became of it. */
export interface RaisedStep {
  stepCode: string;
  occurrence: number;
  dueDate: BusinessDate;
  state: InterventionState;
  /** When it left `todo`: its completion date (done) or its skip/cancellation date (skipped). */
  doneDate?: BusinessDate | null;
}

export interface DossierSnapshot {
  startDate: BusinessDate;
  /** Current due dates of the dossier's open entries (after any rescheduling). */
  entryDueDates: BusinessDate[];
  /** Every intervention raised by a scenario for this dossier, all occurrences included. */
  raisedSteps: RaisedStep[];
  statusKind: StatusKind;
  /** Outstanding balance in cents. */
  balance: Cents;
  suspended: boolean;
  /** Default assignee of the raised steps. */
  controllerCode?: string | null;
  /** Which run of the scenario this is: 1 for the first, 2 after a restart… Defaults to 1. */
  occurrence?: number;
  /** Date the scenario was restarted (with the occurrence above). */
  restartedAt?: BusinessDate | null;
  /**
   * The day the dossier started on this scenario (created on it, assigned, changed, demo's first
   * start); null for a dossier that has always been on it (rule 10 does not apply).
   */
  joinedOn?: BusinessDate | null;
}

export interface PlanInput {
  dossier: DossierSnapshot;
  scenario: ScenarioDefinition;
  /** Defaults to metropolitan France. */
  calendar?: BusinessCalendar;
  /** Kind of each status code, to follow a status set by a step within the same run. */
  statusKinds?: Readonly<Record<string, StatusKind>>;
}

/** A step to raise now, as a `todo` intervention keyed (dossier, stepCode, occurrence). */
export interface PlannedStep {
  stepCode: string;
  occurrence: number;
  /** 0-based position in the current definition. */
  stepIndex: number;
  dueDate: BusinessDate;
  label: string;
  actionType: ActionType;
  priority: number;
  templateCode: string | null;
  assignee: string | null;
  amicable: boolean;
  lossPercentage: number | null;
  setStatusCode: string | null;
}

export type SkipReason = 'below_min_balance' | 'passed_on_join';

/** A step to record as `skipped` (same key), so that it is never raised later. */
export interface SkippedStep {
  stepCode: string;
  occurrence: number;
  stepIndex: number;
  dueDate: BusinessDate;
  /** The `doneDate` to record: the due date, as if the job had run that day (the join date for a step passed over). */
  skippedDate: BusinessDate;
  reason: SkipReason;
  label: string;
  actionType: ActionType;
}

export interface ClosureProposal {
  stepCode: typeof CLOSURE_PROPOSAL_CODE;
  occurrence: number;
  dueDate: BusinessDate;
  label: string;
  actionType: 'task';
  priority: number;
  assignee: string | null;
}

export interface ScenarioEffects {
  /** Loss percentage to set, and the step that set it; absent when no raised step sets one. */
  lossPercentage?: { value: number; stepCode: string };
  /** Status to set, and the step that set it. */
  statusCode?: { value: string; stepCode: string };
}

export interface NextStep {
  stepCode: string;
  /** When it will fall due; null while it waits for the previous step to be done. */
  dueDate: BusinessDate | null;
  waitingFor?: string;
}

export interface ScenarioPlan {
  /** Why nothing at all was planned. */
  stoppedBy: 'closed' | 'suspended' | 'zero_balance' | null;
  /** In scenario order, which is also due-date order. */
  toRaise: PlannedStep[];
  skipped: SkippedStep[];
  effects: ScenarioEffects;
  /** The balance is zero or less: the dossier should be closed ("Proposer la clôture"). */
  proposeClosure: boolean;
  /** The closure-proposal intervention to raise; null once it has been raised for this occurrence. */
  closureProposal: ClosureProposal | null;
  /** Amicable steps held back by a legal status. */
  heldByLegalStatus: string[];
  /** The first step not raised yet, for the dossier page ("prochaine étape"); null when none. */
  next: NextStep | null;
}

export const CLOSURE_PROPOSAL_LABEL = 'Proposer la clôture';
/** Above the default step priority: a paid dossier is quick to close and clears the list. */
export const CLOSURE_PROPOSAL_PRIORITY = 200;

const maxDate = (a: BusinessDate, b: BusinessDate | null | undefined): BusinessDate => (b && b > a ? b : a);

function emptyPlan(stoppedBy: ScenarioPlan['stoppedBy']): ScenarioPlan {
  return { stoppedBy, toRaise: [], skipped: [], effects: {}, proposeClosure: false, closureProposal: null, heldByLegalStatus: [], next: null };
}

/** The step just above in the walk: where a `previous_done` step anchors, and the floor of its due date. */
export interface PreviousStep {
  stepCode: string;
  dueDate: BusinessDate;
  /** Done or skipped date; null while still to do. */
  completedOn: BusinessDate | null;
}

function completionOf(raised: RaisedStep): BusinessDate | null {
  if (raised.state === 'todo') return null;
  // Done or skipped without a recorded date (imported history): the due date is the best guess.
  return raised.doneDate ?? raised.dueDate;
}

/** The occurrence a restart should use: one more than any occurrence raised so far. */
export function nextOccurrence(raisedSteps: ReadonlyArray<RaisedStep>): number {
  return raisedSteps.reduce((max, r) => Math.max(max, r.occurrence), 1) + 1;
}

/**
 * `anchor` plus `offsetDays` (business days in `calendar`, or calendar days), remembered: a run asks
 * the same few hundred (anchor, offset) pairs for every dossier, and the date arithmetic was most
 * of the engine's time. Same inputs, same date: the cache changes no answer (a calendar is assumed
 * not to change once made; each calendar object has its own entries).
 */
const businessShifts = new WeakMap<BusinessCalendar, Map<string, BusinessDate>>();
const calendarShifts = new Map<string, BusinessDate>();
const MAX_SHIFTS = 50_000;

function shiftDate(anchor: BusinessDate, offsetDays: number, businessDays: boolean, calendar: BusinessCalendar): BusinessDate {
  let cache = calendarShifts;
  if (businessDays) {
    cache = businessShifts.get(calendar) ?? new Map<string, BusinessDate>();
    if (cache.size === 0) businessShifts.set(calendar, cache);
  }
  const key = `${anchor}|${offsetDays}`;
  let due = cache.get(key);
  if (due === undefined) {
    due = businessDays ? addBusinessDays(anchor, offsetDays, calendar) : addDays(anchor, offsetDays);
    if (cache.size >= MAX_SHIFTS) cache.clear();
    cache.set(key, due);
  }
  return due;
}

/**
 * Due date of a step, or null when it waits for the previous step to be done.
 * Exported for the dossier page and for tests; `planDossier` is the rule the job calls.
 */
export function stepDueDate(
  step: ScenarioStep,
  dossier: DossierSnapshot,
  previous: PreviousStep | null,
  calendar: BusinessCalendar = FRENCH_METROPOLITAN_CALENDAR,
): BusinessDate | null {
  const start = maxDate(dossier.startDate, dossier.restartedAt);
  let anchor: BusinessDate;
  switch (step.anchor) {
    case 'start':
      anchor = start;
      break;
    case 'oldest_due': {
      let oldest: BusinessDate | undefined;
      for (const d of dossier.entryDueDates) if (oldest === undefined || d < oldest) oldest = d;
      anchor = oldest === undefined ? start : maxDate(oldest, dossier.restartedAt);
      break;
    }
    case 'previous_done':
      if (previous === null) anchor = start;
      else if (previous.completedOn === null) return null;
      else anchor = previous.completedOn;
      break;
  }
  const due = shiftDate(anchor, step.offsetDays, step.businessDays, calendar);
  return previous === null ? due : maxDate(due, previous.dueDate);
}

/** What the daily run at business date `today` must do for one dossier. */
export function planDossier(input: PlanInput, today: BusinessDate): ScenarioPlan {
  const { dossier, scenario } = input;
  const calendar = input.calendar ?? FRENCH_METROPOLITAN_CALENDAR;
  const occurrence = dossier.occurrence ?? 1;
  const assignee = (step?: ScenarioStep) => step?.assignee ?? dossier.controllerCode ?? null;

  if (dossier.statusKind === 'closed') return emptyPlan('closed');
  if (dossier.suspended) return emptyPlan('suspended');

  const raised = new Map<string, RaisedStep>();
  for (const r of dossier.raisedSteps) {
    if (r.occurrence === occurrence && !raised.has(r.stepCode)) raised.set(r.stepCode, r);
  }

  if (dossier.balance <= 0) {
    const plan = emptyPlan('zero_balance');
    plan.proposeClosure = true;
    if (!raised.has(CLOSURE_PROPOSAL_CODE)) {
      plan.closureProposal = {
        stepCode: CLOSURE_PROPOSAL_CODE,
        occurrence,
        dueDate: today,
        label: CLOSURE_PROPOSAL_LABEL,
        actionType: 'task',
        priority: CLOSURE_PROPOSAL_PRIORITY,
        assignee: assignee(),
      };
    }
    return plan;
  }

  const steps = scenario.steps;
  // Raised codes that no longer exist in the definition simply do not match here.
  const furthestRaised = steps.reduce((furthest, step, index) => (raised.has(step.code) ? index : furthest), -1);

  const plan = emptyPlan(null);
  let statusKind: StatusKind = dossier.statusKind;
  let previous: PreviousStep | null = null;
  const join = furthestRaised < 0 ? joiningSteps(input, today, calendar) : null;

  for (let index = 0; index < steps.length; index++) {
    const step = steps[index];
    const done = raised.get(step.code);
    if (done) {
      previous = { stepCode: step.code, dueDate: done.dueDate, completedOn: completionOf(done) };
      continue;
    }
    if (index < furthestRaised) continue;
    if (statusKind === 'legal' && step.amicable) {
      plan.heldByLegalStatus.push(step.code);
      continue;
    }

    const joined = join?.dueDates.get(index);
    if (join && joined !== undefined && index < join.latest && !(step.minBalance !== undefined && dossier.balance < step.minBalance)) {
      plan.skipped.push({ stepCode: step.code, occurrence, stepIndex: index, dueDate: joined, skippedDate: join.on, reason: 'passed_on_join', label: step.label, actionType: step.actionType });
      previous = { stepCode: step.code, dueDate: joined, completedOn: join.on };
      addEffects(plan, step);
      continue;
    }
    // The latest step due on the join date is raised that day: the dossier begins there.
    // Steps due on the join date keep the date they would have had (ordered, never after the join).
    const dueDate: BusinessDate | null = join && joined !== undefined ? (index === join.latest ? join.on : joined) : stepDueDate(step, dossier, previous, calendar);
    if (dueDate === null) {
      plan.next = { stepCode: step.code, dueDate: null, waitingFor: previous?.stepCode };
      break;
    }
    if (dueDate > today) {
      plan.next = { stepCode: step.code, dueDate };
      break;
    }

    if (step.minBalance !== undefined && dossier.balance < step.minBalance) {
      // A step passed over on joining keeps the date it would have had; its skip is dated the join.
      const skippedOn: BusinessDate = joined !== undefined && join ? join.on : dueDate;
      plan.skipped.push({
        stepCode: step.code,
        occurrence,
        stepIndex: index,
        dueDate: joined ?? dueDate,
        skippedDate: skippedOn,
        reason: 'below_min_balance',
        label: step.label,
        actionType: step.actionType,
      });
      previous = { stepCode: step.code, dueDate: skippedOn, completedOn: skippedOn };
      continue;
    }

    plan.toRaise.push({
      stepCode: step.code,
      occurrence,
      stepIndex: index,
      dueDate,
      label: step.label,
      actionType: step.actionType,
      priority: step.priority,
      templateCode: step.templateCode ?? null,
      assignee: assignee(step),
      amicable: step.amicable,
      lossPercentage: step.lossPercentage ?? null,
      setStatusCode: step.setStatusCode ?? null,
    });
    previous = { stepCode: step.code, dueDate, completedOn: null };

    addEffects(plan, step);
    if (step.setStatusCode !== undefined) {
      const kinds = input.statusKinds;
      if (kinds && Object.hasOwn(kinds, step.setStatusCode)) statusKind = kinds[step.setStatusCode];
      if (statusKind === 'closed') break;
    }
  }
  return plan;
}

function addEffects(plan: ScenarioPlan, step: ScenarioStep): void {
  if (step.lossPercentage !== undefined) plan.effects.lossPercentage = { value: step.lossPercentage, stepCode: step.code };
  if (step.setStatusCode !== undefined) plan.effects.statusCode = { value: step.setStatusCode, stepCode: step.code };
}

/**
 * Rule 10: the steps already due on the day the dossier joined its scenario, with the date each
 * would have had (every step taken on its due date: the fastest the scenario can go), and the
 * latest of them. Null when the dossier did not join late (nothing due on that day, or no join date).
 */
export function joiningSteps(input: PlanInput, today: BusinessDate, calendar: BusinessCalendar = FRENCH_METROPOLITAN_CALENDAR): { on: BusinessDate; latest: number; dueDates: Map<number, BusinessDate> } | null {
  const { dossier, scenario } = input;
  if (!dossier.joinedOn) return null;
  const on = dossier.joinedOn < today ? dossier.joinedOn : today;
  const dueDates = new Map<number, BusinessDate>();
  let previous: PreviousStep | null = null;
  let latest = -1;
  for (let index = 0; index < scenario.steps.length; index++) {
    const step = scenario.steps[index];
    if (dossier.statusKind === 'legal' && step.amicable) continue;
    const due = stepDueDate(step, dossier, previous, calendar);
    if (due === null || due > on) break;
    dueDates.set(index, due);
    latest = index;
    previous = { stepCode: step.code, dueDate: due, completedOn: due };
  }
  return latest < 0 ? null : { on, latest, dueDates };
}
