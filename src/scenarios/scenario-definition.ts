/**
 * What a recovery scenario is, and the one schema that validates it wherever it comes from:
 * the shipped `scenarios/*.json` files, a file imported in the UI, or the administration form.
 */
import { z } from 'zod';
import type { Cents } from '../shared/money';

export const ACTION_TYPES = ['call', 'letter', 'email', 'sms', 'visit', 'task', 'legal'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/**
 * What a step's delay counts from:
 * - `start`: the dossier's start date;
 * - `oldest_due`: the oldest (current, possibly rescheduled) due date of the dossier's entries;
 * - `previous_done`: the completion of the previous step (see the engine for a skipped previous step).
 */
export const STEP_ANCHORS = ['start', 'oldest_due', 'previous_done'] as const;
export type StepAnchor = (typeof STEP_ANCHORS)[number];

/**
 * Step code of the closure proposal the engine raises when the balance reaches zero. It shares the
 * (dossier, stepCode, occurrence) key with the steps, so no scenario may use it.
 */
export const CLOSURE_PROPOSAL_CODE = 'PROPOSE_CLOSURE';

/** Scenario codes are kebab-case, like their file names: `standard-b2b` ↔ `scenarios/standard-b2b.json`. */
export const SCENARIO_CODE_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Step codes are UPPER_SNAKE: `MISE_EN_DEMEURE`. */
export const STEP_CODE_PATTERN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

export const DEFAULT_PRIORITY = 100;

export interface ScenarioStep {
  /** Unique within the scenario; with the occurrence, the key of the intervention it raises. */
  code: string;
  /** What the credit controller reads in "Gestion des actions" (French). */
  label: string;
  actionType: ActionType;
  anchor: StepAnchor;
  offsetDays: number;
  /** Count only business days (weekends and French public holidays skipped). */
  businessDays: boolean;
  /** 0..999, higher is more urgent (the action list shows the highest priority first). */
  priority: number;
  /** Expected loss (0..100, two decimals) that applies to the dossier from this step on. */
  lossPercentage?: number;
  /** Status code the dossier takes when this step is reached, e.g. `CONTENTIEUX`. */
  setStatusCode?: string;
  /** Letter or e-mail template to prefill the action with. */
  templateCode?: string;
  /** In cents; when the dossier's balance is below it the step is skipped ('below_min_balance'). */
  minBalance?: Cents;
  /** User or credit-controller code; the dossier's controller when absent. */
  assignee?: string;
  /**
   * Amicable (out-of-court) action. Stopped while the dossier is in a `legal` status: French law
   * forbids individual pursuit after the opening judgment of a collective procedure.
   * Defaults to true, and to false for `legal` steps (which cannot be amicable).
   */
  amicable: boolean;
}

export interface ScenarioDefinition {
  code: string;
  name: string;
  description: string;
  active: boolean;
  steps: ScenarioStep[];
}

// ---------------------------------------------------------------------------------------------
// Schema. Messages are short predicates ("must be …") that read well after
// "scenarios/x.json, step 3 (MISE_EN_DEMEURE), field offsetDays: ".
// ---------------------------------------------------------------------------------------------

type IssueLike = { input?: unknown };
/** A missing field says "is required"; a present but wrong one gets the field's own message. */
function says(text: string) {
  return { error: (issue: IssueLike) => (issue.input === undefined ? 'is required' : text) };
}

const twoDecimals = (n: number) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-9;

const text = (max: number) =>
  z
    .string(says(`must be a text of 1 to ${max} characters`))
    .trim()
    .min(1, `must not be empty`)
    .max(max, `must be at most ${max} characters`);

const stepSchema = z
  .strictObject({
    code: z
      .string(says('must be a text'))
      .regex(STEP_CODE_PATTERN, 'must be in UPPER_SNAKE_CASE (e.g. MISE_EN_DEMEURE)')
      .max(40, 'must be at most 40 characters'),
    label: text(120),
    actionType: z.enum(ACTION_TYPES, says(`must be one of ${ACTION_TYPES.join(', ')}`)),
    anchor: z.enum(STEP_ANCHORS, says(`must be one of ${STEP_ANCHORS.join(', ')}`)),
    offsetDays: z
      .number(says('must be an integer ≥ 0'))
      .int('must be an integer ≥ 0')
      .min(0, 'must be an integer ≥ 0')
      .max(3650, 'must be at most 3650 days'),
    businessDays: z.boolean(says('must be true or false')).default(false),
    priority: z
      .number(says('must be an integer from 0 to 999'))
      .int('must be an integer from 0 to 999')
      .min(0, 'must be an integer from 0 to 999')
      .max(999, 'must be an integer from 0 to 999')
      .default(DEFAULT_PRIORITY),
    lossPercentage: z
      .number(says('must be a number from 0 to 100 with at most two decimals'))
      .min(0, 'must be a number from 0 to 100 with at most two decimals')
      .max(100, 'must be a number from 0 to 100 with at most two decimals')
      .refine(twoDecimals, 'must be a number from 0 to 100 with at most two decimals')
      .optional(),
    setStatusCode: z
      .string(says('must be a status code'))
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'must be a status code (letters, digits, _ or -, at most 40)')
      .optional(),
    templateCode: z
      .string(says('must be a template code'))
      .regex(/^[a-z0-9][a-z0-9_-]{0,59}$/, 'must be a template code in kebab-case (e.g. mise-en-demeure)')
      .optional(),
    minBalance: z
      .number(says('must be an amount in cents (integer ≥ 0)'))
      .int('must be an amount in cents (integer ≥ 0)')
      .min(0, 'must be an amount in cents (integer ≥ 0)')
      .optional(),
    assignee: z.string(says('must be a user or controller code')).trim().min(1, 'must not be empty').max(40).optional(),
    amicable: z.boolean(says('must be true or false')).optional(),
  }, says('must be an object (one step)'))
  .transform((s): ScenarioStep => {
    // Rebuilt field by field: a stable key order, and no `undefined` keys (deep-equal round trips).
    const step: ScenarioStep = {
      code: s.code,
      label: s.label,
      actionType: s.actionType,
      anchor: s.anchor,
      offsetDays: s.offsetDays,
      businessDays: s.businessDays,
      priority: s.priority,
      amicable: s.amicable ?? s.actionType !== 'legal',
    };
    if (s.lossPercentage !== undefined) step.lossPercentage = s.lossPercentage;
    if (s.setStatusCode !== undefined) step.setStatusCode = s.setStatusCode;
    if (s.templateCode !== undefined) step.templateCode = s.templateCode;
    if (s.minBalance !== undefined) step.minBalance = s.minBalance;
    if (s.assignee !== undefined) step.assignee = s.assignee;
    return step;
  });

