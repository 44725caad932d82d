import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type request from 'supertest';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { makeEntry, ReferenceData, seedReferenceData } from '../support/factories';
import { makeDocumentDossier } from '../support/document-factories';
import { Intervention } from '../../src/interventions/intervention.entity';
import { openItemsOf } from '../../src/ledger';
import { formatMoney } from '../../src/shared/money';
import { dashboard, runReport } from '../../src/reports';
import { daysOfLast3Months, dso, statusSnapshot } from '../../src/reports/reports.rules';
import { chromiumExecutable } from '../../src/printing';

const BASE = '/recouvrement';
const TODAY = '2026-11-22';

function binaryParser(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}

function column(html: string, col: string): string[] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(new RegExp(`data-col="${col}">([^<]*)<`, 'g'))].map((m) => m[1]);
}

async function todo(t: TestApp, dossierId: number, dueDate: string): Promise<void> {
  await t.db.dataSource.getRepository(Intervention).save({
    dossierId, type: 'call', label: 'Appel', dueDate, priority: 1, assigneeId: null, state: 'todo', source: 'manual', stepCode: null, occurrence: null,
    doneDate: null, doneAt: null, doneBy: null, result: null, comment: null, skipReason: null, version: 1, createdAt: '2026-11-01T09:00:00.000Z', createdBy: null,
  } as unknown as Intervention);
}

