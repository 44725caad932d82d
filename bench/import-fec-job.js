/**
 * Child of bench/import-fec.ts: the import itself, in a process of its own on the compiled code
 * (dist/, what `npm start` and `npm run import:fec` run), so that its time and peak memory are the
 * import's: under tsx the same process holds 30–40 MB more of transpiled source and source maps.
 * Plain JavaScript for that reason, without any heap-size flag.
 *   node bench/import-fec-job.js --file FEC.txt --lines 1000000 --customers 20000
 */
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const dist = path.join(ROOT, 'dist/src');
const { openDatabase } = require(path.join(dist, 'db/data-source'));
const { Company } = require(path.join(dist, 'companies/company.entity'));
const { importFec } = require(path.join(dist, 'fec-import/fec-import.service'));
const TARGET_SECONDS = 15;
const TARGET_MB = 200;

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

async function main() {
  const lines = arg('--lines', 1_000_000);
  const customers = arg('--customers', 20_000);
  const file = process.argv[process.argv.indexOf('--file') + 1];
  const size = fs.statSync(file).size;

  const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recouvrement-bench-db-'));
  const sqlitePath = path.join(dbDir, 'bench.sqlite');
  const ds = await openDatabase({ sqlitePath });
  try {
    const company = await ds.getRepository(Company).save({ code: 'BENCH', name: 'Bench', country: 'FR', parentId: null });
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
    const verdict = (ok) => (ok ? 'ok' : 'OVER');
    process.stdout.write(`\nwall time ${result.wallSeconds} s (target ≤ ${TARGET_SECONDS} s: ${verdict(seconds <= TARGET_SECONDS)}), peak RSS ${result.peakRssMb} MB (target ≤ ${TARGET_MB} MB: ${verdict(peakMb <= TARGET_MB)})\n`);
    if (summary.status !== 'succeeded') process.exitCode = 1;
  } finally {
    await ds.destroy();
    fs.rmSync(dbDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
