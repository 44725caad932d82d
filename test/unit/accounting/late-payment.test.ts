import { expect } from 'chai';
import {
  MissingLegalRateError,
  RECOVERY_INDEMNITY_CENTS,
  bundledLegalRates,
  halfYearOf,
  isContractRateAllowed,
  lateDaysByHalfYear,
  latePaymentSummary,
  loadLegalRates,
  penaltyForInvoice,
  recoveryIndemnity,
} from '../../../src/late-payment';
import { AppError } from '../../../src/shared/errors';

const rates = bundledLegalRates();

describe('late payment: the legal rate table', () => {
  it('ships the default rates of DOMAIN-FR by half-year', () => {
    expect(rates.rows).to.deep.equal([
      { halfYear: '2024-H1', ratePercent: 14.5 },
      { halfYear: '2024-H2', ratePercent: 14.25 },
      { halfYear: '2025-H1', ratePercent: 13.15 },
      { halfYear: '2025-H2', ratePercent: 12.15 },
      { halfYear: '2026-H1', ratePercent: 12.15 },
    ]);
  });

  it('accepts rows an administrator appends, in any order', () => {
    const table = loadLegalRates({ rates: [{ halfYear: '2026-H2', ratePercent: 12 }, ...rates.rows, { halfYear: '2023-H2', ratePercent: 14.25, note: 'ECB 4,25' }] });
    expect(table.rows.map((r) => r.halfYear)).to.deep.equal(['2023-H2', '2024-H1', '2024-H2', '2025-H1', '2025-H2', '2026-H1', '2026-H2']);
  });

  it('refuses a half-year listed twice', () => {
    expect(() => loadLegalRates({ rates: [...rates.rows, { halfYear: '2025-H2', ratePercent: 12.2 }] }))
      .to.throw(AppError, /2025-H2 is listed twice \(12.15 % and 12.2 %\)/);
  });

  it('refuses a gap between half-years', () => {
    expect(() => loadLegalRates({ rates: [...rates.rows, { halfYear: '2027-H1', ratePercent: 12 }] }))
      .to.throw(AppError, /no rate between 2026-H1 and 2027-H1 \(missing 2026-H2\)/);
  });

  it('refuses a malformed row with its place', () => {
    expect(() => loadLegalRates({ rates: [{ halfYear: '2025-S1', ratePercent: 12 }] })).to.throw(AppError, /rates\.0\.halfYear: must look like 2025-H1/);
    expect(() => loadLegalRates({ rates: [{ halfYear: '2025-H1', ratePercent: 12.155 }] })).to.throw(AppError, /rates\.0\.ratePercent: at most two decimals/);
    expect(() => loadLegalRates({ rates: [] })).to.throw(AppError, /no rate/);
  });
});