describe('reports and dashboard', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let s: SignedInAgent;
  const customers: number[] = [];

  before(async () => {
    t = await createTestApp({ basePath: BASE, today: TODAY });
    ref = await seedReferenceData(t.db.dataSource);
    s = await signIn(t, 'compta', 'accountant');
    const ds = t.db.dataSource;
    const [cm, pd] = ref.controllers;
    // Closed, worked by Claire: 1 000 € entrusted; 600 € paid by a lettered payment not linked to the dossier, 200 € by a linked one
    // (a bank line: a credit note would not count as recovered).
    const won = await makeDocumentDossier(ds, ref, [{ amount: 60000, dueDate: '2026-07-01', lettering: 'L1' }, { amount: 40000, dueDate: '2026-07-01' }, { amount: 20000, dueDate: '2026-11-05', credit: true, journalCode: 'BQ' }], {
      customer: { name: 'Recouvré SA', auxiliaryAccount: '411RECOUV' },
      dossier: { statusId: ref.statuses.TERMINE.id, controllerId: cm.id, startDate: '2026-07-15', endDate: '2026-10-15', resolutionId: ref.resolutions.PAIEMENT.id, resultId: ref.results.RECOUVRE.id },
    });
    await makeEntry(ds, ref, won.customer, { journalCode: 'BQ', journalLabel: 'Banque', debit: 0, credit: 60000, entryDate: '2026-10-10', dueDate: null, lettering: 'L1', pieceRef: 'VIR-600' });
    customers.push(won.customer.id);
    // Closed, worked by Paul: 500 € entrusted, nothing recovered.
    const lost = await makeDocumentDossier(ds, ref, [{ amount: 50000, dueDate: '2026-06-01' }], {
      customer: { name: 'Perdu SARL', auxiliaryAccount: '411PERDU' },
      dossier: { statusId: ref.statuses.TERMINE.id, controllerId: pd.id, startDate: '2026-06-20', endDate: '2026-09-30', resolutionId: ref.resolutions.PERTE.id, resultId: ref.results.PERDU.id },
    });
    customers.push(lost.customer.id);
    // Open: 300 € not due, 700 € due for 113 days.
    const open = await makeDocumentDossier(ds, ref, [{ amount: 30000, dueDate: '2026-11-30' }, { amount: 70000, dueDate: '2026-08-01' }], {
      customer: { name: 'En Cours SAS', auxiliaryAccount: '411ENCOURS' },
      dossier: { statusId: ref.statuses.EN_COURS.id, controllerId: cm.id, startDate: '2026-11-02' },
    });
    customers.push(open.customer.id);
    await todo(t, open.dossier.id, TODAY);
    await todo(t, open.dossier.id, '2026-11-20');
    await todo(t, open.dossier.id, '2026-11-18');
    await todo(t, open.dossier.id, '2026-12-01');
  });
  after(() => t.close());

  it('computes DSO by the simple accounting method and status snapshots by month end (pure rules)', () => {
    expect(daysOfLast3Months('2026-11')).to.equal(30 + 31 + 30);
    expect(dso(100000, 300000, 91)).to.equal(30.3);
    expect(dso(100000, 0, 91)).to.equal(null);
    const snap = statusSnapshot([{ statusId: 7, kind: 'closed', startMonth: '2026-01', endMonth: '2026-03', count: 2 }], ['2026-01', '2026-02', '2026-03'], -1);
    expect(snap.get(-1)).to.deep.equal([2, 2, 0]);
    expect(snap.get(7)).to.deep.equal([0, 0, 2]);
  });

  it('the aged balance matches the ledger read side, bucket by bucket, for every customer', async () => {
    const report = await runReport(t.db.dataSource, 'aging', { today: TODAY, period: { from: '2026-01-01', to: TODAY } });
    for (const id of customers) {
      const { totals } = await openItemsOf(t.db.dataSource, id, TODAY);
      const account = (await t.db.dataSource.query(`SELECT auxiliary_account AS a FROM third_party WHERE id = ${id}`))[0].a as string;
      const row = report.rows.find((r) => r.account === account);
      if (totals.total === 0) {
        expect(row, account).to.equal(undefined);
        continue;
      }
      for (const b of ['notDue', 'd1to30', 'd31to60', 'd61to90', 'over90', 'total'] as const) expect(row?.[b], `${account} ${b}`).to.equal(totals[b]);
    }
    const page = (await s.agent.get(`${BASE}/reports/aging`).expect(200)).text;
    expect(column(page, 'customer')[0]).to.equal('En Cours SAS');
    expect(column(page, 'over90')[0]).to.equal(formatMoney(70000, 'fr'));
    expect(column(page, 'notDue')[0]).to.equal(formatMoney(30000, 'fr'));
  });

  it('gives the success rate of closed dossiers by controller, scenario and month', async () => {
    const byController = (await s.agent.get(`${BASE}/reports/success?from=01%2F01%2F2026&to=22%2F11%2F2026`).expect(200)).text;
    expect(column(byController, 'group')).to.deep.equal(['Claire Martin', 'Paul Durand']);
    expect(column(byController, 'rate')).to.deep.equal(['80\u00a0%', '0\u00a0%']);
    expect(column(byController, 'recovered')).to.deep.equal([formatMoney(80000, 'fr'), formatMoney(0, 'fr')]);
    expect(byController).to.match(/id="report-total"[\s\S]*?53,33\u00a0%/);
    const byMonth = (await s.agent.get(`${BASE}/reports/success?groupBy=month`).expect(200)).text;
    expect(column(byMonth, 'group')).to.deep.equal(['09/2026', '10/2026']);
    // Out of the period: nothing.
    const before = (await s.agent.get(`${BASE}/reports/success?from=01%2F01%2F2025&to=31%2F12%2F2025`).expect(200)).text;
    expect(column(before, 'group')).to.deep.equal([]);
  });

  it('lists the payments of the period, linked or lettered with a dossier invoice', async () => {
    const page = (await s.agent.get(`${BASE}/reports/payments?from=01%2F10%2F2026&to=30%2F11%2F2026`).expect(200)).text;
    expect(column(page, 'pieceRef')).to.have.length(2);
    expect(column(page, 'amount')).to.deep.equal([formatMoney(20000, 'fr'), formatMoney(60000, 'fr')]);
    expect(page).to.match(/id="report-total"[\s\S]*?800,00/);
    const october = (await s.agent.get(`${BASE}/reports/payments?from=01%2F10%2F2026&to=31%2F10%2F2026`).expect(200)).text;
    expect(column(october, 'pieceRef')).to.deep.equal(['VIR-600']);
  });

  it('shows invoices entrusted, dossiers by status over time and the DSO with its formula', async () => {
    const entrusted = (await s.agent.get(`${BASE}/reports/entrusted`).expect(200)).text;
    expect(/id="report-total"[\s\S]*?<\/tr>/.exec(entrusted)?.[0]).to.include(formatMoney(250000, 'fr'));
    const statuses = (await s.agent.get(`${BASE}/reports/statuses`).expect(200)).text;
    expect(statuses).to.include('Ouvert alors');
    const last = column(statuses, 'total').pop();
    expect(last).to.equal('3');
    const dsoPage = (await s.agent.get(`${BASE}/reports/dso`).expect(200)).text;
    expect(dsoPage).to.include('DSO = encours clients');
    expect(dsoPage).to.include('data-chart="chart-dso"');
    await s.agent.get(`${BASE}/reports/nope`).expect(404);
    await s.agent.get(`${BASE}/reports/payments?from=32%2F13%2F2026`).expect(422);
  });

  it('exports a report as XLSX and CSV that parse back', async () => {
    const res = await s.agent.get(`${BASE}/reports/success/export.xlsx?from=2026-01-01&to=2026-11-22`).buffer(true).parse(binaryParser).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).to.equal('Chargé de recouvrement');
    expect(ws.getRow(2).getCell(1).value).to.equal('Claire Martin');
    expect(ws.getRow(2).getCell(3).value).to.equal(1000);
    // Typed cells: the amount a number in euros with a currency format, the rate a percentage cell (0.8 shown 80,00 %).
    expect(ws.getRow(2).getCell(3).numFmt).to.contain('#,##0.00');
    expect(ws.getRow(2).getCell(5).value).to.equal(0.8);
    expect(ws.getRow(2).getCell(5).numFmt).to.equal('0.00%');
    expect(ws.getRow(2).getCell(2).type).to.equal(ExcelJS.ValueType.Number);
    expect(ws.getRow(4).getCell(1).value).to.equal('Total');
    const csv = (await s.agent.get(`${BASE}/reports/aging/export.csv`).expect(200)).text;
    const lines = csv.replace(/^\ufeff/, '').trim().split('\r\n').map((l) => l.split(';'));
    expect(lines[0][0]).to.equal('Client');
    expect(lines[1]).to.deep.equal(['En Cours SAS', '411ENCOURS', '300,00', '0,00', '0,00', '0,00', '700,00', '1000,00', '700,00']);
    expect(lines[lines.length - 1][0]).to.equal('Total');

    const payments = await s.agent.get(`${BASE}/reports/payments/export.xlsx?from=2026-01-01&to=2026-11-22`).buffer(true).parse(binaryParser).expect(200);
    const wp = new ExcelJS.Workbook();
    await wp.xlsx.load(payments.body as ArrayBuffer);
    const dateCell = wp.worksheets[0].getRow(2).getCell(1);
    expect(dateCell.type, 'a real date cell').to.equal(ExcelJS.ValueType.Date);
    expect(dateCell.numFmt).to.equal('dd/mm/yyyy');
    expect((dateCell.value as Date).toISOString().slice(0, 10)).to.match(/^2026-/);
  });

  it('downloads a report as PDF printed by Chromium, with its rows formatted', async function () {
    this.timeout(60000);
    const res = await s.agent.get(`${BASE}/reports/success/export.pdf?from=2026-01-01&to=2026-11-22`).buffer(true).parse(binaryParser);
    if (!chromiumExecutable()) {
      expect(res.status).to.equal(503);
      return;
    }
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal('application/pdf');
    const { PDFParse } = await import('pdf-parse');
    const text = (await new PDFParse({ data: new Uint8Array(res.body as Buffer) }).getText()).text;
    expect(text).to.contain('Claire Martin');
    expect(text).to.match(/1\s?000,00/);
    expect(text).to.match(/80(,00)?\s?%/);
  });

  it('opens the dashboard with its counters and charts, for every role', async () => {
    const d = await dashboard(t.db.dataSource, TODAY);
    expect(d).to.include({ openDossiers: 1, amountInRecovery: 100000, recoveredThisMonth: 20000, actionsDueToday: 1, overdueActions: 2 });
    expect(d.aging.over90).to.equal(70000);
    expect(d.recoveryByMonth.find((m) => m.month === '2026-10')?.amount).to.equal(60000);
    const auditor = await signIn(t, 'audit', 'auditor');
    const home = (await auditor.agent.get(`${BASE}/`).expect(200)).text;
    expect(home).to.match(/data-counter="openDossiers"[\s\S]*?data-value>1</);
    expect(home).to.match(/data-counter="recoveredThisMonth"[\s\S]*?data-value>200,00/);
    expect(home).to.include('data-chart="chart-recovery"');
    expect(home).to.include('data-chart="chart-aging"');
    expect(home).to.include(`${BASE}/assets/vendor/chartjs/chart.umd.min.js`);
    await auditor.agent.get(`${BASE}/reports`).expect(200);
    await auditor.agent.get(`${BASE}/reports/dso/export.csv`).expect(200);
    await auditor.agent.get(`${BASE}/assets/vendor/chartjs/chart.umd.min.js`).expect(200).expect('content-type', /javascript/);
  });
});
