import { expect } from 'chai';
import { createTestApp, signIn, SignedInAgent, TestApp, TEST_TODAY } from '../support/test-app';
import { CreditController } from '../../src/credit-controllers/credit-controller.entity';
import { makeDossier, makeEntry, makeThirdParty, ReferenceData, seedReferenceData } from '../support/factories';
import { DossierEntry } from '../../src/dossiers/dossier.entity';
import { DossierEvent } from '../../src/history/dossier-event.entity';
import { Intervention } from '../../src/interventions/intervention.entity';
import { PaymentPlan, PlanInstallment, Settlement } from '../../src/payment-plans/payment-plan.entity';
import { DAILY_TASKS } from '../../src/jobs/daily-tasks';
import { loadConfig } from '../../src/config';
import { makeScenario, makeScenarioDossier } from './daily-support';
import { dossierScenarioState } from '../../src/scenarios/dossier-scenario.service';

const BASE = '/recouvrement';

describe('payment plans (accords de paiement) and approvals above the authority limit', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let admin: SignedInAgent;
  let controller: SignedInAgent;
  const ds = () => t.db.dataSource;

  before(async () => {
    t = await createTestApp({ basePath: BASE });
    ref = await seedReferenceData(ds());
    admin = await signIn(t, 'alice', 'admin');
    controller = await signIn(t, 'claire', 'controller');

    // Controllers change only the dossiers assigned to them: this one works the dossiers of the first controller.
    await ds().getRepository(CreditController).update({ id: ref.controllers[0].id }, { userId: controller.userId });
  });
  afterEach(() => t.setToday(TEST_TODAY));
  after(() => t.close());

  const post = (who: SignedInAgent, path: string, form: Record<string, unknown>) => who.agent.post(`${BASE}${path}`).type('form').send({ _csrf: who.csrf, ...form });
  const plansTask = (date: string) => DAILY_TASKS.find(([name]) => name === 'payment-plans')![1]({ dataSource: ds(), config: loadConfig() }, date);
  const eventTypes = async (dossierId: number) => (await ds().getRepository(DossierEvent).find({ where: { dossierId }, order: { id: 'ASC' } })).map((e) => e.type);

  async function dossierOwing(cents: number) {
    const customer = await makeThirdParty(ds(), ref);
    const d = await makeDossier(ds(), ref, customer);
    const inv = await makeEntry(ds(), ref, customer, { debit: cents, entryDate: '2026-09-01', dueDate: '2026-10-01' });
    await ds().getRepository(DossierEntry).save({ dossierId: d.id, ledgerEntryId: inv.id, linkedAt: '2026-11-01T00:00:00.000Z', linkedBy: null });
    return d;
  }
  const planForm = (o: Record<string, string> = {}) => ({ total: '', firstDate: '05/12/2026', periodicity: 'monthly', count: '3', installmentAmount: '', interestRate: '0', method: 'transfer', ...o });

  it('proposes the balance, splits 1 000,00 in 3 monthly installments of 333,33 / 333,33 / 333,34 and says so in a sentence', async () => {
    const d = await dossierOwing(100000);
    const before = await controller.agent.get(`${BASE}/dossiers/${d.id}/account`).expect(200);
    expect(before.text).to.include('name="total" type="text" value="1\u202f000,00"');
    await post(controller, `/dossiers/${d.id}/plans`, planForm({ total: '1 000,00' })).expect(303);
    const page = await controller.agent.get(`${BASE}/dossiers/${d.id}/account`).expect(200);
    expect(page.text).to.include(
      "Échéancier de 1\u202f000,00\u00a0€ en 3 versements, jusqu&#39;au 05/02/2027, intérêts 0,00\u00a0€ : premier versement de 333,33\u00a0€ le 05/12/2026, dernier versement de 333,34\u00a0€ le 05/02/2027.",
    );
    const plan = await ds().getRepository(PaymentPlan).findOneByOrFail({ dossierId: d.id });
    expect(plan).to.include({ status: 'active', total: 100000, installmentCount: 3, balanceAtCreation: 100000 });
    const rows = await ds().getRepository(PlanInstallment).find({ where: { planId: plan.id }, order: { seq: 'ASC' } });
    expect(rows.map((r) => [r.dueDate, r.amount])).to.deep.equal([['2026-12-05', 33333], ['2027-01-05', 33333], ['2027-02-05', 33334]]);
    expect(await eventTypes(d.id)).to.deep.equal(['planCreated']);
    // One active plan at a time: the form is gone.
    expect(page.text).not.to.include('id="create-plan"');
  });

  it('refuses a plan without a number of installments nor an amount, at the field, and creates nothing', async () => {
    const d = await dossierOwing(100000);
    const res = await post(controller, `/dossiers/${d.id}/plans`, planForm({ count: '' })).expect(422);
    expect(res.text).to.include('data-field-error="count"');
    expect(res.text).to.include('value="05/12/2026"');
    expect(await ds().getRepository(PaymentPlan).countBy({ dossierId: d.id })).to.equal(0);
  });

  it('tracks installments from payments; a missed one raises exactly one intervention and breaks the plan', async () => {
    const d = await dossierOwing(100000);
    await post(controller, `/dossiers/${d.id}/plans`, planForm()).expect(303);
    t.setToday('2026-12-06');
    await post(controller, `/dossiers/${d.id}/account/payments`, { paymentDate: '05/12/2026', receivedDate: '06/12/2026', amount: '333,33', method: 'transfer', receivedBy: 'us' }).expect(303);
    let page = await controller.agent.get(`${BASE}/dossiers/${d.id}/account`).expect(200);
    expect([...page.text.matchAll(/data-installment="(\d)" data-state="(\w+)"/g)].map((m) => m[2])).to.deep.equal(['paid', 'unpaid', 'unpaid']);

    const raisedFor = () => ds().getRepository(Intervention).findBy({ dossierId: d.id });
    await plansTask('2027-01-10');
    expect(await raisedFor(), 'due 05/01, still within the grace days').to.have.length(0);
    expect((await ds().getRepository(PaymentPlan).findOneByOrFail({ dossierId: d.id })).status).to.equal('active');
    // The daily run was down for a few days: the catch-up run of the 15th raises the miss of the 11th, once.
    await plansTask('2027-01-15');
    await plansTask('2027-01-15');
    await plansTask('2027-01-16');
    const raised = await raisedFor();
    expect(raised).to.have.length(1);
    expect(raised[0]).to.include({ state: 'todo', dueDate: '2027-01-11', source: 'system', label: "Échéance 2/3 de l'accord de paiement du 05/01/2027 non payée" });
    expect((await ds().getRepository(PaymentPlan).findOneByOrFail({ dossierId: d.id })).status).to.equal('broken');
    expect((await eventTypes(d.id)).filter((e) => e === 'installmentMissed' || e === 'planBroken')).to.deep.equal(['installmentMissed', 'planBroken']);
    t.setToday('2027-01-16');
    page = await controller.agent.get(`${BASE}/dossiers/${d.id}/account`).expect(200);
    expect(page.text).to.include('data-status="broken"');
  });

  it('records a plan agreed earlier with its first installment in the past: a warning, and its past installments checked against the payments received', async () => {
    // Agreed in September for 3 000,00 in 4 monthly installments from 15/09; 750,00 paid on 15/09 and 400,00 on 16/10; recorded on 22/11.
    const d = await dossierOwing(300000);
    const pay = (date: string, amount: string) => post(controller, `/dossiers/${d.id}/account/payments`, { paymentDate: date, receivedDate: date, amount, method: 'transfer', receivedBy: 'us' }).expect(303);
    await pay('15/09/2026', '750,00');
    await pay('16/10/2026', '400,00');
    const created = await post(controller, `/dossiers/${d.id}/plans`, planForm({ firstDate: '15/09/2026', agreedOn: '10/09/2026', count: '4' })).expect(303);
    const page = await controller.agent.get(created.headers.location).expect(200);
    expect(page.text).to.include('Accord enregistré après coup : 3 échéances déjà passées, rapprochées des paiements reçus depuis le 10/09/2026.');
    const plan = await ds().getRepository(PaymentPlan).findOneByOrFail({ dossierId: d.id });
    // The total is what was owed when it was agreed, not today's balance.
    expect(plan).to.include({ status: 'active', total: 300000, startDate: '2026-09-10', firstDate: '2026-09-15' });
    expect([...page.text.matchAll(/data-installment="(\d)" data-state="(\w+)"/g)].map((m) => m[2])).to.deep.equal(['paid', 'partial', 'unpaid', 'unpaid']);
    expect(page.text).to.include("premier versement de 750,00\u00a0€ le 15/09/2026, dernier versement de 750,00\u00a0€ le 15/12/2026");

    // The daily check raises the missed ones at once (15/10 partly paid, 15/11 unpaid, both past their grace days), once each.
    await plansTask('2026-11-22');
    const raised = await ds().getRepository(Intervention).find({ where: { dossierId: d.id }, order: { dueDate: 'ASC' } });
    expect(raised.map((i) => i.dueDate)).to.deep.equal(['2026-10-21', '2026-11-21']);
    expect((await ds().getRepository(PaymentPlan).findOneByOrFail({ dossierId: d.id })).status).to.equal('broken');
  });

  it('refuses an agreement date in the future, at the field', async () => {
    const d = await dossierOwing(100000);
    const res = await post(controller, `/dossiers/${d.id}/plans`, planForm({ agreedOn: '01/12/2026' })).expect(422);
    expect(res.text).to.include('data-field-error="agreedOn"');
    expect(await ds().getRepository(PaymentPlan).countBy({ dossierId: d.id })).to.equal(0);
  });

  it('completes a plan once every installment is paid', async () => {
    const d = await dossierOwing(60000);
    await post(controller, `/dossiers/${d.id}/plans`, planForm({ count: '2', periodicity: 'weekly' })).expect(303);
    t.setToday('2026-12-20');
    await post(controller, `/dossiers/${d.id}/account/payments`, { paymentDate: '15/12/2026', receivedDate: '15/12/2026', amount: '600', method: 'cheque', receivedBy: 'agency' }).expect(303);
    await plansTask('2026-12-20');
    expect(await ds().getRepository(Intervention).countBy({ dossierId: d.id })).to.equal(0);
    expect((await ds().getRepository(PaymentPlan).findOneByOrFail({ dossierId: d.id })).status).to.equal('completed');
  });

  it('above the authority limit, a controller\'s plan waits for an administrator, who approves or refuses with a reason recorded in the Chrono', async () => {
    await post(admin, '/approvals/settings', { authorityLimit: '500,00' }).expect(303);
    const settings = await admin.agent.get(`${BASE}/approvals/settings`).expect(200);
    expect(settings.text).to.include('value="500,00"');
    await post(controller, '/approvals/settings', { authorityLimit: '1' }).expect(403);

    const d = await dossierOwing(100000);
    await post(controller, `/dossiers/${d.id}/plans`, planForm()).expect(303);
    let plan = await ds().getRepository(PaymentPlan).findOneByOrFail({ dossierId: d.id });
    expect(plan.status).to.equal('pending');
    const seen = await controller.agent.get(`${BASE}/dossiers/${d.id}/account`).expect(200);
    expect(seen.text).to.include('En attente d&#39;approbation');
    expect(seen.text).not.to.include(`id="plan-decision-${plan.id}"`);
    // A pending plan is not followed by the daily check, and a controller cannot decide.
    await plansTask('2027-03-01');
    expect(await ds().getRepository(Intervention).countBy({ dossierId: d.id })).to.equal(0);
    expect((await ds().getRepository(PaymentPlan).findOneByOrFail({ id: plan.id })).status).to.equal('pending');
    await post(controller, `/plans/${plan.id}/decision`, { decision: 'approve' }).expect(403);

    const adminPage = await admin.agent.get(`${BASE}/dossiers/${d.id}/account`).expect(200);
    expect(adminPage.text).to.include(`id="plan-decision-${plan.id}"`);
    await post(admin, `/plans/${plan.id}/decision`, { decision: 'refuse', reason: '' }).expect(303);
    expect((await ds().getRepository(PaymentPlan).findOneByOrFail({ id: plan.id })).status, 'a refusal needs a reason').to.equal('pending');
    await post(admin, `/plans/${plan.id}/decision`, { decision: 'approve', reason: 'Garantie bancaire reçue' }).expect(303);
    plan = await ds().getRepository(PaymentPlan).findOneByOrFail({ id: plan.id });
    expect(plan).to.include({ status: 'active', decisionReason: 'Garantie bancaire reçue' });
    const events = await ds().getRepository(DossierEvent).find({ where: { dossierId: d.id }, order: { id: 'ASC' } });
    expect(events.map((e) => e.type)).to.deep.equal(['planSubmitted', 'planApproved']);
    expect(JSON.parse(events[1].details)).to.include({ reason: 'Garantie bancaire reçue' });

    // Under the limit, the controller decides alone.
    const small = await dossierOwing(40000);
    await post(controller, `/dossiers/${small.id}/plans`, planForm()).expect(303);
    expect((await ds().getRepository(PaymentPlan).findOneByOrFail({ dossierId: small.id })).status).to.equal('active');
  });
  it('a settlement pour solde de tout compte records the amount given up, and above the limit waits for an administrator\'s decision', async () => {
    await post(admin, '/approvals/settings', { authorityLimit: '500,00' }).expect(303);
    const d = await dossierOwing(100000);
    const bad = await post(controller, `/dossiers/${d.id}/settlements`, { amount: '1 200,00', comment: '' }).expect(422);
    expect(bad.text).to.include('data-field-error="amount"');
    await post(controller, `/dossiers/${d.id}/settlements`, { amount: '700,00', comment: 'Accord téléphonique' }).expect(303);
    let s = await ds().getRepository(Settlement).findOneByOrFail({ dossierId: d.id });
    expect(s).to.include({ status: 'pending', balance: 100000, amount: 70000, givenUp: 30000 });
    await post(admin, `/settlements/${s.id}/decision`, { decision: 'refuse', reason: 'Le client peut payer davantage' }).expect(303);
    s = await ds().getRepository(Settlement).findOneByOrFail({ id: s.id });
    expect(s).to.include({ status: 'refused', decisionReason: 'Le client peut payer davantage' });
    const events = await ds().getRepository(DossierEvent).find({ where: { dossierId: d.id }, order: { id: 'ASC' } });
    expect(events.map((e) => [e.type, e.amount])).to.deep.equal([['settlementSubmitted', 30000], ['settlementRefused', 30000]]);
    const chrono = await controller.agent.get(`${BASE}/dossiers/${d.id}?tab=chrono`).expect(200);
    expect(chrono.text).to.include('Transaction pour solde de tout compte refusée : Le client peut payer davantage');

    // An administrator's own settlement needs nobody's approval.
    await post(admin, `/dossiers/${d.id}/settlements`, { amount: '900', comment: '' }).expect(303);
    expect((await ds().getRepository(Settlement).findOneByOrFail({ dossierId: d.id, status: 'accepted' })).givenUp).to.equal(10000);
  });
  it('an active plan suspends the dossier\'s scenario, and the plan\'s end (broken) resumes it', async () => {
    const scenarioId = await makeScenario(ds(), [{ code: 'APPEL', label: 'Premier appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 5, priority: 300 }]);
    const d = await makeScenarioDossier(ds(), ref, scenarioId, { dueDate: '2026-10-01', amount: 90000 });
    await post(admin, `/dossiers/${d.id}/plans`, planForm()).expect(303);
    expect((await dossierScenarioState(ds(), d.id)).suspended, 'no reminders while the plan is honoured').to.equal(true);
    expect((await ds().getRepository(PaymentPlan).findOneByOrFail({ dossierId: d.id })).suspendedScenario).to.equal(true);
    await plansTask('2026-12-20');
    expect((await ds().getRepository(PaymentPlan).findOneByOrFail({ dossierId: d.id })).status).to.equal('broken');
    expect((await dossierScenarioState(ds(), d.id)).suspended, 'the broken plan hands the dossier back to its scenario').to.equal(false);
    expect(await eventTypes(d.id)).to.include.members(['scenarioSuspended', 'installmentMissed', 'planBroken', 'scenarioResumed']);
  });
});
