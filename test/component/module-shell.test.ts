import { expect } from 'chai';
import request from 'supertest';
import { createTestApp, extractCsrf, signIn, TestApp, TEST_PASSWORD } from '../support/test-app';
import { createUser } from '../../src/auth/auth.service';

describe('the module shell', () => {
  describe('mounted under /recouvrement', () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ basePath: '/recouvrement' });
    });
    after(() => t.close());

    it('sends a visitor who is not signed in to the login page under the base path', async () => {
      const res = await request(t.app).get('/recouvrement/dossiers').expect(303);
      expect(res.headers.location).to.equal('/recouvrement/login?next=%2Frecouvrement%2Fdossiers');
    });

    it('serves its assets and links under the base path', async () => {
      const page = await request(t.app).get('/recouvrement/login').expect(200);
      expect(page.text).to.include('href="/recouvrement/assets/vendor/bootstrap/bootstrap.min.css"');
      expect(page.text).to.include('action="/recouvrement/login"');
      await request(t.app).get('/recouvrement/assets/vendor/bootstrap/bootstrap.min.css').expect(200);
      await request(t.app).get('/recouvrement/assets/vendor/htmx/htmx.min.js').expect(200);
    });

    it('signs a user in and back to the page they asked for', async () => {
      await createUser(t.db.dataSource, { username: 'claire', displayName: 'Claire', password: TEST_PASSWORD, role: 'controller' });
      const agent = request.agent(t.app);
      const login = await agent.get('/recouvrement/login?next=%2Frecouvrement%2Fdossiers').expect(200);
      const res = await agent
        .post('/recouvrement/login')
        .type('form')
        .send({ username: 'claire', password: TEST_PASSWORD, next: '/recouvrement/dossiers', _csrf: extractCsrf(login.text) })
        .expect(303);
      expect(res.headers.location).to.equal('/recouvrement/dossiers');
      expect(res.headers['set-cookie'][0]).to.match(/Path=\/recouvrement/);
      await agent.get('/recouvrement/dossiers').expect(200);
    });

    it('refuses a wrong password with the same message as an unknown user', async () => {
      const agent = request.agent(t.app);
      const login = await agent.get('/recouvrement/login').expect(200);
      const wrong = await agent.post('/recouvrement/login').type('form').send({ username: 'claire', password: 'nope-nope-1', _csrf: extractCsrf(login.text) }).expect(401);
      const unknown = await agent.post('/recouvrement/login').type('form').send({ username: 'nobody', password: 'nope-nope-1', _csrf: extractCsrf(login.text) }).expect(401);
      expect(wrong.text).to.include('Identifiant ou mot de passe incorrect.');
      expect(unknown.text).to.include('Identifiant ou mot de passe incorrect.');
    });

    it('never follows a login to another site', async () => {
      await createUser(t.db.dataSource, { username: 'paul', displayName: 'Paul', password: TEST_PASSWORD, role: 'controller' });
      const agent = request.agent(t.app);
      const login = await agent.get('/recouvrement/login').expect(200);
      const res = await agent.post('/recouvrement/login').type('form').send({ username: 'paul', password: TEST_PASSWORD, next: '//evil.example/x', _csrf: extractCsrf(login.text) }).expect(303);
      expect(res.headers.location).to.equal('/recouvrement/');
    });

    it('rejects a form posted without the CSRF token', async () => {
      const agent = request.agent(t.app);
      await agent.get('/recouvrement/login').expect(200);
      const res = await agent.post('/recouvrement/login').type('form').send({ username: 'claire', password: TEST_PASSWORD }).expect(403);
      expect(res.text).to.include('Le formulaire a expiré');
    });

    it('shows 404 as an application page without internals', async () => {
      const s = await signIn(t, 'viewer404', 'controller');
      const res = await s.agent.get('/recouvrement/no-such-page').expect(404);
      expect(res.text).to.include('Cette page n&#39;existe pas.');
      expect(res.text).to.include('href="/recouvrement/"');
      expect(res.text).not.to.match(/at .*\.ts:\d+/);
    });

    it('speaks English with ?lang=en and keeps it for the session', async () => {
      const s = await signIn(t, 'english', 'controller');
      const en = await s.agent.get('/recouvrement/dossiers?lang=en').expect(200);
      expect(en.text).to.include('Sign out');
      const again = await s.agent.get('/recouvrement/dossiers').expect(200);
      expect(again.text).to.include('Sign out');
    });

    it('logs out and the old session no longer opens pages', async () => {
      const s = await signIn(t, 'leaver', 'controller');
      await s.agent.post('/recouvrement/logout').type('form').send({ _csrf: s.csrf }).expect(303);
      await s.agent.get('/recouvrement/dossiers').expect(303);
    });
  });
});
