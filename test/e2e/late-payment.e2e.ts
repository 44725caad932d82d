import { expect } from 'chai';
import { startBrowserSession, type BrowserSession } from './support/browser';
import { makeDossier, makeEntry, makeThirdParty, seedReferenceData } from '../support/factories';
import { DossierEntry } from '../../src/dossiers/dossier.entity';

describe('browser: a missing half-year rate, from the banner to final penalties', () => {
  let s: BrowserSession;
  before(async () => {
    s = await startBrowserSession({ basePath: '/recouvrement', today: '2026-12-02' });
  });
  after(() => s?.close());

  it('an administrator sees the banner, Compte dossier marks the penalty provisional, and entering the rate makes it final', async () => {
    const ds = s.t.db.dataSource;
    const ref = await seedReferenceData(ds);
    const customer = await makeThirdParty(ds, ref, { name: 'Boulangerie Martin' });
    const dossier = await makeDossier(ds, ref, customer);
    const inv = await makeEntry(ds, ref, customer, { debit: 120000, entryDate: '2026-09-01', dueDate: '2026-10-01', pieceRef: 'FA-2026-311' });
    await ds.getRepository(DossierEntry).save({ dossierId: dossier.id, ledgerEntryId: inv.id, linkedAt: '2026-11-01T00:00:00.000Z', linkedBy: null });
    await s.login('admin', 'admin');

    await s.page.goto(`${s.baseUrl}/`);
    expect(await s.page.textContent('[data-missing-rates]')).to.include('2026-H2');

    await s.page.goto(`${s.baseUrl}/dossiers/${dossier.id}/account`);
    // 1 200,00 x 12,15 % (2026-H1 carried over) x 62 / 365 = 24,77 €
    expect(await s.page.textContent('[data-overview="penalties"]')).to.match(/provisoire\s*24,77\s€/);
    await s.screenshot('late-payment-account-provisional');

    await s.page.click('[data-missing-rates] a.alert-link');
    await s.page.waitForURL(/late-payment-rates/);
    await s.screenshot('late-payment-rates-missing');
    await s.page.fill('#f-halfYear', '2026-H2');
    await s.page.fill('#f-rate', '12,00');
    await s.page.fill('#f-source', 'Saisie de test');
    await Promise.all([s.page.waitForURL(/late-payment-rates$/), s.page.click('#rate-form button[type=submit]')]);
    expect(await s.page.textContent('[data-rates="penalty"] [data-half-year="2026-H2"]')).to.include('12,00');

    await s.page.goto(`${s.baseUrl}/dossiers/${dossier.id}/account`);
    // 1 200,00 x 12,00 % x 62 / 365 = 24,46 €
    expect(await s.page.textContent('[data-overview="penalties"]')).to.match(/^\s*24,46\s€\s*$/);
    await s.screenshot('late-payment-account-final');
  });
});
