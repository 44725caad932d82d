import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { UserMessage } from '../../src/messages/message.entity';
import { MessageAttachment } from '../../src/messages/message-attachment.entity';

const BASE = '/recouvrement';

/** Collects a binary response into a Buffer. */
function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('message attachments: one or several files, downloaded by the sender and the recipient only', function () {
  this.timeout(60000);
  let t: TestApp;
  let alice: SignedInAgent;
  let bob: SignedInAgent;
  let carol: SignedInAgent;
  let uploadDir: string;
  const ds = () => t.db.dataSource;

  before(async () => {
    uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recouvrement-msg-'));
    t = await createTestApp({ basePath: BASE, env: { UPLOAD_DIR: uploadDir, ATTACHMENTS_MAX_MB_PER_DOSSIER: '1', ATTACHMENT_TYPES: 'pdf,png,txt' } });
    alice = await signIn(t, 'alice', 'controller');
    bob = await signIn(t, 'bob', 'controller');
    // A third user, even an administrator, is neither sender nor recipient.
    carol = await signIn(t, 'carol', 'admin');
  });
  after(async () => {
    await t.close();
    fs.rmSync(uploadDir, { recursive: true, force: true });
  });

  const send = (who: SignedInAgent, fields: Record<string, string>, files: { name: string; content: Buffer }[]) => {
    const req = who.agent.post(`${BASE}/messages`).set('x-csrf-token', who.csrf);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    for (const f of files) req.attach('files', f.content, { filename: f.name, contentType: 'application/octet-stream' });
    return req;
  };
  const download = (who: SignedInAgent, url: string) => who.agent.get(url).buffer(true).parse(binary);

  it('sends two files with a message; the recipient and the sender download them, a third user is refused', async () => {
    const form = await alice.agent.get(`${BASE}/messages/new`).expect(200);
    expect(form.text).to.include('enctype="multipart/form-data"').and.include('name="files" multiple').and.include('pdf, png, txt');

    const pdf = Buffer.from('%PDF-1.4 relevé de compte');
    await send(alice, { toUserId: String(bob.userId), subject: 'Pièces du dossier', body: 'Voici le relevé et la mise en demeure.' }, [
      { name: 'relevé.pdf', content: pdf },
      { name: 'mise-en-demeure.txt', content: Buffer.from('Mise en demeure du 12/11/2026') },
    ]).expect(303);
    const msg = await ds().getRepository(UserMessage).findOneByOrFail({ subject: 'Pièces du dossier' });
    const rows = await ds().getRepository(MessageAttachment).find({ where: { messageId: msg.id }, order: { id: 'ASC' } });
    expect(rows.map((r) => r.originalName)).to.deep.equal(['relevé.pdf', 'mise-en-demeure.txt']);

    const inbox = await bob.agent.get(`${BASE}/messages`).expect(200);
    expect(inbox.text).to.include('data-attachments="2"');
    const shown = await bob.agent.get(`${BASE}/messages/${msg.id}`).expect(200);
    expect(shown.text).to.include('relevé.pdf').and.include('mise-en-demeure.txt');
    const url = `${BASE}/messages/${msg.id}/attachments/${rows[0].id}`;
    expect(shown.text).to.include(`href="${url}"`);

    const got = await download(bob, url).expect(200);
    expect(got.headers['content-disposition']).to.include("filename*=UTF-8''relev%C3%A9.pdf");
    expect(got.headers['content-type']).to.match(/application\/octet-stream/);
    expect(Buffer.compare(got.body as Buffer, pdf)).to.equal(0);
    const bySender = await download(alice, url).expect(200);
    expect(Buffer.compare(bySender.body as Buffer, pdf)).to.equal(0);

    const third = await download(carol, url).expect(404);
    expect((third.body as Buffer).includes(pdf)).to.equal(false);
    await carol.agent.get(`${BASE}/messages/${msg.id}`).expect(404);
    // Another message's id with this attachment's id is not a way round.
    await send(carol, { toUserId: String(alice.userId), subject: 'Autre', body: 'Rien' }, []).expect(303);
    const carols = await ds().getRepository(UserMessage).findOneByOrFail({ subject: 'Autre' });
    await download(carol, `${BASE}/messages/${carols.id}/attachments/${rows[0].id}`).expect(404);
    await request(t.app).get(url).expect(303);
  });

  it('keeps only a safe name: no path, stored under a random name outside the served folders', async () => {
    await send(alice, { toUserId: String(bob.userId), subject: 'Nom piégé', body: 'Fichier au nom dangereux.' }, [
      { name: '../../../etc/passwd.txt', content: Buffer.from('root') },
      { name: '..\\..\\windows\\<win>:"ini"|?*.txt', content: Buffer.from('ini') },
    ]).expect(303);
    const msg = await ds().getRepository(UserMessage).findOneByOrFail({ subject: 'Nom piégé' });
    const rows = await ds().getRepository(MessageAttachment).find({ where: { messageId: msg.id }, order: { id: 'ASC' } });
    expect(rows.map((r) => r.originalName)).to.deep.equal(['passwd.txt', '_win___ini____.txt']);
    for (const r of rows) {
      expect(r.storedName).to.match(/^[a-f0-9]{32}\.txt$/);
      expect(fs.existsSync(path.join(uploadDir, 'messages', String(msg.id), r.storedName))).to.equal(true);
    }
    expect(fs.existsSync(path.join(uploadDir, '..', 'etc', 'passwd.txt'))).to.equal(false);
    expect(filesUnder(path.join(uploadDir, 'tmp')), 'no temporary file left').to.deep.equal([]);

    // A NUL in the part header is a malformed upload: refused at the field, nothing sent.
    const before = await ds().getRepository(UserMessage).count();
    const malformed = await send(alice, { toUserId: String(bob.userId), subject: 'NUL', body: 'x' }, [{ name: 'win.ini\u0000.txt', content: Buffer.from('ini') }]).expect(422);
    expect(malformed.text).to.include('Les fichiers envoyés sont illisibles');
    expect(await ds().getRepository(UserMessage).count()).to.equal(before);
  });

  it('refuses a type not allowed or files over the limit: nothing is sent and no file is left behind', async () => {
    const before = await ds().getRepository(UserMessage).count();
    const stored = filesUnder(uploadDir).length;
    const refused = await send(alice, { toUserId: String(bob.userId), subject: 'Exécutable', body: 'Voir la pièce.' }, [
      { name: 'facture.pdf', content: Buffer.from('%PDF') },
      { name: 'outil.exe', content: Buffer.from('MZ') },
    ]).expect(422);
    expect(refused.text).to.include("Ce type de fichier n&#39;est pas autorisé").and.include('value="Exécutable"');
    const tooBig = await send(alice, { toUserId: String(bob.userId), subject: 'Trop gros', body: 'Voir la pièce.' }, [{ name: 'scan.pdf', content: Buffer.alloc(1.5 * 1024 * 1024, 1) }]).expect(413);
    expect(tooBig.text).to.include('Les pièces jointes du message dépassent la taille maximale autorisée.');
    const split = await send(alice, { toUserId: String(bob.userId), subject: 'Deux moitiés', body: 'Voir les pièces.' }, [
      { name: 'a.pdf', content: Buffer.alloc(700 * 1024, 1) },
      { name: 'b.pdf', content: Buffer.alloc(700 * 1024, 1) },
    ]).expect(422);
    expect(split.text).to.include('Les pièces jointes du message dépassent la taille maximale autorisée.');
    expect(await ds().getRepository(UserMessage).count()).to.equal(before);
    expect(filesUnder(uploadDir)).to.have.length(stored);
  });
});
