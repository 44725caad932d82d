import { expect } from 'chai';
import { startBrowserSession, BrowserSession } from './support/browser';
import { DossierEntry } from '../../src/dossiers/dossier.entity';
import { CollectionAgency } from '../../src/settings';
import { makeDossier, makeEntry, makeThirdParty, seedReferenceData } from '../support/factories';

describe('browser: a dossier entrusted to an agency, a payment received directly, the 48-hour intervention', () => {
  let s: BrowserSession;
  before(async () => {
    s = await startBrowserSession({ basePath: '/recouvrement' });
  });
  after(async () => {
    await s?.close();
  });

  it('an administrator hands the dossier over, records a payment received directly and finds "Informer l\'agence du paiement direct" in Gestion des actions', async () => {
    const ds = s.t.db.dataSource;
    const ref = await seedReferenceData(ds);
    await ds.getRepository(CollectionAgency).save({ code: 'COFACE', label: 'Coface Recouvrement', position: 1, active: true });
    const customer = await makeThirdParty(ds, ref, { name: 'Menuiserie Durand SAS', auxiliaryAccount: '411DURAND' });
    const invoice = await makeEntry(ds, ref, customer, { debit: 250000, pieceRef: 'FA2026-0077', entryDate: '2026-08-01', dueDate: '2026-09-01' });
    const dossier = await makeDossier(ds, ref, customer, { number: 77 });
    await ds.getRepository(DossierEntry).save({ dossierId: dossier.id, ledgerEntryId: invoice.id, linkedAt: '2026-11-22T09:00:00.000Z', linkedBy: null });
    const page = s.page;
    await s.login('agnes', 'admin');

    await page.goto(`${s.baseUrl}/dossiers/${dossier.id}`);
    await page.click('#handoff-open');
    await page.selectOption('#handoff-agency', { label: 'Coface Recouvrement' });
    await page.fill('#handoff-customer', 'CLI-0077');
    await page.fill('#handoff-comment', 'Aucune réponse aux relances');
    await s.screenshot('handoff-dialog');
    await Promise.all([page.waitForURL(new RegExp(`/dossiers/${dossier.id}$`)), page.click('#handoff-submit')]);
    await page.waitForSelector('#entrusted-badge');
    expect(await page.textContent('#handoff-active')).to.include('Confié à Coface Recouvrement depuis le 22/11/2026');
    expect(await page.textContent('#handoff-authority')).to.equal('50\u202f000,00\u00a0€');
    await s.screenshot('handoff-entrusted');

    // A payment received directly (by us), from Compte dossier.
    await Promise.all([page.waitForURL(/\/account$/), page.click('#tab-account')]);
    await page.click('#payment-form summary');
    await page.fill('#payment-form #pay-amount', '500,00');
    expect(await page.inputValue('#payment-form #pay-receivedBy')).to.equal('us');
    await Promise.all([page.waitForURL(/\/account$/), page.click('#record-payment')]);
    expect(await page.textContent('#direct-payments')).to.include('500,00');
    expect(await page.textContent('#handoff-account')).to.include('Coface Recouvrement');

    await page.goto(`${s.baseUrl}/actions?controller=all`);
    const rows = await page.$$eval('#actions-table tbody tr', (trs) => trs.map((tr) => tr.textContent?.replace(/\s+/g, ' ').trim() ?? ''));
    const inform = rows.filter((r) => r.includes("Informer l'agence du paiement direct"));
    expect(inform, rows.join('\n')).to.have.length(1);
    expect(inform[0]).to.include('24/11/2026').and.include('Menuiserie Durand SAS');
    await s.screenshot('handoff-actions');
  });
});
