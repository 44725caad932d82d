/**
 * FEC import benchmark: generates a 1,000,000-line FEC (scripts/generate-fec.ts) into a temp
 * folder if it is not there yet, imports it into a fresh SQLite database in a child process of its
 * own (node with tsx's CommonJS hook, no heap-size flag), and reports the wall time and the peak
 * memory (RSS) of that importing process, module loading included.
 *
 *   npm run bench:import [-- --lines 1000000 --customers 20000]
 *
 * Targets (issue 17): at most 15 s and 200 MB peak RSS. Results go to bench-results/import-fec.json.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/data-source';
import { Company } from '../src/companies/company.entity';
import { importFec } from '../src/fec-import/fec-import.service';

const ROOT = path.resolve(__dirname, '..');
const TARGET_SECONDS = 15;
const TARGET_MB = 200;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

async function main(): Promise<void> {
  if (process.argv.includes('--phase-import')) return importPhase();
  const lines = arg('--lines', 1_000_000);
  const customers = arg('--customers', 20_000);
  const dir = path.join(os.tmpdir(), 'recouvrement-bench');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-FEC-${lines}-${customers}.txt`);
  if (!fs.existsSync(file)) {
    process.stdout.write(`Generating ${lines} lines into ${file}…\n`);
    // Another process, so that the generator's memory is not counted in the import's peak.
    const gen = spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(ROOT, 'scripts/generate-fec.ts'), '--lines', String(lines), '--customers', String(customers), '--out', `${file}.part`], { stdio: 'inherit' });
    if (gen.status !== 0) throw new Error('FEC generation failed');
    fs.renameSync(`${file}.part`, file);
  }
  // The import runs in a process of its own, so that the generator and tsx's ESM loader thread
  // (which the npm script's `tsx` starts) are not counted in its peak: what is measured is a
  // process that loads the module and imports, as `npm run import:fec` or the server would.
  const child = spawnSync(process.execPath, ['--require', 'tsx/cjs', __filename, '--phase-import', '--file', file, '--lines', String(lines), '--customers', String(customers)], { stdio: 'inherit' });
  process.exitCode = child.status ?? 1;
}

async function importPhase(): Promise<void> {
  const lines = arg('--lines', 1_000_000);
  const customers = arg('--customers', 20_000);
  const file = process.argv[process.argv.indexOf('--file') + 1];
  const size = fs.statSync(file).size;

  const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recouvrement-bench-db-'));
  const sqlitePath = path.join(dbDir, 'bench.sqlite');
  const ds = await openDatabase({ sqlitePath });
  try {
    const company = await ds.getRepository(Company).save({ code: 'BENCH', name: 'Bench', country: 'FR', parentId: null } as Company);
    const rssBefore = process.resourceUsage().maxRSS;
    let lastReport = 0;
    const started = process.hrtime.bigint();
    const summary = await importFec(ds, file, {
      companyId: company.id,
      customerPrefixes: ['411'],
      fileName: path.basename(file),
      onProgress: (p) => {
        if (p.linesRead - lastReport >= 100_000) {
          lastReport = p.linesRead;
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          process.stdout.write(`  ${p.linesRead} lines, ${(p.bytesRead / 1048576).toFixed(0)} MB read, ${seconds.toFixed(1)} s, RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB, heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB, external ${(process.memoryUsage().external / 1048576).toFixed(0)} MB\n`);
        }
      },
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const peakMb = process.resourceUsage().maxRSS / 1024;
    const [{ n }] = await ds.query('SELECT COUNT(*) AS n FROM ledger_entry');
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, totalMemoryMb: Math.round(os.totalmem() / 1048576), node: process.version },
      database: 'sqlite (better-sqlite3, WAL, fresh file)',
      nodeOptions: process.env.NODE_OPTIONS ?? null,
      execArgv: process.execArgv,
      file: { lines, customers, bytes: size },
      wallSeconds: Math.round(seconds * 10) / 10,
      linesPerSecond: Math.round(lines / seconds),
      peakRssMb: Math.round(peakMb),
      rssBeforeImportMb: Math.round(rssBefore / 1024),
      targets: { wallSeconds: TARGET_SECONDS, peakRssMb: TARGET_MB },
      withinTargets: seconds <= TARGET_SECONDS && peakMb <= TARGET_MB,
      cpuSeconds: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1e5) / 10,
      summary: {
        status: summary.status, linesRead: summary.linesRead, entries: summary.entries, totalDebit: summary.totalDebit, totalCredit: summary.totalCredit,
        customersCreated: summary.customersCreated, linesInserted: summary.linesInserted, openItems: summary.openItems, errorCount: summary.errorCount,
      },
      rowsInDatabase: Number(n),
    };
    fs.mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'bench-results', 'import-fec.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    const verdict = (ok: boolean) => (ok ? 'ok' : 'OVER');
    process.stdout.write(`\nwall time ${result.wallSeconds} s (target ≤ ${TARGET_SECONDS} s: ${verdict(seconds <= TARGET_SECONDS)}), peak RSS ${result.peakRssMb} MB (target ≤ ${TARGET_MB} MB: ${verdict(peakMb <= TARGET_MB)})\n`);
    if (summary.status !== 'succeeded') process.exitCode = 1;
  } finally {
    await ds.destroy();
    fs.rmSync(dbDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
