import { expect } from 'chai';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { CreditController } from '../../src/credit-controllers/credit-controller.entity';
import { makeDossier, makeThirdParty, ReferenceData, seedReferenceData } from '../support/factories';
import { DossierEvent } from '../../src/history/dossier-event.entity';
import { ClosureRequest } from '../../src/closure-requests/closure-request.entity';

const BASE = '/recouvrement';

describe('demandes de clôture', () => {
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
  after(() => t.close());

  const post = (who: SignedInAgent, path: string, form: Record<string, unknown>) => who.agent.post(`${BASE}${path}`).type('form').send({ _csrf: who.csrf, ...form });

  it('a controller asks with a reason; an administrator refuses with a reason or accepts and is taken to the Terminé closure', async () => {
    const d = await makeDossier(ds(), ref, await makeThirdParty(ds(), ref, { name: 'Imprimerie Morel' }));
    await post(controller, `/dossiers/${d.id}/closure-request`, { reason: 'Créance soldée par compensation' }).expect(303);
    const panel = await controller.agent.get(`${BASE}/dossiers/${d.id}/closure-request`).expect(200);
    expect(panel.text).to.include('Clôture demandée par User claire').and.include('Créance soldée par compensation');
    await post(controller, `/dossiers/${d.id}/closure-request`, { reason: 'encore' }).expect(303);
    expect(await ds().getRepository(ClosureRequest).countBy({ dossierId: d.id }), 'one pending request at a time').to.equal(1);

    const list = await admin.agent.get(`${BASE}/closure-requests`).expect(200);
    expect(list.text).to.include('Imprimerie Morel').and.include('Créance soldée par compensation');
    await controller.agent.get(`${BASE}/closure-requests`).expect(403);
    const request = await ds().getRepository(ClosureRequest).findOneByOrFail({ dossierId: d.id });
    await post(controller, `/closure-requests/${request.id}/decision`, { decision: 'accept' }).expect(403);

    await post(admin, `/closure-requests/${request.id}/decision`, { decision: 'refuse', reason: '' }).expect(303);
    expect((await ds().getRepository(ClosureRequest).findOneByOrFail({ id: request.id })).status, 'a refusal needs its reason').to.equal('pending');
    await post(admin, `/closure-requests/${request.id}/decision`, { decision: 'refuse', reason: 'Compensation non encore passée en comptabilité' }).expect(303);
    expect(await ds().getRepository(ClosureRequest).findOneByOrFail({ id: request.id })).to.include({ status: 'refused', decisionReason: 'Compensation non encore passée en comptabilité' });

    await post(controller, `/dossiers/${d.id}/closure-request`, { reason: 'Compensation passée' }).expect(303);
    const second = await ds().getRepository(ClosureRequest).findOneByOrFail({ dossierId: d.id, status: 'pending' });
    const accepted = await post(admin, `/closure-requests/${second.id}/decision`, { decision: 'accept', reason: '' }).expect(303);
    expect(accepted.headers.location).to.equal(`${BASE}/dossiers/${d.id}/status?statusId=${ref.statuses.TERMINE.id}`);
    const events = await ds().getRepository(DossierEvent).find({ where: { dossierId: d.id }, order: { id: 'ASC' } });
    expect(events.map((e) => e.type)).to.deep.equal(['closureRequested', 'closureRefused', 'closureRequested', 'closureAccepted']);
    const chrono = await controller.agent.get(`${BASE}/dossiers/${d.id}?tab=chrono`).expect(200);
    expect(chrono.text).to.include('Demande de clôture refusée : Compensation non encore passée en comptabilité');
  });
});
