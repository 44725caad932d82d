import { expect } from 'chai';
import { bundledLegalRates, loadLegalRates } from '../../../src/late-payment';
import { accountOverview, ledgerTransactions, matchDirectPayments, openInvoices, runningBalance, type AccountTx } from '../../../src/dossier-account/dossier-account.rules';

const rates = bundledLegalRates();

const line = (id: number, o: Partial<Parameters<typeof ledgerTransactions>[0][number]>) => ({
  id, journalCode: 'VT', journalLabel: 'Ventes', entryDate: '2026-06-01', pieceRef: `P${id}`, label: null, debit: 0, credit: 0, dueDate: null, lettering: null, ...o,
});
const direct = (id: number, date: string, amount: number, counted = true): AccountTx => ({
  key: `direct:${id}`, source: 'direct', sourceId: id, kind: 'payment', date, dueDate: null, reference: null, label: null, debit: 0, credit: amount, counted, matchedWith: counted ? null : 'BQ1',
});

describe('the dossier account (rules)', () => {
  it('gives the running balance after partial payments and credit notes, debits before credits on the same day', () => {
    const linked = [
      line(1, { debit: 120000, entryDate: '2026-06-01', dueDate: '2026-07-01' }),
      line(2, { debit: 80000, entryDate: '2026-06-15', dueDate: '2026-07-15', lettering: 'AA' }),
    ];
    const counterparts = [
      line(3, { journalCode: 'BQ', journalLabel: 'Banque', credit: 50000, entryDate: '2026-07-10', lettering: 'AA' }),
      line(4, { credit: 30000, entryDate: '2026-07-05', lettering: 'AA' }),
    ];
    const txs = [...ledgerTransactions(linked, counterparts), direct(9, '2026-07-10', 25000)];
    const lines = runningBalance(txs);
    expect(lines.map((l) => [l.date, l.kind, l.balance])).to.deep.equal([
      ['2026-06-01', 'invoice', 120000],
      ['2026-06-15', 'invoice', 200000],
      ['2026-07-05', 'creditNote', 170000],
      ['2026-07-10', 'payment', 120000],
      ['2026-07-10', 'payment', 95000],
    ]);
    const o = accountOverview(txs, '2026-06-20', { collectiveProcedure: false, rates });
    expect(o).to.include({ originalClaim: 200000, creditNotes: 30000, payments: 75000, recoveryCosts: 0, balance: 95000 });
  });

  it('counts a payment lettered with invoices outside the dossier only up to what the dossier owes in that lettering', () => {
    const linked = [line(1, { debit: 40000, lettering: 'ZZ' })];
    const counterparts = [line(2, { journalCode: 'BQ', journalLabel: null, credit: 100000, entryDate: '2026-07-01', lettering: 'ZZ' }), line(3, { debit: 60000, lettering: 'ZZ' })];
    const lines = runningBalance(ledgerTransactions(linked, counterparts));
    expect(lines.map((l) => [l.kind, l.credit, l.balance])).to.deep.equal([['invoice', 0, 40000], ['payment', 40000, 0]]);
  });

  it('a direct payment already recorded by a ledger line is shown but not counted', () => {
    const txs = [...ledgerTransactions([line(1, { debit: 100000 })], []), direct(5, '2026-07-01', 30000, false)];
    expect(runningBalance(txs).map((l) => l.balance)).to.deep.equal([100000, 100000]);
  });

  it('settles the oldest due invoices first and claims L441-10 penalties and the 40 € indemnity on what is still owed', () => {
    const txs = ledgerTransactions([line(1, { debit: 50000, dueDate: '2026-02-01' }), line(2, { debit: 120000, dueDate: '2026-03-01' })], []);
    txs.push(direct(7, '2026-02-10', 50000));
    expect(openInvoices(txs)).to.deep.equal([{ key: 'ledger:2', reference: 'P2', dueDate: '2026-03-01', amount: 120000 }]);
    // 1 200,00 x 12,15 % x 30 / 365 = 11,98 € (H1 2026 rate), plus 40 € for the one late invoice.
    const o = accountOverview(txs, '2026-03-31', { collectiveProcedure: false, rates });
    expect(o).to.include({ penalties: 1198, indemnities: 4000, totalClaimable: 120000 + 1198 + 4000, penaltiesIncomplete: false });
    expect(accountOverview(txs, '2026-03-31', { collectiveProcedure: true, rates }).indemnities).to.equal(0);
  });

  it('when the half-year in force has no rate, claims the penalty at the latest known rate, marked provisional with the half-year to fill in', () => {
    const txs = ledgerTransactions([line(1, { debit: 120000, dueDate: '2026-10-01' })], []);
    const o = accountOverview(txs, '2026-11-22', { collectiveProcedure: false, rates });
    // 1 200,00 x 12,15 % (H1 2026, carried over) x 52 / 365 = 20,77 €
    expect(o).to.include({ penalties: 2077, indemnities: 4000, penaltiesProvisional: true, penaltiesIncomplete: false });
    expect(o.missingHalfYears).to.deep.equal(['2026-H2']);
  });

  it('a customer contract rate replaces the legal one, never below 3 x the legal interest rate', () => {
    const txs = ledgerTransactions([line(1, { debit: 120000, dueDate: '2026-03-01' })], []);
    const legalInterest = loadLegalRates({ rates: [{ halfYear: '2026-H1', ratePercent: 2.62 }] });
    // 10 % x 30 days: 9,86 €, not provisional (the contract rate needs no table).
    expect(accountOverview(txs, '2026-03-31', { collectiveProcedure: false, rates, contractRatePercent: 10, legalInterest })).to.include({ penalties: 986, penaltiesProvisional: false, contractRatePercent: 10 });
    // 5 % is below 3 x 2,62 = 7,86 %: 1 200,00 x 7,86 % x 30 / 365 = 7,75 €
    expect(accountOverview(txs, '2026-03-31', { collectiveProcedure: false, rates, contractRatePercent: 5, legalInterest }).penalties).to.equal(775);
  });

  describe('matching a direct payment with its ledger line', () => {
    const payment = { id: 1, thirdPartyId: 7, amount: 25000, paymentDate: '2026-11-10', receivedDate: '2026-11-10', reference: 'VIR-7781' };
    const bank = (id: number, o: Record<string, unknown>) => ({ ...line(id, { journalCode: 'BQ', journalLabel: 'Banque', credit: 25000, entryDate: '2026-11-14', ...o }), thirdPartyId: 7, ...o });

    it('matches the same customer and amount in the date window, nearest date first', () => {
      const m = matchDirectPayments([{ ...payment, reference: null }], [bank(10, { entryDate: '2026-12-20' }), bank(11, { entryDate: '2026-11-20' }), bank(12, { entryDate: '2026-11-12' })]);
      expect([...m]).to.deep.equal([[1, 12]]);
    });

    it('prefers the line carrying the reference, whatever its date', () => {
      const m = matchDirectPayments([payment], [bank(10, { entryDate: '2026-11-11' }), bank(11, { entryDate: '2027-03-01', label: 'Virement vir-7781 Client' })]);
      expect([...m]).to.deep.equal([[1, 11]]);
    });

    it('never matches another customer, another amount, a credit note, a line outside the window or one already taken', () => {
      const lines = [
        bank(10, { thirdPartyId: 8 }), bank(11, { credit: 25001 }), bank(12, { journalCode: 'VT', journalLabel: 'Ventes' }),
        bank(13, { entryDate: '2027-01-05' }), bank(14, { entryDate: '2026-11-06' }), bank(15, {}),
      ];
      expect(matchDirectPayments([{ ...payment, reference: null }], lines, new Set([15])).size).to.equal(0);
    });

    it('gives one ledger line to one payment only', () => {
      const m = matchDirectPayments([{ ...payment, reference: null }, { ...payment, id: 2, reference: null, paymentDate: '2026-11-11' }], [bank(10, {})]);
      expect([...m]).to.deep.equal([[1, 10]]);
    });
  });
});
