/**
 * Public API of the scenarios component: the scenario definition and its schema, the pure engine,
 * business-day arithmetic, and the JSON files. Other components import from here only.
 */
export {
  ACTION_TYPES,
  CLOSURE_PROPOSAL_CODE,
  DEFAULT_PRIORITY,
  SCENARIO_CODE_PATTERN,
  STEP_ANCHORS,
  STEP_CODE_PATTERN,
  describeIssue,
  scenarioDefinitionSchema,
  statusStepIssues,
  validateScenario,
} from './scenario-definition';
export type {
  ActionType,
  ScenarioDefinition,
  ScenarioDefinitionInput,
  ScenarioIssue,
  ScenarioStep,
  ScenarioValidation,
  StepAnchor,
} from './scenario-definition';

export {
  CLOSURE_PROPOSAL_LABEL,
  CLOSURE_PROPOSAL_PRIORITY,
  nextOccurrence,
  planDossier,
  stepDueDate,
} from './scenario-engine.rules';
export type {
  ClosureProposal,
  DossierSnapshot,
  InterventionState,
  NextStep,
  PlanInput,
  PlannedStep,
  PreviousStep,
  RaisedStep,
  ScenarioEffects,
  ScenarioPlan,
  SkipReason,
  SkippedStep,
  StatusKind,
} from './scenario-engine.rules';

export {
  FRENCH_METROPOLITAN_CALENDAR,
  addBusinessDays,
  dayOfWeek,
  easterSunday,
  frenchBusinessCalendar,
  frenchPublicHolidays,
  isFrenchBusinessDay,
  isWeekend,
  nextBusinessDayOnOrAfter,
} from './business-days.rules';
export type { BusinessCalendar, FrenchHolidayOptions, PublicHoliday } from './business-days.rules';

export { loadScenarioFiles, parseScenarioJson, serializeScenario } from './scenario-files';
export type { LoadedScenarioFiles, ScenarioFileProblem, ScenarioParseResult } from './scenario-files';

export { assignScenario, dossierScenarioState, markScenarioJoined } from './dossier-scenario.service';
export type { DossierScenarioState } from './dossier-scenario.service';
export { resumeScenario, suspendScenario } from './dossier-scenario.service';
export { Scenario } from './scenario.entity';
export { loadScenarioDefinitions, loadShippedScenarios } from './scenario.service';
