/**
 * The role matrix: every route of the module, read from the app's own router stacks, against every
 * role, signed out, and API keys, against the app's policy table (src/access/route-policy.ts; the app
 * does not start with a route missing from it); the table against what the README says each role does;
 * and every refused route spelt otherwise (case, slashes, percent-encoding, method overrides).
 */
import { expect } from 'chai';
import request from 'supertest';
import type { Response } from 'supertest';
import { ROUTE_POLICY, rolesFor } from '../../src/access';
import type { Role } from '../../src/auth/user.entity';
import { loadConfig } from '../../src/config';
import { DossierEntry } from '../../src/dossiers/dossier.entity';
import { ThirdParty } from '../../src/third-parties/third-party.entity';
import { makeEntry } from '../support/factories';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { AppRoute, listRoutes } from '../support/route-list';
import { buildRouteWorld, concretePath, ROLE_USERS, RouteWorld } from '../support/route-world';
import { changedTables, snapshot } from '../support/table-snapshot';

const BASE = '/recouvrement';
const CONFIG = loadConfig({ ...process.env, SESSION_SECRET: 'x'.repeat(32) });
/** Who may use each page and form: the app's own table (src/access/route-policy.ts), which this file checks against the app. */
const POLICY = ROUTE_POLICY;
/** The roles a route lets in ([] for the login page and the API, which have no user). */
const allowed = (routeKey: string): readonly Role[] => rolesFor(POLICY[routeKey], CONFIG);
const forUsers = (routeKey: string) => typeof POLICY[routeKey] !== 'string';

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
  // Minutes on PostgreSQL on a busy machine: every route, one role after the other.
  this.timeout(600000);
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

  it('the table says what the README says each role does', () => {
    const may = (role: Role, k: string) => allowed(k).includes(role);
    const keys = Object.keys(POLICY).filter(forUsers);
    const formPage = (k: string) => /\/(new|edit|status|reopen)$/.test(k);
    // Everyone signed in reads every page a controller reads (forms aside); the FEC imports are the books'.
    const unread = (role: Role) => keys.filter((k) => k.startsWith('GET ') && !formPage(k) && may('controller', k) && !may(role, k));
    expect(unread('accountant'), 'pages an accountant cannot read').to.deep.equal([]);
    expect(unread('auditor'), 'pages an auditor cannot read').to.deep.equal([]);
    // The accountant keeps the books…
    for (const k of ['POST /provisions/dossiers/:id', 'POST /provisions/dossiers/:id/payment', 'POST /provisions/dossiers/:id/recovery', 'POST /dossiers/:id/entries/doubtful', 'POST /imports', 'POST /journal/export']) {
      expect(may('accountant', k), k).to.equal(true);
    }
    // …and does not work dossiers: no creating or editing them, no status changes, no actions.
    // The list's bulk actions change dossiers too, but for printing the selection (a read, as the printing pages).
    const dossierWork = keys.filter((k) => !k.startsWith('GET ') && (/^POST \/dossiers(\/|$)/.test(k) || k.startsWith('POST /dossier-selection/') || k.startsWith('POST /actions/') || k.startsWith('POST /reminders/')) && !['POST /dossiers/:id/entries/doubtful', 'POST /reminders/rule', 'POST /dossier-selection/print'].includes(k));
    expect(dossierWork.length).to.be.greaterThan(25);
    expect(dossierWork.filter((k) => may('accountant', k)), 'dossier work an accountant may do').to.deep.equal([]);
    expect(dossierWork.filter((k) => !may('controller', k) && !k.includes('reopen')), 'dossier work a controller may not do').to.deep.equal([]);
    // The auditor writes nothing but their own things; the controller none of the administration.
    expect(keys.filter((k) => !k.startsWith('GET ') && may('auditor', k)).sort()).to.deep.equal(
      ['POST /logout', 'POST /logout-everywhere', 'POST /messages', 'POST /payments/recent/columns', 'POST /preferences/locale', 'POST /profile/password'].sort(),
    );
    for (const prefix of ['/setup', '/settings', '/users', '/api-keys', '/scenarios', '/templates/:code', '/approvals', '/closure-requests', '/jobs/run', '/journal/settings', '/reminders/rule']) {
      const admin = keys.filter((k) => !k.startsWith('GET ') && k.split(' ')[1].startsWith(prefix));
      expect(admin.length, prefix).to.be.greaterThan(0);
      expect(admin.filter((k) => may('controller', k) || may('accountant', k)), `${prefix}: only administrators`).to.deep.equal([]);
    }
  });

  it('each role sees the buttons of what it may do: an accountant no dossier editing, status change, bulk "Réalisée" or bulk reassignment, but Passer en créances douteuses and printing the selection', async () => {
    // A dossier with a linked entry, so that the Écritures tab has its actions.
    const customer = await ds().getRepository(ThirdParty).findOneByOrFail({ id: w.thirdPartyId });
    const entry = await makeEntry(ds(), w.ref, customer);
    await ds().getRepository(DossierEntry).save({ dossierId: w.ownDossierId, ledgerEntryId: entry.id, linkedAt: '2026-11-22T09:00:00.000Z', linkedBy: null });
    const seen: Record<string, Record<string, boolean>> = {};
    for (const role of ['controller', 'accountant', 'auditor'] as Role[]) {
      const who = await signIn(t, ROLE_USERS[role], role, { create: false });
      const dossier = (await who.agent.get(`${BASE}/dossiers/${w.ownDossierId}`).expect(200)).text;
      const entries = (await who.agent.get(`${BASE}/dossiers/${w.ownDossierId}?tab=entries`).expect(200)).text;
      const interventions = (await who.agent.get(`${BASE}/dossiers/${w.ownDossierId}?tab=interventions`).expect(200)).text;
      const list = (await who.agent.get(`${BASE}/dossiers`).expect(200)).text;
      seen[role] = {
        edit: dossier.includes('id="edit-dossier-button"'),
        status: dossier.includes('id="change-status-button"'),
        newDossier: list.includes('id="new-dossier-button"'),
        bulkReassign: list.includes('id="bulk-reassign"'),
        bulkStatus: list.includes('id="bulk-status-apply"'),
        bulkPrint: list.includes('id="bulk-print"'),
        bulkDone: (await who.agent.get(`${BASE}/actions`).expect(200)).text.includes('id="bulk-done"'),
        doubtful: entries.includes('id="doubtful-button"'),
        reschedule: entries.includes('id="reschedule-button"'),
        interventionForms: !interventions.includes('id="dossier-tab-read-only"'),
        book: (await who.agent.get(`${BASE}/provisions/dossiers/${w.ownDossierId}`).expect(200)).text.includes(`action="${BASE}/provisions/dossiers/${w.ownDossierId}"`),
      };
    }
    const all = { edit: true, status: true, newDossier: true, bulkReassign: true, bulkStatus: true, bulkPrint: true, bulkDone: true, doubtful: true, reschedule: true, interventionForms: true };
    expect(seen.controller).to.deep.equal({ ...all, book: false });
    expect(seen.accountant).to.deep.equal({
      edit: false, status: false, newDossier: false, bulkReassign: false, bulkStatus: false, bulkPrint: true, bulkDone: false, doubtful: true, reschedule: false, interventionForms: false, book: true,
    });
    expect(seen.auditor).to.deep.equal({
      edit: false, status: false, newDossier: false, bulkReassign: false, bulkStatus: false, bulkPrint: false, bulkDone: false, doubtful: false, reschedule: false, interventionForms: false, book: false,
    });
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
        if (!forUsers(key(route))) continue;
        const current = SESSION_ENDERS.has(key(route)) ? await signIn(t, ROLE_USERS[role], role, { create: false }) : who;
        const res = await send(current, route, concretePath(route, w));
        const may = allowed(key(route)).includes(role);
        if (may && SESSION_ENDERS.has(key(route))) {
          if (!isLoginRedirect(res)) problems.push(`${key(route)} should end the session: ${describeOutcome(res)}`);
          continue;
        }
        if (may && (res.status === 403 || res.status === 401 || res.status >= 500 || isLoginRedirect(res))) problems.push(`${key(route)} should be allowed: ${describeOutcome(res)}`);
        if (!may && res.status !== 403) problems.push(`${key(route)} should be 403: ${describeOutcome(res)}`);
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
  const writes = (r: AppRoute) =>
    allowed(key(r)).includes('controller') &&
    /^\/(dossiers|provisions\/dossiers)\/:id(\/|$)/.test(r.path) &&
    (r.method === 'POST' || /\/(edit|status|reopen)$/.test(r.path));

  for (const editAll of [false, true]) {
    it(editAll ? 'with CONTROLLERS_EDIT_ALL=true, every dossier' : "by default, another controller's dossier is read-only (403 on every form)", async () => {
      const t = await createTestApp({ basePath: BASE, env: { CONTROLLERS_EDIT_ALL: String(editAll) } });
      try {
        const w = await buildRouteWorld(t.db.dataSource);
        const controller = await signIn(t, ROLE_USERS.controller, 'controller', { create: false });
        const routes = listRoutes(t.module).filter((r) => writes(r));
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

/** The same URL spelt otherwise: what a guard comparing strings by hand would miss and a lenient router would still match. */
function urlVariants(route: AppRoute, concrete: string): { name: string; path: string }[] {
  const pattern = route.path.split('/');
  const parts = concrete.split('/');
  const statics = pattern.map((seg, i) => (seg && !seg.startsWith(':') && parts[i] === seg ? i : -1)).filter((i) => i > 0);
  const withPart = (i: number, value: string) => parts.map((p, j) => (j === i ? value : p)).join('/');
  const out: { name: string; path: string }[] = [];
  if (statics.length > 0) {
    const first = statics[0];
    const last = statics[statics.length - 1];
    const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
    out.push({ name: 'first segment capitalised', path: withPart(first, cap(parts[first])) });
    out.push({ name: 'upper case', path: parts.map((p, j) => (statics.includes(j) ? p.toUpperCase() : p)).join('/') });
    const hex = (c: string) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
    out.push({ name: 'first letter percent-encoded', path: withPart(first, hex(parts[first][0]) + parts[first].slice(1)) });
    if (last !== first) out.push({ name: 'last segment percent-encoded', path: withPart(last, [...parts[last]].map(hex).join('')) });
  }
  const param = pattern.findIndex((seg) => seg.startsWith(':'));
  if (param > 0 && /^\d+$/.test(parts[param])) out.push({ name: 'id percent-encoded', path: withPart(param, [...parts[param]].map((c) => `%3${c}`).join('')) });
  out.push({ name: 'trailing slash', path: `${concrete}/` });
  out.push({ name: 'leading doubled slash', path: `/${concrete}` });
  if (parts.length > 2) out.push({ name: 'inner doubled slash', path: [...parts.slice(0, -1), '', parts[parts.length - 1]].join('/') });
  return out;
}

/** A refused form dressed up as a read that the role may do. */
const OVERRIDE = 'GET';

describe('role matrix: a refused route stays refused however its URL is spelt', function () {
  this.timeout(600000);
  let t: TestApp;
  let w: RouteWorld;
  let routes: AppRoute[];
  const ds = () => t.db.dataSource;

  before(async () => {
    t = await createTestApp({ basePath: BASE, env: { CONTROLLERS_EDIT_ALL: 'false' } });
    w = await buildRouteWorld(ds());
    routes = listRoutes(t.module).filter((r) => !r.path.startsWith('/api/') && !SESSION_ENDERS.has(key(r)));
  });
  after(() => t.close());

  /** A body that every common form would accept, so that a request which reaches its handler does write. */
  function validBody(csrf: string, n: number): Record<string, string> {
    return {
      _csrf: csrf,
      companyId: String(w.ref.company.id),
      number: String(900000 + n),
      statusId: String(w.ref.statuses.AMIABLE.id),
      thirdPartyId: String(w.thirdPartyId),
      lossPercentage: '0',
      priority: '10',
      startDate: '22/11/2026',
      currency: 'EUR',
      type: 'call',
      label: `Variant ${n}`,
      dueDate: '25/11/2026',
      assigneeId: '',
      kind: 'dossier',
      firstName: 'Variant',
      lastName: `Variant ${n}`,
      note: `Variant note ${n}`,
      result: 'Appel passé',
      reason: 'Variant',
      ids: String(w.interventionId),
      subject: 'Variant',
      body: 'Variant',
      name: `Variant ${n}`,
    };
  }

  for (const role of ['auditor', 'accountant', 'controller'] as Role[]) {
    it(`as ${role}: case variants, trailing and doubled slashes, percent-encoding and method overrides of every refused route are refused and write nothing`, async () => {
      const who = await signIn(t, ROLE_USERS[role], role, { create: false });
      const problems: string[] = [];
      let n = 0;
      let tried = 0;
      // One checksum for the whole pass (a table per route would take minutes): the statuses say which URL got through.
      const before = await snapshot(ds());
      for (const route of routes) {
        if (!forUsers(key(route)) || allowed(key(route)).includes(role)) continue;
        const concrete = concretePath(route, w);
        const outcomes: string[] = [];
        const attempts: { name: string; go: () => Promise<Response> }[] = urlVariants(route, concrete).map((v) => ({
          name: v.name,
          go: () => (route.method === 'GET' ? who.agent.get(`${BASE}${v.path}`) : who.agent.post(`${BASE}${v.path}`).type('form').send(validBody(who.csrf, ++n))),
        }));
        if (route.method !== 'GET') {
          const m = OVERRIDE;
          attempts.push({ name: `X-HTTP-Method-Override: ${m}`, go: () => who.agent.post(`${BASE}${concrete}`).set('X-HTTP-Method-Override', m).type('form').send(validBody(who.csrf, ++n)) });
          attempts.push({ name: `_method=${m} in the body`, go: () => who.agent.post(`${BASE}${concrete}`).type('form').send({ ...validBody(who.csrf, ++n), _method: m }) });
          attempts.push({ name: `_method=${m} in the query`, go: () => who.agent.post(`${BASE}${concrete}?_method=${m}`).type('form').send(validBody(who.csrf, ++n)) });
        }
        for (const attempt of attempts) {
          const res = await attempt.go();
          tried++;
          if (res.status < 400 || res.status >= 500) outcomes.push(`${attempt.name}: ${describeOutcome(res)}`);
        }
        if (outcomes.length > 0) problems.push(`${key(route)} → ${outcomes.join('; ')}`);
      }
      const changed = changedTables(before, await snapshot(ds()));
      if (changed.length > 0) problems.push(`tables written: ${changed.join(', ')}`);
      expect(tried, 'variants tried').to.be.greaterThan(role === 'controller' ? 200 : 400);
      expect(problems).to.deep.equal([]);
    });
  }

  it('routing is strict and case-sensitive under the base path: an admin gets 404 for /Dossiers, /dossiers/ and //dossiers', async () => {
    const admin = await signIn(t, ROLE_USERS.admin, 'admin', { create: false });
    await admin.agent.get(`${BASE}/dossiers`).expect(200);
    await admin.agent.get(`${BASE}/`).expect(200);
    await admin.agent.get(BASE).expect(200);
    for (const p of ['/Dossiers', '/DOSSIERS', '/dossiers/', '//dossiers', `/dossiers/${w.ownDossierId}/`, `/Dossiers/${w.ownDossierId}`, '/%64ossiers']) {
      const res = await admin.agent.get(`${BASE}${p}`);
      expect(res.status, p).to.equal(404);
    }
  });
});
