/**
 * Money bounds: no line above MAX_LINE_AMOUNT (1 000 000 000,00 € by default) gets in through a form,
 * the API or a FEC file (see fec-import.test.ts), and sums of many maximal amounts stay exact on
 * both databases.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { listRoutes } from '../support/route-list';
import { buildRouteWorld, concretePath, ROLE_USERS, RouteWorld } from '../support/route-world';
import { makeEntry, makeThirdParty } from '../support/factories';
import { isPostgres } from '../../src/db/transactions';
import { toNumber } from '../../src/db/column-types';
import { fromRoot } from '../../src/shared/paths';
import { DEFAULT_MAX_LINE_AMOUNT } from '../../src/shared/money';
import { LedgerEntry } from '../../src/ledger/ledger-entry.entity';

const BASE = '/recouvrement';
const MAX = DEFAULT_MAX_LINE_AMOUNT;

/** The amount fields of every form: the zod schemas' `x: field.requiredAmount()` / `optionalAmount()`. */
function amountFieldNames(): string[] {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) for (const m of fs.readFileSync(p, 'utf8').matchAll(/(\w+): field\.(?:required|optional)Amount\(/g)) names.add(m[1]);
    }
  };
  walk(fromRoot('src'));
  return [...names].sort();
}

/** The largest absolute value in every money column (bigint) of every table. */
async function largestStoredAmount(t: TestApp): Promise<{ where: string; value: number }> {
  const ds = t.db.dataSource;
  let best = { where: '', value: 0 };
  for (const meta of ds.entityMetadatas) {
    for (const col of meta.columns.filter((c) => c.type === 'bigint' && !/start|at$|_at|ms$/i.test(c.databaseName))) {
      const [row] = (await ds.query(`SELECT MAX(ABS(${col.databaseName})) AS m FROM ${meta.tableName}`)) as { m: unknown }[];
      const value = toNumber(row?.m ?? 0);
      if (value > best.value) best = { where: `${meta.tableName}.${col.databaseName}`, value };
    }
  }
  return best;
}

