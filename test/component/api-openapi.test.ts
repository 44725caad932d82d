import { expect } from 'chai';
import request from 'supertest';
import { z } from 'zod';
import type { Router } from 'express';
import { apiV1Router } from '../../src/api/api.routes';
import { openApiDocument, OpenApiDocument } from '../../src/api/openapi';
import { loadConfig } from '../../src/config';
import { DossierEntry } from '../../src/dossiers/dossier.entity';
import { Intervention } from '../../src/interventions/intervention.entity';
import { createTestApp, TestApp } from '../support/test-app';
import { makeDossier, makeEntry, makeThirdParty, ReferenceData, seedReferenceData } from '../support/factories';
import { makeApiKey, makeJournalEntry } from '../support/api-factories';

const BASE = '/recouvrement';
const API = `${BASE}/api/v1`;

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** "GET /dossiers/{number}" for every route the Express router registered. */
function routerOperations(router: Router): string[] {
  return (router.stack as RouteLayer[])
    .filter((layer) => layer.route)
    .flatMap((layer) => Object.keys(layer.route!.methods).filter((m) => m !== '_all').map((m) => `${m.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`))
    .sort();
}

function documentOperations(doc: OpenApiDocument): string[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)).sort();
}

/** The schema the document gives for this response, with its $ref resolved. */
function documentedSchema(doc: OpenApiDocument, method: string, path: string, status: number, mediaType: string): Record<string, unknown> {
  const op = doc.paths[path]?.[method.toLowerCase() as 'get'];
  const response = op?.responses[String(status)];
  const schema = response?.content?.[mediaType]?.schema;
  if (!schema) throw new Error(`no documented ${status} ${mediaType} response for ${method} ${path}`);
  const refName = typeof schema.$ref === 'string' ? schema.$ref.replace('#/components/schemas/', '') : null;
  return refName ? doc.components.schemas[refName] : schema;
}

describe('the OpenAPI document of the API', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let key: string;
  const doc = openApiDocument(BASE);
  const ds = () => t.db.dataSource;

  before(async () => {
    t = await createTestApp({ basePath: BASE });
    ref = await seedReferenceData(ds());
    key = (await makeApiKey(ds(), ref, 'write')).key;
  });
  after(() => t.close());

  const call = (method: 'get' | 'put' | 'post', path: string, body?: unknown) => {
    const r = request(t.app)[method](`${API}${path}`).set('Authorization', `Bearer ${key}`);
    return body === undefined ? r : r.send(body as object);
  };

  /** The real response must match the schema the document declares for its path, method and status. */
  function expectDocumented(res: request.Response, method: string, path: string): void {
    const mediaType = res.headers['content-type'].startsWith('application/problem+json') ? 'application/problem+json' : 'application/json';
    const schema = z.fromJSONSchema(documentedSchema(doc, method, path, res.status, mediaType) as Parameters<typeof z.fromJSONSchema>[0]);
    const result = schema.safeParse(res.body);
    expect(result.success, `${method} ${path} ${res.status}: ${result.success ? '' : JSON.stringify(result.error.issues.slice(0, 5))}`).to.equal(true);
  }

  it('documents exactly the routes the router serves, method by method', () => {
    const ctx = { dataSource: ds(), config: loadConfig({ ...process.env, SESSION_SECRET: 'x'.repeat(32) }), basePath: BASE, today: () => '2026-11-22', now: () => new Date() };
    const served = routerOperations(apiV1Router(ctx));
    expect(served.length).to.be.greaterThan(5);
    expect(documentOperations(doc)).to.deep.equal(served);
  });

  it('is served at /api/v1/openapi.json without a key, as OpenAPI 3 with the module base path', async () => {
    const res = await request(t.app).get(`${API}/openapi.json`).expect(200);
    expect(res.headers['content-type']).to.match(/^application\/json/);
    expect(res.body.openapi).to.match(/^3\./);
    expect(res.body.servers).to.deep.equal([{ url: API }]);
    expect(res.body).to.deep.equal(JSON.parse(JSON.stringify(doc)));
  });

  it('says amounts are integer cents and dates YYYY-MM-DD', () => {
    expect(doc.info.description).to.include('integer cents').and.include('YYYY-MM-DD');
    const line = (doc.components.schemas.LedgerPost as { properties: { lines: { items: { properties: Record<string, { type?: string; format?: string }> } } } }).properties.lines.items.properties;
    expect(line.debit.type).to.equal('integer');
    expect(line.entryDate.format).to.equal('date');
  });

  it('real responses match the documented schemas', async () => {
    const aux = '411DOCUMENTED';
    expectDocumented(await call('put', `/third-parties/${aux}`, { name: 'Documentée SA', city: 'Lille' }).expect(201), 'PUT', '/third-parties/{auxiliaryAccount}');
    const invoice = { externalId: 'DOC-1', journalCode: 'VT', entryNumber: 'VT1', entryDate: '2026-09-01', account: '411000', auxiliaryAccount: aux, pieceRef: 'FA-DOC', debit: 193379, dueDate: '2026-10-01' };
    expectDocumented(await call('post', '/ledger-entries', { lines: [invoice] }).expect(201), 'POST', '/ledger-entries');
    expectDocumented(await call('get', `/third-parties/${aux}`).expect(200), 'GET', '/third-parties/{auxiliaryAccount}');
    expectDocumented(await call('post', '/lettering', { items: [{ externalId: 'DOC-1', lettering: 'A' }] }).expect(200), 'POST', '/lettering');

    const customer = await makeThirdParty(ds(), ref);
    const entry = await makeEntry(ds(), ref, customer);
    const dossier = await makeDossier(ds(), ref, customer);
    await ds().getRepository(DossierEntry).save({ dossierId: dossier.id, ledgerEntryId: entry.id, linkedAt: '2026-11-22T09:00:00.000Z', linkedBy: null });
    await ds().getRepository(Intervention).save({ dossierId: dossier.id, type: 'call', label: 'Appeler', dueDate: '2026-11-25', priority: 1, state: 'todo', source: 'manual', createdAt: '2026-11-22T09:00:00.000Z' } as Intervention);
    expectDocumented(await call('get', '/dossiers?limit=1').expect(200), 'GET', '/dossiers');
    expectDocumented(await call('get', `/dossiers/${dossier.number}`).expect(200), 'GET', '/dossiers/{number}');
    await makeJournalEntry(ds(), ref, { dossierId: dossier.id });
    expectDocumented(await call('get', '/journal-entries').expect(200), 'GET', '/journal-entries');

    expectDocumented(await call('post', '/ledger-entries', { lines: [{ ...invoice, debit: 'x' }] }).expect(422), 'POST', '/ledger-entries');
    expectDocumented(await request(t.app).get(`${API}/dossiers`).expect(401), 'GET', '/dossiers');
    expectDocumented(await call('get', '/dossiers/99999').expect(404), 'GET', '/dossiers/{number}');
  });

  it('a response with an undocumented field would not match', () => {
    const schema = z.fromJSONSchema(documentedSchema(doc, 'GET', '/journal-entries', 200, 'application/json') as Parameters<typeof z.fromJSONSchema>[0]);
    expect(schema.safeParse({ items: [], nextCursor: 'x', hasMore: false }).success).to.equal(true);
    expect(schema.safeParse({ items: [], nextCursor: 'x', hasMore: false, extra: 1 }).success).to.equal(false);
    expect(schema.safeParse({ items: [], nextCursor: 1, hasMore: false }).success).to.equal(false);
  });
});
