/**
 * Bad input: from the routes read from the app itself, posts invalid and hostile values to every form
 * and API endpoint as an administrator. Never a 500; a refused request (4xx) changes nothing (checksum
 * of every table before and after); `%`, `_` and SQL fragments in searches match literally; script
 * payloads saved through valid forms show as text on every page; path traversal and oversized uploads.
 * Deterministic: fixed values plus a seeded generator.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import type { Response } from 'supertest';
import { isPostgres } from '../../src/db/transactions';
import { fromRoot } from '../../src/shared/paths';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { AppRoute, listRoutes } from '../support/route-list';
import { changedTables, snapshot } from '../support/table-snapshot';
import { buildRouteWorld, concretePath, ROLE_USERS, RouteWorld } from '../support/route-world';
import { resetPortalRateLimit } from '../../src/debtor-portal/debtor-portal.routes';

const BASE = '/recouvrement';
const SCRIPT = '<script>alert(1)</script>';
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}
const rnd = seeded(20261122);
const randomUnicode = (n: number) => Array.from({ length: n }, () => String.fromCodePoint([0x41, 0xe9, 0x4e2d, 0x1f600, 0x202e, 0x5d0][Math.floor(rnd() * 6)] + Math.floor(rnd() * 20))).join('');

const HOSTILE: string[] = [
  'x'.repeat(20000),
  '%',
  '_',
  "' OR 1=1 --",
  '"; DROP TABLE dossier; --',
  SCRIPT,
  randomUnicode(40),
  'nul\u0000byte',
  '-1',
  '-99999999999999999999',
  '1e308',
  '99999999999999999999',
  '31/02/2026',
  '2026-02-31',
  '../../../../etc/passwd',
];

/** Every form field name the app knows: static names in the views, names passed to field partials, keys of the zod schemas. */
function fieldNames(): string[] {
  const names = new Set<string>();
  const walk = (dir: string, ext: RegExp, visit: (text: string) => void) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p, ext, visit);
      else if (ext.test(entry.name)) visit(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(fromRoot('views'), /\.ejs$/, (text) => {
    for (const m of text.matchAll(/name="([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(m[1]);
    for (const m of text.matchAll(/name: '([A-Za-z_][A-Za-z0-9_]*)'/g)) names.add(m[1]);
  });
  walk(fromRoot('src'), /\.ts$/, (text) => {
    for (const m of text.matchAll(/^\s+([a-zA-Z_][a-zA-Z0-9_]*): (?:field|z)\./gm)) names.add(m[1]);
  });
  names.delete('_csrf');
  return [...names].sort();
}

/** Routes that end the session or sign in: not fuzzed (the login form has its own throttle tests). */
const SKIP = new Set(['POST /logout', 'POST /logout-everywhere', 'POST /login']);

describe('fuzz: hostile values to every form and API endpoint', function () {
  // Generous: on a shared machine one pass over every route can take minutes, and a timed-out pass would keep writing under the next test.
  this.timeout(1200000);
  let t: TestApp;
  let w: RouteWorld;
  let admin: SignedInAgent;
  let routes: AppRoute[];
  let uploadDir: string;
  const ds = () => t.db.dataSource;
  const names = fieldNames();
  const problems: string[] = [];

  before(async () => {
    uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recouvrement-fuzz-'));
    t = await createTestApp({ basePath: BASE, env: { UPLOAD_DIR: path.join(uploadDir, 'uploads'), ATTACHMENTS_MAX_MB_PER_DOSSIER: '1', FEC_IMPORT_MAX_MB: '1' } });
    w = await buildRouteWorld(ds());
    admin = await signIn(t, ROLE_USERS.admin, 'admin', { create: false });
    routes = listRoutes(t.module).filter((r) => !SKIP.has(`${r.method} ${r.path}`));
  });
  after(async () => {
    await t.close();
    fs.rmSync(uploadDir, { recursive: true, force: true });
  });
  // The debtor page's rate limit (per address) would otherwise answer the later tests' requests before its handlers.
  beforeEach(() => resetPortalRateLimit());

  const label = (r: AppRoute) => `${r.method} ${r.path}`;
  const short = (res: Response) => `${res.status} ${String(res.text ?? '').replace(/\s+/g, ' ').slice(0, 200)}`;

  /** Sends, then checks: no 5xx; a refusal (4xx) leaves every table as it was. */
  async function check(what: string, before: Map<string, string>, send: () => Promise<Response>): Promise<Map<string, string>> {
    const res = await send();
    if (res.status >= 500) problems.push(`${what}: ${short(res)}`);
    const after = await snapshot(ds());
    if (res.status >= 400 && res.status < 500) {
      const changed = changedTables(before, after);
      if (changed.length > 0) problems.push(`${what}: refused with ${res.status} but changed ${changed.join(', ')}`);
    }
    return after;
  }

  function bodies(): { name: string; body: Record<string, unknown> }[] {
    const all = (v: unknown) => Object.fromEntries(names.map((n) => [n, v]));
    return [
      { name: 'no fields', body: {} },
      ...HOSTILE.map((v, i) => ({ name: `value #${i} ${JSON.stringify(v.slice(0, 30))}`, body: all(v) })),
      { name: 'arrays where scalars are expected', body: all([SCRIPT, '-1']) },
      { name: 'objects where scalars are expected', body: all({ a: "' OR 1=1 --" }) },
    ];
  }

  it('pages and forms: never a 500, and a refused form changes nothing', async () => {
    let state = await snapshot(ds());
    for (const route of routes.filter((r) => !r.path.startsWith('/api/'))) {
      const url = `${BASE}${concretePath(route, w)}`;
      for (const { name, body } of bodies()) {
        const what = `${label(route)} with ${name}`;
        if (route.method === 'GET') {
          // Queries: the same values as filters, searches, pages and sorts.
          state = await check(what, state, () => admin.agent.get(url).query(body as Record<string, string>));
        } else {
          state = await check(what, state, () =>
            admin.agent[route.method.toLowerCase() as 'post' | 'put'](url).set('x-csrf-token', admin.csrf).type('form').send(body as Record<string, string>),
          );
        }
      }
    }
    expect(problems).to.deep.equal([]);
  });

  it('the API: never a 500, and a refused call changes nothing', async () => {
    const local: string[] = [];
    problems.length = 0;
    let state = await snapshot(ds());
    for (const route of routes.filter((r) => r.path.startsWith('/api/'))) {
      const url = `${BASE}${concretePath(route, w)}`;
      for (const { name, body } of [...bodies(), { name: 'lines of hostile values', body: { lines: HOSTILE.map((v) => Object.fromEntries(names.map((n) => [n, v]))) } }]) {
        const what = `${label(route)} with ${name}`;
        state = await check(what, state, () => {
          const req = request(t.app)[route.method.toLowerCase() as 'get' | 'post' | 'put'](url).set('Authorization', `Bearer ${w.writeKey}`);
          return route.method === 'GET' ? req.query(body as Record<string, string>) : req.send(body);
        });
      }
      // Not JSON at all.
      state = await check(`${label(route)} with a broken JSON body`, state, () =>
        request(t.app)[route.method.toLowerCase() as 'get' | 'post' | 'put'](url).set('Authorization', `Bearer ${w.writeKey}`).set('content-type', 'application/json').send('{"lines": [1, 2'),
      );
    }
    local.push(...problems);
    expect(local).to.deep.equal([]);
  });

  it('searches take _, \\ and SQL fragments literally (the user\'s % is the documented wildcard)', async () => {
    for (const q of ['_', "' OR 1=1 --", '\\', 'Morel_', "Morel' --"]) {
      const res = await admin.agent.get(`${BASE}/dossiers`).query({ q }).expect(200);
      expect(res.text, `dossiers?q=${q}`).not.to.include('Imprimerie Morel');
      const tp = await admin.agent.get(`${BASE}/third-parties`).query({ q }).expect(200);
      expect(tp.text, `third-parties?q=${q}`).not.to.include('Imprimerie Morel');
    }
    for (const q of ['morel', 'Imp%Morel', '%']) {
      const found = await admin.agent.get(`${BASE}/dossiers`).query({ q }).expect(200);
      expect(found.text, q).to.include('Imprimerie Morel');
    }
  });

  it('script payloads saved through valid forms show as text on every page', async () => {
    const post = (p: string, form: Record<string, string>) => admin.agent.post(`${BASE}${p}`).type('form').send({ _csrf: admin.csrf, ...form });
    await post(`/third-parties/${w.thirdPartyId}/contacts`, { firstName: SCRIPT, lastName: `Morel ${SCRIPT}`, jobTitle: SCRIPT, phone: '', mobile: '', email: '' }).expect(303);
    await post(`/dossiers/${w.ownDossierId}/contacts`, { kind: 'dossier', firstName: SCRIPT, lastName: SCRIPT, jobTitle: '', phone: '', mobile: '', email: '' }).expect(303);
    await post(`/dossiers/${w.ownDossierId}/interventions`, { type: 'call', label: `Appel ${SCRIPT}`, dueDate: '25/11/2026', priority: '10', assigneeId: '' }).expect(303);
    await post(`/dossiers/${w.ownDossierId}/notes`, { note: `Note ${SCRIPT}` }).expect((r) => expect(r.status).to.be.oneOf([200, 303]));
    const [ctrl] = (await ds().query('SELECT id FROM app_user WHERE username = $1'.replace('$1', isPostgres(ds()) ? '$1' : '?'), [ROLE_USERS.controller])) as { id: number }[];
    await post('/messages', { toUserId: String(ctrl.id), dossierId: String(w.ownDossierId), subject: `Objet ${SCRIPT}`, body: `Corps ${SCRIPT}` }).expect(303);

    const raw: string[] = [];
    let escapedSeen = 0;
    for (const route of routes.filter((r) => r.method === 'GET' && !r.path.startsWith('/api/'))) {
      const urls = [`${BASE}${concretePath(route, w)}`];
      if (route.path === '/dossiers/:id') for (const tab of ['contacts', 'chrono', 'interventions', 'actions']) urls.push(`${urls[0]}?tab=${tab}`);
      for (const url of urls) {
        const res = await admin.agent.get(url);
        if (!String(res.headers['content-type'] ?? '').includes('text/html')) continue;
        if (res.text.includes(SCRIPT)) raw.push(`${url} (${res.status})`);
        if (res.text.includes(ESCAPED)) escapedSeen++;
      }
    }
    expect(raw, 'pages showing a saved script as HTML').to.deep.equal([]);
    expect(escapedSeen, 'pages that show the payloads as text').to.be.greaterThan(3);
    const contacts = await admin.agent.get(`${BASE}/dossiers/${w.ownDossierId}?tab=contacts`).expect(200);
    expect(contacts.text).to.include(`Morel ${ESCAPED}`);
  });

  it('uploads: a path in the file name stays a name, an oversized file is refused and leaves nothing', async () => {
    const outside = path.join(uploadDir, 'evil.txt');
    const url = `${BASE}/dossiers/${w.ownDossierId}/attachments`;
    for (const filename of ['../../evil.txt', '..\\..\\evil.txt', '/etc/evil.txt', `..%2F..%2Fevil.txt`]) {
      const res = await admin.agent.post(url).set('x-csrf-token', admin.csrf).attach('files', Buffer.from('hello'), { filename, contentType: 'text/plain' });
      expect(res.status, filename).to.be.below(500);
      expect(fs.existsSync(outside), `${filename} written outside the upload folder`).to.equal(false);
      expect(fs.existsSync('/etc/evil.txt')).to.equal(false);
    }
    const rows = (await ds().query('SELECT original_name, stored_name FROM attachment')) as { original_name: string; stored_name: string }[];
    expect(rows.length, 'the uploads with odd names were stored').to.be.greaterThan(0);
    for (const r of rows) expect(`${r.original_name} ${r.stored_name}`).not.to.match(/[\\/]/);
    // Download names are names only.
    const [first] = (await ds().query('SELECT id FROM attachment ORDER BY id')) as { id: number }[];
    if (first) {
      const download = await admin.agent.get(`${BASE}/attachments/${first.id}/download`).expect(200);
      expect(String(download.headers['content-disposition'])).not.to.match(/\.\.[\\/]/);
    }

    let state = await snapshot(ds());
    const big = Buffer.alloc(1.5 * 1024 * 1024, 'a');
    state = await check('attachment over the per-dossier limit', state, () => admin.agent.post(url).set('x-csrf-token', admin.csrf).attach('files', big, { filename: 'big.txt', contentType: 'text/plain' }));
    state = await check('scenario import over 1 MB', state, () => admin.agent.post(`${BASE}/scenarios/import`).set('x-csrf-token', admin.csrf).attach('file', big, { filename: '../../big.json', contentType: 'application/json' }));
    state = await check('FEC over FEC_IMPORT_MAX_MB', state, () => admin.agent.post(`${BASE}/imports`).set('x-csrf-token', admin.csrf).attach('file', Buffer.alloc(1.2 * 1024 * 1024, 'a'), { filename: '../../fec.txt', contentType: 'text/plain' }));
    state = await check('form body over 1 MB', state, () => admin.agent.post(`${BASE}/dossiers/${w.ownDossierId}/notes`).type('form').send({ _csrf: admin.csrf, note: 'x'.repeat(1.5 * 1024 * 1024) }));
    await check('API body over its limit', state, () =>
      request(t.app).post(`${BASE}/api/v1/ledger-entries`).set('Authorization', `Bearer ${w.writeKey}`).send({ lines: [{ label: 'x'.repeat(6 * 1024 * 1024) }] }),
    );
    expect(problems).to.deep.equal([]);
    const leftovers = fs.existsSync(path.join(uploadDir, 'uploads', 'tmp')) ? fs.readdirSync(path.join(uploadDir, 'uploads', 'tmp')) : [];
    expect(leftovers, 'partial uploads left behind').to.deep.equal([]);
  });
  it('malformed requests: broken multipart, bad JSON, too many fields, undecodable paths get a 4xx page, change nothing, log no token', async () => {
    problems.length = 0;
    const b = 'FuzzBoundary42';
    const csrfQuery = `_csrf=${encodeURIComponent(admin.csrf)}`;
    const filePart = (name: string) => `--${b}\r\nContent-Disposition: form-data; name="${name}"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello`;
    const variants: { name: string; type: string; body: string }[] = [
      { name: 'truncated multipart', type: `multipart/form-data; boundary=${b}`, body: `${filePart('files')}` },
      { name: 'truncated multipart (field "file")', type: `multipart/form-data; boundary=${b}`, body: `${filePart('file')}` },
      { name: 'multipart without a boundary', type: 'multipart/form-data', body: `${filePart('files')}\r\n--${b}--\r\n` },
      { name: 'NUL in a part header', type: `multipart/form-data; boundary=${b}`, body: `--${b}\r\nContent-Disposition: form-data; name="fi\u0000le"; filename="a\u0000.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--${b}--\r\n` },
      { name: '3000 multipart fields', type: `multipart/form-data; boundary=${b}`, body: Array.from({ length: 3000 }, (_, i) => `--${b}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nx\r\n`).join('') + `--${b}--\r\n` },
      { name: '8000 form fields', type: 'application/x-www-form-urlencoded', body: Array.from({ length: 8000 }, (_, i) => `f${i}=x`).join('&') },
      { name: 'invalid JSON', type: 'application/json', body: '{"note": "x", ' },
      { name: 'JSON with a NUL', type: 'application/json', body: '{"note": "a\\u0000b"}' },
    ];
    // The stderr of the app: whatever it logs must not carry the CSRF token.
    const logged: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stderr.write;
    const uploads = new Set(['/dossiers/:id/attachments', '/imports', '/scenarios/import', '/messages']);
    try {
      let state = await snapshot(ds());
      for (const route of routes.filter((r) => r.method !== 'GET' && !r.path.startsWith('/api/'))) {
        const url = `${BASE}${concretePath(route, w)}?${csrfQuery}`;
        for (const v of variants) {
          const what = `${label(route)} with ${v.name}`;
          let res: Response | undefined;
          state = await check(what, state, async () => {
            res = await admin.agent[route.method.toLowerCase() as 'post' | 'put'](url).set('x-csrf-token', admin.csrf).set('content-type', v.type).send(v.body);
            return res;
          });
          if (!res) continue;
          if (res.status < 300) continue; // a route that ignores the body and answers (e.g. a list refresh) is fine
          if (uploads.has(route.path) && ![400, 413, 422].includes(res.status)) problems.push(`${what}: ${res.status}, expected 400, 413 or 422`);
          if (res.status >= 400 && !/<html/i.test(res.text ?? '')) problems.push(`${what}: ${res.status} without the app's page`);
        }
      }
      for (const route of routes.filter((r) => r.method === 'GET' && r.path.includes(':'))) {
        const url = `${BASE}${route.path.replace(/:[a-zA-Z]+/, '%E0%A4%A')}`;
        state = await check(`${label(route)} with an undecodable path`, state, async () => {
          const res = await admin.agent.get(url);
          if (res.status !== 400 && res.status !== 404) problems.push(`GET ${url}: ${res.status}, expected 400`);
          return res;
        });
      }
      for (const url of [`${BASE}/%`, `${BASE}/dossiers/%zz`, `${BASE}/assets/%E0%A4%A.css`]) {
        const res = await admin.agent.get(url);
        if (res.status !== 400 || !/<html/i.test(res.text)) problems.push(`GET ${url}: ${res.status}`);
      }
    } finally {
      process.stderr.write = write;
    }
    expect(problems).to.deep.equal([]);
    expect(logged.filter((l) => l.includes(admin.csrf)), 'log lines with the CSRF token').to.deep.equal([]);
  });
});
