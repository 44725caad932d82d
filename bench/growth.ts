/**
 * How cost grows with the portfolio: runs the daily, load and FEC-import benchmarks at 10,000,
 * 30,000 and 100,000 dossiers (with 1/5 as many customers and 10 ledger lines a dossier, as the
 * 100,000 default), one after the other so that they never share the machine, and prints one
 * table with each figure and its cost per 10,000 dossiers (or per 100,000 lines), so that a
 * figure that grows faster than the portfolio stands out.
 *
 *   npm run bench:growth [-- --sizes 10000,30000,100000 --duration 30]
 *
 * Each benchmark keeps its own targets and JSON file; this one writes bench-results/growth.json.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const RESULTS = path.join(ROOT, 'bench-results');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const sizes = arg('sizes', '10000,30000,100000').split(',').map(Number);
const duration = arg('duration', '30');

/** Runs one bench script with tsx in its own process (its memory figures stay its own) and returns its JSON. */
function bench(script: string, args: string[], output: string, env: NodeJS.ProcessEnv = {}): Record<string, unknown> {
  process.stdout.write(`\n--- ${script} ${args.join(' ')}\n`);
  const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(ROOT, 'bench', script), ...args], { stdio: 'inherit', env: { ...process.env, ...env } });
  if (run.status !== 0) throw new Error(`${script} failed (${run.status})`);
  return JSON.parse(fs.readFileSync(path.join(RESULTS, output), 'utf8')) as Record<string, unknown>;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Row {
  dossiers: number;
  customers: number;
  lines: number;
  daily: Json;
  load: Json;
  fec: Json;
}

function main(): void {
  const rows: Row[] = [];
  for (const dossiers of sizes) {
    const customers = Math.round(dossiers / 5);
    const lines = dossiers * 10;
    const size = ['--dossiers', String(dossiers), '--customers', String(customers), '--lines', String(lines)];
    const daily = bench('daily.ts', [...size, '--documents', 'all'], 'daily.json');
    const load = bench('load.ts', [...size, '--duration', duration], 'load-sqlite.json');
    const fec = bench('import-fec.ts', ['--lines', String(lines), '--customers', String(customers)], 'import-fec.json');
    rows.push({ dossiers, customers, lines, daily, load, fec });
  }

  const per10k = (value: number, dossiers: number) => ((value * 10_000) / dossiers).toFixed(2);
  const table: string[][] = [['dossiers / customers / ledger lines', 'daily run (s, per 10k), 2nd run s, maxRSS MB', 'documents (n, s, per 10k)', 'list req/s, p50 / p99 ms, CPU ms/req', 'dossier page req/s, p50 / p99 ms, CPU ms/req', 'FEC import (s, per 100k lines, peak MB)']];
  for (const r of rows) {
    const firstS = Number(r.daily.firstRun.ms) / 1000;
    const docs = r.daily.documents as Json;
    const docsS = Number(docs.ms) / 1000;
    const fecS = Number(r.fec.wallSeconds);
    table.push([
      `${r.dossiers} / ${r.customers} / ${r.lines}`,
      `${firstS.toFixed(2)} (${per10k(firstS, r.dossiers)}), ${(Number(r.daily.secondRun.ms) / 1000).toFixed(2)}, ${r.daily.memory.maxRssMb}`,
      `${docs.produced} in ${docsS.toFixed(1)} (${per10k(docsS, r.dossiers)})`,
      `${r.load.dossierList.requestsPerSecond}, ${r.load.dossierList.p50Ms} / ${r.load.dossierList.p99Ms}, ${r.load.dossierList.serverCpuMsPerRequest ?? '?'}`,
      `${r.load.dossierPage.requestsPerSecond}, ${r.load.dossierPage.p50Ms} / ${r.load.dossierPage.p99Ms}, ${r.load.dossierPage.serverCpuMsPerRequest ?? '?'}`,
      `${fecS.toFixed(1)} (${((fecS * 100_000) / r.lines).toFixed(2)}), ${r.fec.peakRssMb}`,
    ]);
  }
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  process.stdout.write(`\nMachine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}\n`);
  for (const row of table) process.stdout.write(row.map((cell, c) => cell.padEnd(widths[c])).join('  ') + '\n');
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, 'growth.json'), JSON.stringify({ date: new Date().toISOString(), machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '?', node: process.version }, rows }, null, 2) + '\n');
  process.stdout.write('\nWritten to bench-results/growth.json\n');
}

main();
