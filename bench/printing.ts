/**
 * Benchmark of Impression des dossiers, the reports and the dashboard on a synthetic portfolio in a
 * fresh SQLite database:
 *   npm run bench:print -- [--dossiers 100000] [--customers 20000] [--lines 1000000] [--date 2026-11-22] [--keep] [--reuse --file f.sqlite] [--no-daily] [--no-pdf]
 * Builds the portfolio (bench/portfolio.ts) in a child process, runs the daily job once so that
 * interventions exist (the detailed print and the dashboard read them), then times through HTTP, as a
 * signed-in accountant: the detailed print (HTML) of a 1,000-dossier selection, the list print of
 * the same selection, every report page and the dashboard. Median of 5 after one warm-up request.
 * The same detailed print as PDF (Chromium): the first request (which starts the browser) and the
 * median of 3 after it, against 15 s; the PDF is kept in bench-results/detailed-1000.pdf.
 * --reuse with --file skips the build when the file is there (a portfolio kept with --keep).
 * Prints a table and writes bench-results/printing.json.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { openDatabase } from '../src/db/data-source';
import { loadConfig } from '../src/config';
import { createRecoveryModule } from '../src/app';
import { createUser } from '../src/auth/auth.service';
import { runDaily } from '../src/jobs/run-daily';
import { ensureShippedTemplates } from '../src/documents';
import { REPORT_CODES } from '../src/reports';
import { closePdfBrowser } from '../src/printing';
import { buildPortfolio } from './portfolio';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const size = { dossiers: Number(arg('dossiers', '100000')), customers: Number(arg('customers', '20000')), lines: Number(arg('lines', '1000000')) };
const date = arg('date', '2026-11-22');
const file = arg('file', path.join(os.tmpdir(), `bench-printing-${process.pid}.sqlite`));
const RUNS = 5;

async function buildPhase(): Promise<void> {
  const ds = await openDatabase({ sqlitePath: file });
  const started = Date.now();
  const counts = await buildPortfolio(ds, { ...size, today: date });
  await ensureShippedTemplates(ds);
  await ds.query('ANALYZE');
  await ds.destroy();
  process.stdout.write(JSON.stringify({ ...counts, buildMs: Date.now() - started }) + '\n');
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  if (process.argv.includes('--phase-build')) return buildPhase();
  const reuse = process.argv.includes('--reuse') && fs.existsSync(file);
  let built = { buildMs: 0, dossierEntries: 0 };
  if (!reuse) {
    for (const ext of ['', '-wal', '-shm']) fs.rmSync(file + ext, { force: true });
    process.stdout.write(`Building ${size.dossiers} dossiers, ${size.customers} customers, ${size.lines} ledger lines in ${file} …\n`);
    const child = spawnSync(process.execPath, ['--require', 'tsx/cjs', __filename, '--phase-build', '--file', file, ...process.argv.slice(2)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`build failed (${child.status})`);
    spawnSync('sync');
    built = JSON.parse(child.stdout.trim().split('\n').pop()!) as { buildMs: number; dossierEntries: number };
  }

  const ds = await openDatabase({ sqlitePath: file });
  // The generated closed dossiers have no end date: give them one, so the success-rate report has work.
  await ds.query(
    "UPDATE dossier SET end_date = MIN(date(start_date, '+' || (30 + id % 120) || ' days'), :d) WHERE status_id IN (SELECT id FROM dossier_status WHERE kind = 'closed') AND end_date IS NULL".replace(':d', `'${date}'`),
  );
  let dailyMs = 0;
  if (!process.argv.includes('--no-daily') && !reuse) {
    const t0 = Date.now();
    await runDaily({ dataSource: ds }, date, { trigger: 'cli', documents: false });
    dailyMs = Date.now() - t0;
  }
  const [{ n: todoRaw }] = (await ds.query("SELECT COUNT(*) AS n FROM intervention WHERE state = 'todo'")) as { n: number }[];

  const config = loadConfig({ ...process.env, SESSION_SECRET: 'bench-session-secret-0123456789' });
  const module = await createRecoveryModule({ dataSource: ds, basePath: '', config, clock: { today: () => date, now: () => new Date(`${date}T09:00:00Z`) } });
  const app = express().use(module);
  // A reused portfolio has its bench user already.
  if (!reuse) await createUser(ds, { username: 'bench', displayName: 'Bench', password: 'Correct-horse-42', role: 'accountant' });
  const agent = request.agent(app);
  const login = await agent.get('/login');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(login.text)![1];
  const signed = await agent.post('/login').type('form').send({ username: 'bench', password: 'Correct-horse-42', _csrf: csrf });
  if (signed.status !== 303) throw new Error(`login failed: ${signed.status}`);

  /** The PDF: the first request (the browser starts), then the median of 3; the last one is kept. */
  async function timePdf(url: string): Promise<{ firstMs: number; ms: number; bytes: number }> {
    const one = async () => {
      const t = process.hrtime.bigint();
      const res = await agent.get(url).buffer(true).parse((r, cb) => {
        const parts: Buffer[] = [];
        r.on('data', (c: Buffer) => parts.push(c)).on('end', () => cb(null, Buffer.concat(parts)));
      });
      if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
      return { ms: Number(process.hrtime.bigint() - t) / 1e6, body: res.body as Buffer };
    };
    const first = await one();
    const runs: number[] = [];
    let body = first.body;
    for (let i = 0; i < 3; i++) {
      const r = await one();
      runs.push(r.ms);
      body = r.body;
    }
    fs.mkdirSync(path.resolve(__dirname, '../bench-results'), { recursive: true });
    fs.writeFileSync(path.resolve(__dirname, '../bench-results/detailed-1000.pdf'), body);
    return { firstMs: +first.ms.toFixed(0), ms: +median(runs).toFixed(0), bytes: body.length };
  }

  async function time(url: string): Promise<{ ms: number; bytes: number; serverMs: number | null }> {
    const warm = await agent.get(url);
    if (warm.status !== 200) throw new Error(`${url}: ${warm.status} ${warm.text.slice(0, 300)}`);
    const runs: number[] = [];
    const server: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const t = process.hrtime.bigint();
      const res = await agent.get(url);
      runs.push(Number(process.hrtime.bigint() - t) / 1e6);
      bytes = res.text?.length ?? 0;
      const dur = /dur=([\d.]+)/.exec(String(res.headers['server-timing'] ?? ''));
      if (dur) server.push(Number(dur[1]));
    }
    return { ms: +median(runs).toFixed(1), bytes, serverMs: server.length ? +median(server).toFixed(1) : null };
  }

  // A 1,000-dossier selection: a number range in the middle of the portfolio, every status.
  const [{ m: minNumber }] = (await ds.query('SELECT MIN(number) AS m FROM dossier')) as { m: number }[];
  const from = Number(minNumber) + Math.floor(size.dossiers / 2);
  const selection = `numberFrom=${from}&numberTo=${from + 999}`;
  const detailed = await time(`/printing/print?layout=detailed&${selection}`);
  const pages = (detailed.bytes / 1e6).toFixed(1);
  const list = await time(`/printing/print?layout=list&${selection}`);
  const pdf = process.argv.includes('--no-pdf') ? null : await timePdf(`/printing/pdf?layout=detailed&${selection}`);
  await closePdfBrowser(); // the process's browser would otherwise keep this script alive
  const reports: Record<string, { ms: number; serverMs: number | null }> = {};
  for (const code of REPORT_CODES) reports[code] = await time(`/reports/${code}`);
  const home = await time('/');
  await ds.destroy();
  if (!process.argv.includes('--keep')) for (const ext of ['', '-wal', '-shm']) fs.rmSync(file + ext, { force: true });

  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '?', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}` },
    size: { ...size, dossierEntries: built.dossierEntries, interventionsTodo: Number(todoRaw) },
    buildMs: built.buildMs,
    dailyMs,
    detailedPrint1000: { ...detailed, mb: Number(pages) },
    listPrint1000: list,
    detailedPdf1000: pdf,
    reports,
    dashboard: home,
    targets: { detailedPrintMs: 3000, detailedPdfMs: 15000, pageMs: 300 },
  };
  fs.mkdirSync(path.resolve(__dirname, '../bench-results'), { recursive: true });
  fs.writeFileSync(path.resolve(__dirname, '../bench-results/printing.json'), JSON.stringify(result, null, 2) + '\n');

  const ok = (ms: number, target: number) => (ms <= target ? `ok (≤ ${target} ms)` : `OVER ${target} ms`);
  const rows: [string, string, string][] = [
    ['portfolio build (not timed against a target)', `${(built.buildMs / 1000).toFixed(1)} s`, ''],
    [`daily run to raise interventions (${Number(todoRaw)} to do)`, `${(dailyMs / 1000).toFixed(1)} s`, ''],
    [`detailed print, 1,000 dossiers (HTML, ${pages} MB)`, `${detailed.ms} ms`, ok(detailed.ms, 3000)],
    ['list print, same 1,000 dossiers', `${list.ms} ms`, ''],
    ...(pdf ? [[`detailed print, 1,000 dossiers as PDF (${(pdf.bytes / 1e6).toFixed(1)} MB; first, browser start: ${pdf.firstMs} ms)`, `${pdf.ms} ms`, ok(pdf.ms, 15000)] as [string, string, string]] : []),
    ...REPORT_CODES.map((c): [string, string, string] => [`report page: ${c}`, `${reports[c].ms} ms (query ${reports[c].serverMs} ms)`, ok(reports[c].ms, 300)]),
    ['dashboard (home page)', `${home.ms} ms (queries ${home.serverMs} ms)`, ok(home.ms, 300)],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`\nMachine: ${result.machine.cpus} cores, ${result.machine.model}, ${result.machine.memoryGb} GB, Node ${result.machine.node}\n`);
  for (const [a, b, c] of rows) process.stdout.write(`${a.padEnd(w)}  ${b.padEnd(30)}  ${c}\n`);
  process.stdout.write('\nWritten to bench-results/printing.json\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
