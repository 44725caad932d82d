/**
 * Benchmark of the daily job and of Gestion des actions on a synthetic portfolio in a fresh SQLite
 * database:
 *   npm run bench:daily -- [--dossiers 100000] [--customers 20000] [--lines 1000000] [--date 2026-11-22] [--keep]
 *                          [--documents all|sample] [--portfolio built.sqlite]
 * Times the first run of a day, a second run of the same day (must raise nothing), the peak memory
 * of the process that runs the job (a child on the compiled code, bench/daily-job.js), the letters and e-mails of the first run's steps (all of them by
 * default, as the first run over a new portfolio would produce them; `sample`: the first 2,000, for a
 * quick rate), and the server time of the first page of Gestion des actions. `--portfolio` copies an
 * already built database (one kept with --keep) instead of building one.
 * Right after the two runs, a child process measures the SQLite floor of the first (bench/sqlite-floor.ts)
 * on a copy of the file taken just before it: the first run's target is 1.5 times that floor.
 * Prints a table and writes bench-results/daily.json. The portfolio is built in a child process so
 * that the memory figures are the job's own.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/data-source';
import { generateStepDocuments } from '../src/jobs/step-documents.task';
import { countActionsDue, listActions } from '../src/actions/action.service';
import { ensureShippedTemplates } from '../src/documents';
import { buildPortfolio } from './portfolio';
import { measureSqliteFloor, type SqliteFloor } from './sqlite-floor';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const size = { dossiers: Number(arg('dossiers', '100000')), customers: Number(arg('customers', '20000')), lines: Number(arg('lines', '1000000')) };
const date = arg('date', '2026-11-22');
const file = arg('file', path.join(os.tmpdir(), `bench-daily-${process.pid}.sqlite`));
const documentsMode = arg('documents', 'all') === 'sample' ? 'sample' : 'all';
const portfolio = arg('portfolio', '');
/** Issue 17's targets for the documents: the rate, and the first run with all its documents at 100,000 dossiers. */
const DOCUMENTS_TARGET = { perSecond: 2000, firstRunWithDocumentsMs: 60_000 };

/** Child process: the floor of the run whose rows are stamped `--at`, on the copy `--copy`. */
function floorPhase(): void {
  const floor = measureSqliteFloor(file, arg('copy', ''), arg('at', ''), date);
  process.stdout.write(JSON.stringify(floor) + '\n');
}

async function buildPhase(): Promise<void> {
  const ds = await openDatabase({ sqlitePath: file });
  const started = Date.now();
  const counts = await buildPortfolio(ds, { ...size, today: date });
  await ensureShippedTemplates(ds);
  await ds.query('ANALYZE');
  await ds.destroy();
  process.stdout.write(JSON.stringify({ ...counts, buildMs: Date.now() - started }) + '\n');
}

/** What bench/daily-job.js prints. */
interface JobRun { ms: number; cpuMs: number; dossiersExamined: number; interventionsRaised: number; skipped: number; dossiersChanged: number; errors: number }
interface JobRuns { first: JobRun & { firstAt: string }; second: JobRun; peakRssMb: number; maxRssMb: number }

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = process.hrtime.bigint();
  const r = await fn();
  return [r, Number(process.hrtime.bigint() - t) / 1e6];
}

