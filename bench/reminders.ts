/**
 * Benchmark of the Rappel / relevé list on a synthetic portfolio in a fresh SQLite database:
 *   npx tsx bench/reminders.ts [--customers 10000] [--lines 200000] [--dossiers 2000] [--reopen-every 5]
 * Times (median of 5) the first page sorted by overdue amount, a filtered page, a page sorted by
 * name, and "select all" over the matching customers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/data-source';
import { listOverdueCustomers, matchingCustomerIds } from '../src/reminders';
import { buildPortfolio } from './portfolio';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const size = { customers: Number(arg('customers', '10000')), lines: Number(arg('lines', '200000')), dossiers: Number(arg('dossiers', '2000')) };
  const today = '2026-11-22';
  const file = path.join(os.tmpdir(), `bench-reminders-${process.pid}.sqlite`);
  const ds = await openDatabase({ sqlitePath: file });
  try {
    const built = await buildPortfolio(ds, { ...size, today });
    // The portfolio letters almost every line: reopen one line in N so that every customer has open items.
    const every = Number(arg('reopen-every', '5'));
    if (every > 0) await ds.query(`UPDATE ledger_entry SET lettering = NULL, lettering_date = NULL WHERE id % ${every} = 0`);
    await ds.query('ANALYZE');
    const none = { minOverdue: null, minDays: null, controllerId: null, riskCodeId: null, q: null };
    const cases: [string, () => Promise<unknown>][] = [
      ['page 1, by overdue desc', () => listOverdueCustomers(ds, { ...none, sort: 'overdue', dir: 'desc', page: 1, pageSize: 25, today })],
      ['page 1, by name', () => listOverdueCustomers(ds, { ...none, sort: 'name', dir: 'asc', page: 1, pageSize: 25, today })],
      ['page 40, ≥ 1 000 € and ≥ 60 days', () => listOverdueCustomers(ds, { ...none, minOverdue: 100000, minDays: 60, sort: 'daysLate', dir: 'desc', page: 40, pageSize: 25, today })],
      ['select all (ids)', () => matchingCustomerIds(ds, none, today)],
    ];
    const { total } = await listOverdueCustomers(ds, { ...none, sort: 'overdue', dir: 'desc', page: 1, pageSize: 25, today });
    const [open] = (await ds.query('SELECT COUNT(*) AS n FROM ledger_entry WHERE lettering IS NULL')) as { n: number }[];
    process.stdout.write(`${size.customers} customers, ${size.lines} ledger lines (${open.n} open; ${JSON.stringify(built)}); ${total} overdue customers\n`);
    for (const [name, fn] of cases) {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = process.hrtime.bigint();
        await fn();
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      times.sort((a, b) => a - b);
      process.stdout.write(`${name.padEnd(40)} median ${times[2].toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times[4].toFixed(1)})\n`);
    }
  } finally {
    await ds.destroy();
    for (const ext of ['', '-wal', '-shm']) fs.rmSync(file + ext, { force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
