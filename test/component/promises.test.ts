import { expect } from 'chai';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { ReferenceData, seedReferenceData } from '../support/factories';
import { DossierEvent } from '../../src/history/dossier-event.entity';
import { Intervention } from '../../src/interventions/intervention.entity';
import { PaymentPromise } from '../../src/promises/payment-promise.entity';
import { runDailyTasks } from '../../src/jobs/daily-tasks';
import { loadConfig } from '../../src/config';
import { makeScenario, makeScenarioDossier, raised } from './daily-support';

const BASE = '/recouvrement';

describe('promises to pay (promesses de règlement) recorded from the dossier page, kept or broken by the daily job', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let controller: SignedInAgent;
  let auditor: SignedInAgent;
  let scenarioId: number;
  const ds = () => t.db.dataSource;

  before(async () => {
    t = await createTestApp({ basePath: BASE, today: '2026-11-22' });
    ref = await seedReferenceData(ds());
    controller = await signIn(t, 'claire', 'controller');
    auditor = await signIn(t, 'odile', 'auditor');
    // R1 on the due date, R2 a month later.
    scenarioId = await makeScenario(ds(), [
      { code: 'R1', label: 'Relance 1', actionType: 'call', anchor: 'oldest_due', offsetDays: 0 },
      { code: 'R2', label: 'Relance 2', actionType: 'call', anchor: 'oldest_due', offsetDays: 30 },
    ]);
  });
  afterEach(() => t.setToday('2026-11-22'));
  after(() => t.close());

  const post = (who: SignedInAgent, path: string, form: Record<string, unknown>) => who.agent.post(`${BASE}${path}`).type('form').send({ _csrf: who.csrf, ...form });
  const daily = (date: string) => runDailyTasks({ dataSource: ds(), config: loadConfig({ ...process.env, PROMISE_GRACE_DAYS: '3' }) }, date, { documents: false });
  const events = async (dossierId: number) => (await ds().getRepository(DossierEvent).find({ where: { dossierId }, order: { id: 'ASC' } })).map((e) => e.type);
  const promiseForm = (o: Record<string, string> = {}) => ({ promisedDate: '28/11/2026', promiseAmount: '1 200,00', promiseChannel: 'phone', promiseComment: 'Virement annoncé', ...o });

  async function dossierUnderway() {
    const d = await makeScenarioDossier(ds(), ref, scenarioId, { dueDate: '2026-11-01', amount: 120000, overrides: { controllerId: ref.controllers[0].id } });
    await daily('2026-11-22');
    expect((await raised(ds(), d.id)).map((r) => r.stepCode)).to.deep.equal(['R1']);
    return d;
  }

  it('records a promise from the account tab: who took it, the channel, until when the scenario waits, in the Chrono', async () => {
    const d = await dossierUnderway();
    await post(controller, `/dossiers/${d.id}/promises`, promiseForm()).expect(303);
    const p = await ds().getRepository(PaymentPromise).findOneByOrFail({ dossierId: d.id });
    expect(p).to.include({ status: 'open', promisedDate: '2026-11-28', amount: 120000, channel: 'phone', takenOn: '2026-11-22', takenByName: 'User claire', pauseUntil: '2026-12-01', controllerId: ref.controllers[0].id });
    const page = await auditor.agent.get(`${BASE}/dossiers/${d.id}/account`).expect(200);
    expect(page.text).to.match(/data-promise="\d+" data-status="open"/);
    expect(page.text).to.include('28/11/2026');
    // The auditor reads; only workers get the form.
    expect(page.text).not.to.include('id="record-promise"');
    expect((await controller.agent.get(`${BASE}/dossiers/${d.id}/account`)).text).to.include('id="record-promise"');
    const chrono = await controller.agent.get(`${BASE}/dossiers/${d.id}?tab=chrono`).expect(200);
    expect(chrono.text).to.include('Promesse de règlement pour le 28/11/2026 (Téléphone) ; le scénario attend jusqu&#39;au 01/12/2026');
  });

  it('a closed (Terminé) dossier shows its promises but no form to record one (the server refuses it)', async () => {
    const d = await dossierUnderway();
    await post(controller, `/dossiers/${d.id}/promises`, promiseForm()).expect(303);
    await ds().query(`UPDATE dossier SET status_id = ${ref.statuses.TERMINE.id} WHERE id = ${d.id}`);
    const page = await controller.agent.get(`${BASE}/dossiers/${d.id}/account`).expect(200);
    expect(page.text).to.match(/data-promise="\d+" data-status="open"/);
    expect(page.text).not.to.include('id="record-promise"').and.not.to.include('id="promise-form"');
  });

  it('refuses a promised date in the past and a zero amount at their fields, and records nothing', async () => {
    const d = await dossierUnderway();
    const res = await post(controller, `/dossiers/${d.id}/promises`, promiseForm({ promisedDate: '01/11/2026', promiseAmount: '0' })).expect(422);
    expect(res.text).to.include('data-field-error="promisedDate"');
    expect(res.text).to.include('data-field-error="promiseAmount"');
    expect(await ds().getRepository(PaymentPromise).countBy({ dossierId: d.id })).to.equal(0);
    await post(auditor, `/dossiers/${d.id}/promises`, promiseForm()).expect(403);
  });

  it('a broken promise: the scenario waits until the promised date + 3 days, then "Promesse non tenue" is raised once and the scenario resumes', async () => {
    const d = await dossierUnderway();
    await post(controller, `/dossiers/${d.id}/promises`, promiseForm()).expect(303);
    // Day by day: R2 falls due on 01/12, the last day the scenario waits.
    for (const day of ['2026-11-23', '2026-11-28', '2026-12-01']) {
      await daily(day);
      expect((await raised(ds(), d.id)).map((r) => r.stepCode), day).to.deep.equal(['R1']);
      expect((await ds().getRepository(PaymentPromise).findOneByOrFail({ dossierId: d.id })).status, day).to.equal('open');
    }
    await daily('2026-12-02');
    await daily('2026-12-02');
    await daily('2026-12-03');
    const p = await ds().getRepository(PaymentPromise).findOneByOrFail({ dossierId: d.id });
    expect(p).to.include({ status: 'broken', closedOn: '2026-12-02' });
    const broken = await ds().getRepository(Intervention).find({ where: { dossierId: d.id, label: 'Promesse non tenue' } });
    expect(broken.map((i) => [i.state, i.dueDate, i.assigneeId, i.stepCode])).to.deep.equal([['todo', '2026-12-02', ref.controllers[0].id, `promise:${p.id}`]]);
    expect(p.interventionId).to.equal(broken[0].id);
    expect((await raised(ds(), d.id)).filter((r) => r.stepCode.startsWith('R')).map((r) => `${r.stepCode}@${r.dueDate}`)).to.deep.equal(['R1@2026-11-01', 'R2@2026-12-01']);
    expect((await events(d.id)).filter((e) => e.startsWith('promise'))).to.deep.equal(['promiseRecorded', 'promiseBroken']);
    // Gestion des actions shows it to the controller.
    t.setToday('2026-12-02');
    const actions = await controller.agent.get(`${BASE}/actions?assignee=all`).expect(200);
    expect(actions.text).to.include('Promesse non tenue');
  });

  it('a kept promise: the payment arrives before the promised date, the promise is closed as kept, no intervention, the scenario resumes', async () => {
    const d = await dossierUnderway();
    await post(controller, `/dossiers/${d.id}/promises`, promiseForm({ promiseAmount: '500,00' })).expect(303);
    t.setToday('2026-11-26');
    await post(controller, `/dossiers/${d.id}/account/payments`, { paymentDate: '26/11/2026', receivedDate: '26/11/2026', amount: '500,00', method: 'transfer', receivedBy: 'us' }).expect(303);
    await daily('2026-11-26');
    const p = await ds().getRepository(PaymentPromise).findOneByOrFail({ dossierId: d.id });
    expect(p).to.include({ status: 'kept', closedOn: '2026-11-26' });
    expect(await ds().getRepository(Intervention).countBy({ dossierId: d.id, label: 'Promesse non tenue' })).to.equal(0);
    // Kept, it holds nothing any more: R2 comes on its own date for the 700,00 left.
    await daily('2026-12-01');
    expect((await raised(ds(), d.id)).map((r) => `${r.stepCode}@${r.dueDate}`)).to.deep.equal(['R1@2026-11-01', 'R2@2026-12-01']);
    expect((await events(d.id)).filter((e) => e.startsWith('promise'))).to.deep.equal(['promiseRecorded', 'promiseKept']);
  });

  it('a new promise replaces the open one: only the latest holds the scenario', async () => {
    const d = await dossierUnderway();
    await post(controller, `/dossiers/${d.id}/promises`, promiseForm()).expect(303);
    await post(controller, `/dossiers/${d.id}/promises`, promiseForm({ promisedDate: '10/12/2026' })).expect(303);
    const list = await ds().getRepository(PaymentPromise).find({ where: { dossierId: d.id }, order: { id: 'ASC' } });
    expect(list.map((p) => [p.status, p.pauseUntil])).to.deep.equal([['replaced', '2026-12-01'], ['open', '2026-12-13']]);
    await daily('2026-12-05');
    expect((await raised(ds(), d.id)).map((r) => r.stepCode)).to.deep.equal(['R1']);
  });

  it('the report counts promises kept and broken per controller and per month', async () => {
    // Paul Durand's dossiers: one promise kept, one broken.
    const mine = [];
    for (const amount of ['300,00', '400,00']) {
      const d = await makeScenarioDossier(ds(), ref, scenarioId, { dueDate: '2026-11-01', amount: 120000, overrides: { controllerId: ref.controllers[1].id } });
      await post(controller, `/dossiers/${d.id}/promises`, promiseForm({ promiseAmount: amount })).expect(303);
      mine.push(d);
    }
    t.setToday('2026-11-25');
    await post(controller, `/dossiers/${mine[0].id}/account/payments`, { paymentDate: '25/11/2026', receivedDate: '25/11/2026', amount: '300,00', method: 'transfer', receivedBy: 'us' }).expect(303);
    await daily('2026-12-02');
    const res = await auditor.agent.get(`${BASE}/reports/promises?from=01/11/2026&to=31/12/2026`).expect(200);
    const row = /<tr><td class="" data-col="controller">Paul Durand<\/td><td class="" data-col="month">11\/2026<\/td><td class="text-end text-nowrap" data-col="kept">(\d+)<\/td><td class="text-end text-nowrap" data-col="broken">(\d+)<\/td>/.exec(res.text);
    expect(row, res.text.slice(res.text.indexOf('report-table'), res.text.indexOf('report-table') + 1500)).to.not.equal(null);
    expect([row![1], row![2]]).to.deep.equal(['1', '1']);
    const csv = await auditor.agent.get(`${BASE}/reports/promises/export.csv?from=01/11/2026&to=31/12/2026`).expect(200);
    expect(csv.text).to.include('Paul Durand;11/2026;1;1;0;300,00;400,00;50');
  });
});
