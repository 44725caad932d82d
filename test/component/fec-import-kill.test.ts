/**
 * Faults: `npm run import:fec` killed with SIGKILL at random points, several times, then run again
 * to the end: the database ends exactly as after one uninterrupted import (same rows, same totals).
 * Mirrors the daily run's kill test (daily-processes.test.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { makeCompany } from '../support/factories';

const ROOT = path.resolve(__dirname, '../..');

type Done = { code: number | null; signal: string | null; stdout: string; stderr: string; ms: number };

function startImport(env: Record<string, string>, file: string, company: string): { child: ChildProcess; done: Promise<Done> } {
  const started = Date.now();
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'src/cli/import-fec.ts', file, '--json', '--company', company], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOAD_DEMO: 'false', SCHEDULER: 'false', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Done>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - started })));
  return { child, done };
}

async function count(ds: DataSource, sql: string): Promise<number> {
  const [r] = (await ds.query(sql)) as { n: unknown }[];
  return Number(r.n);
}

/** Everything the import writes, without ids and timestamps. */
async function finalState(ds: DataSource) {
  const lines = await ds.query(
    `SELECT l.source_key, l.journal_code, l.entry_number, l.entry_date, l.account, l.auxiliary_account, l.piece_ref, l.label, l.debit, l.credit,
            l.due_date, l.lettering, l.lettering_date, t.auxiliary_account AS customer
       FROM ledger_entry l LEFT JOIN third_party t ON t.id = l.third_party_id ORDER BY l.source_key`,
  );
  const customers = await ds.query('SELECT auxiliary_account, name, country FROM third_party ORDER BY auxiliary_account');
  const [totals] = (await ds.query('SELECT COUNT(*) AS n, SUM(debit) AS debit, SUM(credit) AS credit FROM ledger_entry')) as Record<string, unknown>[];
  return JSON.parse(JSON.stringify({ lines, customers, totals: { n: Number(totals.n), debit: Number(totals.debit), credit: Number(totals.credit) } })) as {
    lines: unknown[];
    customers: unknown[];
    totals: { n: number; debit: number; credit: number };
  };
}

async function ledgerIndexes(db: TestDatabase): Promise<unknown[]> {
  return db.kind === 'sqlite'
    ? db.dataSource.query("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ledger_entry' ORDER BY name")
    : db.dataSource.query("SELECT indexname AS name FROM pg_indexes WHERE tablename = 'ledger_entry' AND schemaname = current_schema() ORDER BY indexname");
}

describe('FEC import killed with SIGKILL', function () {
  this.timeout(300_000);
  const dbs: TestDatabase[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recouvrement-fec-kill-'));
  const file = path.join(dir, 'FEC-large.txt');

  before(() => {
    const gen = spawnSync(process.execPath, ['--require', 'tsx/cjs', 'scripts/generate-fec.ts', '--lines', '120000', '--customers', '3000', '--seed', '5', '--out', file], { cwd: ROOT, encoding: 'utf8' });
    expect(gen.status, gen.stderr).to.equal(0);
  });
  after(async () => {
    while (dbs.length) await dbs.pop()!.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('killed at random points several times, the rerun ends exactly as one uninterrupted import', async () => {
    const reference = await createTestDatabase();
    dbs.push(reference);
    const refCompany = await makeCompany(reference.dataSource, { code: 'KILL' });
    const uninterrupted = await startImport(reference.env, file, refCompany.code).done;
    expect(uninterrupted.code, uninterrupted.stderr).to.equal(0);
    const expected = await finalState(reference.dataSource);
    expect(expected.totals.n).to.equal(120000);
    expect(expected.totals.debit).to.equal(expected.totals.credit);

    const db = await createTestDatabase();
    dbs.push(db);
    await makeCompany(db.dataSource, { code: 'KILL' });
    let killedMidImport = 0;
    for (let attempt = 0; attempt < 5; attempt++) {
      const before = await count(db.dataSource, 'SELECT COUNT(*) AS n FROM ledger_entry');
      const p = startImport(db.env, file, 'KILL');
      // A random point of the run: start-up, reading, writing, or the commit (within the reference run's
      // length, so that most kills land while the process is still working).
      await new Promise((r) => setTimeout(r, 300 + Math.floor(Math.random() * Math.max(0, uninterrupted.ms * 0.85 - 300))));
      p.child.kill('SIGKILL');
      const result = await p.done;
      const lines = await count(db.dataSource, 'SELECT COUNT(*) AS n FROM ledger_entry');
      // All or nothing: one file, one transaction.
      expect([0, 120000], `attempt ${attempt}: ${lines} lines after the kill`).to.include(lines);
      // Killed while working: a first import left nothing, or a re-import (after one got through) left the ledger as it was.
      if (result.signal === 'SIGKILL' && lines === before) killedMidImport++;
      if (result.signal !== 'SIGKILL') expect(result.code, result.stderr).to.equal(0);
    }
    expect(killedMidImport, 'at least one kill landed in the middle of an import').to.be.greaterThan(0);

    const last = await startImport(db.env, file, 'KILL').done;
    expect(last.code, last.stderr).to.equal(0);
    const summary = JSON.parse(last.stdout) as { status: string; totalDebit: number; totalCredit: number };
    expect(summary.status).to.equal('succeeded');
    const state = await finalState(db.dataSource);
    expect(state.totals).to.deep.equal(expected.totals);
    expect(state.customers).to.deep.equal(expected.customers);
    expect(state.lines).to.deep.equal(expected.lines);
    // A first import this large builds the ledger's indexes after its lines (SQLite): killed or not, they are all there.
    expect(await ledgerIndexes(db)).to.deep.equal(await ledgerIndexes(reference));
    // The interrupted attempts are told apart in the import history, not in the ledger.
    const statuses = ((await db.dataSource.query('SELECT status FROM ledger_import ORDER BY id')) as { status: string }[]).map((r) => r.status);
    expect(statuses[statuses.length - 1]).to.equal('succeeded');
  });
});
