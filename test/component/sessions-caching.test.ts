/**
 * Sessions only when there is something to keep, no cached copies of signed-in pages, and file
 * names that cannot lie about their extension with bidirectional control characters.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { createTestApp, extractCsrf, signIn, SignedInAgent, TEST_PASSWORD, TestApp } from '../support/test-app';
import { HttpSession } from '../../src/auth/user.entity';
import { createUser } from '../../src/auth/auth.service';
import { Attachment } from '../../src/attachments/attachment.entity';
import { MessageAttachment } from '../../src/messages/message-attachment.entity';
import { makeDossier, makeThirdParty, seedReferenceData } from '../support/factories';

const BASE = '/recouvrement';
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f]/;

describe('sessions and caching', function () {
  this.timeout(60000);
  let t: TestApp;
  let uploadDir: string;
  const sessions = () => t.db.dataSource.getRepository(HttpSession).count();

  before(async () => {
    uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recouvrement-sess-'));
    t = await createTestApp({ basePath: BASE, env: { UPLOAD_DIR: uploadDir, ATTACHMENT_TYPES: 'pdf,txt' } });
  });
  after(async () => {
    await t.close();
    fs.rmSync(uploadDir, { recursive: true, force: true });
  });

  it('anonymous requests for assets, 404s and protected pages store no session and set no cookie', async () => {
    const before = await sessions();
    const answers = [
      await request(t.app).get(`${BASE}/assets/css/app.css`).expect(200),
      await request(t.app).get(`${BASE}/assets/nothing-here.css`),
      await request(t.app).get(`${BASE}/assets/vendor/htmx/nope.js`),
      await request(t.app).get(`${BASE}/no-such-page`),
      await request(t.app).get(`${BASE}/dossiers`).expect(303),
      await request(t.app).post(`${BASE}/login`).type('form').send({ username: 'x', password: 'y' }).expect(403),
      await request(t.app).post(`${BASE}/dossiers`).type('form').send({ a: 1 }),
    ];
    answers.forEach((res, i) => expect(res.headers['set-cookie'], `request ${i} (${res.status})`).to.equal(undefined));
    expect(await sessions()).to.equal(before);
  });

  it('the login page starts the one session its CSRF token needs; sign-in and flash messages still work', async () => {
    await createUser(t.db.dataSource, { username: 'sonia', displayName: 'Sonia', password: TEST_PASSWORD, role: 'admin' });
    const before = await sessions();
    const agent = request.agent(t.app);
    const page = await agent.get(`${BASE}/login`).expect(200);
    expect(page.headers['set-cookie']).to.not.equal(undefined);
    expect(await sessions()).to.equal(before + 1);
    await agent.post(`${BASE}/login`).type('form').send({ username: 'sonia', password: TEST_PASSWORD, _csrf: 'not-the-token' }).expect(403);
    await agent.post(`${BASE}/login`).type('form').send({ username: 'sonia', password: TEST_PASSWORD, _csrf: extractCsrf(page.text) }).expect(303);
    // A signed-in page (not the home page: with no company yet, it leads an administrator to the set-up page).
    const home = await agent.get(`${BASE}/profile`).expect(200);
    const csrf = extractCsrf(home.text);
    expect(home.text).to.include(`"X-CSRF-Token": "${csrf}"`);
    // A form with a flash message after the redirect.
    await agent.post(`${BASE}/preferences/locale`).type('form').send({ _csrf: csrf, locale: 'fr', back: '/profile' }).expect(303);
    const wrong = await agent.post(`${BASE}/profile/password`).type('form').send({ _csrf: csrf, current: '', password: 'x', confirmation: 'x' }).expect(422);
    expect(wrong.text).to.include('Ce champ est obligatoire.');
  });

  it('signed-in pages and downloads answer Cache-Control: no-store', async () => {
    const me = await signIn(t, 'cache-user', 'admin');
    for (const p of ['/', '/dossiers', '/profile', '/no-such-page']) {
      const res = await me.agent.get(`${BASE}${p}`);
      expect(res.headers['cache-control'], p).to.equal('no-store');
    }
    const anonymous = await request(t.app).get(`${BASE}/assets/css/app.css`).expect(200);
    expect(anonymous.headers['cache-control']).to.match(/max-age/);
  });

  describe('bidirectional control characters in file names', () => {
    let me: SignedInAgent;
    let other: SignedInAgent;
    before(async () => {
      me = await signIn(t, 'bidi-user', 'admin');
      other = await signIn(t, 'bidi-peer', 'controller');
    });
    const names = ['invoice\u202efdp.txt', 'a\u2066b\u2069c\u200e\u200f.txt', 'x\u202a\u202b\u202c\u202d.txt'];
    const cleaned = ['invoicefdp.txt', 'abc.txt', 'x.txt'];

    it('are removed from dossier attachment names (stored, shown and downloaded)', async () => {
      const ref = await seedReferenceData(t.db.dataSource);
      const dossier = await makeDossier(t.db.dataSource, ref, await makeThirdParty(t.db.dataSource, ref));
      const req = me.agent.post(`${BASE}/dossiers/${dossier.id}/attachments?_csrf=${encodeURIComponent(me.csrf)}`);
      for (const n of names) req.attach('files', Buffer.from('hello'), { filename: n, contentType: 'text/plain' });
      await req.expect(303);
      const rows = await t.db.dataSource.getRepository(Attachment).find({ where: { dossierId: dossier.id }, order: { id: 'ASC' } });
      expect(rows.map((r) => r.originalName)).to.deep.equal(cleaned);
      const download = await me.agent.get(`${BASE}/attachments/${rows[0].id}/download`).expect(200);
      expect(decodeURIComponent(String(download.headers['content-disposition']))).not.to.match(BIDI);
    });

    it('are removed from message attachment names', async () => {
      const req = me.agent.post(`${BASE}/messages`).set('x-csrf-token', me.csrf).field('toUserId', String(other.userId)).field('subject', 'Pièces bidi').field('body', 'Voir les pièces.');
      for (const n of names) req.attach('files', Buffer.from('hello'), { filename: n, contentType: 'text/plain' });
      await req.expect(303);
      const rows = await t.db.dataSource.getRepository(MessageAttachment).find({ order: { id: 'ASC' } });
      expect(rows.map((r) => r.originalName)).to.deep.equal(cleaned);
    });
  });
});
