import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { SCREENSHOT_DIR, startBrowserSession, type BrowserSession } from './support/browser';
import { makeEntry, seedReferenceData } from '../support/factories';
import { completeCreditor, makeDocumentDossier } from '../support/document-factories';
import { Intervention } from '../../src/interventions/intervention.entity';

const TODAY = '2026-11-22';

describe('printing and the dashboard in the browser', () => {
  let s: BrowserSession;

  before(async () => {
    s = await startBrowserSession({ basePath: '/recouvrement', today: TODAY });
    const ds = s.t.db.dataSource;
    const ref = await seedReferenceData(ds);
    await completeCreditor(ds, ref);
    const customers = [
      ['Boulangerie Martin SARL', '411MARTIN', 'EN_COURS', [[120000, '2026-10-23'], [345678, '2026-08-15']]],
      ['Garage du Centre', '411GARAGE', 'CONTENTIEUX', [[98000, '2026-06-30']]],
      ['Imprimerie Lenoir', '411LENOIR', 'EN_COURS', [[45000, '2026-12-05'], [15500, '2026-11-10']]],
      ['Transports Rapides', '411TRANSP', 'TERMINE', [[210000, '2026-05-31']]],
    ] as const;
    for (const [i, [name, account, status, invoices]] of customers.entries()) {
      const { dossier, customer } = await makeDocumentDossier(ds, ref, invoices.map(([amount, dueDate]) => ({ amount, dueDate, pieceRef: `FA-${account}-${dueDate.slice(5, 7)}` })), {
        customer: { name, auxiliaryAccount: account, address: `${12 + i} rue des Lilas`, postalCode: '69003', city: 'Lyon', phone: '04 78 00 00 0' + i },
        dossier: { statusId: ref.statuses[status].id, controllerId: ref.controllers[i % 2].id, startDate: '2026-09-0' + (i + 1), ...(status === 'TERMINE' ? { endDate: '2026-11-05', resolutionId: ref.resolutions.PAIEMENT.id, resultId: ref.results.RECOUVRE.id } : {}) },
      });
      // A payment this month on every customer, linked to the dossier.
      const payment = await makeEntry(ds, ref, customer, { journalCode: 'BQ', debit: 0, credit: 30000 + i * 10000, entryDate: `2026-${i % 2 ? '10' : '11'}-1${i}`, dueDate: null, pieceRef: `VIR-${i}` });
      await ds.query(`INSERT INTO dossier_entry (dossier_id, ledger_entry_id, linked_at) VALUES (${dossier.id}, ${payment.id}, '2026-11-20T09:00:00.000Z')`);
      await ds.getRepository(Intervention).save({
        dossierId: dossier.id, type: 'call', label: 'Relance téléphonique', dueDate: i === 0 ? TODAY : '2026-11-18', priority: 1, assigneeId: null, state: 'todo', source: 'manual',
        stepCode: null, occurrence: null, doneDate: null, doneAt: null, doneBy: null, result: null, comment: null, skipReason: null, version: 1, createdAt: '2026-11-01T09:00:00.000Z', createdBy: null,
      } as unknown as Intervention);
    }
    await s.login('compta-e2e', 'accountant');
  });
  after(() => s.close());

  it('opens the dashboard with its counters and both charts drawn', async () => {
    await s.page.goto(`${s.baseUrl}/`);
    await s.page.waitForFunction(() => document.querySelectorAll('canvas[data-chart]').length === 2 && Array.from(document.querySelectorAll("canvas")).every((c) => (c as HTMLCanvasElement).width > 0 && (window as unknown as { Chart?: { getChart(c: Element): unknown } }).Chart?.getChart(c)));
    expect(await s.page.locator('[data-counter="openDossiers"] [data-value]').innerText()).to.equal('3');
    expect(await s.page.locator('[data-counter="actionsDueToday"] [data-value]').innerText()).to.equal('1');
    expect(await s.page.locator('[data-counter="overdueActions"] [data-value]').innerText()).to.equal('3');
    await s.screenshot('dashboard');
  });

  it('prints a selection in the detailed layout from the dossier list', async () => {
    await s.page.goto(`${s.baseUrl}/dossiers`);
    await Promise.all([s.page.waitForURL(/\/printing/), s.page.click('#print-dossiers')]);
    await s.page.check('#f-layout-detailed');
    await s.page.selectOption('#f-status', [{ label: 'En cours' }, { label: 'Contentieux' }]);
    await s.screenshot('printing-form');
    const [printed] = await Promise.all([s.page.waitForEvent('popup'), s.page.click('#print-html')]);
    await printed.waitForLoadState('load');
    expect(await printed.locator('section.dossier').count()).to.equal(3);
    expect(await printed.locator('section.dossier').first().innerText()).to.include('Boulangerie Martin SARL');
    await printed.emulateMedia({ media: 'print' });
    await printed.setViewportSize({ width: 900, height: 1300 });
    await printed.screenshot({ path: path.join(SCREENSHOT_DIR, 'printing-detailed.png'), fullPage: false });
    // The real printed pages: a PDF from the same page, one page per dossier.
    const pdf = await printed.pdf({ preferCSSPageSize: true, printBackground: true });
    const pdfFile = path.join(SCREENSHOT_DIR, '..', 'printing-detailed.pdf');
    fs.writeFileSync(pdfFile, pdf);
    // Chromium's PDF viewer shows the printed pages with their margin boxes (header, "Page 1 / 3").
    const viewer = await s.browser.newPage({ viewport: { width: 1000, height: 1300 } });
    await viewer.goto(`file://${pdfFile}`).catch(() => undefined);
    await viewer.waitForTimeout(2000);
    await viewer.screenshot({ path: path.join(SCREENSHOT_DIR, 'printing-detailed-pdf.png') });
    await viewer.close();
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).to.be.at.least(3);
    await printed.close();
  });

  it('prints the list layout with subtotals, and opens a report with its chart', async () => {
    await s.page.goto(`${s.baseUrl}/printing`);
    const [printed] = await Promise.all([s.page.waitForEvent('popup'), s.page.click('#print-html')]);
    await printed.waitForLoadState('load');
    expect(await printed.locator('tr.subtotal').count()).to.equal(3);
    await printed.setViewportSize({ width: 1200, height: 900 });
    await printed.screenshot({ path: path.join(SCREENSHOT_DIR, 'printing-list.png'), fullPage: true });
    await printed.close();

    await s.page.goto(`${s.baseUrl}/reports/aging`);
    await s.page.waitForFunction(() => Boolean((window as unknown as { Chart?: { getChart(c: Element): unknown } }).Chart?.getChart(document.querySelector('canvas')!)));
    expect(await s.page.locator('#report-table tbody tr').count()).to.equal(4);
    await s.screenshot('report-aging');
  });
});
