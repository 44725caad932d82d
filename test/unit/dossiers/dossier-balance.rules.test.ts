import { expect } from 'chai';
import { closureBalanceErrors, closureWritesOff } from '../../../src/dossiers/closure-balance.rules';
import { dossierBalance, unallocatedCredit, type DossierHoldings, type LedgerLine } from '../../../src/dossiers/dossier-balance.rules';

let seq = 0;
const line = (o: Partial<LedgerLine>): LedgerLine => ({
  id: ++seq, journalCode: 'VT', journalLabel: 'Ventes', entryDate: '2026-07-01', pieceRef: null, label: null, debit: 0, credit: 0, dueDate: null, lettering: null, ...o,
});
const holdings = (o: Partial<DossierHoldings>): DossierHoldings => ({ linked: [], counterparts: [], elements: [], payments: [], settlements: [], booked: [], ...o });

describe('the dossier balance rule', () => {
  it('counts an invoice added as a financial element like a ledger invoice', () => {
    const b = dossierBalance(holdings({ elements: [{ id: 1, kind: 'invoice', number: 'FA-9', issueDate: '2026-10-01', dueDate: null, grossAmount: 50000, comment: null }] }));
    expect([b.originalClaim, b.balance]).to.deep.equal([50000, 50000]);
  });

  it('counts a direct payment until the ledger line that records it is found, then that line once', () => {
    const invoice = line({ debit: 100000 });
    const pending = holdings({ linked: [invoice], payments: [{ id: 1, paymentDate: '2026-11-02', amount: 20000, reference: null, comment: null, recordedBy: null }] });
    expect(dossierBalance(pending).balance).to.equal(80000);
    const bank = line({ journalCode: 'BQ', journalLabel: 'Banque', credit: 20000 });
    const recorded = holdings({ linked: [invoice], payments: [{ id: 1, paymentDate: '2026-11-02', amount: 20000, reference: null, comment: null, recordedBy: bank }] });
    expect(dossierBalance(recorded)).to.include({ payments: 20000, balance: 80000 });
  });

  it('takes off what an accepted settlement gave up, and a later write-off books it instead of adding to it', () => {
    const invoice = line({ debit: 100000 });
    const settled = holdings({ linked: [invoice], settlements: [{ id: 1, date: '2026-11-10', givenUp: 10000 }] });
    expect(dossierBalance(settled)).to.include({ givenUp: 10000, balance: 90000, bookBalance: 100000 });
    const writtenOff = { ...settled, booked: [{ journalEntryId: 7, date: '2026-11-22', number: 'OD-7', net: -10000, loss: true }] };
    expect(dossierBalance(writtenOff)).to.include({ givenUp: 0, writtenOff: 10000, balance: 90000 });
  });

  it('treats a lettered invoice whose credits are outside the ledger as settled, and a partial lettering as still owed', () => {
    expect(dossierBalance(holdings({ linked: [line({ debit: 40000, lettering: 'AB' })] })).balance).to.equal(0);
    const partial = holdings({ linked: [line({ debit: 100000, lettering: 'AC' })], counterparts: [line({ journalCode: 'BQ', journalLabel: 'Banque', credit: 30000, lettering: 'AC' })] });
    expect(dossierBalance(partial).balance).to.equal(70000);
  });

  it('proposes for linking a payment that names the invoice, and never a longer reference', () => {
    const named = line({ journalCode: 'BQ', credit: 622800, label: 'Chèque - règlement partiel FA2026-0042' });
    const longer = line({ journalCode: 'BQ', credit: 1000, label: 'Règlement FA2026-00421' });
    const u = unallocatedCredit([named, longer], ['FA2026-0042']);
    expect(u.total).to.equal(623800);
    expect(u.proposals.map((p) => p.line.id)).to.deep.equal([named.id]);
  });
});

describe('Terminé agrees with the money', () => {
  const base = { balance: 451740, lost: false, rest: null, hasAcceptedSettlement: false } as const;
  it('refuses a recovered result while money is owed, unless the rest is written off', () => {
    expect(closureBalanceErrors(base)).to.deep.equal([{ field: 'restOfBalance', message: 'balance.closure.notZero' }]);
    expect(closureBalanceErrors({ ...base, rest: 'writeOff' })).to.deep.equal([]);
    expect(closureWritesOff({ ...base, rest: 'writeOff' })).to.equal(true);
    expect(closureBalanceErrors({ ...base, rest: 'settlement' })[0].message).to.equal('balance.closure.settlementMissing');
    expect(closureBalanceErrors({ ...base, hasAcceptedSettlement: true })[0].field).to.equal('resultId');
  });
  it('accepts a zero balance and a lost result (which writes the balance off)', () => {
    expect(closureBalanceErrors({ ...base, balance: 0 })).to.deep.equal([]);
    expect(closureBalanceErrors({ ...base, lost: true })).to.deep.equal([]);
    expect(closureWritesOff({ ...base, lost: true })).to.equal(true);
  });
});
