/**
 * The role matrix: every route of the module, read from the app's own router stacks, against every
 * role, signed out, and API keys. A route missing from POLICY fails the test, so whoever adds a route
 * decides who may use it.
 */
import { expect } from 'chai';
import request from 'supertest';
import type { Response } from 'supertest';
import type { Role } from '../../src/auth/user.entity';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { AppRoute, listRoutes } from '../support/route-list';
import { buildRouteWorld, concretePath, ROLE_USERS, RouteWorld } from '../support/route-world';

const BASE = '/recouvrement';
const ALL: Role[] = ['admin', 'controller', 'accountant', 'auditor'];
const WRITERS: Role[] = ['admin', 'controller', 'accountant'];
const WORKERS: Role[] = ['admin', 'controller'];
const BOOKERS: Role[] = ['admin', 'accountant'];
const ADMIN: Role[] = ['admin'];
const AUDIT: Role[] = ['admin', 'auditor'];

/** Who may use each page and form. 'public' = the login page itself. API routes: 'read' or 'write' key scope. */
export const POLICY: Record<string, Role[] | 'public' | 'api-read' | 'api-write' | 'api-public'> = {
  'GET /api/v1/openapi.json': 'api-public',
  'PUT /api/v1/third-parties/:auxiliaryAccount': 'api-write',
  'GET /api/v1/third-parties/:auxiliaryAccount': 'api-read',
  'POST /api/v1/ledger-entries': 'api-write',
  'POST /api/v1/lettering': 'api-write',
  'GET /api/v1/dossiers': 'api-read',
  'GET /api/v1/dossiers/:number': 'api-read',
  'GET /api/v1/journal-entries': 'api-read',
  'POST /api/v1/invoice-statuses': 'api-write',

  'GET /login': 'public',
  'POST /login': 'public',
  'POST /logout': ALL,
  'POST /logout-everywhere': ALL,
  'POST /preferences/locale': ALL,
  'GET /profile': ALL,
  'POST /profile/password': ALL,
  'GET /audit': AUDIT,

  'GET /': ALL,
  'GET /actions': ALL,
  'POST /actions/done': WRITERS,
  'POST /actions/letters': WRITERS,
  'POST /actions/calls': WRITERS,

  'GET /dossiers': ALL,
  'GET /dossiers/new': WRITERS,
  'POST /dossiers': WRITERS,
  'GET /dossiers/:id': ALL,
  'GET /dossiers/:id/edit': WRITERS,
  'POST /dossiers/:id': WRITERS,
  'GET /dossiers/:id/status': WRITERS,
  'POST /dossiers/:id/status': WRITERS,
  'GET /dossiers/:id/reopen': ADMIN,
  'POST /dossiers/:id/reopen': ADMIN,
  'POST /dossiers/:id/entries/reschedule': WRITERS,
  'POST /dossiers/:id/entries/doubtful': WRITERS,
  'POST /dossiers/:id/entries/link': WRITERS,
  'POST /dossiers/:id/entries/unlink': WRITERS,
  'POST /dossiers/:id/interventions': WRITERS,
  'POST /dossiers/:id/interventions/:iid/done': WRITERS,
  'POST /dossiers/:id/interventions/:iid/skip': WRITERS,
  'POST /dossiers/:id/contacts': WRITERS,
  'GET /dossiers/:id/contacts/:cid/edit': WRITERS,
  'POST /dossiers/:id/contacts/:cid': WRITERS,
  'GET /dossiers/:id/scenario': ALL,
  'POST /dossiers/:id/scenario': WORKERS,
  'POST /dossiers/:id/scenario/suspend': WORKERS,
  'POST /dossiers/:id/scenario/resume': WORKERS,
  'POST /dossiers/:id/scenario/restart': WORKERS,
  'GET /dossiers/:id/account': ALL,
  'POST /dossiers/:id/account/elements': WRITERS,
  'POST /dossiers/:id/account/payments': WRITERS,
  'POST /dossiers/:id/plans': WORKERS,
  'POST /dossiers/:id/settlements': WORKERS,
  'POST /dossiers/:id/promises': WORKERS,
  'POST /dossiers/:id/disputes': WORKERS,
  'POST /dossiers/:id/disputes/:did/resolve': WORKERS,
  'POST /dossiers/:id/debtor-links/revoke': WORKERS,
  // The debtor page: outside the login, opened by its signed link (test/component/debtor-portal.test.ts).
  'GET /espace/:token': 'public',
  'GET /espace/:token/copies/:aid': 'public',
  'POST /espace/:token/promise': 'public',
  'POST /espace/:token/dispute': 'public',
  'POST /espace/:token/plan': 'public',
  'POST /espace/:token/message': 'public',
  'POST /dossiers/:id/attachments': WRITERS,
  'GET /dossiers/:id/download': ALL,
  'POST /dossiers/:id/notes': WRITERS,
  'POST /dossiers/:id/closure-request': WORKERS,
  'GET /dossiers/:id/closure-request': ALL,
  'GET /closure-requests': ADMIN,
  'GET /bodacc': ALL,
  'POST /bodacc/import': WORKERS,
  'POST /bodacc/proposals/:pid/dismiss': WORKERS,
  'GET /dossiers/:id/bodacc': ALL,
  'GET /dossiers/:id/prescription': ALL,
  'POST /dossiers/:id/prescription': WORKERS,
  'GET /prescription': ALL,
  'GET /dossiers/:id/e-invoicing': ALL,
  'GET /dossiers/:id/handoff': ALL,
  'POST /dossiers/:id/handoff': WORKERS,
  'POST /dossiers/:id/handoff/costs': WORKERS,
  'POST /dossiers/:id/handoff/end': WORKERS,
  'GET /dossiers/:id/handoff/package.pdf': WORKERS,
  'GET /dossiers/:id/handoff/package.zip': WORKERS,
  'GET /dossiers/:id/payment-orders': ALL,
  'POST /dossiers/:id/payment-orders': WORKERS,
  'POST /payment-orders/:oid/events': WORKERS,
  'GET /payment-orders/:oid/request': ALL,
  'GET /payment-orders/:oid/zip': ALL,
  'POST /closure-requests/:rid/decision': ADMIN,
  'GET /approvals': ADMIN,
  'POST /approvals/:rid/decision': ADMIN,
  'GET /recent-dossiers': ALL,

  'GET /third-parties': ALL,
  'GET /third-parties/:id': ALL,
  'GET /third-parties/:id/edit': WRITERS,
  'POST /third-parties/:id': WRITERS,
  'GET /third-parties/:id/contacts/new': WRITERS,
  'GET /third-parties/:id/contacts/:cid/edit': WRITERS,
  'POST /third-parties/:id/contacts': WRITERS,
  'POST /third-parties/:id/contacts/:cid': WRITERS,
  'POST /third-parties/:id/contacts/:cid/delete': WRITERS,
  'POST /third-parties/:id/dossiers': WORKERS,

  'GET /api-keys': ADMIN,
  'POST /api-keys': ADMIN,
  'POST /api-keys/:id/revoke': ADMIN,
  'GET /users': ADMIN,
  'GET /users/new': ADMIN,
  'POST /users': ADMIN,
  'GET /users/:id/edit': ADMIN,
  'POST /users/:id': ADMIN,
  'POST /users/:id/active': ADMIN,
  'GET /users/:id/password': ADMIN,
  'POST /users/:id/password': ADMIN,
  'GET /settings': ADMIN,
  'GET /settings/:list': ADMIN,
  'GET /settings/:list/new': ADMIN,
  'GET /settings/:list/:id/edit': ADMIN,
  'POST /settings/:list': ADMIN,
  'POST /settings/:list/:id': ADMIN,
  'POST /settings/:list/:id/active': ADMIN,
  'POST /settings/:list/:id/delete': ADMIN,
  'GET /settings/controllers': ADMIN,
  'GET /settings/controllers/new': ADMIN,
  'GET /settings/controllers/:id/edit': ADMIN,
  'POST /settings/controllers': ADMIN,
  'POST /settings/controllers/:id': ADMIN,
  'POST /settings/controllers/:id/active': ADMIN,
  'POST /settings/controllers/:id/delete': ADMIN,
  'GET /settings/companies': ADMIN,
  'GET /settings/companies/new': ADMIN,
  'GET /settings/companies/:id/edit': ADMIN,
  'POST /settings/companies': ADMIN,
  'POST /settings/companies/:id': ADMIN,
  'POST /settings/companies/:id/delete': ADMIN,
  'GET /approvals/settings': ADMIN,
  'POST /approvals/settings': ADMIN,
  'GET /reminders/rule': ADMIN,
  'POST /reminders/rule': ADMIN,
  'GET /journal/settings': ADMIN,
  'POST /journal/settings': ADMIN,

  'GET /templates': ALL,
  'GET /templates/:code': ALL,
  'POST /templates/:code/preview': ADMIN,
  'POST /templates/:code': ADMIN,
  'POST /templates/:code/reset': ADMIN,
  'GET /documents/dossiers/:id/print/:code': ALL,
  'GET /documents/dossiers/:id/claims-declaration': ALL,
  'GET /documents/generated/:id': ALL,
  'GET /outbox': ALL,
  'GET /outbox/:id': ALL,
  'POST /outbox/send': WORKERS,
  'POST /outbox/:id/resend': WORKERS,

  'GET /scenarios': ALL,
  'GET /scenarios/new': ADMIN,
  'POST /scenarios': ADMIN,
  'POST /scenarios/import': ADMIN,
  'GET /scenarios/:id': ALL,
  'GET /scenarios/:id/export': ALL,
  'GET /scenarios/:id/edit': ADMIN,
  'POST /scenarios/:id': ADMIN,
  'POST /scenarios/:id/delete': ADMIN,
  'GET /scenarios/:id/steps/new': ADMIN,
  'GET /scenarios/:id/steps/:index/edit': ADMIN,
  'POST /scenarios/:id/steps': ADMIN,
  'POST /scenarios/:id/steps/:index': ADMIN,
  'POST /scenarios/:id/steps/:index/move': ADMIN,
  'POST /scenarios/:id/steps/:index/delete': ADMIN,
  'GET /jobs': ALL,
  'POST /jobs/run': ADMIN,
  'GET /jobs/dry-run': ALL,

  'GET /imports': BOOKERS,
  'POST /imports': BOOKERS,
  'GET /imports/:id': BOOKERS,
  'GET /imports/:id/progress': BOOKERS,
  'GET /printing': ALL,
  'GET /printing/print': ALL,
  'GET /printing/pdf': ALL,
  'GET /printing/export.csv': ALL,
  'GET /printing/export.xlsx': ALL,
  'GET /reports': ALL,
  'GET /reports/:code': ALL,
  'GET /reports/:code/export.csv': ALL,
  'GET /reports/:code/export.xlsx': ALL,
  'GET /payments/recent': ALL,
  'POST /payments/recent/columns': ALL,
  'POST /plans/:planId/decision': ADMIN,
  'POST /settlements/:sid/decision': ADMIN,
  'GET /attachments/:aid/download': ALL,
  'GET /reminders': ALL,
  'POST /reminders/preview': WRITERS,
  'POST /reminders/print': WRITERS,
  'GET /reminders/batches/:id': ALL,
  'GET /reminders/batches/:id/print': ALL,
  'POST /reminders/dossiers': WRITERS,
  'GET /provisions/dossiers/:id': ALL,
  'POST /provisions/dossiers/:id': BOOKERS,
  'POST /provisions/dossiers/:id/payment': BOOKERS,
  'POST /provisions/dossiers/:id/recovery': BOOKERS,
  'GET /provisions': ALL,
  'GET /provisions.xlsx': ALL,
  'GET /journal': ALL,
  'POST /journal/export': BOOKERS,

  'GET /messages': ALL,
  'GET /messages/new': ALL,
  'POST /messages': ALL,
  'GET /messages/:mid': ALL,
  'GET /messages/:mid/attachments/:aid': ALL,
};

