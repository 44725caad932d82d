import fs from 'node:fs';
import { expect } from 'chai';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { makeCompany, seedReferenceData } from '../support/factories';
import { SettingChange } from '../../src/audit';
import { recordSettingChange, runAsActor } from '../../src/audit/audit.service';
import { RiskCode } from '../../src/settings/reference-list.entities';
import { CreditController } from '../../src/credit-controllers/credit-controller.entity';
import { saveItem } from '../../src/settings/settings.service';
import { saveJournalAccounts } from '../../src/journal/journal-settings.service';
import { importScenarioJson, deleteScenario } from '../../src/scenarios/scenario.service';
import { ensureShippedTemplates, listTemplates, saveTemplate } from '../../src/documents/template.service';
import { fromRoot } from '../../src/shared/paths';

const BASE = '/recouvrement';

describe('settings audit', () => {
  let t: TestApp;
  let admin: SignedInAgent;

  const changes = (area: string) => t.db.dataSource.getRepository(SettingChange).find({ where: { area }, order: { id: 'ASC' } });

  before(async () => {
    t = await createTestApp({ basePath: BASE });
    await seedReferenceData(t.db.dataSource);
    admin = await signIn(t, 'admin1', 'admin');
  });
  after(() => t.close());

  it('records who created, changed and deleted a reference item, with before and after', async () => {
    await admin.agent.post(`${BASE}/settings/risk-codes`).type('form').send({ _csrf: admin.csrf, code: 'R9', label: 'Très élevé', position: '9', active: 'on' }).expect(303);
    const item = await t.db.dataSource.getRepository(RiskCode).findOneByOrFail({ code: 'R9' });
    await admin.agent.post(`${BASE}/settings/risk-codes/${item.id}`).type('form').send({ _csrf: admin.csrf, code: 'R9', label: 'Extrême', position: '9', active: 'on' }).expect(303);
    await admin.agent.post(`${BASE}/settings/risk-codes/${item.id}/delete`).type('form').send({ _csrf: admin.csrf }).expect(303);
    const rows = (await changes('reference-lists')).filter((r) => r.entityId === `risk-codes/${item.id}`);
    expect(rows.map((r) => r.action)).to.deep.equal(['create', 'update', 'delete']);
    expect(rows.every((r) => r.userId === admin.userId && r.actorName === 'admin1')).to.equal(true);
    expect(JSON.parse(rows[1].beforeJson!)).to.include({ label: 'Très élevé' });
    expect(JSON.parse(rows[1].afterJson!)).to.include({ label: 'Extrême' });
    expect(rows[2].afterJson).to.equal(null);
    expect(rows[0].at).to.match(/^\d{4}-\d\d-\d\dT/);
  });

  it('records companies, credit controllers and API keys changed through their pages, never a secret', async () => {
    const company = await makeCompany(t.db.dataSource, { name: 'Ancien nom' });
    await admin.agent.post(`${BASE}/settings/companies/${company.id}`).type('form').send({ _csrf: admin.csrf, code: company.code, name: 'Nouveau nom', country: 'FR', legalForm: 'SAS' }).expect(303);
    const [c] = await changes('companies');
    expect(JSON.parse(c.beforeJson!)).to.include({ name: 'Ancien nom' });
    expect(JSON.parse(c.afterJson!)).to.include({ name: 'Nouveau nom' });

    const cc = await t.db.dataSource.getRepository(CreditController).save({ code: 'JD', name: 'Jean', email: null, phone: null, userId: null, active: true });
    await admin.agent.post(`${BASE}/settings/controllers/${cc.id}/active`).type('form').send({ _csrf: admin.csrf, active: 'false' }).expect(303);
    const [ctl] = await changes('credit-controllers');
    expect(JSON.parse(ctl.beforeJson!)).to.include({ active: true });
    expect(JSON.parse(ctl.afterJson!)).to.include({ active: false });

    const created = await admin.agent.post(`${BASE}/api-keys`).type('form').send({ _csrf: admin.csrf, name: 'ERP', access: 'read', companyId: String(company.id) }).expect(201);
    const [key] = await changes('api-keys');
    expect(key.action).to.equal('create');
    expect(key.userId).to.equal(admin.userId);
    const secret = /rk_[A-Za-z0-9_-]{20,}/.exec(created.text)?.[0];
    if (secret) expect(key.afterJson).not.to.include(secret);
    expect(key.afterJson).not.to.match(/hash/i);
  });

  it('records users: creation, role change, password reset without the password', async () => {
    await admin.agent.post(`${BASE}/users`).type('form').send({ _csrf: admin.csrf, username: 'nina', displayName: 'Nina', role: 'auditor', password: 'elle a un bon mot de passe' }).expect(303);
    const nina = (await changes('users')).find((r) => r.action === 'create' && r.afterJson!.includes('"nina"'))!;
    await admin.agent.post(`${BASE}/users/${nina.entityId}`).type('form').send({ _csrf: admin.csrf, displayName: 'Nina', role: 'accountant' }).expect(303);
    await admin.agent.post(`${BASE}/users/${nina.entityId}/password`).type('form').send({ _csrf: admin.csrf, password: 'une autre phrase longue' }).expect(303);
    const rows = (await changes('users')).filter((r) => r.entityId === nina.entityId);
    expect(rows).to.have.length(3);
    expect(JSON.parse(rows[1].beforeJson!)).to.include({ role: 'auditor' });
    expect(JSON.parse(rows[1].afterJson!)).to.include({ role: 'accountant' });
    for (const r of rows) {
      expect(`${r.beforeJson}${r.afterJson}`).not.to.include('une autre phrase longue');
      expect(`${r.beforeJson}${r.afterJson}`).not.to.include('scrypt');
    }
  });

  it('records scenarios, templates and journal accounts changed by their services', async () => {
    const actor = { userId: admin.userId, name: 'admin1' };
    const json = JSON.stringify({ ...JSON.parse(fs.readFileSync(fromRoot('scenarios', 'petits-montants.json'), 'utf8')), code: 'audit-test' });
    const { scenario } = await runAsActor(actor, () => importScenarioJson(t.db.dataSource, json, 'audit-test.json', { userId: admin.userId }, '2026-11-22T09:00:00Z'));
    await runAsActor(actor, () => deleteScenario(t.db.dataSource, scenario.id));
    expect((await changes('scenarios')).map((r) => r.action)).to.deep.equal(['create', 'delete']);

    await ensureShippedTemplates(t.db.dataSource);
    const template = (await listTemplates(t.db.dataSource))[0];
    await runAsActor(actor, () => saveTemplate(t.db.dataSource, template.code, { name: template.name, subject: template.subject ?? '', body: `${template.body}<p>PS</p>`, textBody: template.textBody ?? '' }, template.version, admin.userId));
    const [tpl] = await changes('templates');
    expect(tpl.entityId).to.equal(template.code);
    expect(JSON.parse(tpl.afterJson!).body).to.include('<p>PS</p>');

    await runAsActor(actor, () => saveJournalAccounts(t.db.dataSource, { depreciationCharge: '68175' }));
    const [acc] = await changes('journal-accounts');
    expect(acc.actorName).to.equal('admin1');
    expect(JSON.parse(acc.afterJson!)).to.include({ depreciationCharge: '68175' });
  });

  it('a refused or failed change leaves no audit line; the audit line is in the same transaction', async () => {
    const before = await t.db.dataSource.getRepository(SettingChange).count();
    const dup = await admin.agent.post(`${BASE}/settings/risk-codes`).type('form').send({ _csrf: admin.csrf, code: 'R1', label: 'Again', position: '1', active: 'on' });
    expect(dup.status).to.equal(422);
    await t.db.dataSource
      .transaction(async (m) => {
        await recordSettingChange(m, { userId: null, name: 'test' }, { area: 'companies', entityId: 1, before: { a: 1 }, after: { a: 2 } });
        throw new Error('boom');
      })
      .catch(() => undefined);
    expect(await t.db.dataSource.getRepository(SettingChange).count()).to.equal(before);
    // Outside a request the author is "system".
    const item = await saveItem(t.db.dataSource, 'risk-codes', null, { code: 'SYS1', label: 'System', position: 50, active: true });
    const line = (await changes('reference-lists')).find((r) => r.entityId === `risk-codes/${item.id}`)!;
    expect(line).to.include({ actorName: 'system', userId: null, action: 'create' });
  });

  it('the Journal des paramètres page lists changes with filters by area, user and date, for admins and auditors', async () => {
    const page = await admin.agent.get(`${BASE}/audit`).expect(200);
    expect(page.text).to.include('Journal des modifications de paramètres');
    expect(page.text).to.include('Très élevé');
    expect(page.text).to.include('Extrême');
    expect((await admin.agent.get(`${BASE}/dossiers`)).text).to.include(`href="${BASE}/audit"`);
    const users = await admin.agent.get(`${BASE}/audit?area=users`).expect(200);
    expect(users.text).to.include('data-area="users"');
    expect(users.text).not.to.include('data-area="companies"');
    const byUser = await admin.agent.get(`${BASE}/audit?userId=${admin.userId}&area=companies`).expect(200);
    expect(byUser.text).to.include('Nouveau nom');
    const future = await admin.agent.get(`${BASE}/audit?from=2099-01-01`).expect(200);
    expect(future.text).to.include('Aucun résultat.');
    const today = new Date().toISOString().slice(0, 10);
    const bounded = await admin.agent.get(`${BASE}/audit?from=${today}&to=${today}&area=companies`).expect(200);
    expect(bounded.text).to.include('Nouveau nom');
    const auditor = await signIn(t, 'audrey', 'auditor');
    await auditor.agent.get(`${BASE}/audit`).expect(200);
    const controller = await signIn(t, 'carl', 'controller');
    await controller.agent.get(`${BASE}/audit`).expect(403);
  });
});