describe('money bounds', function () {
  this.timeout(300000);
  let t: TestApp;
  let w: RouteWorld;
  let admin: SignedInAgent;

  before(async () => {
    t = await createTestApp({ basePath: BASE });
    w = await buildRouteWorld(t.db.dataSource);
    admin = await signIn(t, ROLE_USERS.admin, 'admin', { create: false });
  });
  after(() => t.close());

  it('a form refuses an amount above the maximum at the field; no form stores one, whatever the field', async () => {
    const post = (p: string, form: Record<string, string>) => admin.agent.post(`${BASE}${p}`).type('form').send({ _csrf: admin.csrf, ...form });
    const payment = await post(`/dossiers/${w.ownDossierId}/account/payments`, { paymentDate: '10/11/2026', receivedDate: '12/11/2026', amount: '1 000 000 000,01', method: 'cheque', receivedBy: 'us', reference: 'CHQ-1' }).expect(422);
    expect(payment.text).to.include('Montant trop élevé');
    const element = await post(`/dossiers/${w.ownDossierId}/account/elements`, { kind: 'cost', number: 'FR-1', issueDate: '01/11/2026', dueDate: '', grossAmount: '9007199254740,99', netAmount: '', currency: 'EUR' }).expect(422);
    expect(element.text).to.include('Montant trop élevé');
    // Exactly the maximum is an amount like any other.
    await post(`/dossiers/${w.ownDossierId}/account/payments`, { paymentDate: '10/11/2026', receivedDate: '12/11/2026', amount: '1 000 000 000,00', method: 'cheque', receivedBy: 'us', reference: 'CHQ-2' }).expect(303);

    const names = amountFieldNames();
    expect(names).to.include.members(['amount', 'grossAmount', 'netAmount', 'installmentAmount', 'total']);
    const routes = listRoutes(t.module).filter((r) => r.method === 'POST' && !r.path.startsWith('/api/') && !['/logout', '/logout-everywhere', '/login'].includes(r.path));
    for (const value of ['1000000000,01', '-1000000000,01', '99999999999999', '9 007 199 254 740,99']) {
      const body = Object.fromEntries(names.map((n) => [n, value]));
      for (const route of routes) {
        const res = await admin.agent.post(`${BASE}${concretePath(route, w)}`).set('x-csrf-token', admin.csrf).type('form').send(body);
        expect(res.status, `${route.path} with ${value}`).to.be.below(500);
      }
    }
    const largest = await largestStoredAmount(t);
    expect(largest.value, largest.where).to.be.at.most(MAX);
  });

  it('the API refuses a line above the maximum, naming the field, and accepts the maximum', async () => {
    const api = (body: object) => request(t.app).post(`${BASE}/api/v1/ledger-entries`).set('Authorization', `Bearer ${w.writeKey}`).send(body);
    const line = (n: string, o: Record<string, unknown>) => ({ externalId: n, journalCode: 'VT', entryNumber: n, entryDate: '2026-09-01', account: '411000', auxiliaryAccount: '411BIG', auxiliaryLabel: 'Gros Client', pieceRef: n, label: 'Facture', dueDate: '2026-10-01', ...o });
    const res = await api({ lines: [line('B1', { debit: MAX }), line('B2', { debit: MAX + 1 }), line('B3', { credit: Number.MAX_SAFE_INTEGER })] }).expect(422);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).to.include.members(['/lines/1/debit', '/lines/2/credit']);
    expect(fields).not.to.include('/lines/0/debit');
    expect(res.body.errors.find((e: { field: string }) => e.field === '/lines/1/debit').message).to.match(/Montant trop élevé/);
    expect(await t.db.dataSource.getRepository(LedgerEntry).countBy({ auxiliaryAccount: '411BIG' })).to.equal(0);
    await api({ lines: [line('B1', { debit: MAX })] }).expect((r) => expect(r.status, r.text).to.be.oneOf([200, 201]));
  });

  it('the sum of 2000 maximal amounts is exact on this database, through SQL and the customer balance', async () => {
    const ds = t.db.dataSource;
    const customer = await makeThirdParty(ds, w.ref, { name: 'Client Maximal' });
    const template = await makeEntry(ds, w.ref, customer, { debit: MAX });
    const { id: _templateId, ...fields } = template;
    const rows = Array.from({ length: 1999 }, (_, i) => ({ ...fields, sourceKey: `max:${i}`, entryNumber: `MAX${i}`, debit: MAX }));
    for (let i = 0; i < rows.length; i += 200) await ds.getRepository(LedgerEntry).insert(rows.slice(i, i + 200) as LedgerEntry[]);
    const expected = 2000 * MAX; // 200 000 000 000 000 cents: far beyond 2^31, below 2^53
    const p = isPostgres(ds) ? '$1' : '?';
    const [row] = (await ds.query(`SELECT SUM(debit) AS s, SUM(debit - credit) AS b FROM ledger_entry WHERE third_party_id = ${p}`, [customer.id])) as { s: unknown; b: unknown }[];
    if (isPostgres(ds)) expect(typeof row.s, 'PostgreSQL answers a bigint sum as text').to.equal('string');
    expect(toNumber(row.s)).to.equal(expected);
    expect(toNumber(row.b)).to.equal(expected);
    const api = await request(t.app).get(`${BASE}/api/v1/third-parties/${encodeURIComponent(customer.auxiliaryAccount)}`).set('Authorization', `Bearer ${w.readKey}`).expect(200);
    expect(JSON.stringify(api.body)).to.include(String(expected));
    // Past 2^53 a sum would have lost digits: it is refused rather than shown wrong.
    expect(() => toNumber('9007199254740993')).to.throw(RangeError);
  });
});
