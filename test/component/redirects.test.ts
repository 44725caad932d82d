/** Every back/next target is a path of the module, whatever the browser sends, mounted at the root or under a base path. */
import { expect } from 'chai';
import request from 'supertest';
import { createTestApp, extractCsrf, signIn, TEST_PASSWORD, TestApp } from '../support/test-app';
import { createUser } from '../../src/auth/auth.service';
import { sameSitePath } from '../../src/web/middleware';

const HOSTILE = ['/\\evil.example', '/\\/evil.example', '//evil.example', '/\t/evil.example', '/\n/evil.example', 'https://evil.example/', '\\\\evil.example', 'evil.example', ' //evil.example'];

/** Where a browser would go from the Location header: it reads `\` as `/` and drops tabs and newlines. */
function browserTarget(location: string): URL {
  return new URL(location.replace(/\\/g, '/').replace(/[\t\n\r]/g, ''), 'http://app.test/');
}

for (const base of ['', '/recouvrement']) {
  describe(`redirects stay on the site (module mounted at "${base || '/'}")`, function () {
    this.timeout(60000);
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ basePath: base });
      await createUser(t.db.dataSource, { username: 'nadia', displayName: 'Nadia', password: TEST_PASSWORD, role: 'controller' });
    });
    after(() => t.close());

    it('the language switch goes back only to a page of the module', async () => {
      const me = await signIn(t, 'lang-user', 'controller');
      for (const back of HOSTILE) {
        const res = await me.agent.post(`${base}/preferences/locale`).type('form').send({ _csrf: me.csrf, locale: 'en', back }).expect(303);
        const target = browserTarget(res.headers.location);
        expect(target.host, `back=${JSON.stringify(back)} → ${res.headers.location}`).to.equal('app.test');
        expect(target.pathname.startsWith(`${base}/`), res.headers.location).to.equal(true);
      }
      const ok = await me.agent.post(`${base}/preferences/locale`).type('form').send({ _csrf: me.csrf, locale: 'fr', back: '/dossiers?status=1' }).expect(303);
      expect(ok.headers.location).to.equal(`${base}/dossiers?status=1`);
    });

    it('the login goes on only to a page of the module', async () => {
      for (const next of [...HOSTILE, ...HOSTILE.map((h) => `${base}${h}`)]) {
        const agent = request.agent(t.app);
        const page = await agent.get(`${base}/login`).query({ next }).expect(200);
        const res = await agent.post(`${base}/login`).type('form').send({ username: 'nadia', password: TEST_PASSWORD, next, _csrf: extractCsrf(page.text) }).expect(303);
        const target = browserTarget(res.headers.location);
        expect(target.host, `next=${JSON.stringify(next)} → ${res.headers.location}`).to.equal('app.test');
        expect(target.pathname.startsWith(`${base}/`), res.headers.location).to.equal(true);
      }
      const agent = request.agent(t.app);
      const page = await agent.get(`${base}/dossiers?q=x`).expect(303);
      const login = await agent.get(page.headers.location).expect(200);
      const res = await agent.post(`${base}/login`).type('form').send({ username: 'nadia', password: TEST_PASSWORD, next: `${base}/dossiers?q=x`, _csrf: extractCsrf(login.text) }).expect(303);
      expect(res.headers.location).to.equal(`${base}/dossiers?q=x`);
    });
  });
}

describe('sameSitePath', () => {
  it('keeps module paths and refuses everything else', () => {
    expect(sameSitePath('/dossiers/1?tab=chrono#x')).to.equal('/dossiers/1?tab=chrono#x');
    for (const h of HOSTILE) expect(sameSitePath(h), JSON.stringify(h)).to.equal('/');
    expect(sameSitePath('/recouvrement/dossiers', { withBase: '/recouvrement' })).to.equal('/dossiers');
    expect(sameSitePath('/recouvrementX/dossiers', { withBase: '/recouvrement' })).to.equal('/');
    expect(sameSitePath('/recouvrement/\\evil.example', { withBase: '/recouvrement' })).to.equal('/');
    expect(sameSitePath(['/a'])).to.equal('/');
  });
});
