import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBrowserSession, BrowserSession } from './support/browser';
import { DossierEntry } from '../../src/dossiers/dossier.entity';
import { makeDossier, makeEntry, makeThirdParty, seedReferenceData } from '../support/factories';
import { TEST_PASSWORD } from '../support/test-app';
import { createUser } from '../../src/auth/auth.service';
import { User } from '../../src/auth/user.entity';
import { CreditController } from '../../src/credit-controllers/credit-controller.entity';

describe('browser: the dossier account, a payment, a payment plan and the zip', () => {
  let s: BrowserSession;
  let uploadDir: string;
  const previousUploadDir = process.env.UPLOAD_DIR;
  before(async () => {
    uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recouvrement-e2e-'));
    process.env.UPLOAD_DIR = uploadDir;
    s = await startBrowserSession({ basePath: '/recouvrement' });
  });
  after(async () => {
    await s?.close();
    if (previousUploadDir === undefined) delete process.env.UPLOAD_DIR;
    else process.env.UPLOAD_DIR = previousUploadDir;
    fs.rmSync(uploadDir, { recursive: true, force: true });
  });

  it('a controller records a payment, agrees a 3-installment plan, attaches a file and downloads the zip', async () => {
    const ds = s.t.db.dataSource;
    const ref = await seedReferenceData(ds);
    const customer = await makeThirdParty(ds, ref, { name: 'Boulangerie Martin SARL', auxiliaryAccount: '411MARTIN' });
    const invoice = await makeEntry(ds, ref, customer, { debit: 120000, pieceRef: 'FA2026-0042', entryDate: '2026-09-01', dueDate: '2026-10-01' });
    const dossier = await makeDossier(ds, ref, customer, { number: 42 });
    await ds.getRepository(DossierEntry).save({ dossierId: dossier.id, ledgerEntryId: invoice.id, linkedAt: '2026-11-22T09:00:00.000Z', linkedBy: null });
    const page = s.page;

    await s.login('claire', 'controller');
    // Controllers change only the dossiers assigned to them: claire works this one.
    const claire = await ds.getRepository(User).findOneByOrFail({ username: 'claire' });
    await ds.getRepository(CreditController).update({ id: ref.controllers[0].id }, { userId: claire.id });
    await page.goto(`${s.baseUrl}/dossiers/${dossier.id}`);
    await Promise.all([page.waitForURL(/\/account$/), page.click('#tab-account')]);
    expect(await page.textContent('[data-overview="balance"]')).to.equal('1\u202f200,00\u00a0€');
    await s.screenshot('dossier-account-before');

    // Encaissement: 200,00 by cheque.
    await page.click('#payment-form summary');
    await page.fill('#pay-amount', '200,00');
    await page.selectOption('#pay-method', 'cheque');
    await page.fill('#pay-reference', 'CHQ-0042');
    await Promise.all([page.waitForURL(/\/account$/), page.click('#record-payment')]);
    expect(await page.textContent('main')).to.include('Encaissement enregistré.');
    expect(await page.textContent('[data-overview="balance"]')).to.equal('1\u202f000,00\u00a0€');
    expect(await page.textContent('#direct-payments')).to.include('CHQ-0042');
    await s.screenshot('dossier-account-payment');

    // Accord de paiement: the balance by default, 3 monthly installments from 05/12/2026.
    await page.click('#plan-form summary');
    expect(await page.inputValue('#plan-total')).to.equal('1\u202f000,00');
    await page.fill('#plan-firstDate', '05/12/2026');
    await page.fill('#plan-count', '3');
    await Promise.all([page.waitForURL(/\/account$/), page.click('#create-plan')]);
    const summary = await page.textContent('[data-field="plan-summary"]');
    expect(summary).to.equal("Échéancier de 1\u202f000,00\u00a0€ en 3 versements, jusqu'au 05/02/2027, intérêts 0,00\u00a0€ : premier versement de 333,33\u00a0€ le 05/12/2026, dernier versement de 333,34\u00a0€ le 05/02/2027.");
    const amounts = await page.$$eval('[data-plan] tbody tr td:nth-child(5)', (tds) => tds.map((td) => td.textContent));
    expect(amounts).to.deep.equal(['333,33\u00a0€', '333,33\u00a0€', '333,34\u00a0€']);
    // The cheque came in before the plan was agreed: it is in the plan's total, not in its first installment.
    expect(await page.$$eval('[data-installment]', (rows) => rows.map((r) => r.getAttribute('data-state')))).to.deep.equal(['unpaid', 'unpaid', 'unpaid']);
    await page.locator('#plans').scrollIntoViewIfNeeded();
    await s.screenshot('dossier-account-plan');

    // A file, then Télécharger.
    await page.setInputFiles('#f-files', { name: 'relance signée.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 relance') });
    await Promise.all([page.waitForURL(/\/account/), page.click('#upload-attachments')]);
    expect(await page.textContent('#attachment-list')).to.include('relance signée.pdf');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-both')]);
    expect(download.suggestedFilename()).to.equal('dossier-42-both.zip');
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 2).toString()).to.equal('PK');
    expect(bytes.includes(Buffer.from('pieces-jointes/relance sign'))).to.equal(true);
    await page.locator('#attachments').scrollIntoViewIfNeeded();
    await s.screenshot('dossier-account-attachments');

    // The Chrono tells the story.
    await page.goto(`${s.baseUrl}/dossiers/${dossier.id}?tab=chrono`);
    const chrono = await page.textContent('#chrono');
    expect(chrono).to.include('Encaissement enregistré').and.include('Accord de paiement créé').and.include('Pièces jointes ajoutées : relance signée.pdf');
    await s.screenshot('dossier-account-chrono');

    // A note in the Chrono, and the closure request panel loaded by htmx.
    await page.fill('#f-note', 'Client rappelé : le solde suivra l\'échéancier.');
    await Promise.all([page.waitForURL(/tab=chrono/), page.click('#note-form button[type=submit]')]);
    expect(await page.textContent('#chrono')).to.include("Note : Client rappelé : le solde suivra l'échéancier.");
    await page.waitForSelector('#closure-request-form', { state: 'attached' });
    await s.screenshot('dossier-chrono-note');

    // Derniers encaissements.
    await page.goto(`${s.baseUrl}/payments/recent`);
    expect(await page.textContent('[data-field="total-recovered"]')).to.equal('200,00\u00a0€');
    await s.screenshot('recent-payments');

    // A message about the dossier from an administrator (another browser): claire sees the unread count in her header.
    await createUser(ds, { username: 'paul', displayName: 'Paul Admin', password: TEST_PASSWORD, role: 'admin' });
    const other = await (await s.browser.newContext({ locale: 'fr-FR' })).newPage();
    await other.goto(`${s.baseUrl}/login`);
    await other.fill('#username', 'paul');
    await other.fill('#password', TEST_PASSWORD);
    await Promise.all([other.waitForURL((u) => !u.pathname.endsWith('/login')), other.click('button[type=submit]')]);
    await other.goto(`${s.baseUrl}/messages/new?dossierId=${dossier.id}`);
    await other.selectOption('#f-toUserId', { label: 'claire' });
    await other.fill('#f-subject', 'Accord de paiement signé');
    await other.fill('#f-body', 'Merci de suivre la première échéance du 05/12.');
    await other.check('input[name=urgent]');
    await Promise.all([other.waitForURL(/box=out/), other.click('#send-message')]);
    await page.goto(`${s.baseUrl}/messages`);
    expect(await page.textContent('#nav-messages [data-unread-count]')).to.equal('1');
    expect(await page.textContent('#messages')).to.include('Accord de paiement signé');
    await s.screenshot('messages-inbox');
  });
});
