import { expect } from 'chai';
import {
  MissingLegalRateError,
  RECOVERY_INDEMNITY_CENTS,
  bundledLegalRates,
  checkContractRate,
  halfYearOf,
  isContractRateAllowed,
  lateDaysByHalfYear,
  latePaymentSummary,
  loadLegalRates,
  missingHalfYearsBetween,
  penaltyForInvoice,
  rateInForce,
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

  it('accepts a gap: the half-years it leaves out are priced provisionally until filled in', () => {
    const table = loadLegalRates({ rates: [...rates.rows, { halfYear: '2027-H1', ratePercent: 12 }] });
    expect(rateInForce(table, '2026-H2')).to.deep.equal({ ratePercent: 12.15, fromHalfYear: '2026-H1', provisional: true });
    expect(rateInForce(table, '2027-H1')).to.deep.equal({ ratePercent: 12, fromHalfYear: '2027-H1', provisional: false });
    expect(missingHalfYearsBetween(table, '2025-H2', '2027-H2')).to.deep.equal(['2026-H2', '2027-H2']);
  });

  it('prices a half-year older than the table at its first rate, provisionally', () => {
    expect(rateInForce(rates, '2023-H2')).to.deep.equal({ ratePercent: 14.5, fromHalfYear: '2024-H1', provisional: true });
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
    expect(p.segments).to.deep.equal([{ halfYear: '2025-H2', from: '2025-10-01', to: '2025-10-30', days: 30, ratePercent: 12.15, provisional: false, penalty: 1198 }]);
  });

  it('counts from the day after the due date: nothing is owed on the due date itself', () => {
    expect(penaltyForInvoice({ amountDueTtc: 120000, dueDate: '2025-09-30' }, '2025-09-30', rates)).to.deep.equal({ daysLate: 0, segments: [], penalty: 0, provisionalHalfYears: [] });
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
    expect(p.segments.map((s) => s.ratePercent)).to.deep.equal([10, 10]);
    expect(p.penalty).to.equal(986); // 120000 x 10 % x 30 / 365 = 986,30
    expect(p.provisionalHalfYears).to.deep.equal([]);
  });

  it('raises a contract rate to 3 x the legal interest rate in the half-years where it falls below', () => {
    const interest = loadLegalRates({ rates: [{ halfYear: '2025-H1', ratePercent: 3.71 }, { halfYear: '2025-H2', ratePercent: 2.76 }] });
    // 9 % is below 3 x 3,71 = 11,13 % in H1 2025, above 3 x 2,76 = 8,28 % in H2 2025.
    const p = penaltyForInvoice({ amountDueTtc: 120000, dueDate: '2025-06-15' }, '2025-07-15', { contractRatePercent: 9, legalInterest: interest });
    expect(p.segments.map((s) => [s.halfYear, s.ratePercent, s.raisedToFloor ?? false])).to.deep.equal([['2025-H1', 11.13, true], ['2025-H2', 9, false]]);
  });

  it('when the half-year in force has no rate, uses the latest known one and marks the penalty provisional (never 0)', () => {
    // Due 15/06/2026, paid 01/08/2026: 15 days of H1 2026 at 12,15 %, 32 days of H2 2026 at 12,15 % carried over.
    const p = penaltyForInvoice({ amountDueTtc: 120000, dueDate: '2026-06-15', pieceRef: 'FA-9' }, '2026-08-01', rates);
    expect(p.daysLate).to.equal(47);
    expect(p.segments.map((s) => [s.halfYear, s.days, s.ratePercent, s.provisional])).to.deep.equal([['2026-H1', 15, 12.15, false], ['2026-H2', 32, 12.15, true]]);
    expect(p.penalty).to.equal(1877); // 120000 x 12,15 % x 47 / 365 = 1877,42
    expect(p.provisionalHalfYears).to.deep.equal(['2026-H2']);
  });

  it('once the administrator enters the missing half-year, the same penalty is final at its own rate', () => {
    const filled = loadLegalRates({ rates: [...rates.rows, { halfYear: '2026-H2', ratePercent: 12 }] });
    const p = penaltyForInvoice({ amountDueTtc: 120000, dueDate: '2026-06-15' }, '2026-08-01', filled);
    // 120000 x (1215 x 15 + 1200 x 32) / 3 650 000 = 1 861,64
    expect(p.penalty).to.equal(1862);
    expect(p.provisionalHalfYears).to.deep.equal([]);
  });

  it('only an empty table has no rate at all, and it says so', () => {
    expect(() => penaltyForInvoice({ amountDueTtc: 120000, dueDate: '2026-06-15', pieceRef: 'FA-9' }, '2026-08-01', { rows: [] }))
      .to.throw(MissingLegalRateError, /2026-H1, 2026-H2 \(invoice FA-9 due 2026-06-15, late until 2026-08-01\): the legal rate table is empty/);
  });

  it('a contract rate must be at least three times the legal interest rate', () => {
    expect(isContractRateAllowed(8.1, 2.7)).to.equal(true);
    expect(isContractRateAllowed(8.09, 2.7)).to.equal(false);
  });

  it('checks a contract rate typed today against the floor of the half-year in force, when it is known', () => {
    const interest = loadLegalRates({ rates: [{ halfYear: '2026-H1', ratePercent: 2.62 }] });
    expect(checkContractRate(7.85, interest, '2026-05-10')).to.deep.equal({ ok: false, floorPercent: 7.86, halfYear: '2026-H1' });
    expect(checkContractRate(7.86, interest, '2026-05-10')).to.deep.equal({ ok: true, floorPercent: 7.86, halfYear: '2026-H1' });
    expect(checkContractRate(5, interest, '2026-12-02')).to.deep.equal({ ok: true, floorPercent: null, halfYear: '2026-H2' });
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

  it('across a missing half-year, counts the penalties at the latest known rate and marks the totals provisional', () => {
    const s = latePaymentSummary([
      { pieceRef: 'FA1', amountDueTtc: 120000, dueDate: '2026-08-01' },
      { pieceRef: 'FA2', amountDueTtc: 120000, dueDate: '2026-06-15' },
      { pieceRef: 'FA3', amountDueTtc: 120000, dueDate: '2025-12-31' },
    ], '2026-08-01', { rates });
    expect(s.provisional).to.equal(true);
    expect(s.incomplete).to.equal(false);
    expect(s.missingHalfYears).to.deep.equal(['2026-H2']);
    expect(s.lines[0]).to.include({ penalty: 0, daysLate: 0, indemnity: 0, provisional: false });
    expect(s.lines[1]).to.include({ penalty: 1877, daysLate: 47, indemnity: 4000, provisional: true });
    expect(s.lines[1].missingHalfYears).to.deep.equal(['2026-H2']);
    // 2026-01-01 → 2026-08-01: 181 days of H1 + 32 of H2, all at 12,15 %: 120000 x 12,15 % x 213 / 365 = 8 508,49
    expect(s.lines[2]).to.include({ penalty: 8508, daysLate: 213, provisional: true });
    expect(s.lines[2].rates).to.deep.equal([12.15]);
    expect(s.totals).to.deep.equal({ amountDue: 360000, penalty: 1877 + 8508, indemnity: 8000, total: 1877 + 8508 + 8000 });
  });

  it('needs either the rate table or a contract rate', () => {
    expect(() => latePaymentSummary([], '2025-10-30', {})).to.throw(AppError, /rate table or a contract rate/);
  });
});
