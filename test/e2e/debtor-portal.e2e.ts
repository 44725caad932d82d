/**
 * The debtor's side in a real browser: a reminder e-mail goes through a real SMTP server, the
 * debtor opens the personal link it carries on a phone-sized screen, promises a date and disputes
 * an invoice; the controller then finds both in the dossier.
 */
import { expect } from 'chai';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { startBrowserSession, BrowserSession } from './support/browser';
import { completeCreditor, makeDocumentDossier } from '../support/document-factories';
import { seedReferenceData } from '../support/factories';
import { Company } from '../../src/companies/company.entity';
import { CreditController } from '../../src/credit-controllers/credit-controller.entity';
import { User } from '../../src/auth/user.entity';
import { renderStepDocument } from '../../src/documents';
import { sendQueued } from '../../src/mail';
import { loadConfig } from '../../src/config';

describe('browser: the debtor page opened from a sent e-mail', function () {
  this.timeout(90000);
  let s: BrowserSession;
  let smtp: SMTPServer;
  const received: string[] = [];

  before(async () => {
    s = await startBrowserSession({ basePath: '/recouvrement', today: '2026-11-22' });
    smtp = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
      onData(stream, _session, callback) {
        let raw = '';
        stream.setEncoding('utf8');
        stream.on('data', (c: string) => (raw += c));
        stream.on('end', () => { received.push(raw); callback(); });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await s.close();
  });

  it('promises a date and disputes an invoice from the link, and the controller finds both in the dossier', async () => {
    const ds = s.t.db.dataSource;
    const ref = await seedReferenceData(ds);
    await completeCreditor(ds, ref);
    await ds.getRepository(Company).update({ id: ref.company.id }, { iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' });
    const { dossier } = await makeDocumentDossier(ds, ref, [
      { amount: 120000, dueDate: '2026-10-01', pieceRef: 'FA2026-0101', date: '2026-09-01' },
      { amount: 45000, dueDate: '2026-10-15', pieceRef: 'FA2026-0117', date: '2026-09-15' },
    ]);
    await s.login('claire', 'controller');
    const claire = await ds.getRepository(User).findOneByOrFail({ username: 'claire' });
    await ds.getRepository(CreditController).update({ id: ref.controllers[0].id }, { userId: claire.id });
    await ds.query(ds.options.type === 'postgres' ? 'UPDATE dossier SET controller_id = $1 WHERE id = $2' : 'UPDATE dossier SET controller_id = ? WHERE id = ?', [ref.controllers[0].id, dossier.id]);

    const step = await renderStepDocument(ds, { dossierId: dossier.id, interventionId: null, templateCode: 'relance-amiable', asOf: '2026-11-22' });
    expect(step.ok && step.kind).to.equal('email');
    const port = (smtp.server.address() as AddressInfo).port;
    expect((await sendQueued(ds, loadConfig({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port) }))).sent).to.equal(1);
    const mail = received[0].replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    const link = /https?:\/\/[^\s"<>]+\/espace\/[0-9]+\.[0-9]{8}\.[A-Za-z0-9_-]{32}/.exec(mail)?.[0];
    expect(link, 'the e-mail carries the personal link').to.be.a('string');
    // The link names the configured public address; the test server listens on its own port.
    const url = new URL(link!);
    const opened = `${new URL(s.baseUrl).origin}${url.pathname}`;

    const phone = await s.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR', isMobile: true });
    const page = await phone.newPage();
    await page.goto(opened);
    expect(await page.textContent('#creditor-name')).to.include('Atlas');
    expect(await page.textContent('#portal-invoices')).to.include('FA2026-0101').and.include('FA2026-0117');
    expect(await page.getAttribute('#epc-qr', 'src')).to.match(/^data:image\/png;base64,/);
    await page.screenshot({ path: 'test-results/screenshots/debtor-portal-phone.png', fullPage: true });

    await page.fill('#p-date', '04/12/2026');
    await page.fill('#p-amount', '450,00');
    await Promise.all([page.waitForURL(/done=promise/), page.click('#portal-promise button[type=submit]')]);
    expect(await page.textContent('#answer')).to.include('promesse de paiement est enregistrée');

    await page.selectOption('#d-entry', { label: 'FA2026-0101 — 1\u202f200,00\u00a0€' }).catch(async () => {
      const options = await page.$$eval('#d-entry option', (o) => o.map((x) => ({ v: (x as HTMLOptionElement).value, l: x.textContent ?? '' })));
      await page.selectOption('#d-entry', options.find((o) => o.l.includes('FA2026-0101'))!.v);
    });
    await page.fill('#d-message', 'Livraison incomplète : deux cartons manquants.');
    await Promise.all([page.waitForURL(/done=dispute/), page.click('#portal-dispute button[type=submit]')]);
    expect(await page.textContent('#answer')).to.include('contestation est enregistrée');
    await phone.close();

    await s.page.goto(`${s.baseUrl}/dossiers/${dossier.id}/account`);
    expect(await s.page.getAttribute('[data-promise]', 'data-status')).to.equal('open');
    expect(await s.page.textContent('#promise-list')).to.include('04/12/2026').and.include('Espace débiteur');
    expect(await s.page.getAttribute('[data-dispute]', 'data-status')).to.equal('open');
    expect(await s.page.textContent('[data-dispute]')).to.include('FA2026-0101').and.include('Livraison incomplète');
    await s.screenshot('debtor-portal-dossier');
    await s.page.goto(`${s.baseUrl}/dossiers/${dossier.id}?tab=chrono`);
    const chrono = await s.page.textContent('#chrono');
    expect(chrono).to.include('Réponse du débiteur').and.include('Litige ouvert sur FA2026-0101');
  });
});
