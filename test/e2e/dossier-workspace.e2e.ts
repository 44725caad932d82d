import { expect } from 'chai';
import { startBrowserSession, BrowserSession } from './support/browser';
import { DossierEntry } from '../../src/dossiers/dossier.entity';
import { refreshDossierBalances } from '../../src/dossiers';
import { makeDossier, makeEntry, makeThirdParty, seedReferenceData } from '../support/factories';

describe('browser: the dossier workspace', () => {
  let s: BrowserSession;
  before(async () => {
    s = await startBrowserSession({ basePath: '/recouvrement' });
  });
  after(() => s?.close());

  it('a credit controller signs in, finds a dossier in the list and opens it', async () => {
    const ds = s.t.db.dataSource;
    const ref = await seedReferenceData(ds);
    const customer = await makeThirdParty(ds, ref, { name: 'Boulangerie Martin SARL', auxiliaryAccount: '411MARTIN' });
    const invoice = await makeEntry(ds, ref, customer, { debit: 193379, pieceRef: 'FA2026-0042' });
    const dossier = await makeDossier(ds, ref, customer, { number: 42 });
    await ds.getRepository(DossierEntry).save({ dossierId: dossier.id, ledgerEntryId: invoice.id, linkedAt: '2026-11-22T09:00:00.000Z', linkedBy: null });
    // Linked here by hand: keep the stored balance in step, as the link use case does.
    await refreshDossierBalances(ds, { dossierIds: [dossier.id] });

    await s.login('claire', 'controller');
    await s.page.goto(`${s.baseUrl}/dossiers`);
    const listText = await s.page.textContent('main');
    expect(listText).to.include('Boulangerie Martin SARL');
    expect(listText).to.include('1\u202f933,79\u00a0€');
    await s.screenshot('dossier-list');

    await Promise.all([s.page.waitForURL(/\/recouvrement\/dossiers\/\d+/), s.page.click('text=Boulangerie Martin SARL')]);
    const pageText = await s.page.textContent('main');
    expect(pageText).to.include('Boulangerie Martin SARL');
    expect(pageText).to.include('FA2026-0042');
    await s.screenshot('dossier-page');
  });
});
