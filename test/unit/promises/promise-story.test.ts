/**
 * Promises to pay, told day by day: the DossierStory stands for the daily job, the promise rules
 * decide each morning whether the scenario waits and what became of the promise.
 */
import { expect } from 'chai';
import { holdsScenario, pauseEnd, pausedUntil, promiseOutcome, promiseProblems, type PromiseFacts } from '../../../src/promises/promise.rules';
import { addDays, type BusinessDate } from '../../../src/shared/business-date';
import { aScenario, aStep, day, DossierStory } from '../scenarios/scenario-test-kit';

const GRACE = 3;

/** A story where, each morning, open promises hold the scenario and the day's outcome is recorded. */
class PromiseStory extends DossierStory {
  promise: PromiseFacts | null = null;
  payments = 0;
  log: string[] = [];

  promise_(on: BusinessDate, promisedDate: BusinessDate, amount: number): void {
    this.promise = { status: 'open', promisedDate, amount, pauseUntil: pauseEnd(promisedDate, GRACE), paymentsAtCreation: this.payments };
    this.log.push(`${on} promise for ${promisedDate}`);
  }

  pay(on: BusinessDate, amount: number): void {
    this.payments += amount;
    this.update({ balance: this.dossier.balance - amount });
    this.log.push(`${on} paid ${amount}`);
  }

  /** The morning: the scenario run (held by an open promise), then the promise check. */
  morning(today: BusinessDate): string[] {
    this.update({ suspended: this.promise ? holdsScenario(this.promise, today) : false });
    const plan = this.runOn(today);
    const codes = plan.toRaise.map((s) => `${s.stepCode}@${s.dueDate}`);
    for (const c of codes) this.log.push(`${today} raised ${c}`);
    if (this.promise?.status === 'open') {
      const outcome = promiseOutcome(this.promise, { payments: this.payments, balance: this.dossier.balance }, today);
      if (outcome !== 'open') {
        this.promise = { ...this.promise, status: outcome };
        this.log.push(`${today} promise ${outcome}`);
      }
    }
    return codes;
  }

  days(from: number, to: number): void {
    for (let n = from; n <= to; n++) this.morning(day(n));
  }
}

const scenario = () =>
  aScenario([
    aStep('R1', { offsetDays: 0, actionType: 'letter' }),
    aStep('R2', { offsetDays: 10, actionType: 'letter' }),
    aStep('CALL', { offsetDays: 20 }),
  ]);

describe('promises to pay: the scenario waits, then the promise is kept or broken', () => {
  it('a promise kept: the scenario waits, the payment arrives before the promised date, the promise is closed as kept, the reminders resume for what is left', () => {
    const s = new PromiseStory(scenario(), { balance: 120000 });
    s.days(0, 4);
    s.promise_(day(5), day(12), 50000);
    s.days(5, 10);
    s.pay(day(11), 50000);
    s.days(11, 25);
    expect(s.log).to.deep.equal([
      `${day(0)} raised R1@${day(0)}`,
      `${day(5)} promise for ${day(12)}`,
      // R2 fell due on day 10 but the promise held it: nothing raised until the promise is decided.
      `${day(11)} paid 50000`,
      `${day(11)} promise kept`,
      // Kept, the promise no longer holds the scenario: the step that fell due meanwhile comes with its own date.
      `${day(12)} raised R2@${day(10)}`,
      `${day(20)} raised CALL@${day(20)}`,
    ]);
  });

  it('a promise broken: the scenario waits until the promised date plus the grace period, then the promise is broken and the steps due are caught up in order', () => {
    const s = new PromiseStory(scenario(), { balance: 120000 });
    s.days(0, 4);
    s.promise_(day(5), day(12), 120000);
    s.days(5, 25);
    expect(s.log).to.deep.equal([
      `${day(0)} raised R1@${day(0)}`,
      `${day(5)} promise for ${day(12)}`,
      // day 12 + 3 days of grace = day 15, the last day it waits; day 16 it is broken and the scenario resumes.
      `${day(16)} raised R2@${day(10)}`,
      `${day(16)} promise broken`,
      `${day(20)} raised CALL@${day(20)}`,
    ]);
  });

  it('a partial payment does not keep a promise of a larger amount', () => {
    const p: PromiseFacts = { status: 'open', promisedDate: day(12), amount: 50000, pauseUntil: pauseEnd(day(12), GRACE), paymentsAtCreation: 10000 };
    expect(promiseOutcome(p, { payments: 40000, balance: 80000 }, day(14))).to.equal('open');
    expect(promiseOutcome(p, { payments: 40000, balance: 80000 }, day(16))).to.equal('broken');
    expect(promiseOutcome(p, { payments: 60000, balance: 60000 }, day(16))).to.equal('kept');
    // Nothing owed any more keeps it, whatever the amount promised.
    expect(promiseOutcome(p, { payments: 20000, balance: 0 }, day(16))).to.equal('kept');
  });

  it('the scenario waits until the latest open promise, included, and not for a decided one', () => {
    const open = (until: BusinessDate) => ({ status: 'open' as const, pauseUntil: until });
    expect(pausedUntil([open(day(10)), open(day(15))], day(12))).to.equal(day(15));
    expect(pausedUntil([open(day(10))], day(10))).to.equal(day(10));
    expect(pausedUntil([open(day(10))], addDays(day(10), 1))).to.equal(null);
    expect(pausedUntil([{ status: 'kept', pauseUntil: day(30) }], day(12))).to.equal(null);
  });

  it('refuses a promised date in the past and an amount that is not positive, at their fields', () => {
    expect(promiseProblems({ promisedDate: day(1), amount: 0 }, day(2))).to.deep.equal({ promisedDate: 'promises.errors.past', amount: 'promises.errors.positive' });
    expect(promiseProblems({ promisedDate: day(2), amount: 1 }, day(2))).to.deep.equal({});
  });
});
