import { expect } from 'chai';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { CreditController } from '../../src/credit-controllers/credit-controller.entity';
import { makeDossier, makeEntry, makeThirdParty, ReferenceData, seedReferenceData } from '../support/factories';
import { DossierEntry } from '../../src/dossiers/dossier.entity';
import { DossierEvent } from '../../src/history/dossier-event.entity';
import { DirectPayment, FinancialElement } from '../../src/dossier-account/dossier-account.entity';
import { DAILY_TASKS } from '../../src/jobs/daily-tasks';
import { loadConfig } from '../../src/config';

const BASE = '/recouvrement';

describe('the dossier account (Compte dossier) and payments received directly', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let s: SignedInAgent;
  const ds = () => t.db.dataSource;

  before(async () => {
    t = await createTestApp({ basePath: BASE });
    ref = await seedReferenceData(ds());
    s = await signIn(t, 'claire', 'controller');

    // Controllers change only the dossiers assigned to them: this one works the dossiers of the first controller.
    await ds().getRepository(CreditController).update({ id: ref.controllers[0].id }, { userId: s.userId });
  });
  after(() => t.close());

  const get = (path: string) => s.agent.get(`${BASE}${path}`);
  const post = (path: string, form: Record<string, unknown>) => s.agent.post(`${BASE}${path}`).type('form').send({ _csrf: s.csrf, ...form });
  const overview = (html: string, key: string) => new RegExp(`data-overview="${key}">([^<]*)<`).exec(html)?.[1];
  const balances = (html: string) => [...html.matchAll(/<td class="money fw-semibold">([^<]*)<\/td>/g)].map((m) => m[1]);
  const link = (dossierId: number, ledgerEntryId: number) => ds().getRepository(DossierEntry).save({ dossierId, ledgerEntryId, linkedAt: '2026-11-01T00:00:00.000Z', linkedBy: null });
  const matchTask = () => DAILY_TASKS.find(([name]) => name === 'payment-matching')![1]({ dataSource: ds(), config: loadConfig() }, '2026-11-22');

  async function dossierWithLedger() {
    const customer = await makeThirdParty(ds(), ref);
    const d = await makeDossier(ds(), ref, customer);
    const inv1 = await makeEntry(ds(), ref, customer, { debit: 120000, entryDate: '2026-06-01', dueDate: '2026-07-01' });
    const inv2 = await makeEntry(ds(), ref, customer, { debit: 80000, entryDate: '2026-06-15', dueDate: '2026-07-15', lettering: 'AA', letteringDate: '2026-07-10' });
    // What settled inv2, lettered with it in the ledger but not linked to the dossier: a credit note and a partial payment.
    await makeEntry(ds(), ref, customer, { debit: 0, credit: 30000, entryDate: '2026-07-05', pieceRef: 'AV-12', lettering: 'AA', dueDate: null });
    await makeEntry(ds(), ref, customer, { journalCode: 'BQ', journalLabel: 'Banque', debit: 0, credit: 50000, entryDate: '2026-07-10', pieceRef: 'REG-1', lettering: 'AA', dueDate: null });
    await link(d.id, inv1.id);
    await link(d.id, inv2.id);
    return { customer, d };
  }

  it('shows the overview and every transaction with its running balance (partial payments, credit notes, costs)', async () => {
    const { d } = await dossierWithLedger();
    await post(`/dossiers/${d.id}/account/elements`, { kind: 'cost', number: 'FR-1', issueDate: '01/11/2026', dueDate: '', grossAmount: '50', netAmount: '', currency: 'EUR', comment: 'Frais d’huissier' }).expect(303);
    const res = await post(`/dossiers/${d.id}/account/payments`, { paymentDate: '10/11/2026', receivedDate: '12/11/2026', amount: '250,00', method: 'cheque', receivedBy: 'us', reference: 'CHQ-0042', comment: '' }).expect(303);
    expect(res.headers.location).to.equal(`${BASE}/dossiers/${d.id}/account`);

    const page = await get(`/dossiers/${d.id}/account`).expect(200);
    expect(page.text).to.include('id="tab-account"');
    expect(overview(page.text, 'originalClaim')).to.equal('2\u202f000,00\u00a0€');
    expect(overview(page.text, 'creditNotes')).to.equal('-300,00\u00a0€');
    expect(overview(page.text, 'payments')).to.equal('-750,00\u00a0€');
    expect(overview(page.text, 'recoveryCosts')).to.equal('50,00\u00a0€');
    expect(overview(page.text, 'balance')).to.equal('1\u202f000,00\u00a0€');
    // 01/06 invoice, 15/06 invoice, 05/07 credit note, 10/07 ledger payment, 01/11 costs, 10/11 cheque.
    expect(balances(page.text)).to.deep.equal(['1\u202f200,00\u00a0€', '2\u202f000,00\u00a0€', '1\u202f700,00\u00a0€', '1\u202f200,00\u00a0€', '1\u202f250,00\u00a0€', '1\u202f000,00\u00a0€']);
    // 2026-H2 has no legal rate yet: the page says so rather than inventing a penalty; the 40 € indemnity is claimed for the late invoice.
    expect(page.text).to.include('data-field="missing-rates"');
    expect(overview(page.text, 'indemnities')).to.equal('40,00\u00a0€');

    const types = (await ds().getRepository(DossierEvent).findBy({ dossierId: d.id })).map((e) => e.type).sort();
    expect(types).to.deep.equal(['financialElementAdded', 'paymentRecorded']);
    const el = await ds().getRepository(FinancialElement).findOneByOrFail({ dossierId: d.id });
    expect(el).to.include({ kind: 'cost', grossAmount: 5000, issueDate: '2026-11-01', currency: 'EUR' });
  });

  it('refuses a bad financial element with the message at the field and the input kept', async () => {
    const { d } = await dossierWithLedger();
    const res = await post(`/dossiers/${d.id}/account/elements`, { kind: 'invoice', number: 'FA-9', issueDate: '10/11/2026', dueDate: '01/11/2026', grossAmount: '1 000,00', netAmount: '1 200', currency: 'EUR' }).expect(422);
    expect(res.text).to.include('data-field-error="netAmount"');
    expect(res.text).to.include('value="FA-9"');
    expect(await ds().getRepository(FinancialElement).countBy({ dossierId: d.id })).to.equal(0);
  });

  it('matches a payment recorded by hand with the ledger line that later records it, and never counts it twice', async () => {
    const { customer, d } = await dossierWithLedger();
    await post(`/dossiers/${d.id}/account/payments`, { paymentDate: '10/11/2026', receivedDate: '10/11/2026', amount: '250,00', method: 'transfer', receivedBy: 'agency', reference: 'VIR-7781' }).expect(303);
    let page = await get(`/dossiers/${d.id}/account`).expect(200);
    expect(overview(page.text, 'balance')).to.equal('950,00\u00a0€');
    expect(page.text).to.include('en attente de l&#39;écriture');

    // The FEC import brings the bank line (lettered with the invoice later on): same customer, same amount, carries the reference.
    await makeEntry(ds(), ref, customer, { journalCode: 'BQ', journalLabel: 'Banque', debit: 0, credit: 25000, entryDate: '2026-11-14', pieceRef: 'VIR-7781', label: 'Virement agence', dueDate: null });
    page = await get(`/dossiers/${d.id}/account`).expect(200);
    expect(overview(page.text, 'balance'), 'not counted twice even before the match is written down').to.equal('950,00\u00a0€');
    expect(overview(page.text, 'payments')).to.equal('-750,00\u00a0€');
    expect(page.text).to.include('déjà compté par l&#39;écriture VIR-7781');

    expect(await matchTask()).to.deep.equal({ paymentsMatched: 1 });
    expect(await matchTask(), 'a second run (catch-up) matches nothing again').to.deep.equal({ paymentsMatched: 0 });
    const p = await ds().getRepository(DirectPayment).findOneByOrFail({ dossierId: d.id });
    expect(p.matchedEntryId).to.be.a('number');
    expect(await ds().getRepository(DossierEvent).countBy({ dossierId: d.id, type: 'paymentMatched' })).to.equal(1);
    page = await get(`/dossiers/${d.id}/account`).expect(200);
    expect(overview(page.text, 'balance')).to.equal('950,00\u00a0€');
    expect(page.text).to.include('rapproché : VIR-7781');
  });

  it('lets auditors read the account but not record a payment', async () => {
    const { d } = await dossierWithLedger();
    const auditor = await signIn(t, 'audrey', 'auditor');
    const page = await auditor.agent.get(`${BASE}/dossiers/${d.id}/account`).expect(200);
    expect(page.text).not.to.include('id="record-payment"');
    await auditor.agent.post(`${BASE}/dossiers/${d.id}/account/payments`).type('form').send({ _csrf: auditor.csrf, paymentDate: '10/11/2026', receivedDate: '10/11/2026', amount: '1', method: 'cash', receivedBy: 'us' }).expect(403);
  });
  it("Derniers encaissements: the period's payments with their dossiers, the total once per payment, and the columns each user keeps", async () => {
    const { customer, d } = await dossierWithLedger();
    await post(`/dossiers/${d.id}/account/payments`, { paymentDate: '15/11/2026', receivedDate: '16/11/2026', amount: '123,45', method: 'card', receivedBy: 'us', reference: 'CB-RECENT-1' }).expect(303);
    // The bank line for that same card payment arrives: still one payment of 123,45 in the list.
    await makeEntry(ds(), ref, customer, { journalCode: 'BQ', journalLabel: 'Banque', debit: 0, credit: 12345, entryDate: '2026-11-17', pieceRef: 'BQ-CB', lettering: null, dueDate: null });
    // A ledger payment lettered with the dossier's invoice, in the period.
    const inv = await makeEntry(ds(), ref, customer, { debit: 30000, entryDate: '2026-10-01', dueDate: '2026-10-31', lettering: 'RP' });
    await link(d.id, inv.id);
    await makeEntry(ds(), ref, customer, { journalCode: 'BQ', journalLabel: 'Banque', debit: 0, credit: 30000, entryDate: '2026-11-18', pieceRef: 'BQ-RP', lettering: 'RP', dueDate: null });

    const page = await get('/payments/recent?from=14/11/2026&to=20/11/2026').expect(200);
    const rows = [...page.text.matchAll(/data-row="([^"]+)"/g)].map((m) => m[1]);
    expect(rows.map((r) => r.split(':')[0])).to.deep.equal(['ledger', 'direct']);
    expect(page.text).to.include('rapproché : BQ-CB');
    expect(/data-field="total-recovered">([^<]*)</.exec(page.text)?.[1]).to.equal('423,45\u00a0€');
    expect(page.text).to.include(`/dossiers/${d.id}/account`);
    expect(page.text).to.include('data-col="customer"').and.not.include('data-col="reference"');

    await post('/payments/recent/columns', { columns: ['date', 'amount', 'reference'], from: '2026-11-14', to: '2026-11-20' }).expect(303);
    const again = await get('/payments/recent?from=14/11/2026&to=20/11/2026').expect(200);
    expect([...again.text.matchAll(/data-col="(\w+)"/g)].map((m) => m[1])).to.deep.equal(['date', 'amount', 'reference']);
    // Another user still sees the defaults.
    const other = await signIn(t, 'paul', 'accountant');
    const theirs = await other.agent.get(`${BASE}/payments/recent`).expect(200);
    expect(theirs.text).to.include('data-col="customer"');
  });
});
