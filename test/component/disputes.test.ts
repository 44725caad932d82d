import { expect } from 'chai';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { makeEntry, makeThirdParty, makeDossier, ReferenceData, seedReferenceData } from '../support/factories';
import { DossierEvent } from '../../src/history/dossier-event.entity';
import { Dispute } from '../../src/disputes/dispute.entity';
import { UserMessage } from '../../src/messages/message.entity';
import { FinancialElement } from '../../src/dossier-account/dossier-account.entity';
import { dossierAccount } from '../../src/dossier-account';
import { buildDossierContext } from '../../src/documents';
import { listOverdueCustomers } from '../../src/reminders/reminder-list.service';
import { runDailyTasks } from '../../src/jobs/daily-tasks';
import { loadConfig } from '../../src/config';
import { linkEntry, makeScenario, raised } from './daily-support';

const BASE = '/recouvrement';

describe('disputes (litiges): what they contest leaves the reminders, the penalties and the scenario until resolved', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let controller: SignedInAgent;
  let sales: SignedInAgent;
  let sue: SignedInAgent;
  let auditor: SignedInAgent;
  let scenarioId: number;
  const ds = () => t.db.dataSource;

  before(async () => {
    t = await createTestApp({ basePath: BASE, today: '2026-11-22', env: { DISPUTE_TEAMS: 'sales=sam,sue' } });
    ref = await seedReferenceData(ds());
    controller = await signIn(t, 'claire', 'controller');
    sales = await signIn(t, 'sam', 'controller');
    sue = await signIn(t, 'sue', 'accountant');
    auditor = await signIn(t, 'odile', 'auditor');
    scenarioId = await makeScenario(ds(), [
      { code: 'R1', label: 'Relance 1', actionType: 'call', anchor: 'oldest_due', offsetDays: 0 },
      { code: 'R2', label: 'Relance 2', actionType: 'call', anchor: 'oldest_due', offsetDays: 30 },
    ]);
  });
  afterEach(() => t.setToday('2026-11-22'));
  after(() => t.close());

  const post = (who: SignedInAgent, path: string, form: Record<string, unknown>) => who.agent.post(`${BASE}${path}`).type('form').send({ _csrf: who.csrf, ...form });
  const daily = (date: string) => runDailyTasks({ dataSource: ds(), config: loadConfig() }, date, { documents: false });
  const events = async (dossierId: number) => (await ds().getRepository(DossierEvent).find({ where: { dossierId }, order: { id: 'ASC' } })).map((e) => e.type);

  /** A dossier on the scenario over two invoices due 01/11/2026: F-A 1 000,00 and F-B 500,00. */
  async function twoInvoices() {
    const customer = await makeThirdParty(ds(), ref);
    const d = await makeDossier(ds(), ref, customer, { scenarioId, startDate: '2026-11-01', controllerId: ref.controllers[0].id });
    const a = await makeEntry(ds(), ref, customer, { debit: 100000, entryDate: '2026-10-01', dueDate: '2026-11-01', pieceRef: `FA-${d.id}` });
    const b = await makeEntry(ds(), ref, customer, { debit: 50000, entryDate: '2026-10-01', dueDate: '2026-11-01', pieceRef: `FB-${d.id}` });
    await linkEntry(ds(), d.id, a.id);
    await linkEntry(ds(), d.id, b.id);
    await daily('2026-11-22');
    return { d, a, b, customer };
  }
  const disputeForm = (o: Record<string, string>) => ({ disputeEntry: '', disputeReason: String(ref.disputeReasons.CONTESTEE.id), disputeOwner: `user:${sales.userId}`, disputeDueDate: '15/12/2026', disputeMessage: 'Livraison incomplète', ...o });

  it('an invoice in dispute: its owner gets a message, it bears no penalty, leaves the letters and Rappel / relevé, and the page says how much is contested', async () => {
    const { d, a, customer } = await twoInvoices();
    const before = await dossierAccount(ds(), d.id, '2026-11-22');
    await post(controller, `/dossiers/${d.id}/disputes`, disputeForm({ disputeEntry: String(a.id) })).expect(303);
    const dispute = await ds().getRepository(Dispute).findOneByOrFail({ dossierId: d.id });
    expect(dispute).to.include({ status: 'open', ledgerEntryId: a.id, amount: 100000, ownerUserId: sales.userId, dueDate: '2026-12-15', source: 'staff' });
    const messages = await ds().getRepository(UserMessage).find({ where: { dossierId: d.id } });
    expect(messages.map((m) => [m.toUserId, m.fromUserId, m.subject])).to.deep.equal([[sales.userId, controller.userId, `Litige sur le dossier n° ${d.number}`]]);
    expect(messages[0].body).to.include(`FA-${d.id}`).and.include('Facture contestée').and.include('15/12/2026');

    const after = await dossierAccount(ds(), d.id, '2026-11-22');
    // The balance still owes both; the penalties and indemnities count F-B only (the 40 € indemnity shows it: H2 2026's rate is not in the table yet).
    expect(after.overview.balance).to.equal(150000);
    expect(after.overview.disputed).to.equal(100000);
    expect(before.overview.indemnities).to.equal(8000);
    expect(after.overview.indemnities).to.equal(4000);
    const letter = await buildDossierContext(ds(), d.id, '2026-11-22');
    expect(letter.entries.map((e: { pieceRef: string | null }) => e.pieceRef)).to.deep.equal([`FB-${d.id}`]);
    const list = await listOverdueCustomers(ds(), { minOverdue: null, minDays: null, controllerId: null, riskCodeId: null, q: customer.auxiliaryAccount, sort: 'name', dir: 'asc', page: 1, pageSize: 10, today: '2026-11-22' });
    expect(list.rows.map((r) => r.overdue)).to.deep.equal([50000]);

    const page = await auditor.agent.get(`${BASE}/dossiers/${d.id}/account`).expect(200);
    expect(page.text).to.match(/data-dispute="\d+" data-status="open"/);
    expect(page.text).to.match(/En litige : 1\u202f000,00\s€/);
    const chrono = await auditor.agent.get(`${BASE}/dossiers/${d.id}?tab=chrono`).expect(200);
    expect(chrono.text).to.include(`Litige ouvert sur FA-${d.id} : motif « Facture contestée », responsable User sam`);
  });

  it('a closed (Terminé) dossier shows its disputes but neither the form to open one nor to resolve one (the server refuses them)', async () => {
    const { d } = await twoInvoices();
    await post(controller, `/dossiers/${d.id}/disputes`, disputeForm({})).expect(303);
    const dispute = await ds().getRepository(Dispute).findOneByOrFail({ dossierId: d.id });
    expect((await controller.agent.get(`${BASE}/dossiers/${d.id}/account`)).text).to.include(`id="resolve-dispute-${dispute.id}"`).and.include('id="dispute-form"');
    await ds().query(`UPDATE dossier SET status_id = ${ref.statuses.TERMINE.id} WHERE id = ${d.id}`);
    const page = await controller.agent.get(`${BASE}/dossiers/${d.id}/account`).expect(200);
    expect(page.text).to.include('data-field="dispute-status"');
    expect(page.text).not.to.include(`id="resolve-dispute-${dispute.id}"`).and.not.to.include('id="dispute-form"');
  });

  it('a dispute of the whole dossier told day by day: the scenario waits while it is open, its resolution resumes it and is in the Chrono', async () => {
    const { d } = await twoInvoices();
    await post(controller, `/dossiers/${d.id}/disputes`, disputeForm({ disputeOwner: 'team:sales' })).expect(303);
    // The team's members are told.
    expect((await ds().getRepository(UserMessage).find({ where: { dossierId: d.id } })).map((m) => m.toUserId).sort()).to.deep.equal([sales.userId, sue.userId].sort());
    for (const day of ['2026-11-30', '2026-12-01', '2026-12-05']) {
      await daily(day);
      expect((await raised(ds(), d.id)).map((r) => r.stepCode), day).to.deep.equal(['R1']);
    }
    const letter = await buildDossierContext(ds(), d.id, '2026-12-05');
    expect(letter.entries).to.have.length(0);
    t.setToday('2026-12-06');
    const dispute = await ds().getRepository(Dispute).findOneByOrFail({ dossierId: d.id });
    await post(controller, `/dossiers/${d.id}/disputes/${dispute.id}/resolve`, { resolution: 'rejected', resolutionComment: 'Livraison conforme' }).expect(303);
    expect(await ds().getRepository(Dispute).findOneByOrFail({ id: dispute.id })).to.include({ status: 'resolved', resolution: 'rejected', resolvedOn: '2026-12-06' });
    await daily('2026-12-06');
    expect((await raised(ds(), d.id)).map((r) => `${r.stepCode}@${r.dueDate}`)).to.deep.equal(['R1@2026-11-01', 'R2@2026-12-01']);
    expect((await events(d.id)).filter((e) => e.startsWith('dispute'))).to.deep.equal(['disputeOpened', 'disputeResolved']);
    const chrono = await controller.agent.get(`${BASE}/dossiers/${d.id}?tab=chrono`).expect(200);
    expect(chrono.text).to.include('Litige sur Tout le dossier résolu : Litige rejeté Livraison conforme');
    // Resolved once only.
    await post(controller, `/dossiers/${d.id}/disputes/${dispute.id}/resolve`, { resolution: 'settled' }).expect(303);
    expect((await events(d.id)).filter((e) => e === 'disputeResolved')).to.have.length(1);
  });

  it('every invoice in dispute: the scenario does not propose closing the dossier, it waits', async () => {
    const { d, a, b } = await twoInvoices();
    await post(controller, `/dossiers/${d.id}/disputes`, disputeForm({ disputeEntry: String(a.id) })).expect(303);
    await post(controller, `/dossiers/${d.id}/disputes`, disputeForm({ disputeEntry: String(b.id) })).expect(303);
    await daily('2026-12-02');
    expect((await raised(ds(), d.id)).map((r) => r.stepCode)).to.deep.equal(['R1']);
  });

  it('resolved by a credit note: the credit note enters the account, the invoice returns to the reminders for what is left', async () => {
    const { d, a } = await twoInvoices();
    await post(controller, `/dossiers/${d.id}/disputes`, disputeForm({ disputeEntry: String(a.id) })).expect(303);
    const dispute = await ds().getRepository(Dispute).findOneByOrFail({ dossierId: d.id });
    await post(controller, `/dossiers/${d.id}/disputes/${dispute.id}/resolve`, { resolution: 'creditNote', creditNoteAmount: '200,00', resolutionComment: 'Remise accordée' }).expect(303);
    expect((await ds().getRepository(FinancialElement).find({ where: { dossierId: d.id } })).map((e) => [e.kind, e.grossAmount])).to.deep.equal([['creditNote', 20000]]);
    const account = await dossierAccount(ds(), d.id, '2026-11-22');
    expect(account.overview).to.include({ balance: 130000, disputed: 0, indemnities: 8000 });
  });

  it('refuses a dispute without owner, on an entry of another dossier, or a second one on the same invoice, at the field; auditors may not open one', async () => {
    const { d, a } = await twoInvoices();
    const other = await twoInvoices();
    let res = await post(controller, `/dossiers/${d.id}/disputes`, disputeForm({ disputeOwner: '' })).expect(422);
    expect(res.text).to.include('data-field-error="disputeOwner"');
    res = await post(controller, `/dossiers/${d.id}/disputes`, disputeForm({ disputeEntry: String(other.a.id) })).expect(422);
    expect(res.text).to.include('data-field-error="disputeEntry"');
    await post(controller, `/dossiers/${d.id}/disputes`, disputeForm({ disputeEntry: String(a.id) })).expect(303);
    res = await post(controller, `/dossiers/${d.id}/disputes`, disputeForm({ disputeEntry: String(a.id) })).expect(422);
    expect(res.text).to.include('Un litige est déjà ouvert sur cette facture.');
    res = await post(controller, `/dossiers/${d.id}/disputes`, disputeForm({ disputeDueDate: '01/01/2026' })).expect(422);
    expect(res.text).to.include('data-field-error="disputeDueDate"');
    await post(auditor, `/dossiers/${d.id}/disputes`, disputeForm({})).expect(403);
    expect(await ds().getRepository(Dispute).countBy({ dossierId: d.id })).to.equal(1);
  });
});

