import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { startBrowserSession, type BrowserSession } from './support/browser';
import { seedReferenceData } from '../support/factories';
import { completeCreditor, makeDocumentDossier } from '../support/document-factories';
import { ApprovalRequest } from '../../src/approvals';

const TODAY = '2026-11-22';
const AXE = fs.readFileSync(path.resolve(__dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

/** axe-core in the page: the serious and critical violations, as `rule: selector` lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's CSP (script-src 'self') does not apply to it.
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target.map(String) })) }));
  });
  return (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.slice(0, 3).map((n) => `${v.id} (${v.help}): ${n.target.join(' ')}`));
}

async function duplicateIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const seen = new Map<string, number>();
    document.querySelectorAll('[id]').forEach((el) => seen.set(el.id, (seen.get(el.id) ?? 0) + 1));
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  });
}

describe('looks and access of the main pages (1280 px, axe-core, screenshots)', () => {
  let s: BrowserSession;
  let dossierId = 0;
  let dossierNumber = 0;

  before(async () => {
    s = await startBrowserSession({ basePath: '/recouvrement', today: TODAY });
    const ds = s.t.db.dataSource;
    const ref = await seedReferenceData(ds);
    await completeCreditor(ds, ref);
    const made = await makeDocumentDossier(ds, ref, [{ amount: 605095, dueDate: '2026-08-15', pieceRef: 'FA-2026-081' }, { amount: 120000, dueDate: '2026-10-01', pieceRef: 'FA-2026-101' }], {
      customer: { name: 'Boulangerie Martin SARL', auxiliaryAccount: '411MARTIN', address: '12 rue des Lilas', postalCode: '69003', city: 'Lyon', phone: '04 78 00 00 01' },
      dossier: { number: 4242, statusId: ref.statuses.EN_COURS.id, controllerId: ref.controllers[0].id, startDate: '2026-09-01' },
    });
    dossierId = made.dossier.id;
    dossierNumber = made.dossier.number;
    await makeDocumentDossier(ds, ref, [{ amount: 98000, dueDate: '2026-06-30' }], {
      customer: { name: 'Garage du Centre', auxiliaryAccount: '411GARAGE' },
      dossier: { number: 4243, statusId: ref.statuses.CONTENTIEUX.id, controllerId: ref.controllers[1].id, startDate: '2026-07-01' },
    });
    // A request waiting for approval: the approvals shield shows in the menu, the case where the logout button used to fall off.
    await ds.getRepository(ApprovalRequest).save({
      dossierId, kind: 'statusChange', status: 'pending', statusId: ref.statuses.CONTENTIEUX.id, interventionId: null, payload: '{}',
      requestedAt: '2026-11-21T09:00:00.000Z', requestedBy: null, decidedAt: null, decidedBy: null, decisionReason: null,
    } as unknown as ApprovalRequest);
    await s.page.setViewportSize({ width: 1280, height: 900 });
    await s.login('admin-look', 'admin');
  });
  after(() => s.close());

  const pages: [string, () => string][] = [
    ['home', () => '/'],
    ['dossiers', () => '/dossiers'],
    ['dossier-entries', () => `/dossiers/${dossierId}`],
    ['dossier-interventions', () => `/dossiers/${dossierId}?tab=interventions`],
    ['dossier-contacts', () => `/dossiers/${dossierId}?tab=contacts`],
    ['dossier-chrono', () => `/dossiers/${dossierId}?tab=chrono`],
    ['dossier-account', () => `/dossiers/${dossierId}/account`],
    ['dossier-new', () => '/dossiers/new'],
    ['actions', () => '/actions'],
    ['third-parties', () => '/third-parties'],
    ['reminders', () => '/reminders'],
    ['printing', () => '/printing'],
    ['reports', () => '/reports'],
    ['report-success', () => '/reports/success'],
    ['provisions', () => '/provisions'],
    ['journal', () => '/journal'],
    ['messages', () => '/messages'],
    ['jobs', () => '/jobs'],
    ['scenarios', () => '/scenarios'],
    ['settings', () => '/settings'],
    ['users', () => '/users'],
    ['audit', () => '/audit'],
  ];

  for (const [name, pathOf] of pages) {
    it(`${name}: no serious accessibility violation, unique ids, the menu whole at 1280 px`, async () => {
      const res = await s.page.goto(`${s.baseUrl}${pathOf()}`);
      expect(res?.status(), name).to.equal(200);
      await s.page.waitForLoadState('networkidle');
      expect(await duplicateIds(s.page), 'duplicate ids').to.deep.equal([]);
      expect(await s.page.locator('#nav-approvals').isVisible(), 'approvals shield shown').to.equal(true);
      const logout = await s.page.locator('form[action$="/logout"] button').boundingBox();
      expect(logout, 'logout button shown').to.not.equal(null);
      expect(logout!.x + logout!.width, 'logout button inside the window').to.be.at.most(1280);
      await s.screenshot(`main-${name}-1280`);
      expect(await seriousViolations(s.page), name).to.deep.equal([]);
    });
  }

  it('the menu stays whole at 1366 px too', async () => {
    await s.page.setViewportSize({ width: 1366, height: 900 });
    await s.page.goto(`${s.baseUrl}/dossiers`);
    const logout = await s.page.locator('form[action$="/logout"] button').boundingBox();
    expect(logout!.x + logout!.width).to.be.at.most(1366);
    await s.screenshot('main-dossiers-1366');
    await s.page.setViewportSize({ width: 1280, height: 900 });
  });

  it('Imprimer on the dossier prints its detail, and presets the criteria page to it', async () => {
    await s.page.goto(`${s.baseUrl}/dossiers/${dossierId}`);
    const [popup] = await Promise.all([s.page.waitForEvent('popup'), s.page.click('#dossier-print-button')]);
    await popup.waitForLoadState();
    const printed = await popup.content();
    expect(printed).to.contain('Boulangerie Martin SARL').and.contain('FA-2026-081');
    expect(printed).to.not.contain('Garage du Centre');
    await popup.close();
    await s.page.click('#dossier-print-more');
    await s.page.click('#dossier-print-criteria');
    await s.page.waitForURL(/\/printing\?/);
    expect(await s.page.inputValue('#f-numberFrom')).to.equal(String(dossierNumber));
    expect(await s.page.inputValue('#f-numberTo')).to.equal(String(dossierNumber));
    expect(await s.page.isChecked('#f-layout-detailed')).to.equal(true);
  });

  it('the status dialog works with the keyboard: Enter opens it with the focus inside, Escape closes it and gives the focus back', async () => {
    await s.page.goto(`${s.baseUrl}/dossiers/${dossierId}`);
    await s.page.focus('#change-status-button');
    await s.page.keyboard.press('Enter');
    const dialog = s.page.locator('#status-dialog');
    await dialog.waitFor({ state: 'visible' });
    await s.page.waitForFunction(() => document.activeElement !== null && document.querySelector('#status-dialog')!.contains(document.activeElement));
    expect(await seriousViolations(s.page), 'status dialog').to.deep.equal([]);
    await s.screenshot('main-status-dialog-1280');
    await s.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await s.page.evaluate(() => document.activeElement?.id)).to.equal('change-status-button');
  });

  it('in English the dossier page writes English dates and amounts, without French spaces before colons', async () => {
    await s.page.goto(`${s.baseUrl}/dossiers/${dossierId}/account`);
    await Promise.all([s.page.waitForURL(/account/), s.page.click('form[action$="/preferences/locale"] button')]);
    expect(await s.page.getAttribute('html', 'lang')).to.equal('en');
    const header = (await s.page.locator('.dossier-header').innerText()).replace(/\u00a0/g, ' ');
    expect(header).to.contain('€7,250.95').and.contain('1 Sep 2026');
    const text = (await s.page.locator('main').innerText()).replace(/\u00a0/g, ' ');
    expect(text).to.not.match(/\w :/);
    await s.screenshot('main-dossier-account-en-1280');
    expect(await seriousViolations(s.page), 'english account').to.deep.equal([]);
    await Promise.all([s.page.waitForLoadState(), s.page.click('form[action$="/preferences/locale"] button')]);
    expect(await s.page.getAttribute('html', 'lang')).to.equal('fr');
  });

  it('a date field opens a French picker and writes jj/mm/aaaa, whatever the browser language', async () => {
    const context = await s.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', storageState: await s.page.context().storageState() });
    const page = await context.newPage();
    await page.goto(`${s.baseUrl}/actions`);
    await page.click('#f-dueBy');
    const calendar = page.locator('.flatpickr-calendar.open');
    await calendar.waitFor();
    expect((await calendar.locator('.flatpickr-weekday').first().textContent())?.trim().toLowerCase()).to.equal('lun');
    await calendar.locator('.flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)', { hasText: /^15$/ }).first().click();
    expect(await page.inputValue('#f-dueBy')).to.match(/^15\/\d{2}\/\d{4}$/);
    await context.close();
  });
});
