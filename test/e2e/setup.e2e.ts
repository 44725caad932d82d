import path from 'node:path';
import { expect } from 'chai';
import { startBrowserSession, BrowserSession } from './support/browser';
import { REAL_FEC_DIR } from '../support/fec-samples';
import { Company } from '../../src/companies/company.entity';
import { LedgerEntry } from '../../src/ledger/ledger-entry.entity';
import { loadShippedScenarios } from '../../src/scenarios/scenario.service';

describe('browser: the set-up page, from an empty database to an imported FEC', () => {
  let s: BrowserSession;
  before(async () => {
    // An empty database: what LOAD_DEMO=false gives (test apps never load the demo).
    s = await startBrowserSession({ basePath: '/recouvrement' });
    // As the server does at start: the shipped scenarios (scenarios/*.json).
    await loadShippedScenarios(s.t.db.dataSource);
    await s.page.setViewportSize({ width: 1280, height: 900 });
  });
  after(() => s?.close());

  it('the first administrator creates the company, imports the ledger with progress, picks the default scenario and finishes', async function () {
    this.timeout(120000);
    const page = s.page;
    await s.login('premier.admin', 'admin');
    // Signed in with no company: the home page is the set-up page.
    await page.waitForURL(/\/setup$/);
    await s.screenshot('setup-empty-1280');
    await page.fill('#f-name', 'Atlas Équipements');
    await page.fill('#f-siren', '919 068 007');
    await page.fill('#f-address', '18 allée des Frères Lumière');
    await page.fill('#f-postalCode', '69800');
    await page.fill('#f-city', 'Saint-Priest');
    await page.fill('#f-fiscalYearStart', '01/01');
    await Promise.all([page.waitForURL(/\/setup(#step-import)?$/), page.click('#setup-company-save')]);
    expect(await page.getAttribute('#step-company [data-step-done]', 'data-step-done')).to.equal('true');

    await page.setInputFiles('#setup-file', path.join(REAL_FEC_DIR, '000000000FEC20231231.txt'));
    await Promise.all([page.waitForURL(/\/imports\/\d+$/), page.click('#setup-import-submit')]);
    await page.waitForSelector('#import-status[data-status="succeeded"]', { timeout: 60000 });
    await s.screenshot('setup-import-done-1280');
    await Promise.all([page.waitForURL(/\/setup(#step-import)?$/), page.click('#back-to-setup')]);
    expect(await page.getAttribute('#step-import [data-step-done]', 'data-step-done')).to.equal('true');
    expect(await page.textContent('#setup-last-import')).to.include('000000000FEC20231231.txt');

    await page.selectOption('#setup-scenarioId', { index: 1 });
    await Promise.all([page.waitForURL(/\/setup(#step-scenario)?$/), page.click('#setup-scenario-save')]);
    expect(await page.getAttribute('#step-scenario [data-step-done]', 'data-step-done')).to.equal('true');
    await s.screenshot('setup-1280');
    await Promise.all([page.waitForURL((u) => u.pathname === '/recouvrement/'), page.click('#setup-done')]);

    const company = await s.t.db.dataSource.getRepository(Company).findOneByOrFail({ siren: '919068007' });
    expect(await s.t.db.dataSource.getRepository(LedgerEntry).countBy({ companyId: company.id })).to.equal(2102);
    // The imported customers are there to work on.
    await page.goto(`${s.baseUrl}/third-parties`);
    expect(await page.locator('tr[data-third-party]').count()).to.be.above(0);
  });
});
