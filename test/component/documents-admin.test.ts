import { expect } from 'chai';
import { createTestApp, signIn, type TestApp } from '../support/test-app';
import { seedReferenceData, type ReferenceData } from '../support/factories';
import { completeCreditor, makeDocumentDossier } from '../support/document-factories';
import { DocumentTemplate, GeneratedDocument } from '../../src/documents/document.entity';
import { renderStepDocument } from '../../src/documents';
import { queueEmail, OutboxMessage } from '../../src/mail';

const NNBSP = '\u202f';
const NBSP = '\u00a0';
/** Decodes what EJS escaped in a srcdoc attribute. */
const unescapeAttr = (s: string) => s.replace(/&#34;|&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('document templates administration (/templates) and the outbox (/outbox)', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let dossierNumber: number;
  let dossierId: number;
  before(async () => {
    t = await createTestApp({ basePath: '/recouvrement', today: '2025-11-22' });
    ref = await seedReferenceData(t.db.dataSource);
    await completeCreditor(t.db.dataSource, ref);
    const { dossier } = await makeDocumentDossier(t.db.dataSource, ref, [{ amount: 120000, dueDate: '2025-10-23', pieceRef: 'FA2025-0102' }], {
      customer: { name: '<script>alert(1)</script>' },
    });
    dossierNumber = dossier.number;
    dossierId = dossier.id;
  });
  after(() => t.close());

  it('lists the shipped templates, seeded on first visit', async () => {
    const { agent } = await signIn(t, 'admin1', 'admin');
    const page = await agent.get('/recouvrement/templates').expect(200);
    for (const code of ['relance-simple', 'relance-ferme', 'mise-en-demeure', 'releve-compte', 'declaration-creances', 'relance-amiable']) {
      expect(page.text).to.include(`href="/recouvrement/templates/${code}"`);
    }
  });

  it('previews a template on a chosen dossier, with the figures and the customer name escaped', async () => {
    const { agent } = await signIn(t, 'admin2', 'admin');
    const page = await agent.get(`/recouvrement/templates/mise-en-demeure?dossier=${dossierNumber}&asOf=2025-11-22`).expect(200);
    const srcdoc = /srcdoc="([^"]*)"/.exec(page.text);
    expect(srcdoc, 'preview frame').to.not.equal(null);
    expect(page.text).to.include('sandbox');
    const html = unescapeAttr(srcdoc![1]);
    expect(html).to.include(`11,98${NBSP}€`);
    expect(html).to.include(`1${NNBSP}251,98${NBSP}€`);
    expect(html).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.to.include('<script>alert');
    expect(page.text).not.to.include('<script>alert');
  });

  it('shows an unknown helper with its line in the preview of unsaved edits, and saves nothing', async () => {
    const s = await signIn(t, 'admin3', 'admin');
    const before = await t.db.dataSource.getRepository(DocumentTemplate).findOneByOrFail({ code: 'relance-simple' });
    const res = await s.agent
      .post('/recouvrement/templates/relance-simple/preview')
      .type('form')
      .send({ _csrf: s.csrf, name: before.name, body: '<p>{{customer.name}}</p>\n<p>ok</p>\n{{shout customer.name}}', version: before.version, dossier: dossierNumber, asOf: '2025-11-22' })
      .expect(200);
    expect(res.text).to.match(/data-template-error data-line="3"/);
    expect(res.text).to.include('Unknown helper &#34;shout&#34;');
    const after = await t.db.dataSource.getRepository(DocumentTemplate).findOneByOrFail({ code: 'relance-simple' });
    expect(after.body).to.equal(before.body);
  });

  it('refuses to save a syntax error, naming the line, and keeps the typed text', async () => {
    const s = await signIn(t, 'admin4', 'admin');
    const tpl = await t.db.dataSource.getRepository(DocumentTemplate).findOneByOrFail({ code: 'relance-ferme' });
    const res = await s.agent
      .post('/recouvrement/templates/relance-ferme')
      .type('form')
      .send({ _csrf: s.csrf, name: tpl.name, body: 'line 1\nline 2\n{{#each entries}}\nunclosed', version: tpl.version })
      .expect(422);
    expect(res.text).to.match(/data-template-error data-line="4"/);
    expect(res.text).to.include('unclosed</textarea>');
    expect((await t.db.dataSource.getRepository(DocumentTemplate).findOneByOrFail({ code: 'relance-ferme' })).version).to.equal(tpl.version);
  });

  it('saves an administrator\'s edit (post/redirect/get), then restores the shipped version', async () => {
    const s = await signIn(t, 'admin5', 'admin');
    const tpl = await t.db.dataSource.getRepository(DocumentTemplate).findOneByOrFail({ code: 'releve-compte' });
    const res = await s.agent
      .post('/recouvrement/templates/releve-compte')
      .type('form')
      .send({ _csrf: s.csrf, name: 'Relevé maison', body: '<p>Solde : {{totals.balanceText}}</p>', version: tpl.version, dossier: dossierNumber })
      .expect(303);
    expect(res.headers.location).to.equal(`/recouvrement/templates/releve-compte?dossier=${dossierNumber}`);
    const page = await s.agent.get(res.headers.location).expect(200);
    expect(page.text).to.include('Modèle enregistré.');
    expect(unescapeAttr(/srcdoc="([^"]*)"/.exec(page.text)![1])).to.include(`Solde : 1${NNBSP}200,00${NBSP}€`);

    const stale = await s.agent.post('/recouvrement/templates/releve-compte').type('form').send({ _csrf: s.csrf, name: 'x', body: 'y', version: tpl.version }).expect(409);
    expect(stale.text).to.include('data-error="conflict"');

    await s.agent.post('/recouvrement/templates/releve-compte/reset').type('form').send({ _csrf: s.csrf }).expect(303);
    const restored = await t.db.dataSource.getRepository(DocumentTemplate).findOneByOrFail({ code: 'releve-compte' });
    expect(restored.body).to.include('Relevé de compte au');
    expect(restored.version).to.equal(tpl.version + 2);
  });

  it('lets a controller read templates but not change them', async () => {
    const s = await signIn(t, 'controller1', 'controller');
    await s.agent.get('/recouvrement/templates/mise-en-demeure').expect(200);
    const tpl = await t.db.dataSource.getRepository(DocumentTemplate).findOneByOrFail({ code: 'mise-en-demeure' });
    await s.agent.post('/recouvrement/templates/mise-en-demeure').type('form').send({ _csrf: s.csrf, name: 'x', body: 'hacked', version: tpl.version }).expect(403);
    await s.agent.post('/recouvrement/templates/mise-en-demeure/reset').type('form').send({ _csrf: s.csrf }).expect(403);
    expect((await t.db.dataSource.getRepository(DocumentTemplate).findOneByOrFail({ code: 'mise-en-demeure' })).body).not.to.equal('hacked');
  });

  it('prints a letter and a claims declaration for a dossier as A4 pages', async () => {
    const { agent } = await signIn(t, 'acc1', 'accountant');
    const letter = await agent.get(`/recouvrement/documents/dossiers/${dossierId}/print/mise-en-demeure?asOf=2025-11-22`).expect(200);
    expect(letter.headers['content-type']).to.match(/html/);
    expect(letter.text).to.include('size: A4');
    expect(letter.text).to.include(`11,98${NBSP}€`);
    const claims = await agent.get(`/recouvrement/documents/dossiers/${dossierId}/claims-declaration?judgment=2025-11-22`).expect(200);
    expect(claims.text).to.include('DÉCLARATION DE CRÉANCES');
    await agent.get(`/recouvrement/documents/dossiers/${dossierId}/claims-declaration?judgment=nope`).expect(422);
  });

  it('prints a stored letter raised by a step', async () => {
    const { agent } = await signIn(t, 'acc2', 'accountant');
    const r = await renderStepDocument(t.db.dataSource, { dossierId, interventionId: null, templateCode: 'relance-simple', asOf: '2025-11-22' });
    if (!r.ok || r.kind !== 'letter') throw new Error('no letter');
    const page = await agent.get(`/recouvrement/documents/generated/${r.documentId}`).expect(200);
    expect(page.text).to.include('FA2025-0102');
    expect(await t.db.dataSource.getRepository(GeneratedDocument).countBy({ id: r.documentId })).to.equal(1);
  });

  it('shows queued e-mails in the outbox, one message, and queues it again on resend without SMTP', async () => {
    const s = await signIn(t, 'ctl2', 'controller');
    const message = await queueEmail(t.db.dataSource, { to: 'jeanne@client.test', subject: 'Rappel <urgent>', text: 'Bonjour <b>', html: '<p>Bonjour</p>', dossierId });
    await t.db.dataSource.getRepository(OutboxMessage).update({ id: message.id }, { status: 'failed', attempts: 3, lastError: 'boom' });
    const list = await s.agent.get('/recouvrement/outbox').expect(200);
    expect(list.text).to.include('jeanne@client.test');
    expect(list.text).to.include('Rappel &lt;urgent&gt;');
    const show = await s.agent.get(`/recouvrement/outbox/${message.id}`).expect(200);
    expect(show.text).to.include('Bonjour &lt;b&gt;');
    expect(show.text).to.include('boom');
    await s.agent.post(`/recouvrement/outbox/${message.id}/resend`).type('form').send({ _csrf: s.csrf }).expect(303);
    expect(await t.db.dataSource.getRepository(OutboxMessage).findOneByOrFail({ id: message.id })).to.deep.include({ status: 'queued', attempts: 0, lastError: null });
  });
});
