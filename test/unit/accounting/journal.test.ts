import { expect } from 'chai';
import {
  assertBalanced,
  badDebtAccount,
  isBalanced,
  recoveryAfterWriteOff,
  resolveAccounts,
  transferToDoubtful,
  vatRegularisationAfterWriteOff,
  writeOff,
  type JournalEntry,
} from '../../../src/journal';
import { htBase, paymentAfterTransfer, proposedProvision, provisionChange } from '../../../src/provisions';
import { AppError } from '../../../src/shared/errors';

/** [account, auxiliary, debit, credit] per line, the way the DOMAIN-FR table reads. */
function rows(entries: JournalEntry[]): [string, string | null, number, number][][] {
  return entries.map((e) => e.lines.map((l) => [l.account, l.auxiliaryAccount, l.debit, l.credit]));
}

const AUX = '411DUPONT';
const ctx = (date: string) => ({ date, pieceRef: 'FA-2025-0042' });

describe('journal: the DOMAIN-FR worked example, line for line (invoice 1 200,00 TTC = 1 000,00 HT + 200,00 VAT)', () => {
  const ttc = 120000;
  const vat = 20000;
  const base = htBase(ttc, 20);

  it('the HT base of 1 200,00 TTC at 20 % is 1 000,00', () => {
    expect(base).to.equal(100000);
  });

  it('transfer to doubtful: 416 (aux) debit / 411 (aux) credit 1 200,00 in OD', () => {
    const entries = transferToDoubtful([{ auxiliaryAccount: AUX, pieceRef: 'FA-2025-0042', amountTtc: ttc }], { date: '2025-06-01' });
    expect(entries).to.have.length(1);
    expect(entries[0].journalCode).to.equal('OD');
    expect(entries[0].pieceRef).to.equal('FA-2025-0042');
    expect(rows(entries)).to.deep.equal([[['416', AUX, 120000, 0], ['411', AUX, 0, 120000]]]);
  });

  it('depreciation at 50 %: 68174 debit / 491 credit 500,00 (50 % of HT)', () => {
    const r = provisionChange(0, proposedProvision(base, 50), ctx('2025-06-30'));
    expect(r.movement).to.deep.equal({ kind: 'charge', amount: 50000 });
    expect(rows(r.entries)).to.deep.equal([[['68174', null, 50000, 0], ['491', null, 0, 50000]]]);
    expect(r.provisionAfter).to.equal(50000);
  });

  it('raised to 100 %: 68174 debit / 491 credit 500,00', () => {
    const r = provisionChange(50000, proposedProvision(base, 100), ctx('2025-09-30'));
    expect(r.movement).to.deep.equal({ kind: 'increase', amount: 50000 });
    expect(rows(r.entries)).to.deep.equal([[['68174', null, 50000, 0], ['491', null, 0, 50000]]]);
  });

  it('lowered to 30 %: 491 debit / 78174 credit for the difference (700,00)', () => {
    const r = provisionChange(100000, proposedProvision(base, 30), ctx('2025-10-31'));
    expect(r.movement).to.deep.equal({ kind: 'decrease', amount: 70000 });
    expect(rows(r.entries)).to.deep.equal([[['491', null, 70000, 0], ['78174', null, 0, 70000]]]);
  });

  it('paid after all: 512 debit / 416 (aux) credit 1 200,00, then 491 / 78174 for what remains provisioned', () => {
    const r = paymentAfterTransfer({
      ...ctx('2025-11-15'), auxiliaryAccount: AUX, amountPaid: ttc, outstandingTtc: ttc, outstandingVat: vat, currentProvision: 30000,
    });
    expect(rows(r.entries)).to.deep.equal([
      [['512', null, 120000, 0], ['416', AUX, 0, 120000]],
      [['491', null, 30000, 0], ['78174', null, 0, 30000]],
    ]);
    expect(r.provisionAfter).to.equal(0);
  });

  it('write-off with a rectified invoice: 654 debit 1 000,00 HT + 44571 debit 200,00 / 416 (aux) credit, then 491 / 78174 1 000,00', () => {
    const r = writeOff({
      ...ctx('2025-12-15'), auxiliaryAccount: AUX, outstandingTtc: ttc, outstandingVat: vat, currentProvision: 100000,
      invoiceDate: '2025-03-10', fiscalYearStart: '2025-01-01', rectifiedInvoiceIssued: true,
    });
    expect(rows(r.entries)).to.deep.equal([
      [['6541', null, 100000, 0], ['44571', null, 20000, 0], ['416', AUX, 0, 120000]],
      [['491', null, 100000, 0], ['78174', null, 0, 100000]],
    ]);
    expect(r.provisionAfter).to.equal(0);
    expect(r.vatLeftOnDoubtful).to.equal(0);
  });

  it('received after write-off: 512 debit / 7714 credit the amount received', () => {
    const entries = recoveryAfterWriteOff({ ...ctx('2026-02-01'), amountReceived: 30000 });
    expect(rows(entries)).to.deep.equal([[['512', null, 30000, 0], ['7714', null, 0, 30000]]]);
  });
});

