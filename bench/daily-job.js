/**
 * Child of bench/daily.ts: the job's first and second runs of the day in a process of their own, on
 * the compiled code (dist/, what `npm start`'s scheduler and `npm run daily` run), so that the time
 * and the memory are the job's: under tsx the same process holds 30–40 MB more of transpiled source
 * and source maps. Plain JavaScript for that reason. Prints one JSON line:
 *   node bench/daily-job.js --file portfolio.sqlite --date 2026-11-22
 */
'use strict';
const path = require('node:path');

const dist = path.resolve(__dirname, '../dist/src');
const { openDatabase } = require(path.join(dist, 'db/data-source'));
const { runDaily } = require(path.join(dist, 'jobs/run-daily'));

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || !process.argv[i + 1]) throw new Error(`--${name} is required`);
  return process.argv[i + 1];
}

async function timed(fn) {
  const t = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const result = await fn();
  const used = process.cpuUsage(cpu);
  return { result, ms: Number(process.hrtime.bigint() - t) / 1e6, cpuMs: (used.user + used.system) / 1000 };
}

async function main() {
  const date = arg('date');
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const ds = await openDatabase({ sqlitePath: arg('file') });
  const first = await timed(() => runDaily({ dataSource: ds }, date, { trigger: 'cli', documents: false }));
  const [{ started_at: firstAt }] = await ds.query('SELECT started_at FROM job_run WHERE id = ?', [first.result.runId]);
  const second = await timed(() => runDaily({ dataSource: ds }, date, { trigger: 'cli', documents: false }));
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  await ds.destroy();
  const pick = (r) => ({ dossiersExamined: r.dossiersExamined, interventionsRaised: r.interventionsRaised, skipped: r.skipped, dossiersChanged: r.dossiersChanged, errors: r.errors });
  process.stdout.write(`${JSON.stringify({
    first: { ms: first.ms, cpuMs: first.cpuMs, firstAt, ...pick(first.result) },
    second: { ms: second.ms, cpuMs: second.cpuMs, ...pick(second.result) },
    peakRssMb: Math.round(peakRss / 2 ** 20),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