describe('the open disputes report', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let controller: SignedInAgent;
  const ds = () => t.db.dataSource;

  before(async () => {
    t = await createTestApp({ basePath: BASE, today: '2026-11-22', env: { DISPUTE_TEAMS: 'sales=sam' } });
    ref = await seedReferenceData(ds());
    controller = await signIn(t, 'claire', 'controller');
  });
  after(() => t.close());

  it('groups open disputes by age, reason and owner with their amounts; resolved ones leave it', async () => {
    const customer = await makeThirdParty(ds(), ref);
    const d = await makeDossier(ds(), ref, customer, { startDate: '2026-09-01' });
    const ids: number[] = [];
    for (const [amount, ref_] of [[100000, 'F1'], [30000, 'F2'], [5000, 'F3']] as const) {
      const e = await makeEntry(ds(), ref, customer, { debit: amount, entryDate: '2026-08-01', dueDate: '2026-09-01', pieceRef: ref_ });
      await linkEntry(ds(), d.id, e.id);
      ids.push(e.id);
    }
    const open = (entryId: number, reason: string, owner: string, on: string) => {
      t.setToday(on);
      return controller.agent.post(`${BASE}/dossiers/${d.id}/disputes`).type('form')
        .send({ _csrf: controller.csrf, disputeEntry: String(entryId), disputeReason: String(ref.disputeReasons[reason].id), disputeOwner: owner, disputeDueDate: '31/12/2026' }).expect(303);
    };
    await open(ids[0], 'CONTESTEE', 'team:sales', '2026-08-10');
    await open(ids[1], 'CONTESTEE', 'team:sales', '2026-11-01');
    await open(ids[2], 'DIFFICULTES', `user:${controller.userId}`, '2026-11-02');
    t.setToday('2026-11-22');
    const third = await ds().getRepository(Dispute).findOneByOrFail({ ledgerEntryId: ids[2] });
    await controller.agent.post(`${BASE}/dossiers/${d.id}/disputes/${third.id}/resolve`).type('form').send({ _csrf: controller.csrf, resolution: 'settled' }).expect(303);
    const csv = await controller.agent.get(`${BASE}/reports/disputes/export.csv`).expect(200);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines).to.deep.equal([
      'Ancienneté (jours);Motif;Responsable;Litiges;Montant;Plus ancien',
      '> 90;Facture contestée;sales;1;1000,00;10/08/2026',
      '0-30;Facture contestée;sales;1;300,00;01/11/2026',
      'Total;;;2;1300,00;10/08/2026',
    ]);
    const page = await controller.agent.get(`${BASE}/reports/disputes`).expect(200);
    expect(page.text).to.include('Litiges ouverts');
  });
});