describe('journal: builders', () => {
  it('every account number can be overridden by the settings', () => {
    const accounts = { doubtful: '4160', customer: '4110', vatCollected: '44551' };
    const [t] = transferToDoubtful([{ auxiliaryAccount: AUX, pieceRef: 'FA1', amountTtc: 100 }], { date: '2025-06-01', accounts });
    expect(t.lines.map((l) => l.account)).to.deep.equal(['4160', '4110']);
    const w = writeOff({
      date: '2025-06-01', pieceRef: 'FA1', accounts, auxiliaryAccount: AUX, outstandingTtc: 120, outstandingVat: 20, currentProvision: 0,
      invoiceDate: '2025-01-01', fiscalYearStart: '2025-01-01', rectifiedInvoiceIssued: true,
    });
    expect(w.entries[0].lines.map((l) => l.account)).to.deep.equal(['6541', '44551', '4160']);
    expect(resolveAccounts({ bank: '5121' }).bank).to.equal('5121');
  });

  it('an unknown or malformed account setting is refused', () => {
    expect(() => resolveAccounts({ bank: '' })).to.throw(AppError, /bank/);
    expect(() => resolveAccounts({ nope: '1' } as never)).to.throw(AppError, /unknown accounting account setting "nope"/);
  });

  it('transfers one entry per picked ledger entry, a credit note going the other way round', () => {
    const entries = transferToDoubtful([
      { auxiliaryAccount: AUX, pieceRef: 'FA1', amountTtc: 120000 },
      { auxiliaryAccount: AUX, pieceRef: 'AV1', amountTtc: -2400 },
    ], { date: '2025-06-01' });
    expect(entries.map((e) => e.pieceRef)).to.deep.equal(['FA1', 'AV1']);
    expect(rows(entries)[1]).to.deep.equal([['416', AUX, 0, 2400], ['411', AUX, 2400, 0]]);
  });

  it('refuses a transfer without entries, without auxiliary account, or of zero', () => {
    expect(() => transferToDoubtful([], { date: '2025-06-01' })).to.throw(AppError, /no entry was picked/);
    expect(() => transferToDoubtful([{ auxiliaryAccount: '', pieceRef: 'FA1', amountTtc: 1 }], { date: '2025-06-01' })).to.throw(AppError, /auxiliary account/);
    expect(() => transferToDoubtful([{ auxiliaryAccount: AUX, pieceRef: 'FA1', amountTtc: 0 }], { date: '2025-06-01' })).to.throw(AppError, /zero/);
    expect(() => transferToDoubtful([{ auxiliaryAccount: AUX, pieceRef: 'FA1', amountTtc: 10.5 }], { date: '2025-06-01' })).to.throw(AppError, /integer/);
  });

  it('an unchanged provision books nothing; a provision back to zero is a reversal', () => {
    expect(provisionChange(5000, 5000, ctx('2025-06-01')).entries).to.deep.equal([]);
    const r = provisionChange(5000, 0, ctx('2025-06-01'));
    expect(r.movement.kind).to.equal('reversal');
    expect(rows(r.entries)).to.deep.equal([[['491', null, 5000, 0], ['78174', null, 0, 5000]]]);
  });

  it('a half payment reverses half of the provision, keeping the loss rate on what remains', () => {
    const r = paymentAfterTransfer({
      ...ctx('2025-07-01'), auxiliaryAccount: AUX, amountPaid: 60000, outstandingTtc: 120000, outstandingVat: 20000, currentProvision: 50000,
    });
    expect(rows(r.entries)).to.deep.equal([
      [['512', null, 60000, 0], ['416', AUX, 0, 60000]],
      [['491', null, 25000, 0], ['78174', null, 0, 25000]],
    ]);
    expect(r.provisionAfter).to.equal(25000);
    expect(r.outstandingTtcAfter).to.equal(60000);
    expect(r.outstandingVatAfter).to.equal(10000);
  });

  it('a payment never leaves more provision than the remaining HT base', () => {
    // 100 % provision entered by hand on a base that the payment shrinks: all of the excess goes.
    const r = paymentAfterTransfer({
      ...ctx('2025-07-01'), auxiliaryAccount: AUX, amountPaid: 1, outstandingTtc: 3, outstandingVat: 0, currentProvision: 3,
    });
    expect(r.provisionAfter).to.equal(2);
    const r2 = paymentAfterTransfer({
      ...ctx('2025-07-01'), auxiliaryAccount: AUX, amountPaid: 100, outstandingTtc: 120000, outstandingVat: 20000, currentProvision: 0,
    });
    expect(r2.entries).to.have.length(1);
    expect(r2.provisionMoved).to.equal(0);
  });

  it('the payment entry can go to the bank journal', () => {
    const r = paymentAfterTransfer({
      ...ctx('2025-07-01'), auxiliaryAccount: AUX, amountPaid: 100, outstandingTtc: 100, outstandingVat: 0, currentProvision: 50, paymentJournalCode: 'BQ',
    });
    expect(r.entries.map((e) => e.journalCode)).to.deep.equal(['BQ', 'OD']);
  });

  it('refuses a payment larger than the doubtful balance', () => {
    expect(() => paymentAfterTransfer({
      ...ctx('2025-07-01'), auxiliaryAccount: AUX, amountPaid: 120001, outstandingTtc: 120000, outstandingVat: 20000, currentProvision: 0,
    })).to.throw(AppError, /exceeds the doubtful balance/);
  });

  it('a receivable from a prior fiscal year is written off to 6544, one of the current year to 6541', () => {
    expect(badDebtAccount('2024-12-31', '2025-01-01')).to.equal('6544');
    expect(badDebtAccount('2025-01-01', '2025-01-01')).to.equal('6541');
    expect(badDebtAccount('2024-08-01', '2024-07-01')).to.equal('6541');
  });

  it('without a rectified invoice, the write-off books the HT only and leaves the VAT on 416 until it comes', () => {
    const r = writeOff({
      ...ctx('2025-12-15'), auxiliaryAccount: AUX, outstandingTtc: 120000, outstandingVat: 20000, currentProvision: 50000,
      invoiceDate: '2024-03-10', fiscalYearStart: '2025-01-01', rectifiedInvoiceIssued: false,
    });
    expect(rows(r.entries)).to.deep.equal([
      [['6544', null, 100000, 0], ['416', AUX, 0, 100000]],
      [['491', null, 50000, 0], ['78174', null, 0, 50000]],
    ]);
    expect(r.vatLeftOnDoubtful).to.equal(20000);
    expect(rows(vatRegularisationAfterWriteOff({ ...ctx('2026-01-10'), auxiliaryAccount: AUX, vat: 20000 })))
      .to.deep.equal([[['44571', null, 20000, 0], ['416', AUX, 0, 20000]]]);
  });

  it('without a rectified invoice, the VAT can be booked as a loss when the settings say so', () => {
    const r = writeOff({
      ...ctx('2025-12-15'), auxiliaryAccount: AUX, outstandingTtc: 120000, outstandingVat: 20000, currentProvision: 0,
      invoiceDate: '2025-03-10', fiscalYearStart: '2025-01-01', rectifiedInvoiceIssued: false, vatWithoutRectifiedInvoice: 'expense',
    });
    expect(rows(r.entries)).to.deep.equal([[['6541', null, 120000, 0], ['416', AUX, 0, 120000]]]);
    expect(r.vatLeftOnDoubtful).to.equal(0);
  });

  it('refuses a write-off dated before its fiscal year, or before the invoice', () => {
    const base = { ...ctx('2025-06-01'), auxiliaryAccount: AUX, outstandingTtc: 120, outstandingVat: 20, currentProvision: 0, rectifiedInvoiceIssued: true };
    expect(() => writeOff({ ...base, invoiceDate: '2024-01-01', fiscalYearStart: '2025-07-01' })).to.throw(AppError, /before the start of its fiscal year/);
    expect(() => writeOff({ ...base, invoiceDate: '2025-07-01', fiscalYearStart: '2025-01-01' })).to.throw(AppError, /after the write-off date/);
  });

  it('money received after a write-off with recovered VAT collects that VAT again', () => {
    const entries = recoveryAfterWriteOff({ ...ctx('2026-02-01'), amountReceived: 12000, vatToRecollect: 2000 });
    expect(rows(entries)).to.deep.equal([[['512', null, 12000, 0], ['7714', null, 0, 10000], ['44571', null, 0, 2000]]]);
  });

  it('an unbalanced entry is reported with its totals', () => {
    const entry: JournalEntry = {
      journalCode: 'OD', date: '2025-01-01', label: 'Test', pieceRef: 'X',
      lines: [
        { account: '416', auxiliaryAccount: AUX, label: 'Test', debit: 120000, credit: 0 },
        { account: '411', auxiliaryAccount: AUX, label: 'Test', debit: 0, credit: 100000 },
      ],
    };
    expect(isBalanced(entry)).to.equal(false);
    expect(() => assertBalanced(entry)).to.throw(AppError, /"Test" \(piece X, 2025-01-01\) is not balanced: debits €1,200.00 differ from credits €1,000.00 by €200.00/);
    entry.lines[1].credit = 120000;
    expect(isBalanced(entry)).to.equal(true);
    expect(assertBalanced(entry)).to.equal(entry);
  });

  it('an entry with a one-sided line, a line with both sides or fractional cents does not balance', () => {
    const line = (debit: number, credit: number) => ({ account: '1', auxiliaryAccount: null, label: '', debit, credit });
    const entry = (lines: ReturnType<typeof line>[]): JournalEntry => ({ journalCode: 'OD', date: '2025-01-01', label: 'L', pieceRef: 'P', lines });
    expect(isBalanced(entry([line(0, 0), line(0, 0)]))).to.equal(false);
    expect(isBalanced(entry([line(10, 10)]))).to.equal(false);
    expect(isBalanced(entry([line(10, 10), line(0, 0)]))).to.equal(false);
    expect(isBalanced(entry([line(0.5, 0), line(0, 0.5)]))).to.equal(false);
    expect(isBalanced(entry([line(-5, 0), line(0, -5)]))).to.equal(false);
  });
});
