import { expect } from 'chai';
import { startBrowserSession, BrowserSession } from './support/browser';
import { linkDirectly, makeDossier, makeEntry, makeThirdParty, seedReferenceData } from '../support/factories';

/** Issue 11: after a 2 000 € payment recorded in Compte dossier, the header, the list, both prints and the dashboard agree. */
describe('browser: a payment moves the dossier amount everywhere', () => {
  let s: BrowserSession;
  before(async () => {
    s = await startBrowserSession({ today: '2026-11-22' });
  });
  after(async () => {
    await s?.close();
  });

  it('records 2 000,00 and reads 14 668,00 in the header, the list, the prints and 2 000,00 recovered on the dashboard', async () => {
    const ds = s.t.db.dataSource;
    const ref = await seedReferenceData(ds);
    const customer = await makeThirdParty(ds, ref, { name: 'Garage des Alpes', auxiliaryAccount: '411ALPES' });
    const invoice = await makeEntry(ds, ref, customer, { debit: 1666800, pieceRef: 'FA2026-0101', entryDate: '2026-06-01', dueDate: '2026-07-01' });
    const dossier = await makeDossier(ds, ref, customer, { number: 77 });
    await linkDirectly(ds, dossier.id, [invoice.id]);
    const page = s.page;
    const euros = (text: string | null) => (text ?? '').replace(/[\u202f\u00a0]/g, ' ').trim();
    const listAmount = async () => {
      await page.goto(`${s.baseUrl}/dossiers?search=411ALPES`);
      return euros(await page.locator('tbody tr', { hasText: 'Garage des Alpes' }).locator('td.money').textContent());
    };
    const printed = async (layout: 'list' | 'detailed', selector: string) => {
      await page.goto(`${s.baseUrl}/printing/print?layout=${layout}&accounts=411ALPES`);
      return euros(await page.locator(selector).first().textContent());
    };
    const recovered = async () => {
      await page.goto(`${s.baseUrl}/`);
      return euros(await page.locator('[data-counter="recoveredThisMonth"] [data-value]').textContent());
    };

    await s.login('admin1', 'admin');
    await page.goto(`${s.baseUrl}/dossiers/${dossier.id}`);
    expect(euros(await page.textContent('[data-field="amount"]'))).to.equal('16 668,00 €');
    expect(await listAmount()).to.equal('16 668,00 €');
    expect(await recovered()).to.equal('0,00 €');

    await page.goto(`${s.baseUrl}/dossiers/${dossier.id}/account`);
    await page.click('#payment-form summary');
    await page.fill('#payment-form #pay-amount', '2 000,00');
    await page.selectOption('#payment-form #pay-method', 'transfer');
    await page.fill('#payment-form #pay-reference', 'VIR-ALPES');
    await Promise.all([page.waitForURL(/\/account$/), page.click('#record-payment')]);
    expect(euros(await page.textContent('[data-overview="balance"]'))).to.equal('14 668,00 €');
    expect(euros(await page.textContent('[data-field="amount"]')), 'header').to.equal('14 668,00 €');
    await s.screenshot('balance-after-payment-account');

    expect(await listAmount(), 'list').to.equal('14 668,00 €');
    await s.screenshot('balance-after-payment-list');
    expect(await printed('list', '[data-dossier="77"] td.num:last-child'), 'print, list layout').to.equal('14 668,00 €');
    expect(await printed('detailed', '[data-counter="balance"]'), 'print, detailed layout').to.equal('14 668,00 €');
    expect(await printed('detailed', '[data-counter="settled"]'), 'print, payments').to.equal('2 000,00 €');
    await s.screenshot('balance-after-payment-print');
    expect(await recovered(), 'dashboard').to.equal('2 000,00 €');
    await s.screenshot('balance-after-payment-dashboard');
  });
});
