import { expect } from 'chai';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { makeCompany, seedReferenceData, type ReferenceData } from '../support/factories';
import { importFec } from '../../src/fec-import/fec-import.service';
import { LedgerEntry } from '../../src/ledger/ledger-entry.entity';
import { ThirdParty } from '../../src/third-parties/third-party.entity';

const HEADER = 'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise';
const row = (j: string, n: string, date: string, account: string, accountLabel: string, piece: string, label: string, debit: string, credit: string, lettering = '') =>
  [j, j === 'BQ' ? 'Banque' : 'Ventes', n, date, account, accountLabel, '', '', piece, date, label, debit, credit, lettering, lettering ? date : '', date, '', ''].join('\t');

/**
 * A small company's ledger: one 411 general account per customer, CompAuxNum always empty. Dupont owes
 * 1 200,00 less a partial payment of 200,00 (not lettered); Martin's 500,00 invoice is lettered with
 * its payment; a line on the collective 411000 "Clients" stays without a customer.
 */
const LEDGER = [
  HEADER,
  row('VE', 'VE1', '20260901', '411DUPONT', 'Dupont SARL', 'FA-101', 'Facture FA-101', '1200,00', '0,00'),
  row('VE', 'VE1', '20260901', '706000', 'Ventes', 'FA-101', 'Facture FA-101', '0,00', '1200,00'),
  row('VE', 'VE2', '20260905', '411MARTIN', 'Martin & Fils', 'FA-102', 'Facture FA-102', '500,00', '0,00', 'A'),
  row('VE', 'VE2', '20260905', '706000', 'Ventes', 'FA-102', 'Facture FA-102', '0,00', '500,00'),
  row('BQ', 'BQ1', '20261005', '512000', 'Banque', 'VIR-1', 'Virement Dupont', '200,00', '0,00'),
  row('BQ', 'BQ1', '20261005', '411DUPONT', 'Dupont SARL', 'VIR-1', 'Acompte FA-101', '0,00', '200,00'),
  row('BQ', 'BQ2', '20261006', '512000', 'Banque', 'VIR-2', 'Virement Martin', '500,00', '0,00'),
  row('BQ', 'BQ2', '20261006', '411MARTIN', 'Martin & Fils', 'VIR-2', 'Règlement FA-102', '0,00', '500,00', 'A'),
  row('OD', 'OD1', '20261010', '411000', 'Clients', 'OD-1', 'Reprise à nouveau', '80,00', '0,00'),
  row('OD', 'OD1', '20261010', '471000', 'Attente', 'OD-1', 'Reprise à nouveau', '0,00', '80,00'),
].join('\r\n') + '\r\n';

describe('FEC import: customers kept as 411 general accounts, without auxiliary account', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let s: SignedInAgent;
  const ds = () => t.db.dataSource;

  before(async () => {
    t = await createTestApp();
    ref = await seedReferenceData(ds());
    s = await signIn(t, 'anna', 'accountant');
  });
  after(() => t.close());

  it('by default, each such account is a customer named from CompteLib, with its balance and open items on its page', async () => {
    const summary = await importFec(ds(), Buffer.from(LEDGER, 'utf8'), { companyId: ref.company.id, customerPrefixes: ['411'], fileName: 'petite-societe.txt' });
    expect(summary.status, JSON.stringify(summary.errors)).to.equal('succeeded');
    expect(summary.customersCreated).to.equal(2);
    expect(summary.warnings.join(' ')).to.include('2 customer(s) taken from general accounts without an auxiliary account');
    // The collective account stays without a customer, and says so.
    expect(summary.warnings.join(' ')).to.include('1 customer-account line(s) have no auxiliary account');

    const dupont = await ds().getRepository(ThirdParty).findOneByOrFail({ companyId: ref.company.id, auxiliaryAccount: '411DUPONT' });
    expect(dupont.name).to.equal('Dupont SARL');
    expect((await ds().getRepository(ThirdParty).findOneByOrFail({ companyId: ref.company.id, auxiliaryAccount: '411MARTIN' })).name).to.equal('Martin & Fils');
    expect(await ds().getRepository(ThirdParty).countBy({ companyId: ref.company.id, auxiliaryAccount: '411000' })).to.equal(0);
    // The invoice got a due date from the payment terms, as any customer's invoice does.
    const fa = await ds().getRepository(LedgerEntry).findOneByOrFail({ companyId: ref.company.id, pieceRef: 'FA-101', account: '411DUPONT' });
    expect(fa).to.include({ thirdPartyId: dupont.id, dueDate: '2026-10-01' });

    const page = await s.agent.get(`/third-parties/${dupont.id}`).expect(200);
    expect(page.text).to.match(/data-total="balance">1\s000,00\s€/);
    expect(page.text).to.include('FA-101');

    // Importing the same file again changes nothing.
    const again = await importFec(ds(), Buffer.from(LEDGER, 'utf8'), { companyId: ref.company.id, customerPrefixes: ['411'], fileName: 'petite-societe.txt' });
    expect(again).to.include({ customersCreated: 0, linesInserted: 0 });
  });

  it('with the setting off (GENERAL_ACCOUNT_CUSTOMERS=false), those lines are imported without a customer, as before', async () => {
    const company = await makeCompany(ds());
    const summary = await importFec(ds(), Buffer.from(LEDGER, 'utf8'), { companyId: company.id, customerPrefixes: ['411'], fileName: 'petite-societe.txt', generalAccountCustomers: false });
    expect(summary.status).to.equal('succeeded');
    expect(summary.customersCreated).to.equal(0);
    expect(summary.warnings.join(' ')).to.include('5 customer-account line(s) have no auxiliary account');
  });
});