export const scenarioDefinitionSchema = z
  .strictObject({
    code: z
      .string(says('must be a text'))
      .regex(SCENARIO_CODE_PATTERN, 'must be in kebab-case (e.g. standard-b2b)')
      .max(60, 'must be at most 60 characters'),
    name: text(100),
    description: z.string(says('must be a text')).trim().max(2000, 'must be at most 2000 characters').default(''),
    active: z.boolean(says('must be true or false')).default(true),
    steps: z
      .array(stepSchema, says('must be a list of steps'))
      .min(1, 'must contain at least one step')
      .max(100, 'must contain at most 100 steps'),
  }, says('must be an object'))
  .transform(
    (s): ScenarioDefinition => ({ code: s.code, name: s.name, description: s.description, active: s.active, steps: s.steps }),
  );

/** What a scenario file may contain (defaults filled in by the schema). */
export type ScenarioDefinitionInput = z.input<typeof scenarioDefinitionSchema>;

/** One thing wrong with a scenario, located by step (0-based index) and field. */
export interface ScenarioIssue {
  /** 0-based position in `steps`; absent for a scenario-level problem. */
  stepIndex?: number;
  /** The step's code when it could be read. */
  stepCode?: string;
  /** The JSON property at fault, e.g. `offsetDays`; absent when the whole document is at fault. */
  field?: string;
  message: string;
}

