import { expect } from 'chai';
import { customerOfLine } from '../../../src/fec-import/fec-import.rules';

const line = (account: string, accountLabel: string | null, auxiliaryAccount: string | null = null, auxiliaryLabel: string | null = null) => ({ account, accountLabel, auxiliaryAccount, auxiliaryLabel });

describe('FEC import: which customer a line belongs to', () => {
  it('an auxiliary account names the customer, as before', () => {
    expect(customerOfLine(line('411000', 'Clients', 'DUPONT', 'Dupont SARL'), ['411'], true)).to.deep.equal({ key: 'DUPONT', name: 'Dupont SARL', fromGeneralAccount: false });
  });

  it('a 411… general account without auxiliary account is the customer, named from CompteLib', () => {
    expect(customerOfLine(line('411DUPONT', 'Dupont SARL'), ['411'], true)).to.deep.equal({ key: '411DUPONT', name: 'Dupont SARL', fromGeneralAccount: true });
    expect(customerOfLine(line('41100017', '  Boulangerie Martin '), ['411'], true)).to.deep.equal({ key: '41100017', name: 'Boulangerie Martin', fromGeneralAccount: true });
  });

  it('never takes the collective account for a customer: 411 padded with zeros, or labelled Clients, Clients divers…', () => {
    for (const [account, label] of [['411', 'Clients'], ['411000', 'Dupont'], ['41100000', null], ['411100000', 'CLIENTS'], ['411900', 'Clients divers'], ['4111', 'Comptes clients France']]) {
      expect(customerOfLine(line(account as string, label), ['411'], true), `${account} ${label}`).to.equal(null);
    }
  });

  it('with the setting off, or outside the customer accounts, a line without auxiliary account has no customer', () => {
    expect(customerOfLine(line('411DUPONT', 'Dupont SARL'), ['411'], false)).to.equal(null);
    expect(customerOfLine(line('401DUPONT', 'Dupont fournisseur'), ['411'], true)).to.equal(null);
  });
});
