/**
 * FEC import benchmark: generates a 1,000,000-line FEC (scripts/generate-fec.ts) into a temp
 * folder if it is not there yet, imports it into a fresh SQLite database in a child process of its
 * own (bench/import-fec-job.js: the compiled code, no heap-size flag), and reports the wall time and the peak
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

const ROOT = path.resolve(__dirname, '..');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

async function main(): Promise<void> {
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
  // The import runs in a process of its own on the compiled code (bench/import-fec-job.js), so that
  // neither the generator nor tsx is counted in its peak: what is measured is a process that loads the
  // module and imports, as `npm run import:fec` or the server does. Built first if needed.
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-if-needed.js')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error(`build failed (${build.status})`);
  const child = spawnSync(process.execPath, [path.join(__dirname, 'import-fec-job.js'), '--file', file, '--lines', String(lines), '--customers', String(customers)], { stdio: 'inherit' });
  process.exitCode = child.status ?? 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