describe('late payment: penalties (L441-10)', () => {
  it('1 200,00 x 12,15 % x 30 / 365 = 11,98 € (the DOMAIN-FR example)', () => {
    const p = penaltyForInvoice({ amountDueTtc: 120000, dueDate: '2025-09-30' }, '2025-10-30', rates);
    expect(p.daysLate).to.equal(30);
    expect(p.penalty).to.equal(1198);
    expect(p.segments).to.deep.equal([{ halfYear: '2025-H2', from: '2025-10-01', to: '2025-10-30', days: 30, ratePercent: 12.15, penalty: 1198 }]);
  });

  it('counts from the day after the due date: nothing is owed on the due date itself', () => {
    expect(penaltyForInvoice({ amountDueTtc: 120000, dueDate: '2025-09-30' }, '2025-09-30', rates)).to.deep.equal({ daysLate: 0, segments: [], penalty: 0 });
    expect(penaltyForInvoice({ amountDueTtc: 120000, dueDate: '2025-09-30' }, '2025-10-01', rates).daysLate).to.equal(1);
  });

  it('splits the days across half-years, each at its own rate, and rounds once', () => {
    // 15 days in June 2025 at 13,15 %, 15 days in July 2025 at 12,15 %.
    const p = penaltyForInvoice({ amountDueTtc: 120000, dueDate: '2025-06-15' }, '2025-07-15', rates);
    expect(p.daysLate).to.equal(30);
    expect(p.segments.map((s) => [s.halfYear, s.days, s.ratePercent])).to.deep.equal([['2025-H1', 15, 13.15], ['2025-H2', 15, 12.15]]);
    // 120000 x (1315 x 15 + 1215 x 15) / 3 650 000 = 1247,67
    expect(p.penalty).to.equal(1248);
    expect(p.segments.reduce((s, x) => s + x.penalty, 0)).to.equal(p.penalty);
  });

  it('counts a half-year boundary across a year end', () => {
    expect(lateDaysByHalfYear('2024-12-20', '2025-01-10')).to.deep.equal([
      { halfYear: '2024-H2', from: '2024-12-21', to: '2024-12-31', days: 11 },
      { halfYear: '2025-H1', from: '2025-01-01', to: '2025-01-10', days: 10 },
    ]);
    expect(halfYearOf('2025-06-30')).to.equal('2025-H1');
    expect(halfYearOf('2025-07-01')).to.equal('2025-H2');
  });

  it('divides by 365 even in a leap year', () => {
    // 25 Feb to 5 Mar 2024 includes 29 Feb: 10 days at 14,50 % on 3 650,00 = 14,50 exactly with /365.
    const p = penaltyForInvoice({ amountDueTtc: 365000, dueDate: '2024-02-24' }, '2024-03-05', rates);
    expect(p.daysLate).to.equal(10);
    expect(p.penalty).to.equal(1450);
  });

  it('applies a contract rate over the whole lateness, without the table', () => {
    const p = penaltyForInvoice({ amountDueTtc: 120000, dueDate: '2023-06-15' }, '2023-07-15', { contractRatePercent: 10 });
    expect(p.segments).to.have.length(1);
    expect(p.penalty).to.equal(986); // 120000 x 10 % x 30 / 365 = 986,30
  });

  it('says which half-year is missing from the table instead of using 0', () => {
    let error: unknown;
    try {
      penaltyForInvoice({ amountDueTtc: 120000, dueDate: '2026-06-15', pieceRef: 'FA-9' }, '2026-08-01', rates);
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(MissingLegalRateError);
    expect((error as MissingLegalRateError).missingHalfYears).to.deep.equal(['2026-H2']);
    expect((error as Error).message).to.equal('No late-payment rate for 2026-H2 (invoice FA-9 due 2026-06-15, late until 2026-08-01): add the half-year to the legal rate table');
  });

  it('a contract rate must be at least three times the legal interest rate', () => {
    expect(isContractRateAllowed(8.1, 2.7)).to.equal(true);
    expect(isContractRateAllowed(8.09, 2.7)).to.equal(false);
  });
});

describe('late payment: fixed indemnity (D441-5) and summary', () => {
  it('is 40 € per late invoice, and none when a collective procedure forbids payment', () => {
    expect(RECOVERY_INDEMNITY_CENTS).to.equal(4000);
    expect(recoveryIndemnity(1, false)).to.equal(4000);
    expect(recoveryIndemnity(0, false)).to.equal(0);
    expect(recoveryIndemnity(30, true)).to.equal(0);
  });

  it('sums penalties and indemnities per invoice and in total', () => {
    const s = latePaymentSummary([
      { pieceRef: 'FA1', amountDueTtc: 120000, dueDate: '2025-09-30' },
      { pieceRef: 'FA2', amountDueTtc: 120000, dueDate: '2025-06-15' },
      { pieceRef: 'FA3', amountDueTtc: 50000, dueDate: '2025-11-30' },
    ], '2025-10-30', { rates });
    expect(s.lines.map((l) => [l.pieceRef, l.daysLate, l.rates, l.penalty, l.indemnity])).to.deep.equal([
      ['FA1', 30, [12.15], 1198, 4000],
      // 15 days at 13,15 % + 122 days at 12,15 %: 120000 x 167 955 / 3 650 000 = 5 521,81
      ['FA2', 137, [13.15, 12.15], 5522, 4000],
      ['FA3', 0, [], 0, 0],
    ]);
    expect(s.totals).to.deep.equal({ amountDue: 290000, penalty: 6720, indemnity: 8000, total: 14720 });
    expect(s.incomplete).to.equal(false);
  });

  it('drops the indemnity for invoices frozen by a collective procedure, per invoice or for all', () => {
    const invoices = [
      { pieceRef: 'FA1', amountDueTtc: 120000, dueDate: '2025-09-30', paymentForbiddenByCollectiveProcedure: true },
      { pieceRef: 'FA2', amountDueTtc: 120000, dueDate: '2025-09-30' },
    ];
    expect(latePaymentSummary(invoices, '2025-10-30', { rates }).totals.indemnity).to.equal(4000);
    expect(latePaymentSummary(invoices, '2025-10-30', { rates, paymentForbiddenByCollectiveProcedure: true }).totals.indemnity).to.equal(0);
  });

  it('reports invoices whose half-year rate is missing, and marks the totals incomplete', () => {
    const s = latePaymentSummary([
      { pieceRef: 'FA1', amountDueTtc: 120000, dueDate: '2026-08-01' },
      { pieceRef: 'FA2', amountDueTtc: 120000, dueDate: '2026-06-15' },
    ], '2026-08-01', { rates });
    expect(s.incomplete).to.equal(true);
    expect(s.missingHalfYears).to.deep.equal(['2026-H2']);
    expect(s.lines[0]).to.include({ penalty: 0, daysLate: 0, indemnity: 0 });
    expect(s.lines[0].missingHalfYears).to.deep.equal([]);
    expect(s.lines[1]).to.include({ penalty: null, daysLate: 47, indemnity: 4000 });
    expect(s.lines[1].missingHalfYears).to.deep.equal(['2026-H2']);
    expect(s.totals).to.deep.equal({ amountDue: 240000, penalty: 0, indemnity: 4000, total: 4000 });
  });

  it('needs either the rate table or a contract rate', () => {
    expect(() => latePaymentSummary([], '2025-10-30', {})).to.throw(AppError, /rate table or a contract rate/);
  });
});