const key = (r: AppRoute) => `${r.method} ${r.path}`;
/** Routes that end the session: tried last, each on its own sign-in. */
const SESSION_ENDERS = new Set(['POST /logout', 'POST /logout-everywhere']);

function describeOutcome(res: Response): string {
  return `${res.status}${res.headers.location ? ` → ${res.headers.location}` : ''} ${res.status >= 400 ? res.text.replace(/\s+/g, ' ').slice(0, 160) : ''}`;
}

function isLoginRedirect(res: Response): boolean {
  return res.status === 303 && String(res.headers.location ?? '').startsWith(`${BASE}/login`);
}

async function send(who: SignedInAgent, route: AppRoute, path: string): Promise<Response> {
  const url = `${BASE}${path}`;
  if (route.method === 'GET') return who.agent.get(url);
  return who.agent[route.method.toLowerCase() as 'post' | 'put'](url).type('form').send({ _csrf: who.csrf });
}

describe('role matrix: every route, every role', function () {
  this.timeout(120000);
  let t: TestApp;
  let w: RouteWorld;
  let routes: AppRoute[];
  const ds = () => t.db.dataSource;

  before(async () => {
    t = await createTestApp({ basePath: BASE, env: { CONTROLLERS_EDIT_ALL: 'false' } });
    w = await buildRouteWorld(ds());
    routes = listRoutes(t.module);
  });
  after(() => t.close());

  it('reads the routes from the app, nested routers and the API included, and every one is in the policy table', () => {
    expect(routes.length).to.be.greaterThan(150);
    expect(routes.map(key)).to.include.members(['GET /dossiers/:id', 'POST /dossiers/:id/contacts', 'GET /api/v1/dossiers', 'POST /dossiers/:id/scenario']);
    const missing = routes.map(key).filter((k) => !(k in POLICY));
    expect(missing, 'routes nobody decided about: add them to POLICY').to.deep.equal([]);
    const stale = Object.keys(POLICY).filter((k) => !routes.some((r) => key(r) === k));
    expect(stale, 'policy entries without a route').to.deep.equal([]);
  });

  it('signed out, every page redirects to the login page and every form is refused', async () => {
    const problems: string[] = [];
    for (const route of routes) {
      const policy = POLICY[key(route)];
      if (policy === 'public' || (typeof policy === 'string' && policy.startsWith('api'))) continue;
      const url = `${BASE}${concretePath(route, w)}`;
      if (route.method === 'GET') {
        const res = await request(t.app).get(url);
        if (!isLoginRedirect(res)) problems.push(`${key(route)}: ${describeOutcome(res)}`);
        else expect(res.headers.location).to.equal(`${BASE}/login?next=${encodeURIComponent(url)}`);
      } else {
        const res = await request(t.app)[route.method.toLowerCase() as 'post'](url).type('form').send({});
        if (![401, 403].includes(res.status)) problems.push(`${key(route)}: ${describeOutcome(res)}`);
      }
    }
    expect(problems).to.deep.equal([]);
  });

  for (const role of ['auditor', 'accountant', 'controller', 'admin'] as Role[]) {
    it(`as ${role}: allowed routes answer, the others are refused with 403`, async () => {
      const who = await signIn(t, ROLE_USERS[role], role, { create: false });
      const problems: string[] = [];
      const ordered = [...routes.filter((r) => !SESSION_ENDERS.has(key(r))), ...routes.filter((r) => SESSION_ENDERS.has(key(r)))];
      for (const route of ordered) {
        const policy = POLICY[key(route)];
        if (!Array.isArray(policy)) continue;
        const current = SESSION_ENDERS.has(key(route)) ? await signIn(t, ROLE_USERS[role], role, { create: false }) : who;
        const res = await send(current, route, concretePath(route, w));
        const allowed = policy.includes(role);
        if (allowed && SESSION_ENDERS.has(key(route))) {
          if (!isLoginRedirect(res)) problems.push(`${key(route)} should end the session: ${describeOutcome(res)}`);
          continue;
        }
        if (allowed && (res.status === 403 || res.status === 401 || res.status >= 500 || isLoginRedirect(res))) problems.push(`${key(route)} should be allowed: ${describeOutcome(res)}`);
        if (!allowed && res.status !== 403) problems.push(`${key(route)} should be 403: ${describeOutcome(res)}`);
      }
      expect(problems).to.deep.equal([]);
    });
  }

  it('the API: no key gets 401, a read key reads and is refused writes with 403, a write key does both', async () => {
    const problems: string[] = [];
    for (const route of routes.filter((r) => r.path.startsWith('/api/'))) {
      const policy = POLICY[key(route)];
      const url = `${BASE}${concretePath(route, w)}`;
      const call = (bearer?: string) => {
        const req = request(t.app)[route.method.toLowerCase() as 'get' | 'post' | 'put'](url);
        if (bearer) req.set('Authorization', `Bearer ${bearer}`);
        return route.method === 'GET' ? req : req.send({});
      };
      const none = await call();
      const read = await call(w.readKey);
      const write = await call(w.writeKey);
      if (policy === 'api-public') {
        if (none.status !== 200) problems.push(`${key(route)} public: ${none.status}`);
        continue;
      }
      if (none.status !== 401) problems.push(`${key(route)} without a key: ${none.status}`);
      const readAllowed = policy === 'api-read';
      if (readAllowed ? [401, 403].includes(read.status) || read.status >= 500 : read.status !== 403) problems.push(`${key(route)} read key: ${read.status}`);
      if ([401, 403].includes(write.status) || write.status >= 500) problems.push(`${key(route)} write key: ${write.status}`);
    }
    expect(problems).to.deep.equal([]);
  });
});

