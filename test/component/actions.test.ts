import { expect } from 'chai';
import { createTestApp, signIn, type SignedInAgent, type TestApp } from '../support/test-app';
import { makeContact, seedReferenceData, type ReferenceData } from '../support/factories';
import { addIntervention } from '../../src/interventions';
import { Intervention } from '../../src/interventions/intervention.entity';
import { CreditController } from '../../src/credit-controllers/credit-controller.entity';
import { ThirdParty } from '../../src/third-parties/third-party.entity';
import { SYSTEM_ACTOR } from '../../src/history';
import { ensureShippedTemplates } from '../../src/documents';
import { runDaily } from '../../src/jobs/run-daily';
import { makeScenario, makeScenarioDossier } from './daily-support';
import { rawQuery } from '../../src/db/transactions';

const TODAY = '2026-11-22';

describe('Gestion des actions', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let claire: SignedInAgent;

  const action = async (dossierId: number, fields: { label: string; priority?: number; dueDate?: string; type?: Intervention['type']; assigneeId?: number | null }) =>
    addIntervention(
      t.db.dataSource,
      { dossierId, type: fields.type ?? 'call', label: fields.label, dueDate: fields.dueDate ?? TODAY, priority: fields.priority ?? 100, assigneeId: fields.assigneeId === undefined ? ref.controllers[0].id : fields.assigneeId },
      SYSTEM_ACTOR,
      `${TODAY}T08:00:00.000Z`,
    );
  const labelsOf = (html: string) => [...html.matchAll(/<tr data-action-id="\d+">[\s\S]*?<td>([^<]*)<\/td>\s*<td><a href/g)].map((m) => m[1]);

  beforeEach(async () => {
    t = await createTestApp({ today: TODAY, env: { PAGE_SIZE: '5' } });
    ref = await seedReferenceData(t.db.dataSource);
    claire = await signIn(t, 'claire', 'controller');
    await t.db.dataSource.getRepository(CreditController).update({ id: ref.controllers[0].id }, { userId: claire.userId });
  });
  afterEach(() => t.close());

  it('lists my to-do actions, highest priority first, then the oldest due date, overdue ones in red', async () => {
    const scenarioId = await makeScenario(t.db.dataSource, [{ code: 'APPEL', label: 'Appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 500 }]);
    const dossier = await makeScenarioDossier(t.db.dataSource, ref, scenarioId, { dueDate: '2026-10-01' });
    await action(dossier.id, { label: 'Basse priorité', priority: 50, dueDate: '2026-11-01' });
    await action(dossier.id, { label: 'Urgent récent', priority: 300, dueDate: '2026-11-25' });
    await action(dossier.id, { label: 'Urgent ancien', priority: 300, dueDate: '2026-11-10' });
    await action(dossier.id, { label: 'Pas à moi', priority: 999, assigneeId: ref.controllers[1].id });
    const done = await action(dossier.id, { label: 'Déjà faite', priority: 999 });
    await t.db.dataSource.getRepository(Intervention).update({ id: done.id }, { state: 'done' });

    const page = await claire.agent.get('/actions').expect(200);
    expect(labelsOf(page.text)).to.deep.equal(['Urgent ancien', 'Urgent récent', 'Basse priorité']);
    expect(page.text).to.match(/class="text-danger fw-semibold" data-overdue="true">10\/11\/2026/);
    expect(page.text).to.match(/class="" data-overdue="false">25\/11\/2026/);
    expect(page.text, 'the dossier\'s amount').to.match(/1\s200,00\s€/);

    const all = await claire.agent.get('/actions?controller=all').expect(200);
    expect(labelsOf(all.text)[0]).to.equal('Pas à moi');
  });

  it('shows the number of my actions due today in the header, on every page', async () => {
    const customer = await makeScenarioDossier(t.db.dataSource, ref, await makeScenario(t.db.dataSource, [{ code: 'X', label: 'X', actionType: 'call', anchor: 'start', offsetDays: 900 }]));
    await action(customer.id, { label: 'Aujourd’hui', dueDate: TODAY });
    await action(customer.id, { label: 'En retard', dueDate: '2026-11-02' });
    await action(customer.id, { label: 'Demain', dueDate: '2026-11-23' });
    await action(customer.id, { label: 'Collègue', dueDate: TODAY, assigneeId: ref.controllers[1].id });
    const page = await claire.agent.get('/dossiers').expect(200);
    expect(page.text).to.include('data-due-today="2"');
  });

  it('filters by controller, type, due date, overdue and dossier status, and pages', async () => {
    const scenarioId = await makeScenario(t.db.dataSource, [{ code: 'X', label: 'X', actionType: 'call', anchor: 'start', offsetDays: 900 }]);
    const open = await makeScenarioDossier(t.db.dataSource, ref, scenarioId);
    const legal = await makeScenarioDossier(t.db.dataSource, ref, scenarioId, { status: 'CONTENTIEUX' });
    await action(open.id, { label: 'Appel en retard', type: 'call', dueDate: '2026-11-01' });
    await action(open.id, { label: 'Lettre future', type: 'letter', dueDate: '2026-12-15' });
    await action(legal.id, { label: 'Appel contentieux', type: 'call', dueDate: '2026-11-30' });
    await action(legal.id, { label: 'Visite de Paul', type: 'visit', assigneeId: ref.controllers[1].id });

    expect(labelsOf((await claire.agent.get('/actions?type=call').expect(200)).text)).to.have.members(['Appel en retard', 'Appel contentieux']);
    expect(labelsOf((await claire.agent.get('/actions?overdue=1').expect(200)).text)).to.deep.equal(['Appel en retard']);
    expect(labelsOf((await claire.agent.get('/actions?dueBy=2026-11-30').expect(200)).text)).to.have.members(['Appel en retard', 'Appel contentieux']);
    expect(labelsOf((await claire.agent.get(`/actions?status=${ref.statuses.CONTENTIEUX.id}`).expect(200)).text)).to.deep.equal(['Appel contentieux']);
    expect(labelsOf((await claire.agent.get(`/actions?controller=${ref.controllers[1].id}`).expect(200)).text)).to.deep.equal(['Visite de Paul']);

    for (let i = 0; i < 6; i++) await action(open.id, { label: `Tâche ${i}`, type: 'task', priority: 10 });
    const first = await claire.agent.get('/actions?type=task').expect(200);
    expect(labelsOf(first.text)).to.have.length(5);
    const second = await claire.agent.get('/actions?type=task&page=2').expect(200);
    expect(labelsOf(second.text)).to.have.length(1);
    expect(second.text).to.include('Page 2 sur 2');
  });

  it('marks several actions done with one result, recording who and when, and the next step counts from that day', async () => {
    const scenarioId = await makeScenario(t.db.dataSource, [
      { code: 'APPEL', label: 'Premier appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 5 },
      { code: 'RELANCE', label: 'Relance', actionType: 'email', anchor: 'previous_done', offsetDays: 10 },
    ]);
    const a = await makeScenarioDossier(t.db.dataSource, ref, scenarioId, { dueDate: '2026-11-01' });
    const b = await makeScenarioDossier(t.db.dataSource, ref, scenarioId, { dueDate: '2026-11-01' });
    await runDaily({ dataSource: t.db.dataSource }, TODAY, { trigger: 'test' });
    const raised = await t.db.dataSource.getRepository(Intervention).find({ where: { stepCode: 'APPEL' }, order: { id: 'ASC' } });
    expect(raised).to.have.length(2);

    const res = await claire.agent
      .post('/actions/done')
      .type('form')
      .send({ _csrf: claire.csrf, ids: raised.map((r) => String(r.id)), result: 'Promesse de paiement', back: '?type=call' })
      .expect(303);
    expect(res.headers.location).to.equal('/actions?type=call');
    const after = await t.db.dataSource.getRepository(Intervention).find({ where: { stepCode: 'APPEL' } });
    for (const i of after) {
      expect([i.state, i.result, i.doneDate, i.doneBy]).to.deep.equal(['done', 'Promesse de paiement', TODAY, claire.userId]);
      expect(i.doneAt).to.be.a('string');
    }
    const page = await claire.agent.get('/actions').expect(200);
    expect(page.text).to.include('2 actions marquées réalisées.');

    await runDaily({ dataSource: t.db.dataSource }, '2026-12-01', { trigger: 'test' });
    expect(await t.db.dataSource.getRepository(Intervention).countBy({ stepCode: 'RELANCE' })).to.equal(0);
    await runDaily({ dataSource: t.db.dataSource }, '2026-12-02', { trigger: 'test' });
    const next = await t.db.dataSource.getRepository(Intervention).find({ where: { stepCode: 'RELANCE' } });
    expect(next.map((n) => [n.dossierId, n.dueDate]).sort()).to.deep.equal([[a.id, '2026-12-02'], [b.id, '2026-12-02']].sort());
  });

  it('refuses to mark done without a result, and keeps the others when one was handled meanwhile', async () => {
    const dossier = await makeScenarioDossier(t.db.dataSource, ref, await makeScenario(t.db.dataSource, [{ code: 'X', label: 'X', actionType: 'call', anchor: 'start', offsetDays: 900 }]));
    const one = await action(dossier.id, { label: 'Un' });
    const two = await action(dossier.id, { label: 'Deux' });
    await claire.agent.post('/actions/done').type('form').send({ _csrf: claire.csrf, ids: [String(one.id)], result: '' }).expect(303);
    expect((await claire.agent.get('/actions').expect(200)).text).to.include('Indiquez le résultat');
    expect((await t.db.dataSource.getRepository(Intervention).findOneByOrFail({ id: one.id })).state).to.equal('todo');
    await t.db.dataSource.getRepository(Intervention).update({ id: one.id }, { state: 'skipped' });
    await claire.agent.post('/actions/done').type('form').send({ _csrf: claire.csrf, ids: [String(one.id), String(two.id)], result: 'Fait' }).expect(303);
    expect((await t.db.dataSource.getRepository(Intervention).findOneByOrFail({ id: two.id })).state).to.equal('done');
    expect((await t.db.dataSource.getRepository(Intervention).findOneByOrFail({ id: one.id })).state).to.equal('skipped');
  });

  it('prints the call list with the phone numbers and amounts', async () => {
    const dossier = await makeScenarioDossier(t.db.dataSource, ref, await makeScenario(t.db.dataSource, [{ code: 'X', label: 'X', actionType: 'call', anchor: 'start', offsetDays: 900 }]), { amount: 193379 });
    await t.db.dataSource.getRepository(ThirdParty).update({ id: dossier.thirdPartyId }, { phone: '01 44 55 66 77' });
    await makeContact(t.db.dataSource, { thirdPartyId: dossier.thirdPartyId, lastName: 'Durand', firstName: 'Jeanne', phone: '06 11 22 33 44' });
    const call = await action(dossier.id, { label: 'Appeler la comptabilité', type: 'call' });
    await action(dossier.id, { label: 'Courrier', type: 'letter' });
    const list = await claire.agent.post('/actions/calls').type('form').send({ _csrf: claire.csrf, ids: [String(call.id)] }).expect(200);
    expect(list.text).to.include('Appeler la comptabilité');
    expect(list.text).to.include('01 44 55 66 77');
    expect(list.text).to.include('Jeanne Durand : 06 11 22 33 44');
    expect(list.text).to.match(/1\s933,79\s€/);
    expect(list.text).not.to.include('Courrier</td>');
  });

  it('prints every letter due as one batch, from the letters the daily run produced', async () => {
    await ensureShippedTemplates(t.db.dataSource);
    const scenarioId = await makeScenario(t.db.dataSource, [{ code: 'LETTRE', label: 'Lettre de relance', actionType: 'letter', anchor: 'oldest_due', offsetDays: 5, templateCode: 'relance-simple' }]);
    const a = await makeScenarioDossier(t.db.dataSource, ref, scenarioId, { dueDate: '2026-11-01' });
    const b = await makeScenarioDossier(t.db.dataSource, ref, scenarioId, { dueDate: '2026-11-02' });
    await runDaily({ dataSource: t.db.dataSource }, TODAY, { trigger: 'test' });
    const printed = await claire.agent.post('/actions/letters').type('form').send({ _csrf: claire.csrf, controller: 'mine' }).expect(200);
    expect(printed.headers['content-type']).to.match(/html/);
    const customers = await t.db.dataSource.getRepository(ThirdParty).findBy([{ id: a.thirdPartyId }, { id: b.thirdPartyId }]);
    for (const c of customers) expect(printed.text).to.include(c.name);
  });

  describe('Imprimer les courriers', () => {
    const print = (form: Record<string, unknown>) => claire.agent.post('/actions/letters').type('form').send({ _csrf: claire.csrf, controller: 'mine', back: '/actions', ...form });
    const addLetter = async (dossierId: number, label: string, dueDate: string, templateCode: string | null) => {
      const a = await action(dossierId, { label, type: 'letter', dueDate });
      // Manual letters have no template; the scenario's do (template_code is not on the entity).
      if (templateCode) await rawQuery(t.db.dataSource, 'UPDATE intervention SET template_code = :code WHERE id = :id', { code: templateCode, id: a.id });
      return a;
    };

    it('prints the letters of the selected actions whatever their due date, and only those', async () => {
      await ensureShippedTemplates(t.db.dataSource);
      const scenarioId = await makeScenario(t.db.dataSource, [{ code: 'X', label: 'X', actionType: 'call', anchor: 'start', offsetDays: 900 }]);
      const a = await makeScenarioDossier(t.db.dataSource, ref, scenarioId, { dueDate: '2026-10-01' });
      const b = await makeScenarioDossier(t.db.dataSource, ref, scenarioId, { dueDate: '2026-10-01' });
      const future = await addLetter(a.id, 'Relance à venir', '2026-12-15', 'relance-simple');
      await addLetter(b.id, 'Relance échue', '2026-11-20', 'relance-ferme');
      const [customerA, customerB] = await Promise.all([a, b].map((d) => t.db.dataSource.getRepository(ThirdParty).findOneByOrFail({ id: d.thirdPartyId })));

      const selected = await print({ ids: [String(future.id)] }).expect(200);
      expect(selected.text).to.include(customerA.name);
      expect(selected.text).not.to.include(customerB.name);

      // Nothing ticked: the letters due today or overdue, not the one due next month.
      const due = await print({}).expect(200);
      expect(due.text).to.include(customerB.name);
      expect(due.text).not.to.include(customerA.name);
    });

    it('when nothing can be printed, says why: nothing due, no letter among the ticked actions, letters without a template', async () => {
      const scenarioId = await makeScenario(t.db.dataSource, [{ code: 'X', label: 'X', actionType: 'call', anchor: 'start', offsetDays: 900 }]);
      const d = await makeScenarioDossier(t.db.dataSource, ref, scenarioId, { dueDate: '2026-10-01' });
      const call = await action(d.id, { label: 'Appeler', type: 'call' });

      const none = await print({}).expect(303);
      let page = await claire.agent.get(none.headers.location).expect(200);
      expect(page.text).to.include('Aucun courrier à faire n&#39;est échu');

      await print({ ids: [String(call.id)] }).expect(303);
      page = await claire.agent.get('/actions').expect(200);
      expect(page.text).to.include('Aucun courrier parmi les actions cochées (1 action d&#39;un autre type');

      const bare = await addLetter(d.id, 'Mise en demeure (LRAR)', '2026-11-01', null);
      await print({ ids: [String(bare.id)] }).expect(303);
      page = await claire.agent.get('/actions').expect(200);
      expect(page.text).to.include('ni modèle de document associé');
      expect(page.text).to.include(`Mise en demeure (LRAR) (n° ${d.number})`);
    });
  });
});
