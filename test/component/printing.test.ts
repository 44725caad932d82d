import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type request from 'supertest';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { makeEntry, ReferenceData, seedReferenceData } from '../support/factories';
import { makeDocumentDossier } from '../support/document-factories';
import { DocumentTemplate } from '../../src/documents';
import { Dossier } from '../../src/dossiers/dossier.entity';
import { Intervention } from '../../src/interventions/intervention.entity';
import { formatMoney } from '../../src/shared/money';
import { rawQuery } from '../../src/db/transactions';
import { chromiumExecutable } from '../../src/printing';

const BASE = '/recouvrement';
const TODAY = '2026-11-22';

/** Dossier numbers printed in the list layout, in page order. */
function listed(html: string): number[] {
  return [...html.matchAll(/<tr data-dossier="(\d+)">/g)].map((m) => Number(m[1]));
}

function binaryParser(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}

describe('printing dossiers (Impression des dossiers)', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let s: SignedInAgent;
  let customerA = 0;

  before(async () => {
    t = await createTestApp({ basePath: BASE, today: TODAY });
    ref = await seedReferenceData(t.db.dataSource);
    s = await signIn(t, 'compta', 'accountant');
    const ds = t.db.dataSource;
    const [cm, pd] = ref.controllers;
    // A: two dossiers; B: a closed one, paid (lettered); C: a large one.
    const a1 = await makeDocumentDossier(ds, ref, [{ amount: 100000, dueDate: '2026-08-01' }], {
      customer: { name: 'Alpha Industrie', auxiliaryAccount: '411ALPHA', phone: '01 11 11 11 11' },
      dossier: { number: 101, statusId: ref.statuses.EN_COURS.id, controllerId: cm.id, startDate: '2026-09-01', comment: 'Client relancé au téléphone' },
    });
    customerA = a1.customer.id;
    const a2 = await makeDocumentDossier(ds, ref, [{ amount: 50000, dueDate: '2026-09-15' }, { amount: 20000, dueDate: '2026-10-20', credit: true }], {
      customer: { name: 'Alpha Bis', auxiliaryAccount: '411ALPHB' },
      dossier: { number: 102, statusId: ref.statuses.CONTENTIEUX.id, controllerId: pd.id, startDate: '2026-10-01' },
    });
    // Same customer as a1 for the customer criterion.
    await ds.getRepository(Dossier).update(a2.dossier.id, { thirdPartyId: customerA });
    await makeDocumentDossier(ds, ref, [{ amount: 80000, dueDate: '2026-07-01', lettering: 'AA' }, { amount: 80000, dueDate: '2026-08-01', credit: true, lettering: 'AA' }], {
      customer: { name: 'Beta Transports', auxiliaryAccount: '411BETA' },
      dossier: { number: 103, statusId: ref.statuses.TERMINE.id, controllerId: cm.id, startDate: '2026-08-15', endDate: '2026-10-31', resolutionId: ref.resolutions.PAIEMENT.id, resultId: ref.results.RECOUVRE.id },
    });
    const c = await makeDocumentDossier(ds, ref, [{ amount: 250000, dueDate: '2026-11-01', pieceRef: 'FA-GAMMA-1' }], {
      customer: { name: 'Gamma & Fils', auxiliaryAccount: '411GAMMA' },
      dossier: { number: 104, statusId: ref.statuses.EN_COURS.id, controllerId: pd.id, startDate: '2026-11-10' },
    });
    await ds.getRepository(Intervention).save({
      dossierId: c.dossier.id, type: 'call', label: 'Appeler le comptable', dueDate: '2026-11-25', priority: 1, assigneeId: null, state: 'todo', source: 'manual',
      stepCode: null, occurrence: null, doneDate: null, doneAt: null, doneBy: null, result: null, comment: null, skipReason: null, version: 1, createdAt: '2026-11-20T09:00:00.000Z', createdBy: null,
    } as unknown as Intervention);
    // An unlinked open invoice of A must not count in any dossier's amount.
    await makeEntry(ds, ref, a1.customer, { debit: 999900 });
  });
  after(() => t.close());

  const list = async (query: string) => listed((await s.agent.get(`${BASE}/printing/print?layout=list&${query}`).expect(200)).text);

  describe('the selection', () => {
    it('prints every dossier, grouped by status, when no criterion is given', async () => {
      expect(await list('')).to.deep.equal([101, 104, 102, 103]);
    });

    it('selects by one or several statuses', async () => {
      expect(await list(`status=${ref.statuses.EN_COURS.id}`)).to.deep.equal([101, 104]);
      expect(await list(`status=${ref.statuses.EN_COURS.id}&status=${ref.statuses.TERMINE.id}`)).to.deep.equal([101, 104, 103]);
    });

    it('selects by customer, from the customer page link or by auxiliary account typed in the form', async () => {
      expect(await list(`customer=${customerA}`)).to.deep.equal([101, 102]);
      expect(await list('accounts=411beta+411GAMMA')).to.deep.equal([104, 103]);
    });

    it('selects by credit controller', async () => {
      expect(await list(`controller=${ref.controllers[0].id}`)).to.deep.equal([101, 103]);
      expect(await list(`controller=${ref.controllers[0].id}&controller=${ref.controllers[1].id}`)).to.deep.equal([101, 104, 102, 103]);
    });

    it('selects by dossier number range and by start date range (French dates accepted)', async () => {
      expect(await list('numberFrom=102&numberTo=103')).to.deep.equal([102, 103]);
      expect(await list('startFrom=01%2F09%2F2026&startTo=2026-10-31')).to.deep.equal([101, 102]);
    });

    it('selects by minimum amount, on the open balance of the linked entries', async () => {
      expect(await list(`minAmount=${encodeURIComponent('1 000,00')}`)).to.deep.equal([101, 104]);
      expect(await list('minAmount=300')).to.deep.equal([101, 104, 102]);
    });

    it('combines criteria', async () => {
      expect(await list(`status=${ref.statuses.EN_COURS.id}&controller=${ref.controllers[1].id}&minAmount=100`)).to.deep.equal([104]);
    });

    it('refuses bad criteria with the message at the field', async () => {
      const res = await s.agent.get(`${BASE}/printing/print?numberFrom=abc&startFrom=31%2F02%2F2026`).expect(422);
      expect(res.text).to.include('data-field-error="numberFrom"');
      expect(res.text).to.include('data-field-error="startFrom"');
      const unknown = await s.agent.get(`${BASE}/printing/print?accounts=411NOBODY`).expect(422);
      expect(unknown.text).to.include('Compte client inconnu');
    });
  });

  describe('the list layout', () => {
    it('shows subtotals per status and a grand total that match the database', async () => {
      const html = (await s.agent.get(`${BASE}/printing/print?layout=list`).expect(200)).text;
      const sums = await rawQuery<{ status_id: unknown; amount: unknown }>(
        t.db.dataSource,
        `SELECT d.status_id AS status_id, SUM(CASE WHEN le.lettering IS NULL THEN le.debit - le.credit ELSE 0 END) AS amount
           FROM dossier d JOIN dossier_entry de ON de.dossier_id = d.id JOIN ledger_entry le ON le.id = de.ledger_entry_id GROUP BY d.status_id`,
      );
      let grand = 0;
      for (const r of sums) {
        const amount = Number(r.amount);
        grand += amount;
        const row = new RegExp(`<tr class="subtotal" data-status="${Number(r.status_id)}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
        expect(row, `subtotal of status ${r.status_id}`).to.include(formatMoney(amount, 'fr'));
      }
      const total = /<tr class="total">([\s\S]*?)<\/tr>/.exec(html)?.[1] ?? '';
      expect(grand).to.equal(100000 + 30000 + 0 + 250000);
      expect(total).to.include(formatMoney(grand, 'fr'));
      expect(total).to.include('4 dossiers');
      // Company header, page counters for print.
      expect(html).to.include('Atlas Équipements');
      expect(html).to.include('counter(pages)');
    });
  });

  describe('the detailed layout', () => {
    it('prints one page per dossier with counters, debtor, controller, entries and interventions', async () => {
      const html = (await s.agent.get(`${BASE}/printing/print?layout=detailed&numberFrom=101&numberTo=104`).expect(200)).text;
      const sections = html.split('<section class="dossier"').slice(1);
      expect(sections).to.have.length(4);
      const gamma = sections.find((x) => x.includes('data-dossier="104"'))!;
      expect(gamma).to.include('Gamma &amp; Fils');
      expect(gamma).to.include('FA-GAMMA-1');
      expect(gamma).to.include('Appeler le comptable');
      expect(gamma).to.include('Paul Durand');
      expect(gamma).to.include(formatMoney(250000, 'fr'));
      const alpha = sections.find((x) => x.includes('data-dossier="101"'))!;
      expect(alpha).to.include('claire.martin@atlas.test');
      expect(alpha).to.include('01 11 11 11 11');
      expect(alpha).to.include('Client relancé au téléphone');
      expect(html).to.match(/break-after: page/);
    });

    it('prints the provision movements of a dossier', async () => {
      const ds = t.db.dataSource;
      const d = await ds.getRepository(Dossier).findOneByOrFail({ number: 102 });
      await ds.getRepository('ProvisionMovementRow').save({
        companyId: ref.company.id, dossierId: d.id, date: '2026-11-15', kind: 'charge', amount: 15000, base: 30000, lossHundredths: 5000, provisionAfter: 15000,
        journalEntryId: null, reason: 'manual', comment: 'Dotation 50 %', createdAt: '2026-11-15T09:00:00.000Z', createdBy: null, createdByName: null,
      });
      const html = (await s.agent.get(`${BASE}/printing/print?layout=detailed&numberFrom=102&numberTo=102`).expect(200)).text;
      expect(html).to.include('Dotation 50 %');
      expect(html).to.include('15/11/2026');
      expect(html).to.include(formatMoney(15000, 'fr'));
    });
  });

  describe('exports', () => {
    it('exports the list as a CSV that parses back with the same totals', async () => {
      const res = await s.agent.get(`${BASE}/printing/export.csv`).expect(200).expect('content-type', /text\/csv/);
      const lines = res.text.replace(/^\ufeff/, '').trim().split('\r\n').map((l) => l.split(';'));
      expect(lines[0]).to.deep.equal(['N° dossier', 'Client', 'Compte', 'Statut', 'Chargé', 'Date de début', 'Date de fin', 'Montant confié', 'Solde']);
      expect(lines.slice(1).map((l) => Number(l[0]))).to.deep.equal([101, 104, 102, 103]);
      const total = lines.slice(1).reduce((a, l) => a + Math.round(Number(l[8].replace(',', '.')) * 100), 0);
      expect(total).to.equal(380000);
      expect(res.text).to.include(';Gamma & Fils;');
      expect(lines[1][5], 'dates in the user format').to.equal('01/09/2026');
    });

    it('exports the list as an XLSX workbook that opens with the rows and a total row', async () => {
      const res = await s.agent.get(`${BASE}/printing/export.xlsx?status=${ref.statuses.EN_COURS.id}`).buffer(true).parse(binaryParser).expect(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as ArrayBuffer);
      const ws = wb.worksheets[0];
      expect(ws.getRow(1).getCell(1).value).to.equal('N° dossier');
      expect(ws.getRow(2).getCell(1).value).to.equal(101);
      expect(ws.getRow(3).getCell(2).value).to.equal('Gamma & Fils');
      expect(ws.getRow(4).getCell(1).value).to.equal('Total');
      expect(ws.getRow(4).getCell(9).value).to.equal(3500);
      // Typed cells: the number a number, the start date a real date cell, amounts numbers with a currency format.
      expect(ws.getRow(2).getCell(1).type).to.equal(ExcelJS.ValueType.Number);
      const start = ws.getRow(2).getCell(6);
      expect(start.type).to.equal(ExcelJS.ValueType.Date);
      expect((start.value as Date).toISOString().slice(0, 10)).to.equal('2026-09-01');
      expect(start.numFmt).to.equal('dd/mm/yyyy');
      expect(ws.getRow(2).getCell(9).type).to.equal(ExcelJS.ValueType.Number);
      expect(ws.getRow(2).getCell(9).numFmt).to.contain('#,##0.00');
    });

    it('downloads a PDF made by Chromium, or says clearly why not', async function () {
      this.timeout(60000);
      const res = await s.agent.get(`${BASE}/printing/pdf?layout=list`).buffer(true).parse(binaryParser);
      if (chromiumExecutable()) {
        expect(res.status).to.equal(200);
        expect((res.body as Buffer).subarray(0, 5).toString()).to.equal('%PDF-');
      } else {
        expect(res.status).to.equal(503);
        expect((res.body as Buffer).toString()).to.include('Chromium');
      }
    });
  });

  describe('a broken layout template', () => {
    it('shows the error and its line without crashing, and the app keeps serving', async () => {
      const repo = t.db.dataSource.getRepository(DocumentTemplate);
      const saved = await repo.save({ code: 'impression-liste', kind: 'letter', name: 'Liste (cassée)', subject: null, body: '<p>\n{{#each groups}}\n{{statusLabel}}\n', textBody: null, updatedAt: '2026-11-22T09:00:00.000Z', updatedBy: null, version: 2 } as DocumentTemplate);
      try {
        const res = await s.agent.get(`${BASE}/printing/print?layout=list`).expect(422);
        expect(res.text).to.include('id="template-error"');
        expect(res.text).to.match(/Ligne \d+ du modèle/);
        await s.agent.get(`${BASE}/printing/print?layout=detailed&numberFrom=104`).expect(200);
        await s.agent.get(`${BASE}/printing`).expect(200);
      } finally {
        await repo.delete({ id: saved.id });
      }
    });
  });

  describe('access', () => {
    it('lets an auditor open the form, print and export', async () => {
      const auditor = await signIn(t, 'audit', 'auditor');
      await auditor.agent.get(`${BASE}/printing`).expect(200);
      expect(listed((await auditor.agent.get(`${BASE}/printing/print?layout=list`).expect(200)).text)).to.have.length(4);
      await auditor.agent.get(`${BASE}/printing/export.csv`).expect(200);
    });

    it('is reached from the dossier list and from the customer page', async () => {
      expect((await s.agent.get(`${BASE}/dossiers`).expect(200)).text).to.include(`href="${BASE}/printing"`);
      const page = (await s.agent.get(`${BASE}/third-parties/${customerA}`).expect(200)).text;
      expect(page).to.include(`href="${BASE}/printing?customer=${customerA}"`);
      const form = (await s.agent.get(`${BASE}/printing?customer=${customerA}`).expect(200)).text;
      expect(form).to.include('Alpha Industrie (411ALPHA)');
    });
  });
});
