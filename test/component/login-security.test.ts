import { expect } from 'chai';
import request from 'supertest';
import { createTestApp, extractCsrf, signIn, TEST_PASSWORD, TestApp } from '../support/test-app';
import { createUser } from '../../src/auth/auth.service';
import { lockedForMs, USERNAME_POLICY } from '../../src/auth/login-throttle.rules';
import { LoginThrottle } from '../../src/auth/user.entity';

const BASE = '/recouvrement';

function sessionCookie(res: request.Response): string | null {
  const cookies = (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  return cookies.find((c) => c.startsWith('recouvrement.sid=')) ?? null;
}

function sid(cookie: string | null): string {
  return decodeURIComponent(/recouvrement\.sid=([^;]+)/.exec(cookie ?? '')?.[1] ?? '');
}

async function attempt(t: TestApp, username: string, password: string, ip = '203.0.113.7') {
  const agent = request.agent(t.app);
  const page = await agent.get(`${BASE}/login`).set('X-Forwarded-For', ip);
  return agent.post(`${BASE}/login`).set('X-Forwarded-For', ip).type('form').send({ username, password, _csrf: extractCsrf(page.text) });
}

describe('login security', () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp({ basePath: BASE, env: { TRUST_PROXY: '1' } });
    await createUser(t.db.dataSource, { username: 'claire', displayName: 'Claire', password: TEST_PASSWORD, role: 'controller' });
    await createUser(t.db.dataSource, { username: 'paul', displayName: 'Paul', password: TEST_PASSWORD, role: 'controller' });
  });
  after(() => t.close());

  it('after 5 failures in 15 minutes a username is locked, with a clear message, even with the right password', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt(t, 'claire', 'wrong-password-x', `198.51.100.${i}`)).status).to.equal(401);
    const locked = await attempt(t, 'claire', TEST_PASSWORD, '198.51.100.99');
    expect(locked.status).to.equal(429);
    expect(locked.text).to.include('Trop de tentatives de connexion. Réessayez dans 15 minutes.');
    expect(sessionCookie(locked) === null || !locked.headers.location).to.equal(true);
  });

  it('an unknown username gets the same answers, so the lock tells nothing about who exists', async () => {
    const first = await attempt(t, 'nobody', 'wrong-password-x', '192.0.2.1');
    expect(first.status).to.equal(401);
    expect(first.text).to.include('Identifiant ou mot de passe incorrect.');
    for (let i = 0; i < 4; i++) await attempt(t, 'nobody', 'wrong-password-x', `192.0.2.${i + 2}`);
    const locked = await attempt(t, 'nobody', 'whatever-password', '192.0.2.50');
    expect(locked.status).to.equal(429);
    expect(locked.text).to.include('Trop de tentatives');
  });

  it('a success resets the username count', async () => {
    for (let i = 0; i < 4; i++) await attempt(t, 'paul', 'wrong-password-x', '10.9.0.1');
    expect((await attempt(t, 'paul', TEST_PASSWORD, '10.9.0.1')).status).to.equal(303);
    for (let i = 0; i < 4; i++) expect((await attempt(t, 'paul', 'wrong-password-x', '10.9.0.1')).status).to.equal(401);
    expect((await attempt(t, 'paul', TEST_PASSWORD, '10.9.0.1')).status).to.equal(303);
  });

  it('one address trying many usernames is locked after 20 failures, for every username', async () => {
    for (let i = 0; i < 20; i++) await attempt(t, `guess${i}`, 'wrong-password-x', '203.0.113.66');
    const locked = await attempt(t, 'paul', TEST_PASSWORD, '203.0.113.66');
    expect(locked.status).to.equal(429);
    expect((await attempt(t, 'paul', TEST_PASSWORD, '203.0.113.67')).status).to.equal(303);
  });

  it('the counts are in the database (shared by every instance), and the lock ends with its window', async () => {
    const row = await t.db.dataSource.getRepository(LoginThrottle).findOneByOrFail({ throttleKey: 'user:claire' });
    expect(row.failures).to.equal(5);
    expect(lockedForMs(row, USERNAME_POLICY, row.windowStart + 60_000)).to.equal(14 * 60_000);
    expect(lockedForMs(row, USERNAME_POLICY, row.windowStart + 15 * 60_000)).to.equal(0);
    expect(lockedForMs({ failures: 4, windowStart: row.windowStart }, USERNAME_POLICY, row.windowStart + 1)).to.equal(0);
  });

  it('a fresh session id at login (no session fixation)', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get(`${BASE}/login`).expect(200);
    const before = sid(sessionCookie(page));
    expect(before).to.not.equal('');
    const res = await agent.post(`${BASE}/login`).type('form').send({ username: 'paul', password: TEST_PASSWORD, _csrf: extractCsrf(page.text) }).expect(303);
    const after = sid(sessionCookie(res));
    expect(after).to.not.equal('');
    expect(after).to.not.equal(before);
    // The old id is no longer signed in.
    const fixed = await request(t.app).get(`${BASE}/dossiers`).set('Cookie', `recouvrement.sid=${encodeURIComponent(before)}`);
    expect(fixed.status).to.equal(303);
    expect(fixed.headers.location).to.include('/login');
  });
});

describe('secure cookies behind an HTTPS load balancer', () => {
  it('marks the session cookie Secure when TRUST_PROXY is set and the request came through https', async () => {
    const t = await createTestApp({ basePath: BASE, env: { TRUST_PROXY: '1' } });
    try {
      const https = await request(t.app).get(`${BASE}/login`).set('X-Forwarded-Proto', 'https').expect(200);
      expect(sessionCookie(https)).to.match(/;\s*Secure/i);
      expect(sessionCookie(https)).to.match(/HttpOnly/i);
      const http = await request(t.app).get(`${BASE}/login`).expect(200);
      expect(sessionCookie(http)).not.to.match(/;\s*Secure/i);
    } finally {
      await t.close();
    }
  });

  it('ignores X-Forwarded-Proto when the proxy is not trusted', async () => {
    const t = await createTestApp({ basePath: BASE, env: { TRUST_PROXY: 'false' } });
    try {
      const spoofed = await request(t.app).get(`${BASE}/login`).set('X-Forwarded-Proto', 'https').expect(200);
      expect(sessionCookie(spoofed)).not.to.match(/;\s*Secure/i);
      await signIn(t, 'someone', 'controller');
    } finally {
      await t.close();
    }
  });
});