async function main(): Promise<void> {
  if (process.argv.includes('--phase-build')) return buildPhase();
  if (process.argv.includes('--phase-floor')) return floorPhase();
  for (const ext of ['', '-wal', '-shm']) fs.rmSync(file + ext, { force: true });
  let built: { buildMs: number; dossierEntries: number; controllers: number[] };
  if (portfolio) {
    // A portfolio built earlier (same sizes): copied, so that old and new code run on the same data.
    fs.copyFileSync(portfolio, file);
    built = JSON.parse(fs.readFileSync(`${portfolio}.json`, 'utf8')) as typeof built;
  } else {
    process.stdout.write(`Building ${size.dossiers} dossiers, ${size.customers} customers, ${size.lines} ledger lines in ${file} …\n`);
    const child = spawnSync(process.execPath, ['--require', 'tsx/cjs', __filename, '--phase-build', '--file', file, ...process.argv.slice(2)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`build failed (${child.status})`);
    built = JSON.parse(child.stdout.trim().split('\n').pop()!) as typeof built;
    // Kept as a portfolio to copy (--portfolio) before the run changes it.
    if (process.argv.includes('--keep')) {
      fs.copyFileSync(file, `${file}.portfolio`);
      fs.writeFileSync(`${file}.portfolio.json`, JSON.stringify(built));
    }
  }
  // The data as the first run will find it, for the floor (the build closed the file: no -wal to copy).
  const copy = `${file}.before-run`;
  fs.copyFileSync(file, copy);
  // The build's rows and this copy (hundreds of MB) are still being written back to disk: let that finish
  // first, or the kernel throttles the job's own writes for them (system time up by about 1 s at 100,000
  // dossiers), which the floor, measured later, does not pay.
  spawnSync('sync');

  // The two runs of the day in a child on the compiled code (bench/daily-job.js says why); built first if needed.
  const build = spawnSync(process.execPath, [path.resolve(__dirname, '../scripts/build-if-needed.js')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error(`build failed (${build.status})`);
  const jobChild = spawnSync(process.execPath, [path.resolve(__dirname, 'daily-job.js'), '--file', file, '--date', date], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (jobChild.status !== 0) throw new Error(`job runs failed (${jobChild.status})`);
  const job = JSON.parse(jobChild.stdout.trim().split('\n').pop()!) as JobRuns;
  const { first, second } = job;
  const [firstMs, firstCpuMs, secondMs] = [first.ms, first.cpuMs, second.ms];
  // Right after the runs, the floor of the first one on the copy taken before it.
  const floorChild = spawnSync(process.execPath, ['--require', 'tsx/cjs', __filename, '--phase-floor', '--file', file, '--copy', copy, '--at', first.firstAt, '--date', date], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  for (const ext of ['', '-wal', '-shm']) fs.rmSync(copy + ext, { force: true });
  if (floorChild.status !== 0) throw new Error(`floor measurement failed (${floorChild.status})`);
  const floor = JSON.parse(floorChild.stdout.trim().split('\n').pop()!) as SqliteFloor;
  const ds = await openDatabase({ sqlitePath: file });

  // Letters and e-mails of the first run's steps: all of them (what the first run with documents does), or a sample for the rate.
  const sample = documentsMode === 'sample' ? 2000 : undefined;
  const docsCpu = process.cpuUsage();
  const [docs, docsMs] = await timed(() => generateStepDocuments(ds, date, { limit: sample }));
  // The process's own CPU time too: on a shared machine the wall time says more about the neighbours.
  const docsCpuMs = ((u) => (u.user + u.system) / 1000)(process.cpuUsage(docsCpu));
  const docsPerSecond = Math.round((docs.documents + docs.documentErrors) / (docsMs / 1000));
  const withDocumentsMs = firstMs + docsMs;

  const [[{ n: todoRaw }]] = [(await ds.query("SELECT COUNT(*) AS n FROM intervention WHERE state = 'todo'")) as { n: number }[]];
  const todo = Number(todoRaw);
  const filters = { controller: 'all' as const, type: null, dueBy: null, overdueOnly: false, statusId: null, page: 1, pageSize: 25 };
  const pageAll: number[] = [];
  const pageMine: number[] = [];
  const badge: number[] = [];
  const controller = built.controllers[0];
  await ds.query('UPDATE credit_controller SET user_id = NULL');
  for (let i = 0; i < 7; i++) {
    pageAll.push((await timed(() => listActions(ds, filters, date)))[1]);
    pageMine.push((await timed(() => listActions(ds, { ...filters, controller }, date)))[1]);
    badge.push((await timed(() => countActionsDue(ds, 1, date)))[1]);
  }
  await ds.destroy();
  if (!process.argv.includes('--keep')) for (const ext of ['', '-wal', '-shm']) fs.rmSync(file + ext, { force: true });

  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '?', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}` },
    size: { ...size, dossierEntries: built.dossierEntries },
    buildMs: built.buildMs,
    firstRun: { ms: Math.round(firstMs), ofFloor: +(firstMs / floor.ms).toFixed(2), cpuMs: Math.round(firstCpuMs), cpuOfFloorCpu: +(firstCpuMs / floor.cpuMs).toFixed(2), dossiersExamined: first.dossiersExamined, interventionsRaised: first.interventionsRaised, skipped: first.skipped, dossiersChanged: first.dossiersChanged, errors: first.errors },
    sqliteFloor: { ms: Math.round(floor.ms), cpuMs: Math.round(floor.cpuMs), readMs: Math.round(floor.readMs), dossiersRead: floor.dossiersRead, interventions: floor.interventions, events: floor.events },
    secondRun: { ms: Math.round(secondMs), interventionsRaised: second.interventionsRaised },
    memory: { peakRssMb: job.peakRssMb, maxRssMb: job.maxRssMb },
    documents: { mode: documentsMode, sample: sample ?? null, produced: docs.documents, errors: docs.documentErrors, ms: Math.round(docsMs), cpuMs: Math.round(docsCpuMs), perSecond: docsPerSecond, perCpuSecond: Math.round((docs.documents + docs.documentErrors) / (docsCpuMs / 1000)), firstRunWithDocumentsMs: documentsMode === 'all' ? Math.round(withDocumentsMs) : null },
    actions: { todo, firstPageAllMs: +median(pageAll).toFixed(1), firstPageOneControllerMs: +median(pageMine).toFixed(1), headerCountMs: +median(badge).toFixed(2) },
    targets: { firstRunOfFloor: 1.5, secondRunMs: 300, peakRssMb: 250, actionsFirstPageMs: 100, documentsPerSecond: DOCUMENTS_TARGET.perSecond, firstRunWithDocumentsMs: DOCUMENTS_TARGET.firstRunWithDocumentsMs },
  };
  fs.mkdirSync(path.resolve(__dirname, '../bench-results'), { recursive: true });
  fs.writeFileSync(path.resolve(__dirname, '../bench-results/daily.json'), JSON.stringify(result, null, 2) + '\n');

  const rows: [string, string, string][] = [
    ['portfolio build (not timed against a target)', `${(built.buildMs / 1000).toFixed(1)} s`, ''],
    [`first run (${first.dossiersExamined} dossiers, ${first.interventionsRaised} raised)`, `${(firstMs / 1000).toFixed(2)} s, ${result.firstRun.ofFloor}x the floor (CPU ${result.firstRun.cpuOfFloorCpu}x)`, firstMs <= 1.5 * floor.ms ? `ok (≤ 1.5 x floor = ${((1.5 * floor.ms) / 1000).toFixed(2)} s)` : `OVER 1.5 x floor = ${((1.5 * floor.ms) / 1000).toFixed(2)} s`],
    [`SQLite floor (${floor.dossiersRead} read, ${floor.interventions} + ${floor.events} rows)`, `${(floor.ms / 1000).toFixed(2)} s (reads ${(floor.readMs / 1000).toFixed(2)} s, CPU ${(floor.cpuMs / 1000).toFixed(2)} s)`, ''],
    [`second run (${second.interventionsRaised} raised)`, `${(secondMs / 1000).toFixed(2)} s`, secondMs <= 300 && second.interventionsRaised === 0 ? 'ok (≤ 0.3 s, nothing raised)' : 'OVER 0.3 s or raised'],
    ['peak RSS of the job process', `${result.memory.peakRssMb} MB (maxRSS ${result.memory.maxRssMb} MB)`, result.memory.maxRssMb <= 250 ? 'ok (≤ 250 MB)' : 'OVER 250 MB'],
    [`step documents (${sample ? `sample of ${sample}` : 'all'}: ${docs.documents} produced, ${docs.documentErrors} errors)`, `${(docsMs / 1000).toFixed(2)} s, ${docsPerSecond}/s (CPU ${(docsCpuMs / 1000).toFixed(1)} s)`, docsPerSecond >= DOCUMENTS_TARGET.perSecond ? 'ok (≥ 2,000/s)' : 'UNDER 2,000/s'],
    ...(documentsMode === 'all'
      ? [['first run including its documents', `${(withDocumentsMs / 1000).toFixed(1)} s`, withDocumentsMs <= DOCUMENTS_TARGET.firstRunWithDocumentsMs ? 'ok (≤ 60 s)' : 'OVER 60 s'] as [string, string, string]]
      : []),
    [`actions, first page, all (${todo} to do)`, `${result.actions.firstPageAllMs} ms`, result.actions.firstPageAllMs <= 100 ? 'ok (≤ 100 ms)' : 'OVER 100 ms'],
    ['actions, first page, one controller', `${result.actions.firstPageOneControllerMs} ms`, result.actions.firstPageOneControllerMs <= 100 ? 'ok (≤ 100 ms)' : 'OVER 100 ms'],
    ['header count of actions due today', `${result.actions.headerCountMs} ms`, ''],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`\nMachine: ${result.machine.cpus} cores, ${result.machine.model}, ${result.machine.memoryGb} GB, Node ${result.machine.node}\n`);
  for (const [a, b, c] of rows) process.stdout.write(`${a.padEnd(w)}  ${b.padEnd(44)}  ${c}\n`);
  process.stdout.write('\nWritten to bench-results/daily.json\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
