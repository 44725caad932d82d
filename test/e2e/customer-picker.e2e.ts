import { expect } from 'chai';
import { startBrowserSession, BrowserSession } from './support/browser';
import { Dossier } from '../../src/dossiers/dossier.entity';
import { rawQuery } from '../../src/db/transactions';
import { makeThirdParty, ReferenceData, seedReferenceData } from '../support/factories';

/** 20,000 customers in one go (multi-row INSERTs), named "Client 00000 …" with SIREN 300000000 + n. */
async function bulkCustomers(s: BrowserSession, ref: ReferenceData, n: number): Promise<void> {
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = String(i).padStart(5, '0');
    rows.push(`(${ref.company.id}, '411C${k}', 'Client ${k} Négoce', 'FR', '${300000000 + i}', 1, '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')`);
  }
  for (let i = 0; i < rows.length; i += 1000) {
    await rawQuery(s.t.db.dataSource, `INSERT INTO third_party (company_id, auxiliary_account, name, country, siren, version, created_at, updated_at) VALUES ${rows.slice(i, i + 1000).join(',')}`);
  }
}

describe('browser: the customer type-ahead with 20,000 customers', () => {
  let s: BrowserSession;
  let ref: ReferenceData;
  before(async function () {
    this.timeout(120000);
    s = await startBrowserSession({ basePath: '/recouvrement' });
    ref = await seedReferenceData(s.t.db.dataSource);
    await bulkCustomers(s, ref, 20000);
    await makeThirdParty(s.t.db.dataSource, ref, { name: 'Dupont Matériaux', auxiliaryAccount: '411DUPONT', siren: '552100554', riskCodeId: ref.riskCodes.R3.id });
    await makeThirdParty(s.t.db.dataSource, ref, { name: 'Dupuis Transports', auxiliaryAccount: '411DUPUIS' });
    await s.page.setViewportSize({ width: 1280, height: 900 });
    await s.login('claire', 'controller');
  });
  after(() => s?.close());

  it('a controller types part of a name, picks with the arrow keys and Enter, keeps what was typed, and creates the dossier', async () => {
    const page = s.page;
    await page.goto(`${s.baseUrl}/dossiers/new`);
    // The form no longer carries every customer.
    expect(await page.locator('#dossier-form option').count()).to.be.below(200);
    await page.fill('#f-comment', 'Appel du 21/11 : promet un virement');
    const field = page.locator('#f-thirdPartyId');
    await field.click();
    await field.pressSequentially('dup', { delay: 40 });
    await page.waitForSelector('#f-thirdPartyId-listbox [role=option]');
    expect(await page.locator('#f-thirdPartyId-listbox [role=option]').allTextContents()).to.have.length(2);
    expect(await field.getAttribute('aria-expanded')).to.equal('true');
    await s.screenshot('customer-picker-open-1280');

    await field.press('ArrowDown');
    const active = await field.getAttribute('aria-activedescendant');
    expect(active).to.match(/^f-thirdPartyId-opt-\d+$/);
    expect(await page.locator(`#${active}`).getAttribute('aria-selected')).to.equal('true');
    // Enter picks the option (it does not submit the form); the form reloads for the customer.
    await Promise.all([page.waitForResponse((r) => r.url().includes('/dossiers/new?')), field.press('Enter')]);
    await page.waitForFunction(() => (document.querySelector('#f-thirdPartyId') as HTMLInputElement | null)?.value === 'Dupont Matériaux (411DUPONT)');
    expect(await page.inputValue('#f-comment')).to.equal('Appel du 21/11 : promet un virement');
    expect(await page.inputValue('#f-riskCodeId')).to.equal(String(ref.riskCodes.R3.id));

    await Promise.all([page.waitForURL(/\/dossiers\/\d+$/), page.click('#dossier-form button[type=submit]')]);
    const dossier = await s.t.db.dataSource.getRepository(Dossier).findOneByOrFail({ comment: 'Appel du 21/11 : promet un virement' });
    const [customer] = await rawQuery<{ id: number }>(s.t.db.dataSource, "SELECT id FROM third_party WHERE auxiliary_account = '411DUPONT'");
    expect(Number(dossier.thirdPartyId)).to.equal(Number(customer.id));
  });

  it('finds one customer among 20,000 by its SIREN, and Escape closes the list', async () => {
    const page = s.page;
    await page.goto(`${s.baseUrl}/dossiers/new`);
    const field = page.locator('#f-thirdPartyId');
    await field.click();
    const started = Date.now();
    await field.pressSequentially('300019876', { delay: 20 });
    await page.waitForFunction(() => {
      const opts = document.querySelectorAll('#f-thirdPartyId-listbox [role=option]');
      return opts.length === 1 && (opts[0].textContent ?? '').includes('Client 19876');
    });
    expect(Date.now() - started).to.be.below(5000);
    await field.press('Escape');
    expect(await field.getAttribute('aria-expanded')).to.equal('false');
    expect(await page.locator('#f-thirdPartyId-listbox').isVisible()).to.equal(false);
  });

  it('adds customers to the printing criteria from the type-ahead', async () => {
    const page = s.page;
    await page.goto(`${s.baseUrl}/printing`);
    const field = page.locator('#f-customer');
    await field.click();
    await field.pressSequentially('411dupu', { delay: 40 });
    await page.waitForSelector('#f-customer-listbox [role=option][data-account="411DUPUIS"]');
    await page.locator('#f-customer-listbox [role=option]').first().dispatchEvent('mousedown');
    const chosen = page.locator('[data-picker-chosen] input[name=customer]');
    expect(await chosen.count()).to.equal(1);
    expect(await chosen.isChecked()).to.equal(true);
    expect(await field.inputValue()).to.equal('');
    await s.screenshot('printing-customer-picker-1280');
  });
});
