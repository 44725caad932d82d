import { expect } from 'chai';
import { planDossier } from '../../../src/scenarios';
import { aScenario, aStep, day, DossierStory } from './scenario-test-kit';

/*
 * Rule 10 of the engine, told as stories. Day 0 is the oldest due date of the dossier's invoices.
 * A dossier "joins" its scenario on `joinedOn`: created on old invoices, given a scenario, changed
 * to another one, or loaded with the demo.
 */
describe('joining a scenario late', () => {
  const scenario = aScenario([
    aStep('APPEL_COURTOISIE', { actionType: 'call', anchor: 'oldest_due', offsetDays: 0 }),
    aStep('RELANCE_EMAIL', { actionType: 'email', anchor: 'oldest_due', offsetDays: 10 }),
    aStep('MISE_EN_DEMEURE', { actionType: 'letter', anchor: 'previous_done', offsetDays: 15 }),
    aStep('PROPOSITION_CONTENTIEUX', { actionType: 'task', anchor: 'previous_done', offsetDays: 30, lossPercentage: 50 }),
  ]);

  it('a dossier opened on invoices four months overdue begins at the step its situation calls for, the earlier ones passed over', () => {
    // day 120: the controller opens a dossier on invoices due on day 0.
    const story = new DossierStory(scenario, { startDate: day(120), joinedOn: day(120) });
    const plan = story.runOn(day(120));
    // Had the scenario run since day 0 at full speed: call day 0, e-mail day 10, notice day 25, proposal day 55.
    expect(plan.skipped.map((s) => [s.stepCode, s.dueDate, s.skippedDate, s.reason])).to.deep.equal([
      ['APPEL_COURTOISIE', day(0), day(120), 'passed_on_join'],
      ['RELANCE_EMAIL', day(10), day(120), 'passed_on_join'],
      ['MISE_EN_DEMEURE', day(25), day(120), 'passed_on_join'],
    ]);
    // Only the latest is raised, due on the day it joined; no courtesy call due four months ago.
    expect(plan.toRaise.map((s) => [s.stepCode, s.dueDate])).to.deep.equal([['PROPOSITION_CONTENTIEUX', day(120)]]);
    // The stage it begins at carries its loss percentage.
    expect(plan.effects.lossPercentage).to.deep.equal({ value: 50, stepCode: 'PROPOSITION_CONTENTIEUX' });
    // The next day, nothing more: exactly once.
    expect(story.runEveryDay(day(121), day(200))).to.deep.equal({});
  });

  it('a dossier joining two weeks after the due date gets the e-mail that day, and the rest of the scenario follows as usual', () => {
    const story = new DossierStory(scenario, { startDate: day(14), joinedOn: day(14) });
    expect(story.runEveryDay(day(14), day(14))).to.deep.equal({ [day(14)]: ['RELANCE_EMAIL', 'APPEL_COURTOISIE (skipped)'] });
    expect(story.history()).to.deep.equal([`RELANCE_EMAIL@${day(14)}`, `APPEL_COURTOISIE@${day(0)} skipped`]);
    // The e-mail is sent on day 16: the formal notice falls due 15 days later, as always.
    story.done('RELANCE_EMAIL', day(16));
    expect(story.runEveryDay(day(15), day(40))).to.deep.equal({ [day(31)]: ['MISE_EN_DEMEURE'] });
  });

  it('the days the job did not run after the join are caught up: every step due since is raised, in order, each with its own date', () => {
    const chain = aScenario([
      aStep('APPEL_COURTOISIE', { anchor: 'oldest_due', offsetDays: 0 }),
      aStep('RELANCE_EMAIL', { actionType: 'email', anchor: 'oldest_due', offsetDays: 10 }),
      aStep('SECOND_APPEL', { anchor: 'oldest_due', offsetDays: 20 }),
      aStep('MISE_EN_DEMEURE', { actionType: 'letter', anchor: 'oldest_due', offsetDays: 25 }),
    ]);
    // Joined on day 12 (the e-mail already due), but the job first runs on day 30.
    const story = new DossierStory(chain, { startDate: day(12), joinedOn: day(12) });
    const plan = story.runOn(day(30));
    expect(plan.skipped.map((s) => s.stepCode)).to.deep.equal(['APPEL_COURTOISIE']);
    expect(plan.toRaise.map((s) => [s.stepCode, s.dueDate])).to.deep.equal([
      ['RELANCE_EMAIL', day(12)],
      ['SECOND_APPEL', day(20)],
      ['MISE_EN_DEMEURE', day(25)],
    ]);
  });

  it('a dossier joining before anything is due passes nothing over', () => {
    const story = new DossierStory(scenario, { entryDueDates: [day(5)], joinedOn: day(0) });
    expect(story.runEveryDay(day(0), day(5))).to.deep.equal({ [day(5)]: ['APPEL_COURTOISIE'] });
    expect(story.plan(day(5)).skipped).to.deep.equal([]);
  });

  it('a dossier that has always been on its scenario still catches up every step after missed days', () => {
    const plan = planDossier({ dossier: new DossierStory(scenario).dossier, scenario }, day(12));
    expect(plan.toRaise.map((s) => s.stepCode)).to.deep.equal(['APPEL_COURTOISIE', 'RELANCE_EMAIL']);
    expect(plan.skipped).to.deep.equal([]);
  });

  it('a scenario changed mid-way: the new scenario\'s steps due on the day of the change are passed over but the latest', () => {
    const other = aScenario([
      aStep('LETTRE_1', { actionType: 'letter', anchor: 'oldest_due', offsetDays: 5 }),
      aStep('LETTRE_2', { actionType: 'letter', anchor: 'oldest_due', offsetDays: 40 }),
      aStep('LETTRE_3', { actionType: 'letter', anchor: 'oldest_due', offsetDays: 90 }),
    ]);
    // On day 60 the dossier, which had followed another scenario, moves to this one.
    const story = new DossierStory(other, { joinedOn: day(60), raisedSteps: [{ stepCode: 'APPEL_COURTOISIE', occurrence: 1, dueDate: day(0), state: 'done', doneDate: day(1) }] });
    expect(story.runEveryDay(day(60), day(95))).to.deep.equal({ [day(60)]: ['LETTRE_2', 'LETTRE_1 (skipped)'], [day(90)]: ['LETTRE_3'] });
  });

  it('under its minimum balance, the latest step is skipped for that reason, and nothing is raised twice', () => {
    const small = aScenario([
      aStep('RELANCE_EMAIL', { actionType: 'email', offsetDays: 5 }),
      aStep('VISITE', { actionType: 'visit', offsetDays: 20, minBalance: 500000 }),
      aStep('MISE_EN_DEMEURE', { actionType: 'letter', anchor: 'previous_done', offsetDays: 10 }),
    ]);
    const story = new DossierStory(small, { joinedOn: day(25), balance: 120000 });
    const plan = story.runOn(day(25));
    expect(plan.skipped.map((s) => [s.stepCode, s.reason])).to.deep.equal([['RELANCE_EMAIL', 'passed_on_join'], ['VISITE', 'below_min_balance']]);
    expect(plan.toRaise).to.deep.equal([]);
    // The notice counts from the day the visit was skipped: the join date.
    expect(story.runEveryDay(day(26), day(40))).to.deep.equal({ [day(35)]: ['MISE_EN_DEMEURE'] });
  });
});
