import { expect } from 'chai';
import request from 'supertest';
import { createTestApp, extractCsrf, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { makeDossier, makeEntry, makeThirdParty, ReferenceData, seedReferenceData } from '../support/factories';
import { Company } from '../../src/companies/company.entity';
import { CreditController } from '../../src/credit-controllers/credit-controller.entity';
import { DossierEvent } from '../../src/history/dossier-event.entity';
import { Intervention } from '../../src/interventions/intervention.entity';
import { UserMessage } from '../../src/messages/message.entity';
import { PaymentPromise } from '../../src/promises/payment-promise.entity';
import { Dispute } from '../../src/disputes/dispute.entity';
import { Attachment } from '../../src/attachments/attachment.entity';
import { FinancialElement } from '../../src/dossier-account/dossier-account.entity';
import { debtorLinkFor } from '../../src/debtor-portal';
import { PORTAL_RATE, resetPortalRateLimit } from '../../src/debtor-portal/debtor-portal.routes';
import { buildDossierContext } from '../../src/documents';
import { linkEntry } from './daily-support';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { completeCreditor, makeDocumentDossier } from '../support/document-factories';
import { Contact } from '../../src/contacts/contact.entity';
import { OutboxMessage, sendQueued } from '../../src/mail';
import { renderStepDocument } from '../../src/documents';
import { loadConfig } from '../../src/config';

const BASE = '/recouvrement';

describe('the debtor page (espace débiteur), reached from a signed personal link', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let controller: SignedInAgent;
  const ds = () => t.db.dataSource;

  before(async () => {
    t = await createTestApp({ basePath: BASE, today: '2026-11-22', env: { PUBLIC_URL: 'https://recouvrement.example.fr/recouvrement' } });
    ref = await seedReferenceData(ds());
    controller = await signIn(t, 'claire', 'controller');
    await ds().getRepository(CreditController).update({ id: ref.controllers[0].id }, { userId: controller.userId });
    await ds().getRepository(Company).update({ id: ref.company.id }, { iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' });
  });
  beforeEach(() => resetPortalRateLimit());
  afterEach(() => t.setToday('2026-11-22'));
  after(() => t.close());

  async function customerDossier(name: string) {
    const customer = await makeThirdParty(ds(), ref, { name });
    const d = await makeDossier(ds(), ref, customer, { startDate: '2026-10-01', controllerId: ref.controllers[0].id });
    const a = await makeEntry(ds(), ref, customer, { debit: 120000, entryDate: '2026-09-01', dueDate: '2026-10-01', pieceRef: `INV-${name}-1` });
    const b = await makeEntry(ds(), ref, customer, { debit: 73379, entryDate: '2026-09-15', dueDate: '2026-10-15', pieceRef: `INV-${name}-2` });
    await linkEntry(ds(), d.id, a.id);
    await linkEntry(ds(), d.id, b.id);
    return { d, a, b, customer };
  }
  const pathOf = (url: string) => url.replace('https://recouvrement.example.fr', '');
  const debtor = () => request.agent(t.app);

  it('shows, without signing in, that customer\'s open invoices, the amount due, the IBAN and the QR code, in the creditor\'s name, under its own CSP', async () => {
    const mine = await customerDossier('Dupont');
    const other = await customerDossier('Martin');
    const link = await debtorLinkFor(ds(), mine.d.id, '2026-11-22');
    expect(link.url).to.match(/^https:\/\/recouvrement\.example\.fr\/recouvrement\/espace\/\d+\.20270121\.[A-Za-z0-9_-]{32}$/);
    const res = await debtor().get(pathOf(link.url)).expect(200);
    expect(res.text).to.include('Atlas Équipements');
    expect(res.text).to.include('INV-Dupont-1').and.include('INV-Dupont-2');
    expect(res.text).to.match(/id="amount-due">1\u202f933,79\s€/);
    expect(res.text).to.include('FR76 3000 6000 0112 3456 7890 189');
    expect(res.text).to.match(/<img src="data:image\/png;base64,[^"]+" width="200" height="200" alt="QR code de virement SEPA" id="epc-qr">/);
    expect(res.text).not.to.include('INV-Martin');
    expect(res.text).not.to.include(other.customer.name);
    expect(res.headers['content-security-policy']).to.equal("default-src 'none'; img-src 'self' data:; style-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.headers['referrer-policy']).to.equal('no-referrer');
    // The same link again: reused, not a new one.
    expect((await debtorLinkFor(ds(), mine.d.id, '2026-11-23')).url).to.equal(link.url);
  });

  it('a promise and a dispute from the page take effect through the same use cases and land in the Chrono, the controller\'s messages and Gestion des actions', async () => {
    const { d, a } = await customerDossier('Durand');
    const link = await debtorLinkFor(ds(), d.id, '2026-11-22');
    const agent = debtor();
    const page = await agent.get(pathOf(link.url)).expect(200);
    const csrf = extractCsrf(page.text);
    const done = await agent.post(`${pathOf(link.url)}/promise`).type('form').send({ _csrf: csrf, promisedDate: '30/11/2026', amount: '500,00', comment: 'Virement vendredi' }).expect(303);
    expect(done.headers.location).to.match(/\?done=promise#answer$/);
    expect(await ds().getRepository(PaymentPromise).findOneByOrFail({ dossierId: d.id })).to.include({ status: 'open', channel: 'debtorPage', amount: 50000, promisedDate: '2026-11-30', takenBy: null });

    await agent.post(`${pathOf(link.url)}/dispute?_csrf=${encodeURIComponent(csrf)}`)
      .field('entryId', String(a.id)).field('reasonId', String(ref.disputeReasons.CONTESTEE.id)).field('message', 'Marchandise abîmée')
      .attach('file', Buffer.from('photo'), 'photo colis.jpg').expect(303);
    expect(await ds().getRepository(Dispute).findOneByOrFail({ dossierId: d.id })).to.include({ status: 'open', ledgerEntryId: a.id, source: 'debtor', ownerUserId: controller.userId, message: 'Marchandise abîmée' });
    expect((await ds().getRepository(Attachment).find({ where: { dossierId: d.id } })).map((x) => x.originalName)).to.deep.equal(['photo colis.jpg']);

    await agent.post(`${pathOf(link.url)}/plan`).type('form').send({ _csrf: csrf, message: '3 fois 400 €' }).expect(303);
    await agent.post(`${pathOf(link.url)}/message`).type('form').send({ _csrf: csrf, message: 'Merci de me rappeler' }).expect(303);

    const events = (await ds().getRepository(DossierEvent).find({ where: { dossierId: d.id }, order: { id: 'ASC' } })).map((e) => e.type);
    expect(events.filter((e) => e !== 'interventionAdded' && e !== 'attachmentAdded')).to.deep.equal(['promiseRecorded', 'debtorAnswered', 'disputeOpened', 'debtorAnswered', 'debtorAnswered', 'debtorAnswered']);
    const todo = await ds().getRepository(Intervention).find({ where: { dossierId: d.id, state: 'todo' }, order: { id: 'ASC' } });
    expect(todo.map((i) => [i.label, i.assigneeId])).to.deep.equal([
      [`Espace débiteur : promesse de paiement (dossier n° ${d.number})`, ref.controllers[0].id],
      [`Espace débiteur : contestation (dossier n° ${d.number})`, ref.controllers[0].id],
      [`Espace débiteur : demande d'échéancier (dossier n° ${d.number})`, ref.controllers[0].id],
      [`Espace débiteur : message du débiteur (dossier n° ${d.number})`, ref.controllers[0].id],
    ]);
    const inbox = await ds().getRepository(UserMessage).find({ where: { dossierId: d.id, toUserId: controller.userId } });
    expect(inbox.map((m) => m.body)).to.include('Merci de me rappeler').and.include('3 fois 400 €');
    // The controller finds both in the dossier.
    const account = await controller.agent.get(`${BASE}/dossiers/${d.id}/account`).expect(200);
    expect(account.text).to.match(/data-promise="\d+" data-status="open"/).and.match(/data-dispute="\d+" data-status="open"/);
    expect(account.text).to.include('Marchandise abîmée');
  });

  it('refuses another customer\'s invoice or copy through a link, and bad input at the field, writing nothing', async () => {
    const mine = await customerDossier('Petit');
    const other = await customerDossier('Grand');
    const element = await ds().getRepository(FinancialElement).save({ dossierId: other.d.id, kind: 'invoice', number: 'INV-Grand-1', issueDate: '2026-09-01', dueDate: '2026-10-01', grossAmount: 1000, netAmount: null, currency: 'EUR', comment: null, createdAt: '2026-11-22T00:00:00Z', createdBy: null } as FinancialElement);
    const copy = await ds().getRepository(Attachment).save({ dossierId: other.d.id, elementId: element.id, originalName: 'x.pdf', storedName: `${'a'.repeat(32)}.pdf`, mimeType: 'application/pdf', size: 1, createdAt: '2026-11-22T00:00:00Z', createdBy: null } as Attachment);
    const link = await debtorLinkFor(ds(), mine.d.id, '2026-11-22');
    const agent = debtor();
    const csrf = extractCsrf((await agent.get(pathOf(link.url)).expect(200)).text);
    const res = await agent.post(`${pathOf(link.url)}/dispute?_csrf=${encodeURIComponent(csrf)}`).field('entryId', String(other.a.id)).field('reasonId', String(ref.disputeReasons.CONTESTEE.id)).field('message', 'x').expect(422);
    expect(res.text).to.include('data-field-error="entryId"');
    expect(res.text).not.to.include('INV-Grand');
    await agent.get(`${pathOf(link.url)}/copies/${copy.id}`).expect(404);
    const bad = await agent.post(`${pathOf(link.url)}/promise`).type('form').send({ _csrf: csrf, promisedDate: '01/01/2020', amount: 'abc' }).expect(422);
    expect(bad.text).to.include('data-field-error="amount"');
    const past = await agent.post(`${pathOf(link.url)}/promise`).type('form').send({ _csrf: csrf, promisedDate: '01/01/2020', amount: '10,00' }).expect(422);
    expect(past.text).to.include('data-field-error="promisedDate"').and.include('La date promise ne peut pas être passée.');
    // No CSRF token: refused.
    await agent.post(`${pathOf(link.url)}/message`).type('form').send({ message: 'x' }).expect(403);
    expect(await ds().getRepository(Dispute).countBy({ dossierId: mine.d.id })).to.equal(0);
    expect(await ds().getRepository(PaymentPromise).countBy({ dossierId: mine.d.id })).to.equal(0);
  });

  it('refuses an expired, a revoked or a forged link', async () => {
    const { d } = await customerDossier('Leroy');
    const link = await debtorLinkFor(ds(), d.id, '2026-11-22');
    t.setToday('2027-01-22');
    const expired = await debtor().get(pathOf(link.url)).expect(410);
    expect(expired.text).to.include('Ce lien a expiré.');
    t.setToday('2026-11-22');
    await debtor().get(pathOf(link.url).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))).expect(404);
    await debtor().get(`${BASE}/espace/1.20991231.${'x'.repeat(32)}`).expect(404);
    await controller.agent.post(`${BASE}/dossiers/${d.id}/debtor-links/revoke`).type('form').send({ _csrf: controller.csrf }).expect(303);
    const revoked = await debtor().get(pathOf(link.url)).expect(410);
    expect(revoked.text).to.include('Ce lien n&#39;est plus valable.');
    // A new letter makes a new link that works.
    const fresh = await debtorLinkFor(ds(), d.id, '2026-11-22');
    expect(fresh.url).to.not.equal(link.url);
    await debtor().get(pathOf(fresh.url)).expect(200);
  });

  it('is rate-limited per client address', async () => {
    const { d } = await customerDossier('Roux');
    const link = await debtorLinkFor(ds(), d.id, '2026-11-22');
    const limit = PORTAL_RATE.limit;
    PORTAL_RATE.limit = 3;
    try {
      for (let i = 0; i < 3; i++) await debtor().get(pathOf(link.url)).expect(200);
      const res = await debtor().get(pathOf(link.url)).expect(429);
      expect(res.headers['retry-after']).to.match(/^\d+$/);
      // The page's own refusal page, under its own CSP.
      expect(res.headers['content-security-policy']).to.include("default-src 'none'");
      expect(res.text).to.include('Trop de demandes');
    } finally {
      PORTAL_RATE.limit = limit;
    }
  });

  it('letters carry the personal link and the QR code', async () => {
    const { d } = await customerDossier('Moreau');
    const context = await buildDossierContext(ds(), d.id, '2026-11-22');
    expect(context.debtorPage?.url).to.match(/^https:\/\/recouvrement\.example\.fr\/recouvrement\/espace\//);
    expect(context.debtorPage?.qrDataUrl).to.match(/^data:image\/png;base64,/);
    const preview = await controller.agent.get(`${BASE}/documents/dossiers/${d.id}/relance-simple`);
    if (preview.status === 200) expect(preview.text).to.include('class="debtor-link"');
  });
});

describe('an e-mail the SMTP server refuses', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let controller: SignedInAgent;
  let smtp: SMTPServer;
  const delivered: string[][] = [];
  const ds = () => t.db.dataSource;

  before(async () => {
    t = await createTestApp({ basePath: BASE, today: '2026-11-22' });
    ref = await seedReferenceData(ds());
    await completeCreditor(ds(), ref);
    controller = await signIn(t, 'claire', 'controller');
    // A real SMTP server that does not know one mailbox.
    smtp = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('inconnu@')) return callback(Object.assign(new Error('5.1.1 <inconnu@client.test>: Recipient address rejected: User unknown'), { responseCode: 550 }));
        callback();
      },
      onData(stream, session, callback) {
        stream.on('data', () => undefined);
        stream.on('end', () => { delivered.push(session.envelope.rcptTo.map((r) => r.address)); callback(); });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await t.close();
  });

  it('is shown on the dossier as not delivered, raises one intervention to fix the address, and is never retried', async () => {
    const { dossier } = await makeDocumentDossier(ds(), ref, [{ amount: 120000, dueDate: '2026-10-01', pieceRef: 'FA-X', date: '2026-09-01' }], { customer: { email: 'inconnu@client.test' } });
    await ds().getRepository(Contact).update({ thirdPartyId: dossier.thirdPartyId }, { email: 'inconnu@client.test' });
    const step = await renderStepDocument(ds(), { dossierId: dossier.id, interventionId: null, templateCode: 'relance-amiable', asOf: '2026-11-22' });
    expect(step.ok && step.kind).to.equal('email');
    const settings = loadConfig({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String((smtp.server.address() as AddressInfo).port) });
    expect(await sendQueued(ds(), settings)).to.include({ sent: 0, failed: 1 });
    expect(await sendQueued(ds(), settings)).to.include({ sent: 0, failed: 0 });
    expect(delivered).to.deep.equal([]);
    const message = await ds().getRepository(OutboxMessage).findOneByOrFail({ dossierId: dossier.id });
    expect(message.status).to.equal('bounced');
    expect(message.lastError).to.include('User unknown');
    const fix = await ds().getRepository(Intervention).find({ where: { dossierId: dossier.id, stepCode: `mail:${message.id}` } });
    expect(fix.map((i) => [i.state, i.label])).to.deep.equal([['todo', 'Adresse e-mail à corriger : inconnu@client.test (e-mail non distribué)']]);
    const page = await controller.agent.get(`${BASE}/dossiers/${dossier.id}/account`).expect(200);
    expect(page.text).to.include('id="undelivered-emails"').and.include('inconnu@client.test');
    const chrono = await controller.agent.get(`${BASE}/dossiers/${dossier.id}?tab=chrono`).expect(200);
    expect(chrono.text).to.include('E-mail non distribué à inconnu@client.test');
  });

  it('names the intervention in the installation\'s language (DEFAULT_LOCALE), as the other generated to-dos', async () => {
    const { dossier } = await makeDocumentDossier(ds(), ref, [{ amount: 50000, dueDate: '2026-10-01', pieceRef: 'FA-Y', date: '2026-09-01' }], { customer: { email: 'inconnu@client.test' } });
    await ds().getRepository(Contact).update({ thirdPartyId: dossier.thirdPartyId }, { email: 'inconnu@client.test' });
    await renderStepDocument(ds(), { dossierId: dossier.id, interventionId: null, templateCode: 'relance-amiable', asOf: '2026-11-22' });
    const settings = loadConfig({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String((smtp.server.address() as AddressInfo).port), DEFAULT_LOCALE: 'en' });
    expect(await sendQueued(ds(), settings)).to.include({ sent: 0, failed: 1 });
    const message = await ds().getRepository(OutboxMessage).findOneByOrFail({ dossierId: dossier.id });
    const fix = await ds().getRepository(Intervention).findOneByOrFail({ dossierId: dossier.id, stepCode: `mail:${message.id}` });
    expect(fix.label).to.equal('E-mail address to fix: inconnu@client.test (e-mail not delivered)');
  });
});
