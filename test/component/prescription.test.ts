import { expect } from 'chai';
import { createTestApp, signIn, type TestApp } from '../support/test-app';
import { seedReferenceData, makeThirdParty, makeDossier, makeEntry, type ReferenceData } from '../support/factories';
import { linkEntry } from './daily-support';
import { prescriptionAlertsTask, dossierPrescription, prescriptionSettings } from '../../src/prescription';
import { Intervention } from '../../src/interventions';
import { loadConfig } from '../../src/config';
import { ThirdParty } from '../../src/third-parties';
import { formatMoney } from '../../src/shared/money';

const TODAY = '2026-11-22';

describe('prescription: dates in the Écritures tab, alerts once, interruptions, the report', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let dossierId: number;
  let oldInvoiceId: number;
  let customerId: number;
  const config = loadConfig({ ...process.env, SESSION_SECRET: 'test-session-secret-0123456789' });
  const settings = prescriptionSettings(config);

  beforeEach(async () => {
    t = await createTestApp({ today: TODAY });
    ref = await seedReferenceData(t.db.dataSource);
    const ds = t.db.dataSource;
    const customer = await makeThirdParty(ds, ref, { name: 'Omega Travaux' });
    customerId = customer.id;
    const dossier = await makeDossier(ds, ref, customer, { statusId: ref.statuses.EN_COURS.id });
    dossierId = dossier.id;
    // Due 10 December 2021: time-barred on 10 December 2026, 18 days from today.
    const old = await makeEntry(ds, ref, customer, { pieceRef: 'FA2021-0042', debit: 451740, entryDate: '2021-11-10', dueDate: '2021-12-10' });
    oldInvoiceId = old.id;
    const recent = await makeEntry(ds, ref, customer, { pieceRef: 'FA2026-0100', debit: 100000, dueDate: '2026-07-01' });
    await linkEntry(ds, dossier.id, old.id);
    await linkEntry(ds, dossier.id, recent.id);
  });
  afterEach(() => t.close());

  it('shows each open invoice\'s prescription date in the Écritures tab', async () => {
    const s = await signIn(t, 'ctl', 'controller');
    const panel = await s.agent.get(`/dossiers/${dossierId}/prescription`).expect(200);
    expect(panel.text).to.match(/data-entry="\d+" data-prescription="2026-12-10"/);
    expect(panel.text).to.match(/data-prescription="2031-07-01"/);
    expect(panel.text).to.contain('bientôt prescrite');
    const page = await s.agent.get(`/dossiers/${dossierId}?tab=entries`).expect(200);
    expect(page.text).to.contain(`/dossiers/${dossierId}/prescription`);
  });

  it('raises one alert before the date, once however often the job runs; a consumer customer is alerted on a 2-year period', async () => {
    const first = await prescriptionAlertsTask({ dataSource: t.db.dataSource, config }, TODAY);
    expect(first).to.deep.equal({ claimsAtRisk: 1, alertsRaised: 1 });
    const [alert] = await t.db.dataSource.getRepository(Intervention).findBy({ dossierId, stepCode: `PRESCRIPTION:${oldInvoiceId}` });
    expect(alert.label).to.equal(`Prescription le 10/12/2026 : facture FA2021-0042 (${formatMoney(451740, 'fr')})`);
    expect(alert.state).to.equal('todo');
    expect(await prescriptionAlertsTask({ dataSource: t.db.dataSource, config }, TODAY)).to.deep.equal({ claimsAtRisk: 1, alertsRaised: 0 });
    await t.db.dataSource.getRepository(ThirdParty).update({ id: customerId }, { customerType: 'consumer' });
    const p = await dossierPrescription(t.db.dataSource, dossierId, TODAY, settings);
    expect(p.invoices.map((i) => i.date)).to.deep.equal(['2023-12-10', '2028-07-01']);
  });

  it('a payment lettered with the invoice moves its date; a recorded court claim moves every invoice; a mise en demeure does not', async () => {
    const ds = t.db.dataSource;
    const customer = await ds.getRepository(ThirdParty).findOneByOrFail({ id: customerId });
    await ds.query(`UPDATE ledger_entry SET lettering = 'AB' WHERE id = ${oldInvoiceId}`);
    await makeEntry(ds, ref, customer, { journalCode: 'BQ', journalLabel: 'Banque', debit: 0, credit: 50000, entryDate: '2024-03-05', dueDate: null, lettering: 'AB' });
    let p = await dossierPrescription(ds, dossierId, TODAY, settings);
    expect(p.invoices.find((i) => i.entryId === oldInvoiceId)).to.include({ runsFrom: '2024-03-05', date: '2029-03-05' });

    const s = await signIn(t, 'ctl', 'controller');
    const bad = await s.agent.post(`/dossiers/${dossierId}/prescription`).type('form').send({ _csrf: s.csrf, kind: 'mise_en_demeure', date: '01/10/2026' });
    expect(bad.status).to.equal(303);
    expect((await dossierPrescription(ds, dossierId, TODAY, settings)).interruptions, 'a mise en demeure is not an interrupting act').to.have.length(0);
    await s.agent.post(`/dossiers/${dossierId}/prescription`).type('form').send({ _csrf: s.csrf, kind: 'court_claim', date: '15/11/2026', note: 'Requête en injonction de payer déposée' }).expect(303);
    p = await dossierPrescription(ds, dossierId, TODAY, settings);
    expect(p.invoices.map((i) => i.date)).to.deep.equal(['2031-11-15', '2031-11-15']);
    const chrono = await s.agent.get(`/dossiers/${dossierId}?tab=chrono`).expect(200);
    expect(chrono.text).to.contain('Prescription interrompue');
  });

  it('a promise to pay taken from the dossier moves every invoice; a payment received directly too, and what is still open is the account\'s', async () => {
    const ds = t.db.dataSource;
    const s = await signIn(t, 'ctl', 'controller');
    t.setToday('2026-10-05');
    await s.agent.post(`/dossiers/${dossierId}/promises`).type('form')
      .send({ _csrf: s.csrf, promisedDate: '30/11/2026', promiseAmount: '1 000,00', promiseChannel: 'phone', promiseComment: 'Virement annoncé' }).expect(303);
    let p = await dossierPrescription(ds, dossierId, TODAY, settings);
    expect(p.invoices.map((i) => [i.runsFrom, i.date])).to.deep.equal([['2026-10-05', '2031-10-05'], ['2026-10-05', '2031-10-05']]);
    expect(p.interruptions.map((i) => i.source)).to.deep.equal(['promise']);
    t.setToday(TODAY);
    await s.agent.post(`/dossiers/${dossierId}/account/payments`).type('form')
      .send({ _csrf: s.csrf, paymentDate: '20/11/2026', receivedDate: '20/11/2026', amount: '1 000,00', method: 'transfer', receivedBy: 'us' }).expect(303);
    p = await dossierPrescription(ds, dossierId, TODAY, settings);
    expect(p.invoices.map((i) => i.date)).to.deep.equal(['2031-11-20', '2031-11-20']);
    // The payment settles the oldest invoice first (Code civil 1342-10), as Compte dossier shows.
    expect(p.invoices.map((i) => i.open)).to.deep.equal([351740, 100000]);
  });

  it('lists the claims at risk with their amounts, and an auditor may read it but not record an act', async () => {
    const auditor = await signIn(t, 'aud', 'auditor');
    const report = await auditor.agent.get('/prescription?days=30').expect(200);
    expect(report.text).to.contain('FA2021-0042');
    expect(report.text).not.to.contain('FA2026-0100');
    expect(/id="claims-at-risk-total">([^<]+)</.exec(report.text)![1]).to.equal(formatMoney(451740, 'fr'));
    await auditor.agent.post(`/dossiers/${dossierId}/prescription`).type('form').send({ _csrf: auditor.csrf, kind: 'court_claim', date: '15/11/2026' }).expect(403);
  });
});
