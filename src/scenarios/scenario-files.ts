/**
 * Scenarios as JSON documents: the shipped `scenarios/*.json` files, UI import and export.
 * The only I/O of this folder is `loadScenarioFiles`, which reads a directory.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describeIssue, validateScenario, type ScenarioDefinition, type ScenarioIssue, type ScenarioStep } from './scenario-definition';

/** One problem in one file, located well enough for an administrator to fix it. */
export interface ScenarioFileProblem extends ScenarioIssue {
  /** As shown to people: `scenarios/standard-b2b.json`. */
  file: string;
  /** The whole sentence: `scenarios/standard.json, step 3 (MISE_EN_DEMEURE), field offsetDays: must be an integer ≥ 0`. */
  text: string;
}

export type ScenarioParseResult = { ok: true; scenario: ScenarioDefinition } | { ok: false; problems: ScenarioFileProblem[] };

export interface LoadedScenarioFiles {
  /** The valid scenarios, in file-name order. */
  scenarios: ScenarioDefinition[];
  /** Scenario code → the file it came from (`scenarios/standard-b2b.json`). */
  fileOf: Record<string, string>;
  problems: ScenarioFileProblem[];
}

function problem(file: string, issue: ScenarioIssue): ScenarioFileProblem {
  const located = issue.stepIndex !== undefined || issue.field !== undefined;
  return { file, ...issue, text: `${file}${located ? ', ' : ': '}${describeIssue(issue)}` };
}

/** Parses and validates one scenario document (an uploaded file, a pasted text). Never throws. */
export function parseScenarioJson(text: string, fileName: string): ScenarioParseResult {
  let raw: unknown;
  try {
    // A byte-order mark from a Windows editor is not an error worth reporting.
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { ok: false, problems: [problem(fileName, { message: `is not valid JSON (${reason})` })] };
  }
  const result = validateScenario(raw);
  if (!result.ok) return { ok: false, problems: result.issues.map((issue) => problem(fileName, issue)) };
  return { ok: true, scenario: result.scenario };
}

/**
 * Reads every `*.json` of a directory. One bad file never stops the others: its problems are
 * listed and the valid scenarios are returned. A scenario code used by two files is a problem of
 * the second file (in name order), which is then left out.
 */
export function loadScenarioFiles(dir: string): LoadedScenarioFiles {
  const shownDir = path.basename(path.resolve(dir));
  const shown = (name: string) => `${shownDir}/${name}`;
  const result: LoadedScenarioFiles = { scenarios: [], fileOf: {}, problems: [] };

  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.json'))
      .map((entry) => entry.name)
      .sort();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    result.problems.push(problem(shownDir, { message: `cannot be read as a directory (${reason})` }));
    return result;
  }

  for (const name of names) {
    const file = shown(name);
    let text: string;
    try {
      text = readFileSync(path.join(dir, name), 'utf8');
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      result.problems.push(problem(file, { message: `cannot be read (${reason})` }));
      continue;
    }
    const parsed = parseScenarioJson(text, file);
    if (!parsed.ok) {
      result.problems.push(...parsed.problems);
      continue;
    }
    const code = parsed.scenario.code;
    const other = Object.hasOwn(result.fileOf, code) ? result.fileOf[code] : undefined;
    if (other !== undefined) {
      result.problems.push(problem(file, { field: 'code', message: `"${parsed.scenario.code}" is already the code of ${other}` }));
      continue;
    }
    result.fileOf[parsed.scenario.code] = file;
    result.scenarios.push(parsed.scenario);
  }
  return result;
}

/**
 * The export format: the same JSON the loader reads, every field written out (defaults included)
 * so that the file explains itself, in a stable key order, two-space indented, ending with a newline.
 * `parseScenarioJson(serializeScenario(def))` gives back `def`.
 */
export function serializeScenario(def: ScenarioDefinition): string {
  const step = (s: ScenarioStep) => ({
    code: s.code,
    label: s.label,
    actionType: s.actionType,
    anchor: s.anchor,
    offsetDays: s.offsetDays,
    businessDays: s.businessDays,
    priority: s.priority,
    lossPercentage: s.lossPercentage,
    setStatusCode: s.setStatusCode,
    templateCode: s.templateCode,
    minBalance: s.minBalance,
    assignee: s.assignee,
    amicable: s.amicable,
  });
  // JSON.stringify drops the keys whose value is undefined: optional fields left unset stay out.
  const doc = { code: def.code, name: def.name, description: def.description, active: def.active, steps: def.steps.map(step) };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
