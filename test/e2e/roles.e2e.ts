import { expect } from 'chai';
import { startBrowserSession, type BrowserSession } from './support/browser';
import { seedReferenceData } from '../support/factories';
import { workedExampleDossier } from '../component/provisions-support';

describe('browser: each role sees what it may do on a dossier', () => {
  let s: BrowserSession;
  before(async () => {
    s = await startBrowserSession({ basePath: '/recouvrement', today: '2026-11-22' });
  });
  after(() => s?.close());

  it('an accountant reads the dossier without its editing buttons and transfers its entries to doubtful receivables', async () => {
    const ds = s.t.db.dataSource;
    const ref = await seedReferenceData(ds);
    const { dossier } = await workedExampleDossier(ds, ref);
    await s.login('compta', 'accountant');

    await s.page.goto(`${s.baseUrl}/dossiers`);
    expect(await s.page.locator('#new-dossier-button').count(), 'Nouveau dossier').to.equal(0);
    await s.page.goto(`${s.baseUrl}/dossiers/${dossier.id}?tab=entries`);
    expect(await s.page.locator('#edit-dossier-button').count(), 'Modifier').to.equal(0);
    expect(await s.page.locator('#change-status-button').count(), 'Changer le statut').to.equal(0);
    expect(await s.page.locator('#reschedule-button').count(), 'Décaler les échéances').to.equal(0);
    expect(await s.page.isVisible('#doubtful-button')).to.equal(true);
    await s.screenshot('roles-accountant-dossier-entries');

    await s.page.check('#linked-entries input[name="entryIds"]');
    s.page.once('dialog', (d) => void d.accept());
    await Promise.all([s.page.waitForURL(/\/dossiers\/\d+\?tab=entries$/), s.page.click('#doubtful-button')]);
    expect(await s.page.textContent('#linked-entries')).to.include('416');

    await s.page.goto(`${s.baseUrl}/dossiers/${dossier.id}?tab=interventions`);
    expect(await s.page.locator('#dossier-tab-read-only').count(), 'the tab shows no forms').to.equal(1);
    expect(await s.page.locator('form[action$="/interventions"] button[type=submit]').isVisible().catch(() => false)).to.equal(false);
    await s.screenshot('roles-accountant-dossier-interventions');

    await s.page.goto(`${s.baseUrl}/actions`);
    expect(await s.page.locator('#bulk-done').count(), 'Réalisée in bulk').to.equal(0);
  });
});
