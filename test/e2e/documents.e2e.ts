import { expect } from 'chai';
import { startBrowserSession, type BrowserSession } from './support/browser';
import { seedReferenceData } from '../support/factories';
import { completeCreditor, makeDocumentDossier } from '../support/document-factories';

describe('document templates in the browser', () => {
  let s: BrowserSession;
  let dossierNumber: number;
  before(async () => {
    s = await startBrowserSession({ basePath: '/recouvrement', today: '2025-11-22' });
    const ref = await seedReferenceData(s.t.db.dataSource);
    await completeCreditor(s.t.db.dataSource, ref);
    const { dossier } = await makeDocumentDossier(s.t.db.dataSource, ref, [
      { amount: 120000, dueDate: '2025-10-23', pieceRef: 'FA2025-0102' },
      { amount: 345678, dueDate: '2025-08-15', pieceRef: 'FA2025-0077' },
    ]);
    dossierNumber = dossier.number;
    await s.login('admin-e2e', 'admin');
  });
  after(() => s.close());

  it('an administrator previews the mise en demeure on a dossier, then sees a broken edit with its line', async () => {
    await s.page.goto(`${s.baseUrl}/templates/mise-en-demeure?dossier=${dossierNumber}&asOf=2025-11-22`);
    const frame = s.page.frameLocator('iframe[data-preview="html"]');
    await expect(await frame.locator('text=MISE EN DEMEURE DE PAYER').count()).to.equal(1);
    await s.screenshot('documents-preview');

    const body = s.page.locator('#f-body');
    await body.fill('<p>{{customer.name}}</p>\n{{#each entries}}\n<p>{{pieceRef}} {{money balance}}</p>\n{{/each}}\n{{oops customer.name}}');
    await s.page.getByRole('button', { name: /Actualiser l'aperçu/ }).click();
    await s.page.waitForSelector('[data-template-error]');
    expect(await s.page.locator('[data-template-error]').first().getAttribute('data-line')).to.equal('5');
    await s.screenshot('documents-preview-error');
  });
});
