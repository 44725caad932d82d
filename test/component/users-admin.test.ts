import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import request from 'supertest';
import { createTestApp, extractCsrf, signIn, SignedInAgent, TEST_PASSWORD, TestApp } from '../support/test-app';
import { User } from '../../src/auth/user.entity';
import { verifyPassword, passwordPolicyProblem } from '../../src/auth/password';
import { CreditController } from '../../src/credit-controllers/credit-controller.entity';
import { createTestDatabase, TestDatabase } from '../support/test-db';

const BASE = '/recouvrement';

function fieldError(html: string, name: string): string | null {
  return new RegExp(`data-field-error="${name}">([^<]*)<`).exec(html)?.[1] ?? null;
}

async function login(t: TestApp, username: string, password: string) {
  const agent = request.agent(t.app);
  const page = await agent.get(`${BASE}/login`).expect(200);
  const res = await agent.post(`${BASE}/login`).type('form').send({ username, password, _csrf: extractCsrf(page.text) });
  return { agent, res };
}

describe('users administration', () => {
  let t: TestApp;
  let admin: SignedInAgent;

  before(async () => {
    t = await createTestApp({ basePath: BASE });
    admin = await signIn(t, 'admin1', 'admin');
  });
  after(() => t.close());

  it('the password policy: 12 characters, not the username, not a common password', () => {
    expect(passwordPolicyProblem('short-pass1')).to.equal('auth.password.tooShort');
    expect(passwordPolicyProblem('jean.dupont-2026', 'jean.dupont')).to.equal('auth.password.containsUsername');
    expect(passwordPolicyProblem('Azertyuiop123')).to.equal('auth.password.common');
    expect(passwordPolicyProblem('aaaaaaaaaaaaaaa')).to.equal('auth.password.common');
    expect(passwordPolicyProblem('trois chats sur le toit')).to.equal(null);
  });

  it('lists the users under Administration for an administrator only', async () => {
    const page = await admin.agent.get(`${BASE}/users`).expect(200);
    expect(page.text).to.include('Utilisateurs');
    expect(page.text).to.include('data-user="admin1"');
    expect((await admin.agent.get(`${BASE}/dossiers`)).text).to.include(`href="${BASE}/users"`);
    const controller = await signIn(t, 'ctl-noaccess', 'controller');
    expect((await controller.agent.get(`${BASE}/dossiers`)).text).not.to.include(`href="${BASE}/users"`);
    await controller.agent.get(`${BASE}/users`).expect(403);
    await controller.agent.post(`${BASE}/users`).type('form').send({ _csrf: controller.csrf, username: 'intruder', displayName: 'X', role: 'admin' }).expect(403);
    expect(await t.db.dataSource.getRepository(User).findOneBy({ username: 'intruder' })).to.equal(null);
  });

  it('creates a controller linked to a credit controller, with a generated password shown once', async () => {
    const cc = await t.db.dataSource.getRepository(CreditController).save({ code: 'CLA', name: 'Claire Martin', email: null, phone: null, userId: null, active: true });
    const form = await admin.agent.get(`${BASE}/users/new`).expect(200);
    expect(form.text).to.include('Au moins 12 caractères');
    expect(form.text).to.include('Claire Martin');
    const res = await admin.agent
      .post(`${BASE}/users`)
      .type('form')
      .send({ _csrf: admin.csrf, username: 'claire', displayName: 'Claire Martin', role: 'controller', locale: 'fr', controllerId: String(cc.id), password: '' })
      .expect(200);
    expect(res.text).to.include('il ne sera plus affiché');
    expect(res.get('cache-control')).to.include('no-store');
    const password = /id="generated-password">([^<]+)</.exec(res.text)?.[1] ?? '';
    expect(password).to.have.length.greaterThan(11);
    const user = await t.db.dataSource.getRepository(User).findOneByOrFail({ username: 'claire' });
    expect(user).to.include({ role: 'controller', locale: 'fr', active: true, displayName: 'Claire Martin' });
    expect((await t.db.dataSource.getRepository(CreditController).findOneByOrFail({ id: cc.id })).userId).to.equal(user.id);
    expect((await login(t, 'claire', password)).res.status).to.equal(303);
    const list = await admin.agent.get(`${BASE}/users`).expect(200);
    expect(list.text).to.include('CLA · Claire Martin');
    expect(list.text).not.to.include(password);
  });

  it('refuses a weak password at the field, keeping the other input, and creates nothing', async () => {
    const res = await admin.agent
      .post(`${BASE}/users`)
      .type('form')
      .send({ _csrf: admin.csrf, username: 'weak', displayName: 'Weak Password', role: 'accountant', password: 'motdepasse123' })
      .expect(422);
    expect(fieldError(res.text, 'password')).to.include('trop courant');
    expect(res.text).to.include('value="Weak Password"');
    expect(await t.db.dataSource.getRepository(User).findOneBy({ username: 'weak' })).to.equal(null);
  });

  it('disabling a user ends their sessions at once; enabling lets them sign in again', async () => {
    const paul = await signIn(t, 'paul', 'accountant');
    await paul.agent.get(`${BASE}/dossiers`).expect(200);
    await admin.agent.post(`${BASE}/users/${paul.userId}/active`).type('form').send({ _csrf: admin.csrf, active: 'false' }).expect(303);
    const after = await paul.agent.get(`${BASE}/dossiers`);
    expect(after.status).to.equal(303);
    expect(after.headers.location).to.include('/login');
    expect((await login(t, 'paul', TEST_PASSWORD)).res.status).to.equal(401);
    await admin.agent.post(`${BASE}/users/${paul.userId}/active`).type('form').send({ _csrf: admin.csrf, active: 'true' }).expect(303);
    expect((await login(t, 'paul', TEST_PASSWORD)).res.status).to.equal(303);
    // Re-enabling does not bring the old session back.
    expect((await paul.agent.get(`${BASE}/dossiers`)).status).to.equal(303);
  });

  it('resets a password (set by the administrator or generated), which ends the user\'s sessions', async () => {
    const anne = await signIn(t, 'anne', 'auditor');
    const weak = await admin.agent.post(`${BASE}/users/${anne.userId}/password`).type('form').send({ _csrf: admin.csrf, password: 'anne-2026-pass' }).expect(422);
    expect(fieldError(weak.text, 'password')).to.include('ne doit pas contenir');
    await admin.agent.post(`${BASE}/users/${anne.userId}/password`).type('form').send({ _csrf: admin.csrf, password: 'un cheval violet' }).expect(303);
    expect((await anne.agent.get(`${BASE}/dossiers`)).status).to.equal(303);
    expect((await login(t, 'anne', TEST_PASSWORD)).res.status).to.equal(401);
    expect((await login(t, 'anne', 'un cheval violet')).res.status).to.equal(303);
    const generated = await admin.agent.post(`${BASE}/users/${anne.userId}/password`).type('form').send({ _csrf: admin.csrf, generate: 'true' }).expect(200);
    const password = /id="generated-password">([^<]+)</.exec(generated.text)?.[1] ?? '';
    const stored = await t.db.dataSource.getRepository(User).findOneByOrFail({ id: anne.userId });
    expect(await verifyPassword(password, stored.passwordHash)).to.equal(true);
  });

  it('changes a role and the display name', async () => {
    const marc = await signIn(t, 'marc', 'auditor');
    await admin.agent.post(`${BASE}/users/${marc.userId}`).type('form').send({ _csrf: admin.csrf, displayName: 'Marc Leroy', role: 'accountant', locale: 'en' }).expect(303);
    expect(await t.db.dataSource.getRepository(User).findOneByOrFail({ id: marc.userId })).to.include({ displayName: 'Marc Leroy', role: 'accountant', locale: 'en' });
  });

  it('the last active administrator can neither disable nor demote themselves; with a second admin they can', async () => {
    const fresh = await createTestApp({ basePath: BASE });
    try {
      const only = await signIn(fresh, 'boss', 'admin');
      const demote = await only.agent.post(`${BASE}/users/${only.userId}`).type('form').send({ _csrf: only.csrf, displayName: 'Boss', role: 'controller' }).expect(303);
      expect(demote.headers.location).to.equal(`${BASE}/users`);
      expect((await only.agent.get(`${BASE}/users`)).text).to.include('dernier administrateur actif');
      await only.agent.post(`${BASE}/users/${only.userId}/active`).type('form').send({ _csrf: only.csrf, active: 'false' }).expect(303);
      expect(await fresh.db.dataSource.getRepository(User).findOneByOrFail({ id: only.userId })).to.include({ role: 'admin', active: true });
      expect((await only.agent.get(`${BASE}/users`)).text).to.include('dernier administrateur actif');
      await signIn(fresh, 'boss2', 'admin');
      await only.agent.post(`${BASE}/users/${only.userId}`).type('form').send({ _csrf: only.csrf, displayName: 'Boss', role: 'controller' }).expect(303);
      expect((await fresh.db.dataSource.getRepository(User).findOneByOrFail({ id: only.userId })).role).to.equal('controller');
    } finally {
      await fresh.close();
    }
  });

  it('every user changes their own password on "Mon compte"; their other sessions end, this one stays', async () => {
    const lea = await signIn(t, 'lea', 'controller');
    const other = await login(t, 'lea', TEST_PASSWORD);
    const page = await lea.agent.get(`${BASE}/profile`).expect(200);
    expect(page.text).to.include('Changer mon mot de passe');
    expect(page.text).to.include('Au moins 12 caractères');
    const wrong = await lea.agent.post(`${BASE}/profile/password`).type('form').send({ _csrf: lea.csrf, current: 'not-my-password', password: 'une nouvelle phrase', confirmation: 'une nouvelle phrase' }).expect(422);
    expect(fieldError(wrong.text, 'current')).to.include('incorrect');
    const mismatch = await lea.agent.post(`${BASE}/profile/password`).type('form').send({ _csrf: lea.csrf, current: TEST_PASSWORD, password: 'une nouvelle phrase', confirmation: 'une autre phrase' }).expect(422);
    expect(fieldError(mismatch.text, 'confirmation')).to.include('ne correspond pas');
    const short = await lea.agent.post(`${BASE}/profile/password`).type('form').send({ _csrf: lea.csrf, current: TEST_PASSWORD, password: 'court', confirmation: 'court' }).expect(422);
    expect(fieldError(short.text, 'password')).to.include('12 caractères');
    await lea.agent.post(`${BASE}/profile/password`).type('form').send({ _csrf: lea.csrf, current: TEST_PASSWORD, password: 'une nouvelle phrase', confirmation: 'une nouvelle phrase' }).expect(303);
    const after = await lea.agent.get(`${BASE}/profile`).expect(200);
    expect(after.text).to.include('Votre mot de passe a été changé');
    expect((await other.agent.get(`${BASE}/dossiers`)).status).to.equal(303);
    expect((await login(t, 'lea', 'une nouvelle phrase')).res.status).to.equal(303);
  });
});

