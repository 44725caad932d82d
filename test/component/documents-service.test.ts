import { expect } from 'chai';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { seedReferenceData, type ReferenceData } from '../support/factories';
import { completeCreditor, makeDocumentDossier } from '../support/document-factories';
import {
  buildDossierContext, printGeneratedDocuments, renderBatch, renderClaimsDeclaration, renderForDossier, renderStepDocument, SHIPPED_TEMPLATE_CODES,
} from '../../src/documents';
import { DocumentTemplate, GeneratedDocument } from '../../src/documents/document.entity';
import { saveTemplate } from '../../src/documents/template.service';
import { OutboxMessage, sendOutboxTask, sendQueued } from '../../src/mail';
import { loadConfig, type Config } from '../../src/config';
import { Intervention } from '../../src/interventions/intervention.entity';

const NNBSP = '\u202f';
const NBSP = '\u00a0';
/** `1 251,98 €` as formatMoney writes it: narrow no-break space between thousands, no-break space before €. */
const euros = (text: string) => text.replace(/ €$/, `${NBSP}€`).replace(/ /g, NNBSP);
/** Decodes RFC 2047 encoded words (`=?UTF-8?Q?...?=`) of a header. */
const decodeHeader = (value: string) =>
  value.replace(/=\?UTF-8\?([QB])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'));

describe('documents over a real database', () => {
  let db: TestDatabase;
  let ref: ReferenceData;
  before(async () => {
    db = await createTestDatabase();
    ref = await seedReferenceData(db.dataSource);
    await completeCreditor(db.dataSource, ref);
  });
  after(() => db.drop());

  const lateDossier = (overrides = {}) =>
    makeDocumentDossier(db.dataSource, ref, [{ amount: 120000, dueDate: '2025-10-23', pieceRef: 'FA2025-0102', date: '2025-09-23' }], overrides);

  async function intervention(dossierId: number, type: 'letter' | 'email'): Promise<Intervention> {
    return db.dataSource.getRepository(Intervention).save({
      dossierId, type, label: 'step', dueDate: '2025-11-22', priority: 100, assigneeId: null, state: 'todo', source: 'scenario',
      stepCode: `S${Math.random()}`, occurrence: 1, doneDate: null, doneAt: null, doneBy: null, result: null, comment: null, skipReason: null,
      version: 1, createdAt: '2025-11-22T05:00:00.000Z', createdBy: null,
    } as Intervention);
  }

  it('builds the context of a dossier with its figures, raw and formatted for French', async () => {
    const { dossier, customer } = await lateDossier();
    const ctx = await buildDossierContext(db.dataSource, dossier.id, '2025-11-22');
    expect(ctx.creditor).to.deep.include({ name: 'Atlas Équipements', siren: '552100554', vatNumber: 'FR40552100554', city: 'Lyon' });
    expect(ctx.customer).to.deep.include({ name: customer.name, account: customer.auxiliaryAccount });
    expect(ctx.controller).to.deep.include({ name: 'Claire Martin' });
    expect(ctx.contacts.map((c) => c.name)).to.deep.equal(['Jeanne Moreau']);
    expect(ctx.entries[0]).to.deep.include({ pieceRef: 'FA2025-0102', dateText: '23/09/2025', dueDateText: '23/10/2025', daysLate: 30, balance: 120000 });
    expect(ctx.latePayment.lines[0]).to.deep.include({ penalty: 1198, penaltyText: euros('11,98 €'), indemnityText: euros('40,00 €'), ratesText: `12,15${NBSP}%` });
  });

  it('renders every shipped template on a real dossier', async () => {
    const { dossier } = await lateDossier();
    for (const code of SHIPPED_TEMPLATE_CODES) {
      const r = await renderForDossier(db.dataSource, code, dossier.id, '2025-11-22');
      expect(r.ok, `${code}: ${JSON.stringify(!r.ok && r.error)}`).to.equal(true);
      if (r.ok) expect(r.html).to.include('FA2025-0102');
    }
  });

  it('prints the mise en demeure with the penalty, the indemnity, the rate and the legal mentions', async () => {
    const { dossier } = await lateDossier();
    const r = await renderForDossier(db.dataSource, 'mise-en-demeure', dossier.id, '2025-11-22');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.html).to.include(euros('11,98 €'));
    expect(r.html).to.include(euros('40,00 €'));
    expect(r.html).to.include(euros('1 251,98 €'));
    expect(r.html).to.include(`12,15${NBSP}%`);
    expect(r.html).to.include('22/11/2025');
    expect(r.html).to.include('L441-10');
    expect(r.html).to.include('D441-5');
    expect(r.html).to.include('1344 du Code civil');
  });

  it('escapes a hostile customer name in letters and in the printed batch', async () => {
    const { dossier } = await lateDossier({ customer: { name: '<script>alert(1)</script>' } });
    const r = await renderForDossier(db.dataSource, 'relance-simple', dossier.id, '2025-11-22');
    expect(r.ok && r.html).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(r.ok && r.html).not.to.include('<script>');
    const batch = await renderBatch(db.dataSource, [{ templateCode: 'relance-simple', dossierId: dossier.id }], '2025-11-22');
    expect(batch.html).not.to.include('<script>alert');
  });

  it('renders the déclaration de créances at the judgment date, with sums not yet due and the certification', async () => {
    const { dossier } = await makeDocumentDossier(db.dataSource, ref, [
      { amount: 120000, dueDate: '2025-10-23', pieceRef: 'FA-DUE', date: '2025-09-23' },
      { amount: 60000, dueDate: '2026-01-15', pieceRef: 'FA-LATER', date: '2025-11-15' },
    ], { dossier: { statusId: ref.statuses.REDRESSEMENT_JUDICIAIRE.id } });
    const r = await renderClaimsDeclaration(db.dataSource, dossier.id, '2025-11-22', { securities: 'Clause de réserve de propriété' });
    expect(r.ok).to.equal(true);
    expect(r.html).to.include('FA-LATER');
    expect(r.html).to.include('15/01/2026');
    expect(r.html).to.include(euros('1 200,00 €'));
    expect(r.html).to.include(euros('600,00 €'));
    expect(r.html).to.include(euros('1 811,98 €'));
    expect(r.html).to.include('certifie sincère et véritable');
    expect(r.html).to.include('Clause de réserve de propriété');
    expect(r.html).to.include('Redressement judiciaire');
  });

  it('prints a batch as one A4 document with page breaks, and shows a broken item in place without stopping the others', async () => {
    const a = await lateDossier();
    const b = await lateDossier();
    const batch = await renderBatch(db.dataSource, [
      { templateCode: 'relance-simple', dossierId: a.dossier.id },
      { templateCode: 'does-not-exist', dossierId: a.dossier.id },
      { templateCode: 'relance-simple', dossierId: 999999 },
      { templateCode: 'releve-compte', dossierId: b.dossier.id },
    ], '2025-11-22');
    expect(batch.items.map((i) => i.ok)).to.deep.equal([true, false, false, true]);
    expect(batch.html.match(/<section class="letter"/g)).to.have.length(4);
    expect(batch.html).to.include('size: A4');
    expect(batch.html).to.include('break-after: page');
    expect(batch.html).to.include('counter(page)');
    expect(batch.html).to.include('Unknown template');
    expect(batch.html).to.include(b.customer.name);
    expect(batch.html).to.include('SIREN 552100554');
  });

  describe('with a template broken by an administrator', () => {
    let brokenCode: string;
    before(async () => {
      brokenCode = `broken-${Date.now()}`;
      await db.dataSource.getRepository(DocumentTemplate).save({
        code: brokenCode, kind: 'letter', name: 'Broken', subject: null, body: '<p>{{customer.name}}</p>\n<p>{{totals.balanceText}}</p>\n{{shout customer.name}}',
        textBody: null, updatedAt: '2026-11-22T09:00:00.000Z', updatedBy: null, version: 1,
      } as DocumentTemplate);
    });

    it('returns the error and its line, never throws', async () => {
      const { dossier } = await lateDossier();
      const r = await renderForDossier(db.dataSource, brokenCode, dossier.id, '2025-11-22');
      expect(r).to.deep.equal({ ok: false, error: { message: 'Unknown helper "shout"', line: 3 } });
    });

    it('stores the failed letter of a step with its error, so the run and the print go on', async () => {
      const { dossier } = await lateDossier();
      const iv = await intervention(dossier.id, 'letter');
      const r = await renderStepDocument(db.dataSource, { dossierId: dossier.id, interventionId: iv.id, templateCode: brokenCode, asOf: '2025-11-22' });
      expect(r.ok).to.equal(false);
      if (!r.ok) expect(r.error.line).to.equal(3);
      const printed = await printGeneratedDocuments(db.dataSource, { interventionIds: [iv.id] });
      expect(printed.html).to.include('ligne 3');
    });

    it('replaces the failed letter of a step once the template is fixed', async () => {
      const { dossier } = await lateDossier();
      const iv = await intervention(dossier.id, 'letter');
      const input = { dossierId: dossier.id, interventionId: iv.id, templateCode: brokenCode, asOf: '2025-11-22' };
      expect((await renderStepDocument(db.dataSource, input)).ok).to.equal(false);
      const repo = db.dataSource.getRepository(DocumentTemplate);
      const tpl = await repo.findOneByOrFail({ code: brokenCode });
      await repo.update({ id: tpl.id }, { body: tpl.body.replace('{{shout customer.name}}', '') });
      try {
        expect(await renderStepDocument(db.dataSource, input)).to.deep.include({ ok: true, alreadyDone: false });
        const docs = await db.dataSource.getRepository(GeneratedDocument).findBy({ interventionId: iv.id });
        expect(docs.map((d) => d.status)).to.deep.equal(['ok']);
      } finally {
        await repo.update({ id: tpl.id }, { body: tpl.body });
      }
    });

    it('refuses to save a template that does not compile, naming the line', async () => {
      const { body } = await db.dataSource.getRepository(DocumentTemplate).findOneByOrFail({ code: brokenCode });
      try {
        await saveTemplate(db.dataSource, brokenCode, { name: 'x', subject: null, body: `${body}\n{{#if x}}`, textBody: null }, 1, null);
        expect.fail('saved');
      } catch (err) {
        expect((err as { params: Record<string, unknown> }).params.line).to.equal(4);
      }
    });
  });

  it('stores a letter step once per intervention and prints the day\'s letters as one batch', async () => {
    const { dossier } = await lateDossier();
    const iv = await intervention(dossier.id, 'letter');
    const input = { dossierId: dossier.id, interventionId: iv.id, templateCode: 'mise-en-demeure', asOf: '2025-11-22' };
    const first = await renderStepDocument(db.dataSource, input);
    const second = await renderStepDocument(db.dataSource, input);
    expect(first).to.deep.include({ ok: true, kind: 'letter', alreadyDone: false });
    expect(second).to.deep.include({ ok: true, kind: 'letter', alreadyDone: true });
    expect(await db.dataSource.getRepository(GeneratedDocument).countBy({ interventionId: iv.id })).to.equal(1);
    const printed = await printGeneratedDocuments(db.dataSource, { interventionIds: [iv.id], unprintedOnly: true }, { markPrinted: true });
    expect(printed.count).to.equal(1);
    expect(printed.html).to.include(euros('11,98 €'));
    expect((await printGeneratedDocuments(db.dataSource, { interventionIds: [iv.id], unprintedOnly: true })).count).to.equal(0);
  });

  it('queues an e-mail step in the outbox inside the caller\'s transaction, once', async () => {
    const { dossier } = await lateDossier();
    const iv = await intervention(dossier.id, 'email');
    const input = { dossierId: dossier.id, interventionId: iv.id, templateCode: 'relance-amiable', asOf: '2025-11-22' };
    const r = await db.dataSource.transaction((em) => renderStepDocument(em, input));
    expect(r).to.deep.include({ ok: true, kind: 'email', alreadyDone: false });
    expect(await renderStepDocument(db.dataSource, input)).to.deep.include({ alreadyDone: true });
    const message = await db.dataSource.getRepository(OutboxMessage).findOneByOrFail({ interventionId: iv.id });
    expect(message).to.deep.include({ to: 'compta@client.test', status: 'queued', dossierId: dossier.id });
    expect(message.subject).to.include('Rappel de factures échues');
    expect(message.text).to.include('FA2025-0102');
    expect(message.html).to.include('FA2025-0102');
  });

  it('rolls the queued e-mail back with the caller\'s transaction', async () => {
    const { dossier } = await lateDossier();
    const iv = await intervention(dossier.id, 'email');
    await db.dataSource
      .transaction(async (em) => {
        await renderStepDocument(em, { dossierId: dossier.id, interventionId: iv.id, templateCode: 'relance-amiable', asOf: '2025-11-22' });
        throw new Error('the run failed later');
      })
      .catch(() => undefined);
    expect(await db.dataSource.getRepository(OutboxMessage).countBy({ interventionId: iv.id })).to.equal(0);
  });

  describe('sending through a real SMTP server', () => {
    let server: SMTPServer;
    let received: { to: string[]; from: string; raw: string }[];
    let settings: Config;
    before(async () => {
      received = [];
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onData(stream, session, callback) {
          let raw = '';
          stream.setEncoding('utf8');
          stream.on('data', (chunk: string) => (raw += chunk));
          stream.on('end', () => {
            received.push({ to: session.envelope.rcptTo.map((r) => r.address), from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', raw });
            callback();
          });
        },
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.server.address() as AddressInfo).port;
      settings = loadConfig({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_FROM: 'Recouvrement Atlas <recouvrement@atlas.test>' });
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('delivers a queued reminder once, with its recipient, subject and body', async () => {
      await db.dataSource.getRepository(OutboxMessage).update({ status: 'queued' }, { status: 'failed' });
      const { dossier, customer } = await lateDossier();
      const iv = await intervention(dossier.id, 'email');
      const step = await renderStepDocument(db.dataSource, { dossierId: dossier.id, interventionId: iv.id, templateCode: 'relance-amiable', asOf: '2025-11-22' });
      if (!step.ok || step.kind !== 'email') throw new Error('not queued');

      const [a, b] = await Promise.all([sendQueued(db.dataSource, settings), sendQueued(db.dataSource, settings)]);
      expect(a.sent + b.sent).to.equal(1);
      expect(received).to.have.length(1);
      const mail = received[0];
      expect(mail.to).to.deep.equal(['compta@client.test']);
      expect(mail.from).to.equal('recouvrement@atlas.test');
      const subject = decodeHeader(/^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(mail.raw)?.[1].replace(/\r?\n[ \t]/g, ' ') ?? '');
      expect(subject).to.equal(`Rappel de factures échues — Atlas Équipements — compte ${customer.auxiliaryAccount}`);
      expect(mail.raw).to.include(customer.auxiliaryAccount);
      expect(mail.raw).to.include('FA2025-0102');
      const stored = await db.dataSource.getRepository(OutboxMessage).findOneByOrFail({ id: step.messageId });
      expect(stored).to.deep.include({ status: 'sent', attempts: 1 });
      expect(stored.sentAt).to.be.a('string');

      expect((await sendQueued(db.dataSource, settings)).sent).to.equal(0);
      expect(received).to.have.length(1);
    });

    it('delivers the outbox as a daily task after the run has queued it', async () => {
      await db.dataSource.getRepository(OutboxMessage).update({ status: 'queued' }, { status: 'failed' });
      const before = received.length;
      const { dossier } = await lateDossier();
      await renderStepDocument(db.dataSource, { dossierId: dossier.id, interventionId: null, templateCode: 'relance-amiable', asOf: '2025-11-22' });
      expect(await sendOutboxTask({ dataSource: db.dataSource, config: settings }, '2025-11-22')).to.deep.equal({ emailsSent: 1, emailsFailed: 0 });
      expect(received.length).to.equal(before + 1);
    });

    it('keeps a message in the queue with its error when the server cannot be reached', async () => {
      await db.dataSource.getRepository(OutboxMessage).update({ status: 'queued' }, { status: 'failed' });
      const { dossier } = await lateDossier();
      const step = await renderStepDocument(db.dataSource, { dossierId: dossier.id, interventionId: null, templateCode: 'relance-amiable', asOf: '2025-11-22' });
      if (!step.ok || step.kind !== 'email') throw new Error('not queued');
      const down = loadConfig({ SMTP_HOST: '127.0.0.1', SMTP_PORT: '1' });
      const summary = await sendQueued(db.dataSource, down);
      expect(summary).to.deep.include({ sent: 0, failed: 1 });
      const stored = await db.dataSource.getRepository(OutboxMessage).findOneByOrFail({ id: step.messageId });
      expect(stored).to.deep.include({ status: 'queued', attempts: 1 });
      expect(stored.lastError).to.match(/ECONNREFUSED|connect/i);
    });
  });

  it('leaves e-mails in the outbox when SMTP is not configured', async () => {
    const summary = await sendQueued(db.dataSource, loadConfig({}));
    expect(summary).to.deep.equal({ configured: false, sent: 0, failed: 0, skipped: 0 });
  });
});
