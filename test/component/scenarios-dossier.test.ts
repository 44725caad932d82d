import { expect } from 'chai';
import { createTestApp, signIn, type SignedInAgent, type TestApp } from '../support/test-app';
import { seedReferenceData, type ReferenceData } from '../support/factories';
import { dossierScenarioState } from '../../src/scenarios/dossier-scenario.service';
import { runDaily } from '../../src/jobs/run-daily';
import { DossierEvent } from '../../src/history/dossier-event.entity';
import { makeScenario, makeScenarioDossier, raised } from './daily-support';

describe('a dossier\'s scenario panel', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let user: SignedInAgent;

  beforeEach(async () => {
    t = await createTestApp({ today: '2026-11-22' });
    ref = await seedReferenceData(t.db.dataSource);
    user = await signIn(t, 'claire', 'controller');
  });
  afterEach(() => t.close());

  it('assigns, suspends, resumes and restarts the scenario, each with its Chrono line', async () => {
    const first = await makeScenario(t.db.dataSource, [{ code: 'APPEL', label: 'Appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 5 }], { name: 'Premier' });
    const second = await makeScenario(t.db.dataSource, [{ code: 'EMAIL', label: 'E-mail', actionType: 'email', anchor: 'start', offsetDays: 2 }], { name: 'Second' });
    const dossier = await makeScenarioDossier(t.db.dataSource, ref, first, { dueDate: '2026-11-01' });

    const panel = await user.agent.get(`/dossiers/${dossier.id}/scenario`).expect(200);
    expect(panel.text).to.include('id="dossier-scenario"');
    expect(panel.text).not.to.include('<html');
    expect(panel.text).to.include('Premier');

    await user.agent.post(`/dossiers/${dossier.id}/scenario/suspend`).type('form').send({ _csrf: user.csrf }).expect(303);
    expect((await dossierScenarioState(t.db.dataSource, dossier.id)).suspended).to.equal(true);
    expect((await runDaily({ dataSource: t.db.dataSource }, '2026-11-22')).interventionsRaised).to.equal(0);
    await user.agent.post(`/dossiers/${dossier.id}/scenario/resume`).type('form').send({ _csrf: user.csrf }).expect(303);
    expect((await runDaily({ dataSource: t.db.dataSource }, '2026-11-22')).interventionsRaised).to.equal(1);

    await user.agent.post(`/dossiers/${dossier.id}/scenario/restart`).type('form').send({ _csrf: user.csrf }).expect(303);
    const state = await dossierScenarioState(t.db.dataSource, dossier.id);
    expect([state.occurrence, state.restartedAt]).to.deep.equal([2, '2026-11-22']);
    await runDaily({ dataSource: t.db.dataSource }, '2026-11-27');
    expect((await raised(t.db.dataSource, dossier.id)).map((r) => [r.stepCode, r.occurrence, r.dueDate])).to.deep.equal([
      ['APPEL', 1, '2026-11-06'],
      ['APPEL', 2, '2026-11-27'],
    ]);

    await user.agent.post(`/dossiers/${dossier.id}/scenario`).type('form').send({ _csrf: user.csrf, scenarioId: String(second) }).expect(303);
    expect((await dossierScenarioState(t.db.dataSource, dossier.id)).scenarioId).to.equal(second);
    const types = (await t.db.dataSource.getRepository(DossierEvent).findBy({ dossierId: dossier.id })).map((e) => e.type);
    expect(types).to.include.members(['scenarioSuspended', 'scenarioResumed', 'scenarioRestarted', 'scenarioAssigned']);
  });
});
