import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createTestApp, signIn, type SignedInAgent, type TestApp } from '../support/test-app';
import { seedReferenceData } from '../support/factories';
import { getScenario, loadShippedScenarios, SHIPPED_SCENARIOS_DIR, changeScenario, putStep } from '../../src/scenarios/scenario.service';
import { Scenario } from '../../src/scenarios/scenario.entity';
import { parseScenarioJson } from '../../src/scenarios';

const stepForm = (fields: Record<string, string>) => ({
  actionType: 'call', anchor: 'previous_done', offsetDays: '5', priority: '100', amicable: 'on', ...fields,
});
/** The new-scenario form prefixes its first step's fields. */
const firstStep = (fields: Record<string, string>) => Object.fromEntries(Object.entries(stepForm(fields)).map(([k, v]) => [`step_${k}`, v]));

describe('scenario administration', () => {
  let t: TestApp;
  let admin: SignedInAgent;

  beforeEach(async () => {
    t = await createTestApp();
    await seedReferenceData(t.db.dataSource);
    admin = await signIn(t, 'admin1', 'admin');
  });
  afterEach(() => t.close());

  const idOf = (location: string) => Number(/\/scenarios\/(\d+)$/.exec(location)![1]);
  const stepCodes = async (id: number) => (await getScenario(t.db.dataSource, id)).definition.steps.map((s) => s.code);

  it('the step form refuses a step that would set the closed status, at the field, naming the step and the reason', async () => {
    const created = await admin.agent
      .post('/scenarios')
      .type('form')
      .send({ _csrf: admin.csrf, code: 'fin-test', name: 'Fin test', description: '', active: 'on', ...firstStep({ code: 'EMAIL', label: 'E-mail', actionType: 'email', anchor: 'oldest_due', offsetDays: '3' }) })
      .expect(303);
    const id = idOf(created.headers.location);
    const refused = await admin.agent.post(`/scenarios/${id}/steps`).type('form').send({ _csrf: admin.csrf, ...stepForm({ code: 'CLOTURE', label: 'Clôturer', actionType: 'task', setStatusCode: 'TERMINE' }) }).expect(422);
    expect(refused.text).to.include('step 2 (CLOTURE), field setStatusCode: must not be the closed status TERMINE');
    expect(await stepCodes(id)).to.deep.equal(['EMAIL']);
  });

  it('creates a scenario, adds, edits, reorders and removes steps', async () => {
    const created = await admin.agent
      .post('/scenarios')
      .type('form')
      .send({ _csrf: admin.csrf, code: 'relance-test', name: 'Relance test', description: 'Pour le test', active: 'on', ...firstStep({ code: 'EMAIL', label: 'E-mail', actionType: 'email', anchor: 'oldest_due', offsetDays: '3', templateCode: 'relance-amiable' }) })
      .expect(303);
    const id = idOf(created.headers.location);
    await admin.agent.post(`/scenarios/${id}/steps`).type('form').send({ _csrf: admin.csrf, ...stepForm({ code: 'APPEL', label: 'Appel' }) }).expect(303);
    await admin.agent
      .post(`/scenarios/${id}/steps`)
      .type('form')
      .send({ _csrf: admin.csrf, ...stepForm({ code: 'CONTENTIEUX', label: 'Passage au contentieux', actionType: 'task', lossPercentage: '30,5', setStatusCode: 'CONTENTIEUX', minBalance: '1 500,00', assignee: 'PD', businessDays: 'on', priority: '600' }) })
      .expect(303);
    expect(await stepCodes(id)).to.deep.equal(['EMAIL', 'APPEL', 'CONTENTIEUX']);
    const last = (await getScenario(t.db.dataSource, id)).definition.steps[2];
    expect(last).to.deep.include({ lossPercentage: 30.5, setStatusCode: 'CONTENTIEUX', minBalance: 150000, assignee: 'PD', businessDays: true, priority: 600, actionType: 'task' });

    await admin.agent.post(`/scenarios/${id}/steps/2/move`).type('form').send({ _csrf: admin.csrf, direction: 'up' }).expect(303);
    expect(await stepCodes(id)).to.deep.equal(['EMAIL', 'CONTENTIEUX', 'APPEL']);
    await admin.agent.post(`/scenarios/${id}/steps/1/move`).type('form').send({ _csrf: admin.csrf, direction: 'down' }).expect(303);
    expect(await stepCodes(id)).to.deep.equal(['EMAIL', 'APPEL', 'CONTENTIEUX']);
    await admin.agent.post(`/scenarios/${id}/steps/1`).type('form').send({ _csrf: admin.csrf, ...stepForm({ code: 'APPEL', label: 'Appel au comptable', offsetDays: '7' }) }).expect(303);
    expect((await getScenario(t.db.dataSource, id)).definition.steps[1]).to.deep.include({ label: 'Appel au comptable', offsetDays: 7 });
    await admin.agent.post(`/scenarios/${id}/steps/1/delete`).type('form').send({ _csrf: admin.csrf }).expect(303);
    expect(await stepCodes(id)).to.deep.equal(['EMAIL', 'CONTENTIEUX']);

    const page = await admin.agent.get(`/scenarios/${id}`).expect(200);
    expect(page.text).to.include('Passage au contentieux');
    expect(page.text).to.match(/30,5\s%/);
  });

  it('names the step and the field of an invalid step, and keeps what was typed', async () => {
    const created = await admin.agent
      .post('/scenarios')
      .type('form')
      .send({ _csrf: admin.csrf, code: 'mauvais', name: 'Mauvais', active: 'on', ...firstStep({ code: 'PREMIER', label: 'Premier', anchor: 'oldest_due' }) })
      .expect(303);
    const id = idOf(created.headers.location);
    const res = await admin.agent.post(`/scenarios/${id}/steps`).type('form').send({ _csrf: admin.csrf, ...stepForm({ code: 'PREMIER', label: 'Doublon' }) }).expect(422);
    expect(res.text).to.include('data-field-error="code"');
    expect(res.text).to.include('step 2 (PREMIER), field code: must be unique in the scenario (already used by step 1)');
    expect(res.text).to.include('value="Doublon"');
    const first = await admin.agent.post('/scenarios').type('form').send({ _csrf: admin.csrf, code: 'x-y', name: 'X', ...firstStep({ code: 'A', label: 'A', anchor: 'previous_done' }) }).expect(422);
    expect(first.text).to.include('cannot be previous_done on the first step');
  });

  it('lets everyone read, and only administrators change', async () => {
    const [shipped] = await t.db.dataSource.getRepository(Scenario).find();
    await loadShippedScenarios(t.db.dataSource);
    const scenario = shipped ?? (await t.db.dataSource.getRepository(Scenario).findOneByOrFail({ code: 'standard-b2b' }));
    const controller = await signIn(t, 'paul', 'controller');
    await controller.agent.get('/scenarios').expect(200);
    await controller.agent.get(`/scenarios/${scenario.id}`).expect(200);
    await controller.agent.get(`/scenarios/${scenario.id}/export`).expect(200);
    await controller.agent.post(`/scenarios/${scenario.id}/steps/0/delete`).type('form').send({ _csrf: controller.csrf }).expect(403);
    await controller.agent.get('/scenarios/new').expect(403);
  });

  it('refuses an imported file with a named error, and saves nothing', async () => {
    const bad = JSON.stringify({
      code: 'import-casse', name: 'Import cassé',
      steps: [{ code: 'EMAIL', label: 'E-mail', actionType: 'email', anchor: 'oldest_due', offsetDays: 3 }, { code: 'APPEL', label: 'Appel', actionType: 'phone', anchor: 'previous_done', offsetDays: -2 }],
    });
    const res = await admin.agent
      .post(`/scenarios/import?_csrf=${encodeURIComponent(admin.csrf)}`)
      .attach('file', Buffer.from(bad), 'import-casse.json')
      .expect(422);
    expect(res.text).to.include('import-casse.json, step 2 (APPEL), field actionType: must be one of call, letter, email, sms, visit, task, legal');
    expect(res.text).to.include('import-casse.json, step 2 (APPEL), field offsetDays: must be an integer ≥ 0');
    expect(await t.db.dataSource.getRepository(Scenario).countBy({ code: 'import-casse' })).to.equal(0);
    const notJson = await admin.agent.post(`/scenarios/import?_csrf=${encodeURIComponent(admin.csrf)}`).attach('file', Buffer.from('{ nope'), 'x.json').expect(422);
    expect(notJson.text).to.include('x.json: is not valid JSON');
  });

  it('exports a scenario as JSON that imports back to the same definition', async () => {
    await loadShippedScenarios(t.db.dataSource);
    const scenario = await t.db.dataSource.getRepository(Scenario).findOneByOrFail({ code: 'standard-b2b' });
    const exported = await admin.agent.get(`/scenarios/${scenario.id}/export`).expect(200);
    expect(exported.headers['content-disposition']).to.include('standard-b2b.json');
    const before = (await getScenario(t.db.dataSource, scenario.id)).definition;
    const parsed = parseScenarioJson(exported.text, 'standard-b2b.json');
    expect(parsed.ok && parsed.scenario).to.deep.equal(before);

    const renamed = exported.text.replace('"code": "standard-b2b"', '"code": "standard-copie"');
    const imported = await admin.agent.post(`/scenarios/import?_csrf=${encodeURIComponent(admin.csrf)}`).attach('file', Buffer.from(renamed), 'copie.json').expect(303);
    const copy = (await getScenario(t.db.dataSource, idOf(imported.headers.location))).definition;
    expect({ ...copy, code: 'standard-b2b' }).to.deep.equal(before);
  });

  it('loads the shipped files at start, follows an updated file, never overwrites an administrator\'s edit, and names a bad file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scenarios-'));
    for (const f of fs.readdirSync(SHIPPED_SCENARIOS_DIR())) fs.copyFileSync(path.join(SHIPPED_SCENARIOS_DIR(), f), path.join(dir, f));
    fs.writeFileSync(path.join(dir, 'zz-casse.json'), JSON.stringify({ code: 'casse', name: 'Cassé', steps: [{ code: 'A', label: 'A', actionType: 'call', anchor: 'start', offsetDays: 'cinq' }] }));
    try {
      const first = await loadShippedScenarios(t.db.dataSource, { dir });
      expect(first.inserted).to.have.members(['grands-comptes', 'petits-montants', 'standard-b2b']);
      expect(first.problems.map((p) => p.text)).to.deep.equal([`${path.basename(dir)}/zz-casse.json, step 1 (A), field offsetDays: must be an integer ≥ 0`]);
      expect((await loadShippedScenarios(t.db.dataSource, { dir })).unchanged).to.have.length(3);

      const file = path.join(dir, 'petits-montants.json');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"name": "Petits montants"', '"name": "Petits montants (v2)"'));
      expect((await loadShippedScenarios(t.db.dataSource, { dir })).updated).to.deep.equal(['petits-montants']);
      expect((await t.db.dataSource.getRepository(Scenario).findOneByOrFail({ code: 'petits-montants' })).name).to.equal('Petits montants (v2)');

      const std = await t.db.dataSource.getRepository(Scenario).findOneByOrFail({ code: 'standard-b2b' });
      await changeScenario(t.db.dataSource, std.id, (def) => putStep(def, 0, { ...def.steps[0], offsetDays: 9 }), { userId: admin.userId }, new Date().toISOString());
      const std2 = path.join(dir, 'standard-b2b.json');
      fs.writeFileSync(std2, fs.readFileSync(std2, 'utf8').replace('"name": "Standard B2B"', '"name": "Standard B2B (v2)"'));
      const again = await loadShippedScenarios(t.db.dataSource, { dir });
      expect(again.keptEdited).to.include('standard-b2b');
      const kept = await getScenario(t.db.dataSource, std.id);
      expect(kept.definition.name).to.equal('Standard B2B');
      expect(kept.definition.steps[0].offsetDays).to.equal(9);

      const page = await admin.agent.get('/scenarios').expect(200);
      expect(page.text).to.include('Standard B2B');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
