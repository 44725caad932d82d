import { expect } from 'chai';
import request from 'supertest';
import { createTestApp, extractCsrf, signIn, TEST_PASSWORD, TestApp } from '../support/test-app';
import { authenticate, createUser } from '../../src/auth/auth.service';
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
    // Five failures and the refused attempt with the right password: every attempt is counted before the hash.
    expect(row.failures).to.equal(6);
    expect(lockedForMs(row, USERNAME_POLICY, row.windowStart + 60_000)).to.equal(14 * 60_000);
    expect(lockedForMs(row, USERNAME_POLICY, row.windowStart + 15 * 60_000)).to.equal(0);
    expect(lockedForMs({ failures: 4, windowStart: row.windowStart }, USERNAME_POLICY, row.windowStart + 1)).to.equal(0);
  });

  it('40 parallel attempts, the right password last: only 5 reach the password check, the right one is refused too', async function () {
    this.timeout(120_000);
    await createUser(t.db.dataSource, { username: 'rush', displayName: 'Rush', password: TEST_PASSWORD, role: 'controller' });
    const prepared = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const agent = request.agent(t.app);
        const ip = `100.64.${i}.1`;
        const page = await agent.get(`${BASE}/login`).set('X-Forwarded-For', ip);
        return { agent, ip, csrf: extractCsrf(page.text), password: i === 39 ? TEST_PASSWORD : `wrong-password-${i}` };
      }),
    );
    const answers = await Promise.all(
      prepared.map((p) => p.agent.post(`${BASE}/login`).set('X-Forwarded-For', p.ip).type('form').send({ username: 'rush', password: p.password, _csrf: p.csrf })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s !== 429).length, statuses.join(',')).to.be.at.most(5);
    expect(statuses[39]).to.equal(429);
    expect(answers[39].text).to.include('Trop de tentatives');
    // Still locked afterwards, whatever the password.
    expect((await attempt(t, 'rush', TEST_PASSWORD, '100.65.0.1')).status).to.equal(429);
  });

  it('the current password of Mon compte takes no more than 5 guesses (shared with the login count)', async () => {
    const me = await signIn(t, 'mona', 'controller');
    const change = (current: string) =>
      me.agent.post(`${BASE}/profile/password`).type('form').send({ _csrf: me.csrf, current, password: 'une toute nouvelle phrase', confirmation: 'une toute nouvelle phrase' });
    for (let i = 0; i < 5; i++) {
      const wrong = await change(`not-my-password-${i}`);
      expect(wrong.status).to.equal(422);
      expect(wrong.text).to.include('Le mot de passe actuel est incorrect.');
    }
    const locked = await change(TEST_PASSWORD);
    expect(locked.status).to.equal(429);
    expect(locked.text).to.include('Trop de tentatives avec un mot de passe incorrect.');
    // The password did not change: the old one is still the one the login form knows (once the lock ends).
    await t.db.dataSource.getRepository(LoginThrottle).delete({ throttleKey: 'user:mona' });
    expect((await attempt(t, 'mona', TEST_PASSWORD, '100.66.0.1')).status).to.equal(303);
  });

  it('an unknown username costs the same hash time as a known one', async function () {
    this.timeout(120_000);
    const ds = t.db.dataSource;
    await authenticate(ds, 'nobody-at-all', 'warm-up-password');
    const known: number[] = [];
    const unknown: number[] = [];
    const time = async (username: string) => {
      const start = process.hrtime.bigint();
      expect(await authenticate(ds, username, 'wrong-password-x')).to.equal(null);
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    // Interleaved, so that the load of the machine weighs on both series alike.
    for (let i = 0; i < 7; i++) {
      known.push(await time('paul'));
      unknown.push(await time(`ghost${i}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const ratio = median(unknown) / median(known);
    expect(ratio, `unknown ${median(unknown).toFixed(1)} ms, known ${median(known).toFixed(1)} ms`).to.be.within(0.75, 1.33);
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
