/**
 * FEC import use case and CLI, on a real database (SQLite, or PostgreSQL with TEST_DATABASE_URL):
 * the four real files, refused files that import nothing, idempotent re-import, later exports.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { makeCompany } from '../support/factories';
import { readFec } from '../../src/ledger/fec';
import { failInterruptedUploads, importFec, type FecImportSummary } from '../../src/fec-import/fec-import.service';
import { LedgerImport } from '../../src/fec-import/fec-import.entity';
import { LedgerEntry } from '../../src/ledger/ledger-entry.entity';
import { ThirdParty } from '../../src/third-parties/third-party.entity';
import { isCustomerAccount } from '../../src/ledger/ledger-import.service';
import { REAL_FEC_DIR as FEC_DIR } from '../support/fec-samples';

const ROOT = path.resolve(__dirname, '../..');

const REAL_FILES: [string, number, number][] = [
  ['0000000001FEC20220831.txt', 5422, 1018621981],
  ['000000000FEC20231231.txt', 2102, 126535082],
  ['111111111FEC20221231.TXT', 934, 22568223],
  ['123456789FEC20500930.txt', 10756, 825808373],
];

const HEADER = 'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise';

interface Row {
  j?: string;
  n: string;
  date?: string;
  account: string;
  aux?: string;
  auxLabel?: string;
  piece?: string;
  pieceDate?: string;
  label?: string;
  debit?: string;
  credit?: string;
  let?: string;
  letDate?: string;
}

function line(r: Row): string {
  return [
    r.j ?? 'VE', r.j === 'BQ' ? 'Banque' : 'Ventes', r.n, r.date ?? '20260105', r.account, r.account.startsWith('411') ? 'Clients' : 'Autre',
    r.aux ?? '', r.auxLabel ?? '', r.piece ?? r.n, r.pieceDate ?? r.date ?? '20260105', r.label ?? `Ecriture ${r.n}`, r.debit ?? '0,00', r.credit ?? '0,00',
    r.let ?? '', r.letDate ?? '', r.date ?? '20260105', '', '',
  ].join('\t');
}

/** A sale: 411 debit (customer), 706 credit. */
function invoice(n: string, aux: string, amount: string, extra: Partial<Row> = {}): Row[] {
  return [
    { n, account: '411000', aux, auxLabel: extra.auxLabel ?? `Client ${aux}`, debit: amount, label: `Facture ${n}`, ...extra },
    { n, account: '706000', credit: amount, label: `Facture ${n}`, date: extra.date, pieceDate: extra.pieceDate },
  ];
}

/** A payment: 512 debit, 411 credit. */
function payment(n: string, aux: string, amount: string, extra: Partial<Row> = {}): Row[] {
  return [
    { j: 'BQ', n, account: '512000', debit: amount, date: extra.date },
    { j: 'BQ', n, account: '411000', aux, auxLabel: extra.auxLabel ?? `Client ${aux}`, credit: amount, label: `Règlement ${n}`, ...extra },
  ];
}

function fecText(rows: Row[], header = HEADER): string {
  return `${[header, ...rows.map(line)].join('\r\n')}\r\n`;
}

/** Many balanced invoices, so that several batches are written before a later problem. */
function manyInvoices(count: number, prefix = 'F'): Row[] {
  const rows: Row[] = [];
  for (let i = 1; i <= count; i++) rows.push(...invoice(`${prefix}${i}`, `C${i % 7}`, '100,00'));
  return rows;
}

