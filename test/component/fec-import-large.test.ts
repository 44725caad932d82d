/**
 * A large first import (on SQLite, its lines are written before the ledger's indexes, which are
 * built at the end: ledger-indexes.ts), on a database of its own so that the table starts empty:
 * the indexes come back exactly as the migrations made them, the keys are those a later export
 * finds again, and a refused file leaves the ledger and its indexes as they were.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { makeCompany } from '../support/factories';
import { importFec } from '../../src/fec-import/fec-import.service';
import { defersLedgerIndexes, expectedFecLines, ledgerRowCount } from '../../src/ledger';
import { HEADER, row } from '../unit/ledger/fec-helpers';

const INVOICES = 12_000;

/**
 * Invoices of 40 customers (411 debit, 706 credit), then their payments; one invoice in fifty has a
 * line written further down the file (entries interleaved), so its ranks come from the table, not
 * from the previous line.
 */
function ledger(tail: string[] = []): string {
  const lines: string[] = [];
  const late: string[] = [];
  for (let i = 1; i <= INVOICES; i++) {
    const aux = `C${String(i % 40).padStart(3, '0')}`;
    const date = `202401${String(1 + (i % 28)).padStart(2, '0')}`;
    const common = { EcritureNum: `F${i}`, EcritureDate: date, PieceRef: `F${i}`, PieceDate: date, EcritureLib: `Facture F${i} ${'x'.repeat(60)}`, ValidDate: date };
    lines.push(row({ ...common, CompAuxNum: aux, CompAuxLib: `Client ${aux}`, Debit: '120,00', Credit: '0,00' }));
    const vat = row({ ...common, CompteNum: '44571000', CompteLib: 'TVA collectée', CompAuxNum: '', CompAuxLib: '', Debit: '0,00', Credit: '20,00' });
    lines.push(row({ ...common, CompteNum: '70600000', CompteLib: 'Prestations', CompAuxNum: '', CompAuxLib: '', Debit: '0,00', Credit: '100,00' }));
    if (i % 50 === 0) late.push(vat);
    else lines.push(vat);
  }
  return `${[HEADER, ...lines, ...late, ...tail].join('\r\n')}\r\n`;
}

describe('FEC import of a large ledger into an empty table', function () {
  this.timeout(180_000);
  let db: TestDatabase;
  let ds: DataSource;
  let dir: string;
  let file: string;

  const indexes = async () =>
    db.kind === 'sqlite'
      ? ((await ds.query("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ledger_entry' AND sql IS NOT NULL ORDER BY name")) as unknown[])
      : ((await ds.query("SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE tablename = 'ledger_entry' AND schemaname = current_schema() ORDER BY indexname")) as unknown[]);

  before(async () => {
    db = await createTestDatabase();
    ds = db.dataSource;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fec-import-large-'));
    file = path.join(dir, 'FEC-large.txt');
    fs.writeFileSync(file, ledger());
  });
  after(async () => {
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is large enough for the indexes to be built after the lines on SQLite', async () => {
    const bytes = fs.statSync(file).size;
    const rows = await ds.manager.transaction((m) => ledgerRowCount(m));
    expect(defersLedgerIndexes('sqlite', expectedFecLines(bytes), rows)).to.equal(true);
  });

  it('refused (an unbalanced entry after 36,000 good lines): nothing imported, the indexes as they were', async () => {
    const before = await indexes();
    const company = await makeCompany(ds, { code: 'REFUSED' });
    const bad = ledger([row({ EcritureNum: 'BAD1', Debit: '50,00', Credit: '0,00' }), row({ EcritureNum: 'BAD1', CompteNum: '70600000', CompAuxNum: '', CompAuxLib: '', Debit: '0,00', Credit: '40,00' })]);
    const badFile = path.join(dir, 'FEC-refused.txt');
    fs.writeFileSync(badFile, bad);
    const summary = await importFec(ds, badFile, { companyId: company.id, customerPrefixes: ['411'], fileName: 'FEC-refused.txt' });
    expect(summary.status).to.equal('refused');
    expect(summary.errors[0]).to.include({ code: 'unbalanced_entry', lineNumber: INVOICES * 3 + 2 });
    expect(Number((await ds.query('SELECT COUNT(*) AS n FROM ledger_entry'))[0].n)).to.equal(0);
    expect(await indexes()).to.deep.equal(before);
  });

  it('imports every line with its customer, keeps the same indexes, and a re-import finds every line by its key', async () => {
    const before = await indexes();
    expect(before.length).to.be.greaterThan(5);
    const company = await makeCompany(ds, { code: 'LARGE' });
    const options = { companyId: company.id, customerPrefixes: ['411'], fileName: 'FEC-large.txt' };
    const first = await importFec(ds, file, options);
    expect(first).to.include({ status: 'succeeded', linesRead: INVOICES * 3, linesInserted: INVOICES * 3, customersCreated: 40, entries: INVOICES });
    expect(await indexes()).to.deep.equal(before);

    // Each line's key is its entry and its rank there, the late VAT line of F50 included.
    const keys = (await ds.query("SELECT source_key FROM ledger_entry WHERE entry_number = 'F50' ORDER BY id")) as { source_key: string }[];
    expect(keys.map((k) => k.source_key)).to.deep.equal(['fec:VE|F50|2024-01-23|1', 'fec:VE|F50|2024-01-23|2', 'fec:VE|F50|2024-01-23|3']);
    const [totals] = (await ds.query(`SELECT COUNT(DISTINCT third_party_id) AS customers, SUM(debit) AS d, SUM(credit) AS c FROM ledger_entry WHERE company_id = ${db.kind === 'postgres' ? '$1' : '?'}`, [company.id])) as Record<string, unknown>[];
    expect({ customers: Number(totals.customers), d: Number(totals.d), c: Number(totals.c) }).to.deep.equal({ customers: 40, d: INVOICES * 12000, c: INVOICES * 12000 });

    const again = await importFec(ds, file, options);
    expect(again).to.include({ status: 'succeeded', linesInserted: 0, linesUpdated: 0, linesUnchanged: INVOICES * 3, customersCreated: 0 });
  });
});