describe('npm run user:create', function () {
  this.timeout(60_000);
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(() => db.drop());

  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--require', 'tsx/cjs', 'src/cli/user-create.ts', ...args], { env: { ...process.env, ...db.env, LOAD_DEMO: 'false' }, encoding: 'utf8' });

  it('creates a user with a generated password printed once', async () => {
    const r = run('--username', 'jdupont', '--role', 'controller', '--name', 'Jean Dupont');
    expect(r.status, r.stderr).to.equal(0);
    const password = /Password: (\S+)/.exec(r.stdout)?.[1] ?? '';
    const user = await db.dataSource.getRepository(User).findOneByOrFail({ username: 'jdupont' });
    expect(user).to.include({ role: 'controller', displayName: 'Jean Dupont' });
    expect(await verifyPassword(password, user.passwordHash)).to.equal(true);
  });

  it('takes a given password through the policy, and fails with a clear message and exit code 1', async () => {
    const weak = run('--username', 'marie', '--role', 'accountant', '--password', 'short');
    expect(weak.status).to.equal(1);
    expect(weak.stderr).to.include('at least 12 characters');
    const taken = run('--username', 'jdupont', '--role', 'admin', '--password', 'a long enough phrase');
    expect(taken.status).to.equal(1);
    expect(taken.stderr).to.include('already taken');
    const role = run('--username', 'x1', '--role', 'boss');
    expect(role.status).to.equal(1);
    expect(role.stderr).to.include('--role must be one of');
    const missing = run('--role', 'admin');
    expect(missing.status).to.equal(1);
    expect(missing.stderr).to.include('--username is required');
    const ok = run('--username', 'marie', '--role', 'accountant', '--password', 'elle compte les sous');
    expect(ok.status, ok.stderr).to.equal(0);
    expect(ok.stdout).not.to.include('Password:');
    expect(await db.dataSource.getRepository(User).countBy({ username: 'marie' })).to.equal(1);
  });
});