describe('FEC import', function () {
  this.timeout(120000);
  let db: TestDatabase;
  let ds: DataSource;
  let tmp: string;

  before(async () => {
    db = await createTestDatabase();
    ds = db.dataSource;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fec-import-test-'));
  });
  after(async () => {
    await db.drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function write(name: string, content: string | Buffer): string {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, content);
    return file;
  }

  async function ledgerCounts(companyId: number) {
    const [row] = await ds.query(
      `SELECT COUNT(*) AS n, COALESCE(SUM(debit), 0) AS d, COALESCE(SUM(credit), 0) AS c, MAX(imported_at) AS at FROM ledger_entry WHERE company_id = ${db.kind === 'postgres' ? '$1' : '?'}`,
      [companyId],
    );
    const customers = await ds.getRepository(ThirdParty).find({ where: { companyId }, order: { auxiliaryAccount: 'ASC' } });
    return { lines: Number(row.n), debit: Number(row.d), credit: Number(row.c), lastImportedAt: row.at as string | null, customers: customers.map((c) => `${c.auxiliaryAccount}|${c.name}|${c.updatedAt}`) };
  }

  const run = (companyId: number, file: string, name = path.basename(file)) => importFec(ds, file, { companyId, customerPrefixes: ['411'], fileName: name });

  it('marks an upload cut off by a server stop as failed at the next start, and leaves CLI imports alone', async () => {
    const company = await makeCompany(ds);
    const repo = ds.getRepository(LedgerImport);
    const base = { companyId: company.id, fileSize: 10, sha256: null, status: 'running' as const, startedAt: '2026-11-22T08:00:00.000Z', finishedAt: null, linesRead: 0, totalDebit: 0, totalCredit: 0, errorCount: 0, summary: null, userId: null };
    const upload = await repo.save({ ...base, fileName: 'cut-off.txt', source: 'upload' as const });
    const cli = await repo.save({ ...base, fileName: 'cli.txt', source: 'cli' as const });
    expect(await failInterruptedUploads(ds)).to.equal(1);
    const after = await repo.findOneByOrFail({ id: upload.id });
    expect(after.status).to.equal('failed');
    expect(after.summary).to.contain('Nothing was imported');
    expect((await repo.findOneByOrFail({ id: cli.id })).status).to.equal('running');
    await repo.delete({ id: cli.id });
  });

  describe('the four real files', () => {
    for (const [name, lines, total] of REAL_FILES) {
      it(`imports ${name}: ${lines} lines, debit = credit = ${total} cents read back from the database, each customer's balance the sum of its lines`, async () => {
        const company = await makeCompany(ds);
        const file = path.join(FEC_DIR, name);
        const summary = await run(company.id, file);
        expect(summary.status, JSON.stringify(summary.errors.slice(0, 3))).to.equal('succeeded');
        expect(summary).to.include({ linesRead: lines, linesInserted: lines, totalDebit: total, totalCredit: total });

        const counts = await ledgerCounts(company.id);
        expect(counts).to.include({ lines, debit: total, credit: total });

        // Expected balance of each customer, straight from the file.
        const expected = new Map<string, number>();
        for await (const l of readFec(file)) {
          if (l.auxiliaryAccount && isCustomerAccount(l.account, ['411'])) expected.set(l.auxiliaryAccount, (expected.get(l.auxiliaryAccount) ?? 0) + l.debit - l.credit);
        }
        const p = db.kind === 'postgres' ? '$1' : '?';
        const balances: { aux: string; balance: string | number }[] = await ds.query(
          `SELECT tp.auxiliary_account AS aux, COALESCE(SUM(le.debit - le.credit), 0) AS balance FROM third_party tp LEFT JOIN ledger_entry le ON le.third_party_id = tp.id WHERE tp.company_id = ${p} GROUP BY tp.auxiliary_account`,
          [company.id],
        );
        expect(balances.length).to.equal(expected.size);
        expect(summary.customersCreated).to.equal(expected.size);
        for (const b of balances) expect(Number(b.balance), b.aux).to.equal(expected.get(b.aux));

        const record = await ds.getRepository(LedgerImport).findOneByOrFail({ id: summary.importId });
        expect(record).to.include({ status: 'succeeded', fileName: name, linesRead: lines, totalDebit: total, fileSize: fs.statSync(file).size });
        expect(record.sha256).to.match(/^[0-9a-f]{64}$/);
        expect(record.finishedAt).to.be.a('string');
      });
    }

    it('re-importing the same file changes nothing: same counts, no line or customer touched', async () => {
      const company = await makeCompany(ds);
      const file = path.join(FEC_DIR, '111111111FEC20221231.TXT');
      await run(company.id, file);
      const before = await ledgerCounts(company.id);
      await new Promise((r) => setTimeout(r, 5));
      const again = await run(company.id, file);
      expect(again).to.include({ status: 'succeeded', linesInserted: 0, linesUpdated: 0, linesUnchanged: 934, customersCreated: 0, customersUpdated: 0, letteringsClosed: 0 });
      expect(await ledgerCounts(company.id)).to.deep.equal(before);
    });
  });

  describe('refused files import nothing', () => {
    let companyId: number;
    let countsBefore: Awaited<ReturnType<typeof ledgerCounts>>;
    let importsBefore: number;

    before(async () => {
      companyId = (await makeCompany(ds)).id;
      const ok = await run(companyId, write('base.txt', fecText(invoice('B1', 'BASE', '10,00'))));
      expect(ok.status).to.equal('succeeded');
    });
    beforeEach(async () => {
      countsBefore = await ledgerCounts(companyId);
      importsBefore = await ds.getRepository(LedgerImport).count();
    });

    async function refused(file: string): Promise<FecImportSummary> {
      const summary = await run(companyId, file);
      expect(summary.status).to.equal('refused');
      expect(summary.linesInserted).to.equal(0);
      expect(summary.errors.length).to.be.greaterThan(0);
      expect(await ledgerCounts(companyId)).to.deep.equal(countsBefore);
      expect(await ds.getRepository(LedgerImport).count()).to.equal(importsBefore + 1);
      const record = await ds.getRepository(LedgerImport).findOneByOrFail({ id: summary.importId });
      expect(record.status).to.equal('refused');
      expect(record.errorCount).to.equal(summary.errorCount);
      return summary;
    }

    it('a wrong header', async () => {
      const s = await refused(write('header.txt', fecText(invoice('H1', 'NEW', '10,00'), 'Journal;Date;Compte;Montant')));
      expect(s.errors[0]).to.include({ lineNumber: 1, code: 'wrong_header' });
    });

    it('an unbalanced entry at the end of a file whose first 1,200 lines were already written (rolled back)', async () => {
      const rows = [...manyInvoices(600, 'U'), { n: 'U999', account: '411000', aux: 'LATE', auxLabel: 'Client tardif', debit: '50,00' }, { n: 'U999', account: '706000', credit: '40,00' }];
      const s = await refused(write('unbalanced.txt', fecText(rows)));
      expect(s.linesRead).to.equal(1202);
      expect(s.errors[0]).to.include({ lineNumber: 1202, column: 'EcritureNum', code: 'unbalanced_entry' });
      expect(s.errors[0].message).to.contain('10,00');
      expect(await ds.getRepository(ThirdParty).countBy({ companyId, auxiliaryAccount: 'LATE' })).to.equal(0);
    });

    it('a bad date, with its line, column and value', async () => {
      const rows = [...manyInvoices(300, 'D'), ...invoice('D999', 'C1', '10,00', { date: '20261345' })];
      const s = await refused(write('date.txt', fecText(rows)));
      expect(s.errors[0]).to.include({ lineNumber: 602, column: 'EcritureDate', value: '20261345', code: 'bad_date' });
    });

    it('a bad amount, with its line, column and value', async () => {
      const rows = [...invoice('A1', 'C1', '10,00'), ...invoice('A2', 'C1', '12.345,6x')];
      const s = await refused(write('amount.txt', fecText(rows)));
      const e = s.errors.find((x) => x.code === 'bad_amount')!;
      expect(e).to.include({ lineNumber: 4, column: 'Debit', value: '12.345,6x' });
    });

    it('mixed separators', async () => {
      const text = fecText(invoice('M1', 'C1', '10,00')) + `${line({ n: 'M2', account: '411000', aux: 'C1', debit: '5,00' }).replace(/\t/g, '|')}\r\n`;
      const s = await refused(write('mixed.txt', text));
      expect(s.errors[0]).to.include({ lineNumber: 4, code: 'mixed_separators' });
    });

    it('an empty file', async () => {
      const s = await refused(write('empty.txt', ''));
      expect(s.errors[0]).to.include({ code: 'empty_file' });
    });

    it('a binary file', async () => {
      const s = await refused(write('binary.txt', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0xff, 0xfe])));
      expect(s.errors[0]).to.include({ code: 'binary_file' });
    });

    it('an amount above the maximum of one line (MAX_LINE_AMOUNT), on its line number, and nothing of the file', async () => {
      const rows = [...invoice('OK1', 'C1', '1000000000,00'), ...invoice('BIG', 'C2', '1000000000,01')];
      const s = await refused(write('too-large.txt', fecText(rows)));
      const big = s.errors.filter((e) => e.code === 'amount_too_large');
      // Line 1 is the header; OK1 is on lines 2 and 3 (exactly the maximum: accepted), BIG on 4 and 5.
      expect(big.map((e) => e.lineNumber)).to.deep.equal([4, 5]);
      expect(s.errors.every((e) => e.lineNumber >= 4)).to.equal(true);
    });

    it('reports at most the first 50 problems, and counts them all', async () => {
      const rows: Row[] = [];
      for (let i = 1; i <= 60; i++) rows.push(...invoice(`X${i}`, 'C1', '1,00', { date: '20260230' }));
      const s = await refused(write('many.txt', fecText(rows)));
      expect(s.errors).to.have.length(50);
      expect(s.errorCount).to.be.greaterThan(50);
    });
  });

  describe('a later export of the same ledger', () => {
    it('inserts only the new lines, updates the lettered ones, closes the open items they match and renames a customer', async () => {
      const company = await makeCompany(ds);
      const first = [...invoice('F1', 'DUPONT', '1200,00', { pieceDate: '20260110', date: '20260110' }), ...invoice('F2', 'DUPONT', '300,00'), ...invoice('F3', 'MARTIN', '50,00')];
      const s1 = await run(company.id, write('FEC-v1.txt', fecText(first)));
      expect(s1).to.include({ status: 'succeeded', linesInserted: 6, customersCreated: 2, openItems: 3 });

      // The first invoice's due date: piece date + 30 days (no DateRglt in an 18-column file).
      const f1 = await ds.getRepository(LedgerEntry).findOneByOrFail({ companyId: company.id, pieceRef: 'F1', account: '411000' });
      expect(f1.dueDate).to.equal('2026-02-09');
      // F2 is rescheduled in the module: a later import must keep its due date.
      const f2 = await ds.getRepository(LedgerEntry).findOneByOrFail({ companyId: company.id, pieceRef: 'F2', account: '411000' });
      await ds.getRepository(LedgerEntry).update({ id: f2.id }, { originalDueDate: f2.dueDate, dueDate: '2026-06-30' });
      const untouched = await ds.getRepository(LedgerEntry).findOneByOrFail({ companyId: company.id, pieceRef: 'F3', account: '411000' });

      const later = [
        ...invoice('F1', 'DUPONT', '1200,00', { pieceDate: '20260110', date: '20260110', let: 'AA', letDate: '20260301', auxLabel: 'Dupont & Fils' }),
        ...invoice('F2', 'DUPONT', '300,00', { let: 'AB', letDate: '20260302', auxLabel: 'Dupont & Fils' }),
        ...invoice('F3', 'MARTIN', '50,00'),
        ...payment('P1', 'DUPONT', '1200,00', { date: '20260301', let: 'AA', letDate: '20260301', auxLabel: 'Dupont & Fils' }),
        ...payment('P2', 'DUPONT', '300,00', { date: '20260302', let: 'AB', letDate: '20260302', auxLabel: 'Dupont & Fils' }),
        ...invoice('F4', 'NOUVEAU', '80,00'),
      ];
      const s2 = await run(company.id, write('FEC-v2.txt', fecText(later)));
      expect(s2).to.include({ status: 'succeeded', linesInserted: 6, linesUpdated: 2, linesUnchanged: 4, letteringsClosed: 2, customersCreated: 1, customersUpdated: 1 });

      const lines = await ds.getRepository(LedgerEntry).findBy({ companyId: company.id });
      expect(lines).to.have.length(12);
      const open = lines.filter((l) => l.thirdPartyId !== null && l.lettering === null).map((l) => l.pieceRef).sort();
      expect(open).to.deep.equal(['F3', 'F4']);
      const f2After = lines.find((l) => l.id === f2.id)!;
      expect(f2After).to.include({ dueDate: '2026-06-30', lettering: 'AB' });
      const f3After = lines.find((l) => l.id === untouched.id)!;
      expect(f3After.importedAt).to.equal(untouched.importedAt);
      const dupont = await ds.getRepository(ThirdParty).findOneByOrFail({ companyId: company.id, auxiliaryAccount: 'DUPONT' });
      expect(dupont.name).to.equal('Dupont & Fils');
      expect(dupont.version).to.equal(2);

      // And the later export once more: nothing changes.
      const s3 = await run(company.id, write('FEC-v2-again.txt', fecText(later)));
      expect(s3).to.include({ linesInserted: 0, linesUpdated: 0, linesUnchanged: 12, customersUpdated: 0, customersCreated: 0 });
    });

    it('takes the due date from DateRglt when the file has it, and the customer\'s payment terms otherwise', async () => {
      const company = await makeCompany(ds);
      await ds.getRepository(ThirdParty).save({
        companyId: company.id, auxiliaryAccount: 'LONG', name: 'Client à 60 jours', country: 'FR', paymentTermsDays: 60, version: 1,
        createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
      } as ThirdParty);
      const header = `${HEADER}\tDateRglt\tModeRglt\tNatOp`;
      const rows = [...invoice('R1', 'LONG', '10,00', { auxLabel: 'Client à 60 jours' }), ...invoice('R2', 'LONG', '10,00', { auxLabel: 'Client à 60 jours' })];
      const text = [header, ...rows.map((r, i) => `${line(r)}\t${i === 0 ? '20260415' : ''}\t\t`)].join('\n');
      const s = await run(company.id, write('FEC-21.txt', `${text}\n`));
      expect(s.status, JSON.stringify(s.errors)).to.equal('succeeded');
      expect(s.customersUpdated).to.equal(0);
      const dues = (await ds.getRepository(LedgerEntry).find({ where: { companyId: company.id, account: '411000' }, order: { id: 'ASC' } })).map((l) => l.dueDate);
      expect(dues).to.deep.equal(['2026-04-15', '2026-03-06']);
    });
  });

  describe('npm run import:fec', () => {
    function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'src/cli/import-fec.ts', ...args], {
          cwd: ROOT,
          env: { ...process.env, ...db.env, LOAD_DEMO: 'false', SCHEDULER: 'false', LOG_LEVEL: 'error' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    }

    it('--json prints one JSON summary and exits 0', async () => {
      const company = await makeCompany(ds);
      const res = await cli([path.join(FEC_DIR, '000000000FEC20231231.txt'), '--json', '--company', company.code]);
      expect(res.code, res.stderr).to.equal(0);
      const lines = res.stdout.trim().split('\n');
      expect(lines).to.have.length(1);
      const json = JSON.parse(lines[0]);
      expect(json).to.include({ status: 'succeeded', linesRead: 2102, totalDebit: 126535082, totalCredit: 126535082, customersCreated: 4, customersUpdated: 0 });
      expect(json).to.have.all.keys(
        'status', 'importId', 'file', 'bytes', 'sha256', 'linesRead', 'entries', 'totalDebit', 'totalCredit', 'customersCreated', 'customersUpdated',
        'linesInserted', 'linesUpdated', 'linesUnchanged', 'openItems', 'letteringsClosed', 'warnings', 'errors', 'errorCount',
      );
      expect((await ledgerCounts(company.id)).lines).to.equal(2102);
    });

    it('exits 1 with the problems when the file is refused, and prints a readable summary without --json', async () => {
      const company = await makeCompany(ds);
      const bad = write('cli-bad.txt', fecText(invoice('Z1', 'C1', '1O,00')));
      const json = await cli([bad, '--json', '--company', company.code]);
      expect(json.code).to.equal(1);
      const parsed = JSON.parse(json.stdout);
      expect(parsed.status).to.equal('refused');
      expect(parsed.errors[0]).to.include({ lineNumber: 2, column: 'Debit', value: '1O,00', code: 'bad_amount' });
      const text = await cli([bad, '--company', company.code]);
      expect(text.code).to.equal(1);
      expect(text.stdout).to.contain('REFUSED').and.contain('line 2, Debit "1O,00"');
      expect((await ledgerCounts(company.id)).lines).to.equal(0);
    });
  });
});
