/**
 * Small factories and a "daily job" stand-in for the scenario tests. Not a test file itself
 * (mocha only picks up `*.test.ts`). Every test builds its own objects: nothing shared is mutated.
 */
import { addDays, type BusinessDate } from '../../../src/shared/business-date';
import {
  planDossier,
  type DossierSnapshot,
  type PlanInput,
  type RaisedStep,
  type ScenarioDefinition,
  type ScenarioPlan,
  type ScenarioStep,
} from '../../../src/scenarios';

/** Day 0 of the narratives: the oldest due date of the dossier's entries (a Monday). */
export const DAY0: BusinessDate = '2026-03-02';
export const day = (n: number): BusinessDate => addDays(DAY0, n);

export function aStep(code: string, fields: Partial<ScenarioStep> = {}): ScenarioStep {
  return {
    code,
    label: `Étape ${code}`,
    actionType: 'call',
    anchor: 'oldest_due',
    offsetDays: 0,
    businessDays: false,
    priority: 100,
    amicable: fields.actionType !== 'legal',
    ...fields,
  };
}

export function aScenario(steps: ScenarioStep[], fields: Partial<ScenarioDefinition> = {}): ScenarioDefinition {
  return { code: 'test-scenario', name: 'Scénario de test', description: '', active: true, steps, ...fields };
}

export function aDossier(fields: Partial<DossierSnapshot> = {}): DossierSnapshot {
  return {
    startDate: DAY0,
    entryDueDates: [DAY0],
    raisedSteps: [],
    statusKind: 'open',
    balance: 120000,
    suspended: false,
    controllerCode: 'CTRL1',
    ...fields,
  };
}

/**
 * One dossier followed through time, the way the daily job and the credit controller would:
 * `runOn(date)` plans and stores what was raised or skipped (as the database would, under the
 * unique key), `done(code, date)` is the controller completing an action.
 */
export class DossierStory {
  dossier: DossierSnapshot;

  constructor(
    public scenario: ScenarioDefinition,
    dossier: Partial<DossierSnapshot> = {},
    private readonly extra: Omit<PlanInput, 'dossier' | 'scenario'> = {},
  ) {
    this.dossier = aDossier(dossier);
  }

  plan(today: BusinessDate): ScenarioPlan {
    return planDossier({ dossier: this.dossier, scenario: this.scenario, ...this.extra }, today);
  }

  /** Runs the job on `today` and returns the codes raised (todo) that day. */
  runOn(today: BusinessDate): ScenarioPlan {
    const plan = this.plan(today);
    const raised: RaisedStep[] = [
      ...plan.toRaise.map((s) => ({ stepCode: s.stepCode, occurrence: s.occurrence, dueDate: s.dueDate, state: 'todo' as const })),
      ...plan.skipped.map((s) => ({ stepCode: s.stepCode, occurrence: s.occurrence, dueDate: s.dueDate, state: 'skipped' as const, doneDate: s.skippedDate })),
      ...(plan.closureProposal
        ? [{ stepCode: plan.closureProposal.stepCode, occurrence: plan.closureProposal.occurrence, dueDate: plan.closureProposal.dueDate, state: 'todo' as const }]
        : []),
    ];
    for (const r of raised) {
      const clash = this.dossier.raisedSteps.some((x) => x.stepCode === r.stepCode && x.occurrence === r.occurrence);
      if (clash) throw new Error(`unique key violated: ${r.stepCode}#${r.occurrence} raised twice`);
    }
    this.dossier = { ...this.dossier, raisedSteps: [...this.dossier.raisedSteps, ...raised] };
    if (plan.effects.statusCode && this.extra.statusKinds?.[plan.effects.statusCode.value]) {
      this.dossier = { ...this.dossier, statusKind: this.extra.statusKinds[plan.effects.statusCode.value] };
    }
    return plan;
  }

  /** Runs the job every day from `from` to `to` included; returns what each day raised. */
  runEveryDay(from: BusinessDate, to: BusinessDate): Record<BusinessDate, string[]> {
    const log: Record<BusinessDate, string[]> = {};
    for (let d = from; d <= to; d = addDays(d, 1)) {
      const plan = this.runOn(d);
      const codes = [...plan.toRaise.map((s) => s.stepCode), ...plan.skipped.map((s) => `${s.stepCode} (skipped)`)];
      if (plan.closureProposal) codes.push(plan.closureProposal.stepCode);
      if (codes.length > 0) log[d] = codes;
    }
    return log;
  }

  done(stepCode: string, on: BusinessDate, state: 'done' | 'skipped' = 'done'): void {
    const occurrence = this.dossier.occurrence ?? 1;
    let found = false;
    const raisedSteps = this.dossier.raisedSteps.map((r) => {
      if (r.stepCode !== stepCode || r.occurrence !== occurrence) return r;
      found = true;
      return { ...r, state, doneDate: on };
    });
    if (!found) throw new Error(`${stepCode} was never raised`);
    this.dossier = { ...this.dossier, raisedSteps };
  }

  update(fields: Partial<DossierSnapshot>): void {
    this.dossier = { ...this.dossier, ...fields };
  }

  /** `CODE@date` for every raised step of the current occurrence, in raising order. */
  history(): string[] {
    const occurrence = this.dossier.occurrence ?? 1;
    return this.dossier.raisedSteps.filter((r) => r.occurrence === occurrence).map((r) => `${r.stepCode}@${r.dueDate}${r.state === 'skipped' ? ' skipped' : ''}`);
  }
}

/** `CODE@dueDate` of the steps a plan raises, for compact assertions. */
export function raisedIn(plan: ScenarioPlan): string[] {
  return plan.toRaise.map((s) => `${s.stepCode}@${s.dueDate}`);
}
