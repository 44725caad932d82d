import { expect } from 'chai';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { linkDirectly, makeDossier, makeEntry, makeThirdParty, ReferenceData, seedReferenceData } from '../support/factories';
import { CreditController } from '../../src/credit-controllers/credit-controller.entity';
import { Dossier } from '../../src/dossiers/dossier.entity';
import { DossierEvent } from '../../src/history/dossier-event.entity';
import { Scenario } from '../../src/scenarios/scenario.entity';
import { makeScenario } from './daily-support';
import { ApprovalRequest } from '../../src/approvals';

const BASE = '/recouvrement';

describe('bulk work on the dossier list', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let claire: SignedInAgent;
  let admin: SignedInAgent;
  const ds = () => t.db.dataSource;
  const post = (who: SignedInAgent, path: string, form: Record<string, unknown>) => who.agent.post(`${BASE}${path}`).type('form').send({ _csrf: who.csrf, ...form });
  const reload = (d: Dossier) => ds().getRepository(Dossier).findOneByOrFail({ id: d.id });

  before(async () => {
    // The default rule: a controller changes only their own dossiers.
    t = await createTestApp({ basePath: BASE, env: { CONTROLLERS_EDIT_ALL: 'false' } });
    ref = await seedReferenceData(ds());
    claire = await signIn(t, 'claire', 'controller');
    admin = await signIn(t, 'alice', 'admin');
    await ds().getRepository(CreditController).update({ id: ref.controllers[0].id }, { userId: claire.userId });
  });
  after(() => t.close());

  async function dossiers(n: number, overrides: Partial<Dossier> = {}, name = 'Bulk Client') {
    const customer = await makeThirdParty(ds(), ref, { name });
    const out: Dossier[] = [];
    for (let i = 0; i < n; i++) out.push(await makeDossier(ds(), ref, customer, { controllerId: ref.controllers[0].id, ...overrides }));
    return out;
  }

  it('shows a checkbox per dossier and the bulk bar to those who work; an accountant only prints the selection; not to auditors', async () => {
    const [d] = await dossiers(1);
    const page = await claire.agent.get(`${BASE}/dossiers`).expect(200);
    expect(page.text).to.include('id="bulk-bar"');
    expect(page.text).to.match(/type="checkbox" name="ids" value="\d+"/);
    for (const id of ['bulk-reassign', 'bulk-scenario-apply', 'bulk-status-apply', 'bulk-print']) expect(page.text, id).to.include(`id="${id}"`);
    // An accountant does not change dossiers (src/access/route-policy.ts): the bar prints and exports only.
    const accountant = await signIn(t, 'anouk', 'accountant');
    const books = await accountant.agent.get(`${BASE}/dossiers`).expect(200);
    expect(books.text).to.include('id="bulk-print"');
    for (const id of ['bulk-reassign', 'bulk-scenario-apply', 'bulk-status-apply']) expect(books.text, id).to.not.include(`id="${id}"`);
    await post(accountant, '/dossier-selection/controller', { ids: [String(d.id)], controllerId: String(ref.controllers[1].id) }).expect(403);
    await post(accountant, '/dossier-selection/status', { ids: [String(d.id)], statusId: String(ref.statuses.AMIABLE.id) }).expect(403);
    await post(accountant, '/dossier-selection/print', { ids: [String(d.id)], format: 'print' }).expect(303);
    expect((await reload(d)).controllerId).to.equal(ref.controllers[0].id);
    const auditor = await signIn(t, 'audrey', 'auditor');
    const seen = await auditor.agent.get(`${BASE}/dossiers`).expect(200);
    expect(seen.text).to.not.include('id="bulk-bar"');
    await post(auditor, '/dossier-selection/controller', { ids: ['1'], controllerId: String(ref.controllers[1].id) }).expect(403);
  });

  it("reassigns the ticked dossiers, refuses another controller's dossier with why, and tells each in the Chrono", async () => {
    const [a, b] = await dossiers(2);
    const [other] = await dossiers(1, { controllerId: ref.controllers[1].id });
    const res = await post(claire, '/dossier-selection/controller', { ids: [String(a.id), String(b.id), String(other.id)], controllerId: String(ref.controllers[1].id) }).expect(200);
    expect(res.text).to.include('Faits : 2');
    expect(res.text).to.include('Refusés : 1');
    expect(res.text).to.include(`data-dossier="${other.id}"`);
    expect(res.text).to.include("Dossier d&#39;un autre chargé de recouvrement");
    expect((await reload(a)).controllerId).to.equal(ref.controllers[1].id);
    expect((await reload(b)).controllerId).to.equal(ref.controllers[1].id);
    const event = await ds().getRepository(DossierEvent).findOneByOrFail({ dossierId: a.id, type: 'fieldChanged' });
    expect(JSON.parse(event.details as unknown as string)).to.include({ field: 'controllerId', before: 'Claire Martin', after: 'Paul Durand' });
  });

  it('reassigns every dossier the filter matches when "every dossier of the filter" is ticked', async () => {
    const matching = await dossiers(3, {}, 'Quincaillerie Filtrée');
    const untouched = (await dossiers(1, {}, 'Autre Client'))[0];
    const res = await post(admin, '/dossier-selection/controller', { allMatching: '1', q: 'quincaillerie filtr', filterStatus: '', controllerId: String(ref.controllers[1].id) }).expect(200);
    expect(res.text).to.include('Faits : 3');
    for (const d of matching) expect((await reload(d)).controllerId).to.equal(ref.controllers[1].id);
    expect((await reload(untouched)).controllerId).to.equal(ref.controllers[0].id);
  });

  it('says so and does nothing when no dossier is ticked', async () => {
    const res = await post(admin, '/dossier-selection/controller', { controllerId: String(ref.controllers[1].id) }).expect(303);
    expect(res.headers.location).to.equal(`${BASE}/dossiers`);
  });

  it('puts the selection on a scenario; accountants may not', async () => {
    const scenario = await ds().getRepository(Scenario).findOneByOrFail({ id: await makeScenario(ds(), [{ code: 'APPEL', label: 'Appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 500 }]) });
    const [a, b] = await dossiers(2);
    const res = await post(claire, '/dossier-selection/scenario', { ids: [String(a.id), String(b.id)], scenarioId: String(scenario.id) }).expect(200);
    expect(res.text).to.include('Faits : 2');
    expect((await reload(a)).scenarioId).to.equal(scenario.id);
    const accountant = await signIn(t, 'annie', 'accountant');
    await post(accountant, '/dossier-selection/scenario', { ids: [String(a.id)], scenarioId: '' }).expect(403);
  });

  it('changes an open status at once through the status-change use case (the Chrono tells it)', async () => {
    const [a, b] = await dossiers(2);
    const res = await post(claire, '/dossier-selection/status', { ids: [String(a.id), String(b.id)], statusId: String(ref.statuses.AMIABLE.id) }).expect(200);
    expect(res.text).to.include('Faits : 2');
    expect((await reload(a)).statusId).to.equal(ref.statuses.AMIABLE.id);
    expect(await ds().getRepository(DossierEvent).countBy({ dossierId: b.id, type: 'statusChanged' })).to.equal(1);
  });

  it("a controller's change to a status that needs approval waits for it, per dossier", async () => {
    const [a] = await dossiers(1);
    const res = await post(claire, '/dossier-selection/status', { ids: [String(a.id)], statusId: String(ref.statuses.CONTENTIEUX.id) }).expect(200);
    expect(res.text).to.include("En attente d&#39;approbation : 1");
    expect((await reload(a)).statusId).to.equal(ref.statuses.EN_COURS.id);
    expect(await ds().getRepository(ApprovalRequest).countBy({ dossierId: a.id, status: 'pending' })).to.equal(1);
  });

  it('asks for the data of Terminé first, then closes with the common data and each dossier its own end date; a dossier without it is refused', async () => {
    const [a, b] = await dossiers(2);
    const ask = await post(admin, '/dossier-selection/status', { ids: [String(a.id), String(b.id)], statusId: String(ref.statuses.TERMINE.id) }).expect(200);
    expect(ask.text).to.include('id="bulk-status-form"');
    expect(ask.text).to.include(`name="endDate_${a.id}"`);
    expect((await reload(a)).statusId).to.equal(ref.statuses.EN_COURS.id);

    const res = await post(admin, '/dossier-selection/status', {
      step: 'apply', ids: [String(a.id), String(b.id)], statusId: String(ref.statuses.TERMINE.id),
      endDate: '20/11/2026', resolutionId: String(ref.resolutions.PAIEMENT.id), resultId: String(ref.results.RECOUVRE.id), [`endDate_${b.id}`]: '18/11/2026',
    }).expect(200);
    expect(res.text).to.include('Faits : 2');
    expect(await reload(a)).to.include({ statusId: ref.statuses.TERMINE.id, endDate: '2026-11-20' });
    expect(await reload(b)).to.include({ statusId: ref.statuses.TERMINE.id, endDate: '2026-11-18' });

    const [c] = await dossiers(1);
    const refused = await post(admin, '/dossier-selection/status', { step: 'apply', ids: [String(c.id)], statusId: String(ref.statuses.TERMINE.id), endDate: '20/11/2026' }).expect(200);
    expect(refused.text).to.include('Refusés : 1');
    expect((await reload(c)).statusId).to.equal(ref.statuses.EN_COURS.id);
    // A closed dossier is refused by every later bulk action, with why.
    const again = await post(admin, '/dossier-selection/controller', { ids: [String(a.id)], controllerId: '' }).expect(200);
    expect(again.text).to.include('Refusés : 1');
  });

  it("checks Terminé against each dossier's stored balance: the rest is written off for all, or per dossier", async () => {
    const customer = await makeThirdParty(ds(), ref, { name: 'Solde Restant SARL' });
    const owing = await makeDossier(ds(), ref, customer, { controllerId: ref.controllers[0].id });
    const invoice = await makeEntry(ds(), ref, customer, { debit: 120000, dueDate: '2026-09-01' });
    await linkDirectly(ds(), owing.id, [invoice.id]);
    const [settled] = await dossiers(1);
    const ids = [String(owing.id), String(settled.id)];
    const ask = await post(admin, '/dossier-selection/status', { ids, statusId: String(ref.statuses.TERMINE.id) }).expect(200);
    expect(ask.text).to.include('data-balance="120000"');
    expect(ask.text).to.include(`name="restOfBalance_${owing.id}"`);
    expect(ask.text).to.not.include(`name="restOfBalance_${settled.id}"`);
    const common = { step: 'apply', ids, statusId: String(ref.statuses.TERMINE.id), endDate: '20/11/2026', resolutionId: String(ref.resolutions.PAIEMENT.id), resultId: String(ref.results.RECOUVRE.id) };
    // "Recouvré" with 1 200,00 € still owed: refused for that dossier only, with the dialog's reason.
    const refused = await post(admin, '/dossier-selection/status', common).expect(200);
    expect(refused.text).to.include('Faits : 1');
    expect(refused.text).to.include('Refusés : 1');
    expect(refused.text).to.include('solde du dossier n&#39;est pas nul');
    expect((await reload(owing)).statusId).to.equal(ref.statuses.EN_COURS.id);
    const res = await post(admin, '/dossier-selection/status', { ...common, ids: [String(owing.id)], [`restOfBalance_${owing.id}`]: 'writeOff' }).expect(200);
    expect(res.text).to.include('Faits : 1');
    expect((await reload(owing)).statusId).to.equal(ref.statuses.TERMINE.id);
  });

  it('prints and exports the selection through the printing pages', async () => {
    const [a, b] = await dossiers(2, {}, 'Imprimerie Choisie');
    const res = await post(claire, '/dossier-selection/print', { ids: [String(a.id), String(b.id)], format: 'print' }).expect(303);
    expect(res.headers.location).to.equal(`${BASE}/printing/print?dossier=${a.id}&dossier=${b.id}&layout=list`);
    const printed = await claire.agent.get(res.headers.location).expect(200);
    expect(printed.text).to.include(String(a.number));
    expect(printed.text).to.include(String(b.number));
    expect(printed.text).to.include('Dossiers choisis sur la liste : 2');
    const xlsx = await post(claire, '/dossier-selection/print', { ids: [String(a.id)], format: 'xlsx' }).expect(303);
    expect(xlsx.headers.location).to.match(/\/printing\/export\.xlsx\?dossier=\d+&layout=list$/);
  });
});
