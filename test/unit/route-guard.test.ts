import { expect } from 'chai';
import express, { Router } from 'express';
import { dossierScope, guardRoutes, mayUse } from '../../src/access';
import { loadConfig } from '../../src/config';
import type { ModuleContext } from '../../src/web/context';
import { moduleRouter } from '../../src/web/router';

const config = loadConfig({ ...process.env, SESSION_SECRET: 'x'.repeat(32) });
const ctx = { config } as ModuleContext;

function strictApp() {
  const app = express();
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  return app;
}

describe('route guard: access decided on the matched route', () => {
  it('refuses to start when a route has no rule in the policy table, and names it', () => {
    const app = strictApp();
    const router = moduleRouter();
    router.get('/dossiers', (_req, res) => void res.end());
    router.post('/dossiers/:id/something-new', (_req, res) => void res.end());
    app.use(router);
    expect(() => guardRoutes(app, ctx)).to.throw(/POST \/dossiers\/:id\/something-new/);
  });

  it('refuses to start with a router that matches case-insensitively or ignores a trailing slash', () => {
    const app = strictApp();
    const lenient = Router();
    lenient.get('/dossiers', (_req, res) => void res.end());
    app.use(lenient);
    expect(() => guardRoutes(app, ctx)).to.throw(/moduleRouter/);
    const loose = express();
    loose.use(moduleRouter());
    expect(() => guardRoutes(loose, ctx)).to.throw(/case-sensitively and strictly/);
  });

  it('keys rules by the full pattern of nested routers, and a setting can widen one (REOPEN_ROLES)', () => {
    const app = strictApp();
    const outer = moduleRouter();
    const inner = moduleRouter();
    inner.get('/openapi.json', (_req, res) => void res.end());
    outer.use('/api/v1', inner);
    app.use(outer);
    expect(() => guardRoutes(app, ctx)).not.to.throw();
    expect(mayUse('controller', 'POST /dossiers/:id/reopen', config)).to.equal(false);
    expect(mayUse('controller', 'POST /dossiers/:id/reopen', loadConfig({ ...process.env, SESSION_SECRET: 'x'.repeat(32), REOPEN_ROLES: 'controller' }))).to.equal(true);
    expect(mayUse('admin', 'POST /no/such/route', config), 'unknown routes: nobody').to.equal(false);
  });

  it("says which routes write to a dossier: posts and form pages under /dossiers/:id and the provision forms; a closed dossier still reopens", () => {
    expect(dossierScope('POST', '/dossiers/:id/interventions')).to.deep.equal({ kind: 'write', refusedWhenClosed: true });
    expect(dossierScope('GET', '/dossiers/:id/edit')).to.deep.equal({ kind: 'write', refusedWhenClosed: true });
    expect(dossierScope('GET', '/dossiers/:id/status')).to.deep.equal({ kind: 'write', refusedWhenClosed: false });
    expect(dossierScope('POST', '/dossiers/:id/reopen')).to.deep.equal({ kind: 'write', refusedWhenClosed: false });
    expect(dossierScope('POST', '/provisions/dossiers/:id')).to.deep.equal({ kind: 'write', refusedWhenClosed: false });
    expect(dossierScope('GET', '/dossiers/:id')).to.deep.equal({ kind: 'read' });
    expect(dossierScope('POST', '/actions/done')).to.deep.equal({ kind: 'interventions', field: 'ids' });
    expect(dossierScope('POST', '/dossiers')).to.equal(null);
  });
});
