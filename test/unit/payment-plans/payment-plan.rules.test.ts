import { expect } from 'chai';
import { agreementDate, buildSchedule, pastInstallments, planOutcome, scheduleProblems, scheduleSummary, trackInstallments } from '../../../src/payment-plans/payment-plan.rules';
import { formatMoney } from '../../../src/shared/money';
import { formatBusinessDate } from '../../../src/shared/business-date';

const money = (c: number, l: 'fr' | 'en') => formatMoney(c, l, 'EUR');

describe('payment plans (rules)', () => {
  it('1 000,00 in 3 monthly installments: 333,33 / 333,33 / 333,34, summing exactly to the total', () => {
    const s = buildSchedule({ total: 100000, firstDate: '2026-12-05', periodicity: 'monthly', count: 3, interestRateHundredths: 0 });
    expect(s.installments.map((i) => [i.dueDate, i.amount])).to.deep.equal([['2026-12-05', 33333], ['2027-01-05', 33333], ['2027-02-05', 33334]]);
    expect(s.installments.reduce((a, i) => a + i.principal, 0)).to.equal(100000);
    expect(scheduleSummary(s, 'fr')).to.equal(
      "Échéancier de 1\u202f000,00\u00a0€ en 3 versements, jusqu'au 05/02/2027, intérêts 0,00\u00a0€ : premier versement de 333,33\u00a0€ le 05/12/2026, dernier versement de 333,34\u00a0€ le 05/02/2027.",
    );
    expect(scheduleSummary(s, 'en')).to.equal(`Schedule of ${money(100000, 'en')} in 3 installments, until ${formatBusinessDate('2027-02-05', 'en')}, interest ${money(0, 'en')}: first installment of ${money(33333, 'en')} on ${formatBusinessDate('2026-12-05', 'en')}, last installment of ${money(33334, 'en')} on ${formatBusinessDate('2027-02-05', 'en')}.`);
    // The same currency wording as every amount of the UI, in both languages.
    expect(scheduleSummary(s, 'en')).not.to.include('EUR');
  });

  it('states the interest and a single installment as such', () => {
    const s = buildSchedule({ total: 1200000, firstDate: '2026-12-01', periodicity: 'monthly', count: 1, interestRateHundredths: 600 });
    expect(scheduleSummary(s, 'fr')).to.equal("Échéancier de 12\u202f000,00\u00a0€ en 1 versement, jusqu'au 01/12/2026, intérêts 60,00\u00a0€ : versement unique de 12\u202f060,00\u00a0€ le 01/12/2026.");
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

  it('refuses a schedule without a count or an amount or with too many installments, but not a first date in the past', () => {
    expect(scheduleProblems({ total: 1000, firstDate: '2026-11-01', periodicity: 'monthly', interestRateHundredths: 0 }, '2026-11-22')).to.deep.equal({
      count: 'plans.errors.countOrAmount',
    });
    const agreedEarlier = buildSchedule({ total: 300000, firstDate: '2026-09-15', periodicity: 'monthly', count: 4, interestRateHundredths: 0 });
    expect(pastInstallments(agreedEarlier, '2026-11-22').map((i) => i.dueDate)).to.deep.equal(['2026-09-15', '2026-10-15', '2026-11-15']);
    // Payments count from the agreement, never later than the first installment.
    expect(agreementDate('2026-09-15', '2026-11-22', null)).to.equal('2026-09-15');
    expect(agreementDate('2026-09-15', '2026-11-22', '2026-09-01')).to.equal('2026-09-01');
    expect(agreementDate('2026-12-15', '2026-11-22', null)).to.equal('2026-11-22');
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
