import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CLOSURE_PROPOSAL_CODE,
  loadScenarioFiles,
  parseScenarioJson,
  planDossier,
  serializeScenario,
  type ScenarioDefinition,
} from '../../../src/scenarios';
import { DossierStory } from './scenario-test-kit';

const SHIPPED = path.resolve(__dirname, '../../../scenarios');

function shipped(code: string): ScenarioDefinition {
  const found = loadScenarioFiles(SHIPPED).scenarios.find((s) => s.code === code);
  if (!found) throw new Error(`${code} is not shipped`);
  return found;
}

/** A minimal valid document, as an administrator would write it. */
function doc(steps: unknown[], fields: Record<string, unknown> = {}): string {
  return JSON.stringify({ code: 'essai', name: 'Essai', steps, ...fields });
}
const email = { code: 'RELANCE_EMAIL', label: 'Relance amiable par e-mail', actionType: 'email', anchor: 'oldest_due', offsetDays: 5 };

function problemsOf(text: string): string[] {
  const result = parseScenarioJson(text, 'scenarios/essai.json');
  return result.ok ? [] : result.problems.map((p) => p.text);
}

describe('scenario files', () => {
  describe('the shipped scenarios', () => {
    it('all load without a problem', () => {
      const { scenarios, problems, fileOf } = loadScenarioFiles(SHIPPED);
      expect(problems.map((p) => p.text)).to.deep.equal([]);
      expect(scenarios.map((s) => s.code)).to.include.members(['standard-b2b', 'grands-comptes', 'petits-montants']);
      expect(fileOf['standard-b2b']).to.equal('scenarios/standard-b2b.json');
      for (const s of scenarios) expect(fileOf[s.code], 'file named after the code').to.equal(`scenarios/${s.code}.json`);
    });

    it('standard B2B: e-mail 5 days after the oldest due date, call, formal notice, second call, then litigation at 50 %', () => {
      const s = shipped('standard-b2b');
      expect(s.steps.map((x) => [x.code, x.actionType])).to.deep.equal([
        ['RELANCE_EMAIL', 'email'], ['APPEL_RELANCE', 'call'], ['MISE_EN_DEMEURE', 'letter'], ['SECOND_APPEL', 'call'], ['PROPOSITION_CONTENTIEUX', 'task'],
      ]);
      expect(s.steps[0]).to.include({ anchor: 'oldest_due', offsetDays: 5 });
      expect(s.steps[2]).to.include({ templateCode: 'mise-en-demeure' });
      expect(s.steps[2].label).to.match(/pénalités de retard/).and.match(/40 €/);
      expect(s.steps[4]).to.include({ lossPercentage: 50, setStatusCode: 'CONTENTIEUX' });
    });

    it('standard B2B, day by day: from the unpaid invoice of Monday 2 March 2026 to the litigation proposal', () => {
      const story = new DossierStory(shipped('standard-b2b'), { startDate: '2026-03-02', entryDueDates: ['2026-03-02'] });
      // Saturday 7 March (due + 5 calendar days): the e-mail; sent on Monday 9.
      expect(story.runEveryDay('2026-03-02', '2026-03-09')).to.deep.equal({ '2026-03-07': ['RELANCE_EMAIL'] });
      story.done('RELANCE_EMAIL', '2026-03-09');
      // 7 business days later: Wednesday 18 March, the call; made that day.
      expect(story.runEveryDay('2026-03-10', '2026-03-18')).to.deep.equal({ '2026-03-18': ['APPEL_RELANCE'] });
      story.done('APPEL_RELANCE', '2026-03-18');
      // 5 business days later: Wednesday 25 March, the formal notice; posted that day.
      expect(story.runEveryDay('2026-03-19', '2026-03-25')).to.deep.equal({ '2026-03-25': ['MISE_EN_DEMEURE'] });
      story.done('MISE_EN_DEMEURE', '2026-03-25');
      // 10 calendar days later: Saturday 4 April, the second call; made on Tuesday 7 (after Easter Monday).
      expect(story.runEveryDay('2026-03-26', '2026-04-07')).to.deep.equal({ '2026-04-04': ['SECOND_APPEL'] });
      story.done('SECOND_APPEL', '2026-04-07');
      // 7 business days later: Thursday 16 April, the litigation proposal, with its effects.
      expect(story.runEveryDay('2026-04-08', '2026-04-15')).to.deep.equal({});
      const day = story.runOn('2026-04-16');
      expect(day.toRaise.map((s) => s.stepCode)).to.deep.equal(['PROPOSITION_CONTENTIEUX']);
      expect(day.effects).to.deep.equal({ lossPercentage: { value: 50, stepCode: 'PROPOSITION_CONTENTIEUX' }, statusCode: { value: 'CONTENTIEUX', stepCode: 'PROPOSITION_CONTENTIEUX' } });
    });

    it('small amounts: no letter under 50 €, then the write-off decision', () => {
      const plan = planDossier({ dossier: {
        startDate: '2026-03-02', entryDueDates: ['2026-03-02'], raisedSteps: [], statusKind: 'open', balance: 2990, suspended: false,
      }, scenario: shipped('petits-montants') }, '2026-03-31');
      expect(plan.toRaise.map((s) => s.stepCode)).to.deep.equal(['RELANCE_EMAIL']);
      expect(plan.skipped.map((s) => [s.stepCode, s.reason])).to.deep.equal([['LETTRE_RELANCE', 'below_min_balance']]);
      // The decision counts 15 business days from the skipped letter (due Sunday 22 March), Easter Monday
      // excluded: Monday 13 April.
      expect(plan.next).to.deep.equal({ stepCode: 'DECISION_PASSAGE_PERTE', dueDate: '2026-04-13' });
    });

    it('key accounts: more calls, a visit, longer delays', () => {
      const s = shipped('grands-comptes');
      expect(s.steps.filter((x) => x.actionType === 'call').length).to.be.at.least(3);
      expect(s.steps.some((x) => x.actionType === 'visit')).to.equal(true);
      expect(s.steps[0].offsetDays).to.be.greaterThan(shipped('standard-b2b').steps[0].offsetDays);
    });

    it('export then import gives back the same scenario, for every shipped file', () => {
      for (const s of loadScenarioFiles(SHIPPED).scenarios) {
        const text = serializeScenario(s);
        const again = parseScenarioJson(text, `${s.code}.json`);
        expect(again.ok, s.code).to.equal(true);
        if (again.ok) expect(again.scenario).to.deep.equal(s);
        expect(text.endsWith('}\n')).to.equal(true);
      }
    });
  });

  describe('loading a directory', () => {
    let root: string;
    let dir: string;
    beforeEach(() => {
      root = mkdtempSync(path.join(tmpdir(), 'recouvrement-scenarios-'));
      dir = path.join(root, 'scenarios');
      mkdirSync(dir);
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('names the bad file, the step and the field, and still loads the other files', () => {
      copyFileSync(path.join(SHIPPED, 'standard-b2b.json'), path.join(dir, 'standard-b2b.json'));
      copyFileSync(path.join(SHIPPED, 'petits-montants.json'), path.join(dir, 'petits-montants.json'));
      const standard = JSON.parse(serializeScenario(shipped('standard-b2b')));
      standard.code = 'standard';
      standard.steps[2].offsetDays = -3;
      writeFileSync(path.join(dir, 'standard.json'), JSON.stringify(standard, null, 2));
      writeFileSync(path.join(dir, 'broken.json'), '{ "code": "broken", ');
      writeFileSync(path.join(dir, 'README.txt'), 'not a scenario');

      const { scenarios, problems } = loadScenarioFiles(dir);
      expect(scenarios.map((s) => s.code)).to.deep.equal(['petits-montants', 'standard-b2b']);
      expect(problems.map((p) => p.text)).to.have.length(2);
      expect(problems[0].text).to.match(/^scenarios\/broken\.json: is not valid JSON \(/);
      expect(problems[1]).to.deep.equal({
        file: 'scenarios/standard.json',
        stepIndex: 2,
        stepCode: 'MISE_EN_DEMEURE',
        field: 'offsetDays',
        message: 'must be an integer ≥ 0',
        text: 'scenarios/standard.json, step 3 (MISE_EN_DEMEURE), field offsetDays: must be an integer ≥ 0',
      });
    });

    it('refuses a second file with a scenario code already loaded', () => {
      writeFileSync(path.join(dir, 'a.json'), doc([email]));
      writeFileSync(path.join(dir, 'b.json'), doc([email]));
      const { scenarios, problems } = loadScenarioFiles(dir);
      expect(scenarios).to.have.length(1);
      expect(problems.map((p) => p.text)).to.deep.equal(['scenarios/b.json, field code: "essai" is already the code of scenarios/a.json']);
    });

    it('reports a missing directory instead of throwing', () => {
      const { scenarios, problems } = loadScenarioFiles(path.join(root, 'nowhere'));
      expect(scenarios).to.deep.equal([]);
      expect(problems[0].text).to.match(/^nowhere: cannot be read as a directory/);
    });
  });

  describe('validating a document', () => {
    it('fills the defaults: business days off, priority 100, active, amicable except for legal steps', () => {
      const result = parseScenarioJson(doc([email, { code: 'INJONCTION_DE_PAYER', label: 'Requête en injonction de payer', actionType: 'legal', anchor: 'previous_done', offsetDays: 10 }]), 'essai.json');
      expect(result.ok).to.equal(true);
      if (!result.ok) return;
      expect(result.scenario).to.deep.equal({
        code: 'essai', name: 'Essai', description: '', active: true,
        steps: [
          { code: 'RELANCE_EMAIL', label: 'Relance amiable par e-mail', actionType: 'email', anchor: 'oldest_due', offsetDays: 5, businessDays: false, priority: 100, amicable: true },
          { code: 'INJONCTION_DE_PAYER', label: 'Requête en injonction de payer', actionType: 'legal', anchor: 'previous_done', offsetDays: 10, businessDays: false, priority: 100, amicable: false },
        ],
      });
    });

    it('reports every problem of a document at once, each with its step and field', () => {
      const text = doc([
        { ...email, offsetDays: 2.5, priority: 1000 },
        { code: 'relance_2', label: '  ', actionType: 'fax', anchor: 'start', offsetDays: 0, lossPercentage: 12.345 },
        { ...email, offsetDay: 3 },
        { code: 'DECLARATION', label: 'Déclarer la créance', actionType: 'legal', anchor: 'start', offsetDays: 0, amicable: true, minBalance: 10.5 },
      ], { code: 'Essai Standard' });
      expect(problemsOf(text)).to.deep.equal([
        'scenarios/essai.json, field code: must be in kebab-case (e.g. standard-b2b)',
        'scenarios/essai.json, step 1 (RELANCE_EMAIL), field offsetDays: must be an integer ≥ 0',
        'scenarios/essai.json, step 1 (RELANCE_EMAIL), field priority: must be an integer from 0 to 999',
        'scenarios/essai.json, step 2 (relance_2), field code: must be in UPPER_SNAKE_CASE (e.g. MISE_EN_DEMEURE)',
        'scenarios/essai.json, step 2 (relance_2), field label: must not be empty',
        'scenarios/essai.json, step 2 (relance_2), field actionType: must be one of call, letter, email, sms, visit, task, legal',
        'scenarios/essai.json, step 2 (relance_2), field lossPercentage: must be a number from 0 to 100 with at most two decimals',
        'scenarios/essai.json, step 3 (RELANCE_EMAIL), field offsetDay: is not a known field (misspelt?)',
        'scenarios/essai.json, step 3 (RELANCE_EMAIL), field code: must be unique in the scenario (already used by step 1)',
        'scenarios/essai.json, step 4 (DECLARATION), field minBalance: must be an amount in cents (integer ≥ 0)',
        'scenarios/essai.json, step 4 (DECLARATION), field amicable: must be false for a legal step',
      ]);
    });

    it('says which required field is missing', () => {
      expect(problemsOf(doc([{ code: 'APPEL', label: 'Appel', actionType: 'call', anchor: 'start' }]))).to.deep.equal([
        'scenarios/essai.json, step 1 (APPEL), field offsetDays: is required',
      ]);
      expect(problemsOf(JSON.stringify({ code: 'essai', steps: [email] }))).to.deep.equal(['scenarios/essai.json, field name: is required']);
      expect(problemsOf(doc([]))).to.deep.equal(['scenarios/essai.json, field steps: must contain at least one step']);
    });

    it('refuses a first step anchored on a previous step, and the code reserved for the closure proposal', () => {
      expect(problemsOf(doc([{ ...email, anchor: 'previous_done' }, { ...email, code: CLOSURE_PROPOSAL_CODE }]))).to.deep.equal([
        'scenarios/essai.json, step 1 (RELANCE_EMAIL), field anchor: cannot be previous_done on the first step (there is no previous step)',
        `scenarios/essai.json, step 2 (${CLOSURE_PROPOSAL_CODE}), field code: is reserved for the closure proposal`,
      ]);
    });

    it('refuses what is not a scenario at all', () => {
      expect(problemsOf('[]')).to.deep.equal(['scenarios/essai.json: must be an object']);
      expect(problemsOf(doc(['RELANCE_EMAIL']))).to.deep.equal(['scenarios/essai.json, step 1: must be an object (one step)']);
      expect(problemsOf('')).to.have.length(1);
    });

    it('accepts a file saved with a byte-order mark', () => {
      expect(parseScenarioJson(`\uFEFF${doc([email])}`, 'essai.json').ok).to.equal(true);
    });
  });
});
