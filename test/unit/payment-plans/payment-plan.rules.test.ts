import { expect } from 'chai';
import { buildSchedule, planOutcome, scheduleProblems, scheduleSummary, trackInstallments } from '../../../src/payment-plans/payment-plan.rules';

describe('payment plans (rules)', () => {
  it('1 000,00 in 3 monthly installments: 333,33 / 333,33 / 333,34, summing exactly to the total', () => {
    const s = buildSchedule({ total: 100000, firstDate: '2026-12-05', periodicity: 'monthly', count: 3, interestRateHundredths: 0 });
    expect(s.installments.map((i) => [i.dueDate, i.amount])).to.deep.equal([['2026-12-05', 33333], ['2027-01-05', 33333], ['2027-02-05', 33334]]);
    expect(s.installments.reduce((a, i) => a + i.principal, 0)).to.equal(100000);
    expect(scheduleSummary(s, 'fr')).to.equal(
      "L'échéancier pour 1\u202f000,00 EUR en 3 versements dont la fin est le 05/02/2027 et dont l'intérêt est 0,00 EUR. Le montant du premier versement est 333,33 EUR à la date 05/12/2026.",
    );
    expect(scheduleSummary(s, 'en')).to.equal('The schedule for 1,000.00 EUR in 3 installments ends on 5 Feb 2027 and its interest is 0.00 EUR. The first installment is 333.33 EUR on 5 Dec 2026.');
  });

  it('by installment amount: the last one takes what is left; weekly and quarterly dates; month ends do not drift', () => {
    const s = buildSchedule({ total: 100000, firstDate: '2027-01-31', periodicity: 'monthly', installmentAmount: 30000, interestRateHundredths: 0 });
    expect(s.installments.map((i) => [i.dueDate, i.amount])).to.deep.equal([['2027-01-31', 30000], ['2027-02-28', 30000], ['2027-03-31', 30000], ['2027-04-30', 10000]]);
    expect(buildSchedule({ total: 1000, firstDate: '2026-12-01', periodicity: 'weekly', count: 2, interestRateHundredths: 0 }).installments[1].dueDate).to.equal('2026-12-08');
    expect(buildSchedule({ total: 1000, firstDate: '2026-12-01', periodicity: 'quarterly', count: 2, interestRateHundredths: 0 }).installments[1].dueDate).to.equal('2027-03-01');
  });

  it('adds simple interest per period on the principal still owed', () => {
    // 12 000,00 at 6 % a year in 3 monthly: 60,00 then 40,00 then 20,00 of interest.
    const s = buildSchedule({ total: 1200000, firstDate: '2026-12-01', periodicity: 'monthly', count: 3, interestRateHundredths: 600 });
    expect(s.installments.map((i) => i.interest)).to.deep.equal([6000, 4000, 2000]);
    expect(s.interest).to.equal(12000);
    expect(s.installments[0].amount).to.equal(406000);
  });

  it('refuses a schedule without a count or an amount, a past first date or too many installments', () => {
    expect(scheduleProblems({ total: 1000, firstDate: '2026-11-01', periodicity: 'monthly', interestRateHundredths: 0 }, '2026-11-22')).to.deep.equal({
      firstDate: 'plans.errors.firstDatePast', count: 'plans.errors.countOrAmount',
    });
    expect(scheduleProblems({ total: 100000, firstDate: '2026-12-01', periodicity: 'monthly', installmentAmount: 1, interestRateHundredths: 0 }, '2026-11-22')).to.have.property('installmentAmount');
  });

  it('tracks installments as paid, partly paid or unpaid, and a plan as completed or broken after the grace days', () => {
    const s = buildSchedule({ total: 100000, firstDate: '2026-12-05', periodicity: 'monthly', count: 3, interestRateHundredths: 0 });
    const t = trackInstallments(s.installments, 50000, '2027-01-10');
    expect(t.map((i) => [i.state, i.paid, i.missed])).to.deep.equal([['paid', 33333, false], ['partial', 16667, false], ['unpaid', 0, false]]);
    expect(planOutcome(t)).to.equal('active');
    const late = trackInstallments(s.installments, 50000, '2027-01-11');
    expect(late[1].missed).to.equal(true);
    expect(planOutcome(late)).to.equal('broken');
    expect(planOutcome(trackInstallments(s.installments, 100000, '2027-06-01'))).to.equal('completed');
  });
});