describe('role matrix: a credit controller changes only the dossiers assigned to them', function () {
  this.timeout(120000);
  const writes = (r: AppRoute, policy: unknown) =>
    Array.isArray(policy) &&
    policy.includes('controller') &&
    /^\/(dossiers|provisions\/dossiers)\/:id(\/|$)/.test(r.path) &&
    (r.method === 'POST' || /\/(edit|status|reopen)$/.test(r.path));

  for (const editAll of [false, true]) {
    it(editAll ? 'with CONTROLLERS_EDIT_ALL=true, every dossier' : "by default, another controller's dossier is read-only (403 on every form)", async () => {
      const t = await createTestApp({ basePath: BASE, env: { CONTROLLERS_EDIT_ALL: String(editAll) } });
      try {
        const w = await buildRouteWorld(t.db.dataSource);
        const controller = await signIn(t, ROLE_USERS.controller, 'controller', { create: false });
        const routes = listRoutes(t.module).filter((r) => writes(r, POLICY[key(r)]));
        expect(routes.length).to.be.greaterThan(20);
        const problems: string[] = [];
        for (const route of routes) {
          const res = await send(controller, route, concretePath(route, w, w.otherDossierId));
          if (editAll ? res.status === 403 || res.status >= 500 : res.status !== 403) problems.push(`${key(route)}: ${describeOutcome(res)}`);
        }
        // Gestion des actions: ticking another controller's intervention.
        const done = await controller.agent.post(`${BASE}/actions/done`).type('form').send({ _csrf: controller.csrf, ids: String(w.otherInterventionId), result: 'Appel passé' });
        if (editAll ? done.status !== 303 : done.status !== 403) problems.push(`POST /actions/done: ${describeOutcome(done)}`);
        const mine = await controller.agent.post(`${BASE}/actions/done`).type('form').send({ _csrf: controller.csrf, ids: String(w.interventionId), result: 'Appel passé' });
        if (mine.status !== 303) problems.push(`POST /actions/done (own): ${describeOutcome(mine)}`);
        expect(problems).to.deep.equal([]);
        const page = await controller.agent.get(`${BASE}/dossiers/${w.otherDossierId}`);
        expect(page.status, 'still readable').to.equal(200);
        // The page says so and offers no edit button; the controller's own dossier does.
        expect(page.text.includes('id="read-only-for-user"')).to.equal(!editAll);
        expect(page.text.includes('class="dossier-read-only"'), 'the tab forms lose their controls').to.equal(!editAll);
        const own = await controller.agent.get(`${BASE}/dossiers/${w.ownDossierId}`);
        expect(own.status).to.equal(200);
        expect(own.text).not.to.include('id="read-only-for-user"');
        expect(own.text).to.include('id="change-status-button"');
      } finally {
        await t.close();
      }
    });
  }
});
