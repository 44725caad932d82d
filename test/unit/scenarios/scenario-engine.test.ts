import { expect } from 'chai';
import { CLOSURE_PROPOSAL_CODE, nextOccurrence, planDossier } from '../../../src/scenarios';
import { aDossier, aScenario, aStep, day, DossierStory, raisedIn } from './scenario-test-kit';

/*
 * Narratives count days from day 0 = the oldest due date of the dossier's entries (Monday 2 March
 * 2026, see the kit). "day 5: X due" means the job running on day 5 raises X with due date day 5.
 */

describe('scenario engine', () => {
  describe('raising steps day by day', () => {
    const scenario = aScenario([
      aStep('RELANCE_EMAIL', { actionType: 'email', anchor: 'oldest_due', offsetDays: 5 }),
      aStep('APPEL_RELANCE', { actionType: 'call', anchor: 'previous_done', offsetDays: 15 }),
      aStep('MISE_EN_DEMEURE', { actionType: 'letter', anchor: 'previous_done', offsetDays: 10, templateCode: 'mise-en-demeure' }),
    ]);

    it('raises each step on its own day, once, and waits for the previous step to be done', () => {
      const story = new DossierStory(scenario);

      // day 0..4: nothing; day 5: the e-mail falls due; day 6 and 7: nothing more.
      expect(story.runEveryDay(day(0), day(7))).to.deep.equal({ [day(5)]: ['RELANCE_EMAIL'] });
      // The e-mail is sent on day 7: the call falls due 15 days later, on day 22.
      story.done('RELANCE_EMAIL', day(7));
      expect(story.plan(day(8)).next).to.deep.equal({ stepCode: 'APPEL_RELANCE', dueDate: day(22) });
      expect(story.runEveryDay(day(8), day(30))).to.deep.equal({ [day(22)]: ['APPEL_RELANCE'] });
      // The call is still to do on day 30: the formal notice waits for it, however late it is.
      expect(story.plan(day(30)).next).to.deep.equal({ stepCode: 'MISE_EN_DEMEURE', dueDate: null, waitingFor: 'APPEL_RELANCE' });
      // The call is made on day 31: the formal notice falls due on day 41.
      story.done('APPEL_RELANCE', day(31));
      expect(story.runEveryDay(day(31), day(60))).to.deep.equal({ [day(41)]: ['MISE_EN_DEMEURE'] });

      expect(story.history()).to.deep.equal([`RELANCE_EMAIL@${day(5)}`, `APPEL_RELANCE@${day(22)}`, `MISE_EN_DEMEURE@${day(41)}`]);
      expect(story.plan(day(61)).next, 'the scenario is over').to.equal(null);
    });

    it('gives each raised step what the controller needs: label, type, priority, template, assignee', () => {
      const plan = planDossier({ dossier: aDossier({ controllerCode: 'MARTIN' }), scenario: aScenario([
        aStep('RELANCE_EMAIL', { label: 'Relance amiable par e-mail', actionType: 'email', offsetDays: 5, priority: 120, templateCode: 'relance-amiable' }),
        aStep('VISITE', { actionType: 'visit', offsetDays: 6, assignee: 'DURAND' }),
      ]) }, day(6));
      expect(plan.toRaise).to.deep.equal([
        { stepCode: 'RELANCE_EMAIL', occurrence: 1, stepIndex: 0, dueDate: day(5), label: 'Relance amiable par e-mail', actionType: 'email', priority: 120,
          templateCode: 'relance-amiable', assignee: 'MARTIN', amicable: true, lossPercentage: null, setStatusCode: null },
        { stepCode: 'VISITE', occurrence: 1, stepIndex: 1, dueDate: day(6), label: 'Étape VISITE', actionType: 'visit', priority: 100,
          templateCode: null, assignee: 'DURAND', amicable: true, lossPercentage: null, setStatusCode: null },
      ]);
    });

    it('counts from the current due dates: rescheduled entries push the steps anchored on them', () => {
      const story = new DossierStory(aScenario([aStep('RELANCE_EMAIL', { offsetDays: 5 }), aStep('APPEL', { anchor: 'start', offsetDays: 3 })]), {
        entryDueDates: [day(10), day(0), day(30)],
      });
      // Oldest of the three due dates is day 0: e-mail due day 5.
      expect(raisedIn(story.plan(day(5)))).to.deep.equal([`RELANCE_EMAIL@${day(5)}`, `APPEL@${day(5)}`]);
      // On day 2 the controller agrees to move the day-0 and day-10 entries to day 20.
      story.update({ entryDueDates: [day(20), day(20), day(30)] });
      expect(story.runEveryDay(day(2), day(30))).to.deep.equal({ [day(25)]: ['RELANCE_EMAIL', 'APPEL'] });
      // The call is anchored on the start date (day 3), but never falls due before the step above it.
      expect(story.history()).to.deep.equal([`RELANCE_EMAIL@${day(25)}`, `APPEL@${day(25)}`]);
    });
  });

  describe('catching up missed days', () => {
    const scenario = aScenario([
      aStep('RELANCE_EMAIL', { actionType: 'email', offsetDays: 5 }),
      aStep('APPEL_RELANCE', { offsetDays: 15, lossPercentage: 10 }),
      aStep('MISE_EN_DEMEURE', { actionType: 'letter', offsetDays: 30, lossPercentage: 25, setStatusCode: 'PRECONTENTIEUX' }),
      aStep('PROPOSITION_CONTENTIEUX', { actionType: 'task', offsetDays: 45, lossPercentage: 50, setStatusCode: 'CONTENTIEUX' }),
    ]);

    it('raises every step that fell due while the job was not running, in order, each with its own due date', () => {
      const story = new DossierStory(scenario);
      // day 3: the job runs, nothing is due. Then it does not run again until day 32.
      expect(story.runOn(day(3)).toRaise).to.deep.equal([]);
      const day32 = story.runOn(day(32));
      expect(raisedIn(day32)).to.deep.equal([`RELANCE_EMAIL@${day(5)}`, `APPEL_RELANCE@${day(15)}`, `MISE_EN_DEMEURE@${day(30)}`]);
      // Effects apply in order: the last step reached wins.
      expect(day32.effects).to.deep.equal({
        lossPercentage: { value: 25, stepCode: 'MISE_EN_DEMEURE' },
        statusCode: { value: 'PRECONTENTIEUX', stepCode: 'MISE_EN_DEMEURE' },
      });
      expect(day32.next).to.deep.equal({ stepCode: 'PROPOSITION_CONTENTIEUX', dueDate: day(45) });
      // day 33..44: nothing; day 45: the proposal, with its own effects.
      expect(story.runEveryDay(day(33), day(44))).to.deep.equal({});
      const day45 = story.runOn(day(45));
      expect(raisedIn(day45)).to.deep.equal([`PROPOSITION_CONTENTIEUX@${day(45)}`]);
      expect(day45.effects).to.deep.equal({ lossPercentage: { value: 50, stepCode: 'PROPOSITION_CONTENTIEUX' }, statusCode: { value: 'CONTENTIEUX', stepCode: 'PROPOSITION_CONTENTIEUX' } });
    });

    it('raises the same steps with the same due dates whether the job ran every day or once after a gap', () => {
      const everyDay = new DossierStory(scenario);
      everyDay.runEveryDay(day(0), day(50));
      const once = new DossierStory(scenario);
      once.runOn(day(50));
      expect(once.history()).to.deep.equal(everyDay.history());
    });

    it('never jumps over a step that waits for the previous one to be done', () => {
      const story = new DossierStory(aScenario([
        aStep('RELANCE_EMAIL', { offsetDays: 5 }),
        aStep('APPEL_RELANCE', { offsetDays: 10 }),
        aStep('MISE_EN_DEMEURE', { anchor: 'previous_done', offsetDays: 5 }),
        aStep('PROPOSITION_CONTENTIEUX', { offsetDays: 20 }),
      ]));
      // day 40, first run: the e-mail and the call are caught up; the notice waits for the call,
      // so the proposal (due on day 20 by its own anchor) is not raised either.
      const plan = story.runOn(day(40));
      expect(raisedIn(plan)).to.deep.equal([`RELANCE_EMAIL@${day(5)}`, `APPEL_RELANCE@${day(10)}`]);
      expect(plan.next).to.deep.equal({ stepCode: 'MISE_EN_DEMEURE', dueDate: null, waitingFor: 'APPEL_RELANCE' });
      // The call is made on day 41: day 46, the notice, and the proposal right behind it (never before it).
      story.done('APPEL_RELANCE', day(41));
      expect(story.runEveryDay(day(41), day(50))).to.deep.equal({ [day(46)]: ['MISE_EN_DEMEURE', 'PROPOSITION_CONTENTIEUX'] });
      expect(story.history().slice(2)).to.deep.equal([`MISE_EN_DEMEURE@${day(46)}`, `PROPOSITION_CONTENTIEUX@${day(46)}`]);
    });
  });

  describe('minimum balance', () => {
    const scenario = aScenario([
      aStep('RELANCE_EMAIL', { actionType: 'email', offsetDays: 3 }),
      aStep('LETTRE_RELANCE', { actionType: 'letter', offsetDays: 20, minBalance: 5000, lossPercentage: 20 }),
      aStep('DECISION_PASSAGE_PERTE', { actionType: 'task', anchor: 'previous_done', offsetDays: 15 }),
    ]);

    it('skips a step under its minimum balance, records it, and never raises it later even if the balance grows', () => {
      const story = new DossierStory(scenario, { balance: 3500 }); // 35,00 € owed; the letter costs more than it is worth under 50 €
      expect(story.runEveryDay(day(0), day(19))).to.deep.equal({ [day(3)]: ['RELANCE_EMAIL'] });

      // day 20: the letter falls due, but 35 € < 50 €: recorded as skipped, not raised, no effect.
      const day20 = story.runOn(day(20));
      expect(day20.toRaise).to.deep.equal([]);
      expect(day20.effects).to.deep.equal({});
      expect(day20.skipped).to.deep.equal([
        { stepCode: 'LETTRE_RELANCE', occurrence: 1, stepIndex: 1, dueDate: day(20), skippedDate: day(20), reason: 'below_min_balance', label: 'Étape LETTRE_RELANCE', actionType: 'letter' },
      ]);

      // day 25: a new 80 € invoice joins the dossier; the skipped letter stays skipped.
      story.update({ balance: 11500 });
      // The decision is anchored on the letter: a skipped step anchors on its skip date (day 20), so day 35.
      expect(story.runEveryDay(day(21), day(40))).to.deep.equal({ [day(35)]: ['DECISION_PASSAGE_PERTE'] });
      expect(story.history()).to.deep.equal([`RELANCE_EMAIL@${day(3)}`, `LETTRE_RELANCE@${day(20)} skipped`, `DECISION_PASSAGE_PERTE@${day(35)}`]);
    });

    it('raises the step when the balance is exactly the minimum', () => {
      const plan = planDossier({ dossier: aDossier({ balance: 5000 }), scenario }, day(20));
      expect(raisedIn(plan)).to.deep.equal([`RELANCE_EMAIL@${day(3)}`, `LETTRE_RELANCE@${day(20)}`]);
      expect(plan.skipped).to.deep.equal([]);
    });

    it('anchors after a step cancelled by hand on the day it was cancelled', () => {
      const story = new DossierStory(scenario, { balance: 50000 });
      story.runOn(day(20));
      // The controller cancels the letter on day 22 (the customer called): the decision counts from day 22.
      story.done('LETTRE_RELANCE', day(22), 'skipped');
      expect(story.runEveryDay(day(21), day(40))).to.deep.equal({ [day(37)]: ['DECISION_PASSAGE_PERTE'] });
    });
  });

  describe('business days', () => {
    it('counts business days across a weekend and 11 November', () => {
      const story = new DossierStory(aScenario([
        aStep('RELANCE_EMAIL', { anchor: 'oldest_due', offsetDays: 7 }),
        aStep('APPEL_RELANCE', { anchor: 'previous_done', offsetDays: 3, businessDays: true }),
        aStep('MISE_EN_DEMEURE', { anchor: 'previous_done', offsetDays: 2, businessDays: true }),
      ]), { startDate: '2026-11-02', entryDueDates: ['2026-11-02'] });
      // Monday 9 November: the e-mail, sent the same day.
      expect(story.runEveryDay('2026-11-02', '2026-11-09')).to.deep.equal({ '2026-11-09': ['RELANCE_EMAIL'] });
      story.done('RELANCE_EMAIL', '2026-11-09');
      // 3 business days: Tuesday 10, (Wednesday 11 November is a holiday), Thursday 12, Friday 13.
      expect(story.runEveryDay('2026-11-10', '2026-11-13')).to.deep.equal({ '2026-11-13': ['APPEL_RELANCE'] });
      story.done('APPEL_RELANCE', '2026-11-13');
      // 2 business days after Friday 13: Monday 16, Tuesday 17 (the weekend does not count).
      expect(story.runEveryDay('2026-11-14', '2026-11-20')).to.deep.equal({ '2026-11-17': ['MISE_EN_DEMEURE'] });
    });

    it('counts business days across Easter Monday (6 April 2026)', () => {
      const scenario = (businessDays: boolean) => aScenario([
        aStep('RELANCE_EMAIL', { offsetDays: 3 }),
        aStep('APPEL_RELANCE', { anchor: 'previous_done', offsetDays: 2, businessDays }),
      ]);
      const story = new DossierStory(scenario(true), { startDate: '2026-03-30', entryDueDates: ['2026-03-30'] });
      story.runOn('2026-04-02');
      story.done('RELANCE_EMAIL', '2026-04-02'); // Thursday
      // Friday 3 counts; Saturday 4, Sunday 5 and Easter Monday 6 do not; Tuesday 7 is the second day.
      expect(story.runEveryDay('2026-04-03', '2026-04-10')).to.deep.equal({ '2026-04-07': ['APPEL_RELANCE'] });

      const inCalendarDays = new DossierStory(scenario(false), { startDate: '2026-03-30', entryDueDates: ['2026-03-30'] });
      inCalendarDays.runOn('2026-04-02');
      inCalendarDays.done('RELANCE_EMAIL', '2026-04-02');
      expect(inCalendarDays.runEveryDay('2026-04-03', '2026-04-10')).to.deep.equal({ '2026-04-04': ['APPEL_RELANCE'] });
    });
  });

  describe('legal status (collective procedure)', () => {
    const scenario = aScenario([
      aStep('RELANCE_EMAIL', { actionType: 'email', offsetDays: 5 }),
      aStep('APPEL_RELANCE', { actionType: 'call', offsetDays: 15 }),
      aStep('DECLARATION_CREANCES', { actionType: 'legal', label: 'Déclarer la créance au mandataire judiciaire', offsetDays: 20, amicable: false }),
      aStep('MISE_EN_DEMEURE', { actionType: 'letter', offsetDays: 30 }),
    ]);

    it('stops the amicable steps once the dossier is in a legal status; legal steps still go', () => {
      const story = new DossierStory(scenario);
      expect(story.runEveryDay(day(0), day(9))).to.deep.equal({ [day(5)]: ['RELANCE_EMAIL'] });
      // day 10: the customer is placed in redressement judiciaire.
      story.update({ statusKind: 'legal' });
      expect(story.plan(day(15)).heldByLegalStatus).to.deep.equal(['APPEL_RELANCE']);
      // day 15: the call is held; day 20: the claim declaration goes; day 30: the formal notice is held.
      expect(story.runEveryDay(day(10), day(60))).to.deep.equal({ [day(20)]: ['DECLARATION_CREANCES'] });
      const declaration = planDossier({ dossier: aDossier({ statusKind: 'legal' }), scenario }, day(20)).toRaise;
      expect(declaration.map((s) => [s.stepCode, s.amicable])).to.deep.equal([['DECLARATION_CREANCES', false]]);
    });

    it('holds the amicable steps that follow a step setting a legal status, within the same run', () => {
      const plan = planDossier({
        dossier: aDossier(),
        scenario: aScenario([
          aStep('RELANCE_EMAIL', { offsetDays: 5 }),
          aStep('CONSTAT_PROCEDURE', { actionType: 'task', offsetDays: 10, setStatusCode: 'RJ' }),
          aStep('APPEL_RELANCE', { offsetDays: 15 }),
          aStep('DECLARATION_CREANCES', { actionType: 'legal', offsetDays: 20, amicable: false }),
        ]),
        statusKinds: { RJ: 'legal', CONTENTIEUX: 'open' },
      }, day(25));
      expect(raisedIn(plan)).to.deep.equal([`RELANCE_EMAIL@${day(5)}`, `CONSTAT_PROCEDURE@${day(10)}`, `DECLARATION_CREANCES@${day(20)}`]);
      expect(plan.heldByLegalStatus).to.deep.equal(['APPEL_RELANCE']);
    });

    it('ends the run at a step that sets a closed status', () => {
      const plan = planDossier({
        dossier: aDossier(),
        scenario: aScenario([aStep('PASSAGE_EN_PERTE', { offsetDays: 5, setStatusCode: 'IRRECOUVRABLE' }), aStep('ARCHIVAGE', { offsetDays: 6 })]),
        statusKinds: { IRRECOUVRABLE: 'closed' },
      }, day(10));
      expect(raisedIn(plan)).to.deep.equal([`PASSAGE_EN_PERTE@${day(5)}`]);
    });
  });

  describe('closure proposal', () => {
    const scenario = aScenario([aStep('RELANCE_EMAIL', { offsetDays: 5 }), aStep('APPEL_RELANCE', { offsetDays: 15 })]);

    it('when the balance reaches zero, the dossier proposes its closure instead of further steps, once', () => {
      const story = new DossierStory(scenario);
      expect(story.runEveryDay(day(0), day(10))).to.deep.equal({ [day(5)]: ['RELANCE_EMAIL'] });
      // day 11: the customer pays everything.
      story.update({ balance: 0 });
      const day11 = story.runOn(day(11));
      expect(day11).to.deep.include({ stoppedBy: 'zero_balance', proposeClosure: true, toRaise: [], skipped: [] });
      expect(day11.closureProposal).to.deep.equal({
        stepCode: CLOSURE_PROPOSAL_CODE, occurrence: 1, dueDate: day(11), label: 'Proposer la clôture', actionType: 'task', priority: 200, assignee: 'CTRL1',
      });
      // day 12: still to close, but the proposal is not raised twice; day 15: no call either.
      expect(story.plan(day(12))).to.deep.include({ proposeClosure: true, closureProposal: null });
      expect(story.runEveryDay(day(12), day(30))).to.deep.equal({});
    });

    it('proposes the closure when a credit note leaves the customer in credit', () => {
      const plan = planDossier({ dossier: aDossier({ balance: -1500 }), scenario }, day(20));
      expect(plan.proposeClosure).to.equal(true);
      expect(plan.toRaise).to.deep.equal([]);
    });
  });

  describe('exactly once', () => {
    const scenario = aScenario([
      aStep('RELANCE_EMAIL', { offsetDays: 5 }),
      aStep('LETTRE_RELANCE', { offsetDays: 10, minBalance: 1_000_000 }),
      aStep('APPEL_RELANCE', { offsetDays: 15 }),
    ]);

    it('gives nothing new when the raised and skipped steps are fed back, however often it runs', () => {
      const dossier = aDossier();
      const first = planDossier({ dossier, scenario }, day(20));
      expect(raisedIn(first)).to.deep.equal([`RELANCE_EMAIL@${day(5)}`, `APPEL_RELANCE@${day(15)}`]);
      expect(first.skipped.map((s) => s.stepCode)).to.deep.equal(['LETTRE_RELANCE']);

      const fedBack = {
        ...dossier,
        raisedSteps: [
          ...first.toRaise.map((s) => ({ stepCode: s.stepCode, occurrence: s.occurrence, dueDate: s.dueDate, state: 'todo' as const })),
          ...first.skipped.map((s) => ({ stepCode: s.stepCode, occurrence: s.occurrence, dueDate: s.dueDate, state: 'skipped' as const, doneDate: s.skippedDate })),
        ],
      };
      for (const d of [day(20), day(21), day(365)]) {
        const again = planDossier({ dossier: fedBack, scenario }, d);
        expect(again.toRaise, d).to.deep.equal([]);
        expect(again.skipped, d).to.deep.equal([]);
        expect(again.effects, d).to.deep.equal({});
      }
    });

    it('is a pure function: same input, same plan, and the input is left untouched', () => {
      const dossier = aDossier();
      const frozen = JSON.stringify(dossier);
      expect(planDossier({ dossier, scenario }, day(20))).to.deep.equal(planDossier({ dossier, scenario }, day(20)));
      expect(JSON.stringify(dossier)).to.equal(frozen);
    });
  });

  describe('closed and suspended dossiers', () => {
    const scenario = aScenario([aStep('RELANCE_EMAIL', { offsetDays: 5 }), aStep('APPEL_RELANCE', { offsetDays: 15 })]);

    it('a closed dossier gets nothing, not even a closure proposal', () => {
      const plan = planDossier({ dossier: aDossier({ statusKind: 'closed', balance: 0 }), scenario }, day(30));
      expect(plan).to.deep.include({ stoppedBy: 'closed', toRaise: [], skipped: [], proposeClosure: false, closureProposal: null });
    });

    it('a suspended dossier gets nothing; once the suspension is lifted the missed steps are caught up', () => {
      const story = new DossierStory(scenario);
      // day 2: suspended while a dispute is examined.
      story.update({ suspended: true });
      expect(story.runEveryDay(day(2), day(20))).to.deep.equal({});
      expect(story.plan(day(20)).stoppedBy).to.equal('suspended');
      // day 21: lifted; both steps come with their own due dates.
      story.update({ suspended: false });
      expect(raisedIn(story.runOn(day(21)))).to.deep.equal([`RELANCE_EMAIL@${day(5)}`, `APPEL_RELANCE@${day(15)}`]);
    });
  });

  describe('editing the scenario mid-way', () => {
    const v1 = aScenario([
      aStep('RELANCE_EMAIL', { offsetDays: 5 }),
      aStep('APPEL_RELANCE', { offsetDays: 15 }),
      aStep('MISE_EN_DEMEURE', { offsetDays: 30 }),
      aStep('CONTENTIEUX', { offsetDays: 45 }),
    ]);

    it('keeps the raised history and follows the new definition for the steps not raised yet', () => {
      const story = new DossierStory(v1);
      expect(story.runEveryDay(day(0), day(16))).to.deep.equal({ [day(5)]: ['RELANCE_EMAIL'], [day(15)]: ['APPEL_RELANCE'] });
      // day 17: the administrator shortens the notice to day 25 and replaces CONTENTIEUX with a proposal at day 40.
      story.scenario = aScenario([
        aStep('RELANCE_EMAIL', { offsetDays: 3 }), // already raised: its change does not move history
        aStep('APPEL_RELANCE', { offsetDays: 15 }),
        aStep('MISE_EN_DEMEURE', { offsetDays: 25 }),
        aStep('PROPOSITION_CONTENTIEUX', { offsetDays: 40, lossPercentage: 50 }),
      ]);
      expect(story.runEveryDay(day(17), day(60))).to.deep.equal({ [day(25)]: ['MISE_EN_DEMEURE'], [day(40)]: ['PROPOSITION_CONTENTIEUX'] });
      expect(story.history()).to.deep.equal([`RELANCE_EMAIL@${day(5)}`, `APPEL_RELANCE@${day(15)}`, `MISE_EN_DEMEURE@${day(25)}`, `PROPOSITION_CONTENTIEUX@${day(40)}`]);
    });

    it('ignores a raised step whose code no longer exists, and chains on the step before it', () => {
      const story = new DossierStory(aScenario([
        aStep('RELANCE_EMAIL', { offsetDays: 5 }),
        aStep('APPEL_RELANCE', { anchor: 'previous_done', offsetDays: 10 }),
        aStep('MISE_EN_DEMEURE', { anchor: 'previous_done', offsetDays: 10 }),
      ]));
      story.runOn(day(5));
      story.done('RELANCE_EMAIL', day(6));
      story.runOn(day(16));
      // day 17: the call is still to do, and the administrator removes the call step.
      story.scenario = aScenario([aStep('RELANCE_EMAIL', { offsetDays: 5 }), aStep('MISE_EN_DEMEURE', { anchor: 'previous_done', offsetDays: 10 })]);
      // The notice now follows the e-mail (done day 6): due day 16, raised on day 17; the old call stays in history.
      expect(raisedIn(story.runOn(day(17)))).to.deep.equal([`MISE_EN_DEMEURE@${day(16)}`]);
      expect(story.history()).to.deep.equal([`RELANCE_EMAIL@${day(5)}`, `APPEL_RELANCE@${day(16)}`, `MISE_EN_DEMEURE@${day(16)}`]);
    });

    it('does not raise a step inserted above the steps the dossier has already reached', () => {
      const story = new DossierStory(v1);
      story.runOn(day(16));
      story.scenario = aScenario([
        aStep('RELANCE_EMAIL', { offsetDays: 5 }),
        aStep('SMS_RAPPEL', { actionType: 'sms', offsetDays: 8 }),
        aStep('APPEL_RELANCE', { offsetDays: 15 }),
        aStep('MISE_EN_DEMEURE', { offsetDays: 30 }),
      ]);
      expect(story.runEveryDay(day(17), day(40))).to.deep.equal({ [day(30)]: ['MISE_EN_DEMEURE'] });
    });
  });

  describe('restarting the scenario', () => {
    it('raises the steps again as occurrence 2, counted from the restart date, history of occurrence 1 kept', () => {
      const scenario = aScenario([aStep('RELANCE_EMAIL', { offsetDays: 5 }), aStep('APPEL_RELANCE', { anchor: 'start', offsetDays: 15 })]);
      const story = new DossierStory(scenario);
      story.runEveryDay(day(0), day(20));
      // day 60: a payment plan broke down; the controller restarts the scenario.
      const occurrence = nextOccurrence(story.dossier.raisedSteps);
      expect(occurrence).to.equal(2);
      story.update({ occurrence, restartedAt: day(60) });
      expect(story.runEveryDay(day(60), day(80))).to.deep.equal({ [day(65)]: ['RELANCE_EMAIL'], [day(75)]: ['APPEL_RELANCE'] });
      expect(story.dossier.raisedSteps.map((r) => `${r.stepCode}#${r.occurrence}@${r.dueDate}`)).to.deep.equal([
        `RELANCE_EMAIL#1@${day(5)}`, `APPEL_RELANCE#1@${day(15)}`, `RELANCE_EMAIL#2@${day(65)}`, `APPEL_RELANCE#2@${day(75)}`,
      ]);
    });

    it('can propose the closure again in a new occurrence', () => {
      const dossier = aDossier({
        balance: 0,
        occurrence: 2,
        restartedAt: day(60),
        raisedSteps: [{ stepCode: CLOSURE_PROPOSAL_CODE, occurrence: 1, dueDate: day(30), state: 'skipped', doneDate: day(31) }],
      });
      expect(planDossier({ dossier, scenario: aScenario([aStep('RELANCE_EMAIL')]) }, day(90)).closureProposal).to.include({ occurrence: 2, dueDate: day(90) });
    });
  });
});
