import { expect } from 'chai';
import { startBrowserSession, BrowserSession } from './support/browser';
import { Dossier } from '../../src/dossiers/dossier.entity';
import { makeDossier, makeThirdParty, ReferenceData, seedReferenceData } from '../support/factories';

describe('browser: bulk work on the dossier list', () => {
  let s: BrowserSession;
  let ref: ReferenceData;
  before(async () => {
    s = await startBrowserSession({ basePath: '/recouvrement' });
    ref = await seedReferenceData(s.t.db.dataSource);
    await s.page.setViewportSize({ width: 1280, height: 900 });
  });
  after(() => s?.close());

  it('a manager ticks dossiers, reassigns them to another controller and reads the summary', async () => {
    const ds = s.t.db.dataSource;
    const customer = await makeThirdParty(ds, ref, { name: 'Menuiserie Leroy', auxiliaryAccount: '411LEROY' });
    const other = await makeThirdParty(ds, ref, { name: 'Garage Moreau', auxiliaryAccount: '411MOREAU' });
    const picked = [await makeDossier(ds, ref, customer, { number: 501, controllerId: ref.controllers[0].id }), await makeDossier(ds, ref, customer, { number: 502, controllerId: ref.controllers[0].id })];
    const left = await makeDossier(ds, ref, other, { number: 503, controllerId: ref.controllers[0].id });

    await s.login('maxime', 'admin');
    await s.page.goto(`${s.baseUrl}/dossiers`);
    for (const d of picked) await s.page.check(`#bulk-id-${d.id}`);
    await s.page.selectOption('#bulk-controller', String(ref.controllers[1].id));
    await s.screenshot('dossier-list-bulk-1280');
    await Promise.all([s.page.waitForURL(/\/dossier-selection\/controller$/), s.page.click('#bulk-reassign')]);
    expect(await s.page.textContent('#bulk-summary')).to.include('Faits : 2');
    await s.screenshot('dossier-bulk-result-1280');
    for (const d of picked) expect((await ds.getRepository(Dossier).findOneByOrFail({ id: d.id })).controllerId).to.equal(ref.controllers[1].id);
    expect((await ds.getRepository(Dossier).findOneByOrFail({ id: left.id })).controllerId).to.equal(ref.controllers[0].id);

    // Back on the list, the new controller shows on the reassigned dossiers.
    await Promise.all([s.page.waitForURL(/\/dossiers$/), s.page.click('text=Retour à la liste')]);
    expect(await s.page.textContent(`tr[data-dossier="${picked[0].id}"]`)).to.include('Paul Durand');
    expect(await s.page.textContent(`tr[data-dossier="${left.id}"]`)).to.include('Claire Martin');
  });

  it('every dossier of the filter: a search, then one tick for all that it found', async () => {
    const ds = s.t.db.dataSource;
    const customer = await makeThirdParty(ds, ref, { name: 'Transports Fabre', auxiliaryAccount: '411FABRE' });
    const found = [await makeDossier(ds, ref, customer, { number: 601 }), await makeDossier(ds, ref, customer, { number: 602 }), await makeDossier(ds, ref, customer, { number: 603 })];
    await s.page.goto(`${s.baseUrl}/dossiers?q=fabre`);
    await s.page.check('#bulk-all-matching');
    await s.page.selectOption('#bulk-status', String(ref.statuses.TERMINE.id));
    await Promise.all([s.page.waitForURL(/\/dossier-selection\/status$/), s.page.click('#bulk-status-apply')]);
    // Terminé needs data: the page asks for it, once for all and per dossier.
    expect(await s.page.locator('#bulk-status-dossiers tbody tr').count()).to.equal(3);
    await s.page.selectOption('#bs-resolutionId', String(ref.resolutions.PAIEMENT.id));
    await s.page.selectOption('#bs-resultId', String(ref.results.RECOUVRE.id));
    await s.page.fill(`#bs-endDate-${found[2].id}`, '15/11/2026');
    // The date picker closed, so the screenshot shows the page.
    await s.page.click('h1');
    await s.screenshot('dossier-bulk-status-1280');
    await Promise.all([s.page.waitForURL(/\/dossier-selection\/status$/), s.page.click('#bulk-status-confirm')]);
    expect(await s.page.textContent('#bulk-summary')).to.include('Faits : 3');
    expect((await ds.getRepository(Dossier).findOneByOrFail({ id: found[2].id })).endDate).to.equal('2026-11-15');
    expect((await ds.getRepository(Dossier).findOneByOrFail({ id: found[0].id })).endDate).to.equal('2026-11-22');
  });
});