export type ScenarioValidation = { ok: true; scenario: ScenarioDefinition } | { ok: false; issues: ScenarioIssue[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rawStepCode(raw: unknown, index: number): string | undefined {
  if (!isRecord(raw) || !Array.isArray(raw.steps)) return undefined;
  const step: unknown = raw.steps[index];
  return isRecord(step) && typeof step.code === 'string' && step.code.trim() !== '' ? step.code : undefined;
}

function locate(raw: unknown, path: ReadonlyArray<PropertyKey>, message: string, extraField?: string): ScenarioIssue {
  const issue: ScenarioIssue = { message };
  if (path[0] === 'steps' && typeof path[1] === 'number') {
    issue.stepIndex = path[1];
    const code = rawStepCode(raw, path[1]);
    if (code !== undefined) issue.stepCode = code;
    const field = extraField ?? (path.length > 2 ? path.slice(2).map(String).join('.') : undefined);
    if (field !== undefined) issue.field = field;
  } else {
    const field = extraField ?? (path.length > 0 ? path.map(String).join('.') : undefined);
    if (field !== undefined) issue.field = field;
  }
  return issue;
}

/**
 * Rules across fields and steps. Zod skips object-level refinements once a field fails, so these run
 * on the raw input as well, to report every problem of a file in one go.
 */
function crossFieldIssues(raw: unknown): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  if (!isRecord(raw) || !Array.isArray(raw.steps)) return issues;
  const firstIndexOf = new Map<string, number>();
  raw.steps.forEach((step: unknown, index: number) => {
    if (!isRecord(step)) return;
    const at = (field: string, message: string) => issues.push(locate(raw, ['steps', index], message, field));
    if (typeof step.code === 'string') {
      if (step.code === CLOSURE_PROPOSAL_CODE) at('code', `is reserved for the closure proposal`);
      const first = firstIndexOf.get(step.code);
      if (first === undefined) firstIndexOf.set(step.code, index);
      else at('code', `must be unique in the scenario (already used by step ${first + 1})`);
    }
    if (index === 0 && step.anchor === 'previous_done') at('anchor', 'cannot be previous_done on the first step (there is no previous step)');
    if (step.actionType === 'legal' && step.amicable === true) at('amicable', 'must be false for a legal step');
  });
  return issues;
}

/** Validates anything (parsed JSON, a form) against the scenario schema; never throws. */
export function validateScenario(raw: unknown): ScenarioValidation {
  const parsed = scenarioDefinitionSchema.safeParse(raw);
  const issues: ScenarioIssue[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) issues.push(locate(raw, issue.path, 'is not a known field (misspelt?)', key));
      } else {
        issues.push(locate(raw, issue.path, issue.message));
      }
    }
  }
  issues.push(...crossFieldIssues(raw));
  if (issues.length > 0 || !parsed.success) {
    issues.sort((a, b) => (a.stepIndex ?? -1) - (b.stepIndex ?? -1));
    return { ok: false, issues };
  }
  return { ok: true, scenario: parsed.data };
}

/** `step 3 (MISE_EN_DEMEURE), field offsetDays: must be an integer ≥ 0` (steps counted from 1, as listed). */
export function describeIssue(issue: ScenarioIssue): string {
  const parts: string[] = [];
  if (issue.stepIndex !== undefined) parts.push(`step ${issue.stepIndex + 1}${issue.stepCode ? ` (${issue.stepCode})` : ''}`);
  if (issue.field !== undefined) parts.push(`field ${issue.field}`);
  return parts.length > 0 ? `${parts.join(', ')}: ${issue.message}` : issue.message;
}

/**
 * A scenario may not set a `closed` or `legal` status: closing needs the status dialog's end date,
 * resolution and result, and a collective procedure its judgment and BODACC dates. `kindOf` answers
 * the kind of a status code (undefined when unknown: checked again when the step is reached).
 */
export function statusStepIssues(def: ScenarioDefinition, kindOf: (code: string) => 'open' | 'legal' | 'closed' | undefined): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  def.steps.forEach((step, stepIndex) => {
    if (step.setStatusCode === undefined) return;
    const kind = kindOf(step.setStatusCode);
    if (kind === 'closed') {
      issues.push({ stepIndex, stepCode: step.code, field: 'setStatusCode', message: `must not be the closed status ${step.setStatusCode}: closing a dossier needs the status dialog's end date, resolution and result` });
    } else if (kind === 'legal') {
      issues.push({ stepIndex, stepCode: step.code, field: 'setStatusCode', message: `must not be the collective-procedure status ${step.setStatusCode}: it needs the status dialog's judgment and BODACC dates` });
    }
  });
  return issues;
}
