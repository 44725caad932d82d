import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import JSZip from 'jszip';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { CreditController } from '../../src/credit-controllers/credit-controller.entity';
import { makeDossier, makeEntry, makeThirdParty, ReferenceData, seedReferenceData } from '../support/factories';
import { DossierEntry } from '../../src/dossiers/dossier.entity';
import { DossierEvent } from '../../src/history/dossier-event.entity';
import { Attachment } from '../../src/attachments/attachment.entity';

const BASE = '/recouvrement';

/** Collects a binary response (a zip, a download) into a Buffer. */
function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

describe('attachments (pièces jointes) and Télécharger', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let s: SignedInAgent;
  let uploadDir: string;
  const ds = () => t.db.dataSource;

  before(async () => {
    uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recouvrement-att-'));
    t = await createTestApp({ basePath: BASE, env: { UPLOAD_DIR: uploadDir, ATTACHMENTS_MAX_MB_PER_DOSSIER: '1', ATTACHMENT_TYPES: 'pdf,png,txt' } });
    ref = await seedReferenceData(ds());
    s = await signIn(t, 'claire', 'controller');

    // Controllers change only the dossiers assigned to them: this one works the dossiers of the first controller.
    await ds().getRepository(CreditController).update({ id: ref.controllers[0].id }, { userId: s.userId });
  });
  after(async () => {
    await t.close();
    fs.rmSync(uploadDir, { recursive: true, force: true });
  });

  async function dossier() {
    const customer = await makeThirdParty(ds(), ref, { name: 'Garage Dupont' });
    const d = await makeDossier(ds(), ref, customer);
    const inv = await makeEntry(ds(), ref, customer, { debit: 120000, entryDate: '2026-09-01', dueDate: '2026-10-01', pieceRef: 'FA-ZIP-1' });
    await ds().getRepository(DossierEntry).save({ dossierId: d.id, ledgerEntryId: inv.id, linkedAt: '2026-11-01T00:00:00.000Z', linkedBy: null });
    return d;
  }
  const upload = (dossierId: number, files: [string, Buffer][]) => {
    let req = s.agent.post(`${BASE}/dossiers/${dossierId}/attachments?_csrf=${encodeURIComponent(s.csrf)}`);
    for (const [name, content] of files) req = req.attach('files', content, { filename: name, contentType: 'application/octet-stream' });
    return req;
  };
  const tmpLeft = () => (fs.existsSync(path.join(uploadDir, 'tmp')) ? fs.readdirSync(path.join(uploadDir, 'tmp')) : []);

  it('stores several files under random names outside the served folders, keeps a safe display name, and gives them back to signed-in users only', async () => {
    const d = await dossier();
    const pdf = Buffer.from('%PDF-1.4 relance signée');
    await upload(d.id, [['../../../etc/passwd.pdf', pdf], ['C:\\Users\\x\\scan é.png', Buffer.from('png-bytes')]]).expect(303);
    const rows = await ds().getRepository(Attachment).find({ where: { dossierId: d.id }, order: { id: 'ASC' } });
    expect(rows.map((r) => r.originalName)).to.deep.equal(['passwd.pdf', 'scan é.png']);
    for (const r of rows) {
      expect(r.storedName).to.match(/^[a-f0-9]{32}\.(pdf|png)$/);
      expect(fs.existsSync(path.join(uploadDir, 'attachments', String(d.id), r.storedName))).to.equal(true);
    }
    expect(fs.existsSync(path.join(uploadDir, 'etc'))).to.equal(false);
    expect(tmpLeft()).to.deep.equal([]);
    expect(await ds().getRepository(DossierEvent).countBy({ dossierId: d.id, type: 'attachmentAdded' })).to.equal(1);

    const page = await s.agent.get(`${BASE}/dossiers/${d.id}/account`).expect(200);
    expect(page.text).to.include('passwd.pdf').and.include(`/attachments/${rows[0].id}/download`);
    const dl = await s.agent.get(`${BASE}/attachments/${rows[0].id}/download`).buffer(true).parse(binary).expect(200);
    expect(Buffer.compare(dl.body as Buffer, pdf)).to.equal(0);
    expect(dl.headers['content-disposition']).to.include('filename="passwd.pdf"');
    expect(dl.headers['content-type']).to.include('application/octet-stream');

    const anonymous = await request(t.app).get(`${BASE}/attachments/${rows[0].id}/download`);
    expect(anonymous.status).to.be.oneOf([302, 303, 401]);
    expect(anonymous.text).not.to.include('PDF-1.4');
  });

  it('refuses a type that is not allowed, at the field, and keeps nothing', async () => {
    const d = await dossier();
    const res = await upload(d.id, [['lettre.pdf', Buffer.from('ok')], ['payload.html', Buffer.from('<script>alert(1)</script>')]]).expect(422);
    expect(res.text).to.include('data-field-error="files"');
    expect(await ds().getRepository(Attachment).countBy({ dossierId: d.id })).to.equal(0);
    expect(tmpLeft()).to.deep.equal([]);
    expect(fs.existsSync(path.join(uploadDir, 'attachments', String(d.id))) ? fs.readdirSync(path.join(uploadDir, 'attachments', String(d.id))) : []).to.deep.equal([]);
  });

  it('keeps a dossier within its size limit (1 MB in this test): the upload that would exceed it is refused whole', async () => {
    const d = await dossier();
    await upload(d.id, [['a.txt', Buffer.alloc(600 * 1024, 'a')]]).expect(303);
    const res = await upload(d.id, [['b.txt', Buffer.alloc(300 * 1024, 'b')], ['c.txt', Buffer.alloc(300 * 1024, 'c')]]).expect(422);
    expect(res.text).to.include('data-field-error="files"');
    expect(await ds().getRepository(Attachment).countBy({ dossierId: d.id })).to.equal(1);
    // One file larger than the whole limit is cut off by the upload itself.
    await upload(d.id, [['big.pdf', Buffer.alloc(1100 * 1024, 'x')]]).expect(413);
    expect(await ds().getRepository(Attachment).countBy({ dossierId: d.id })).to.equal(1);
    expect(tmpLeft()).to.deep.equal([]);
  });

  it('Télécharger: a zip of the attachments, of the dossier details (account and history as CSV), or both', async () => {
    const d = await dossier();
    await upload(d.id, [['facture.pdf', Buffer.from('one')], ['facture.pdf', Buffer.from('two')]]).expect(303);
    const both = await s.agent.get(`${BASE}/dossiers/${d.id}/download?what=both`).buffer(true).parse(binary).expect(200);
    expect(both.headers['content-type']).to.equal('application/zip');
    const zip = await JSZip.loadAsync(both.body as Buffer);
    const names = Object.keys(zip.files).sort();
    expect(names).to.deep.equal([`compte-dossier-${d.number}.csv`, `historique-dossier-${d.number}.csv`, 'pieces-jointes/facture (2).pdf', 'pieces-jointes/facture.pdf']);
    expect(await zip.file('pieces-jointes/facture (2).pdf')!.async('string')).to.equal('two');
    const account = await zip.file(`compte-dossier-${d.number}.csv`)!.async('string');
    expect(account).to.include('Solde actuel;1200,00').and.include('FA-ZIP-1');
    const history = await zip.file(`historique-dossier-${d.number}.csv`)!.async('string');
    expect(history).to.include('Pièces jointes ajoutées : facture.pdf, facture.pdf');
    // The history speaks the user's language: the event type in words, no raw code, no unfilled placeholder.
    expect(history).to.include(';Pièce jointe;');
    expect(history).to.not.include('attachmentAdded');
    expect(history).to.not.match(/\{\w+\}/);

    const details = await JSZip.loadAsync((await s.agent.get(`${BASE}/dossiers/${d.id}/download?what=details`).buffer(true).parse(binary).expect(200)).body as Buffer);
    expect(Object.keys(details.files).some((n) => n.startsWith('pieces-jointes/'))).to.equal(false);
    const only = await JSZip.loadAsync((await s.agent.get(`${BASE}/dossiers/${d.id}/download?what=attachments`).buffer(true).parse(binary).expect(200)).body as Buffer);
    expect(Object.keys(only.files).sort()).to.deep.equal(['pieces-jointes/facture (2).pdf', 'pieces-jointes/facture.pdf']);
  });
});
