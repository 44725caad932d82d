/**
 * The daily run from the command line, on the server's configuration and database:
 *   npm run daily -- [--date YYYY-MM-DD] [--dry-run] [--json] [--batch N]
 * The scenario run, then the other daily tasks (outbox, automatic dossiers, payments, plans).
 * --json prints one JSON summary line. Exit code 0 when everything succeeded, 1 otherwise.
 */
import { loadConfig } from '../config';
import { openDatabase } from '../db/data-source';
import { isBusinessDate, todayIn } from '../shared/business-date';
import { runDailyTasks } from '../jobs';

function parseArgs(argv: string[]): { date?: string; dryRun: boolean; json: boolean; batch?: number } {
  const out = { date: undefined as string | undefined, dryRun: false, json: false, batch: undefined as number | undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--dry-run') out.dryRun = true;
    else if (a === '--json') out.json = true;
    else if (a === '--date') out.date = argv[++i];
    else if (a.startsWith('--date=')) out.date = a.slice(7);
    // Tuning: dossiers written per transaction (default 1000).
    else if (a === '--batch') out.batch = Math.max(1, Number(argv[++i]) || 1000);
    else throw new Error(`unknown argument: ${a} (usage: daily [--date YYYY-MM-DD] [--dry-run] [--json])`);
  }
  if (out.date !== undefined && !isBusinessDate(out.date)) throw new Error(`--date must be YYYY-MM-DD, got ${out.date}`);
  return out;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  const dataSource = await openDatabase(config);
  try {
    const businessDate = args.date ?? todayIn(config.timeZone);
    const { scenarios: s, tasks } = await runDailyTasks({ dataSource, config }, businessDate, { dryRun: args.dryRun, trigger: 'cli', writeBatch: args.batch });
    if (args.json) {
      const summary = {
        businessDate: s.businessDate, dryRun: s.dryRun, status: s.status, runId: s.runId, dossiersExamined: s.dossiersExamined,
        interventionsRaised: s.interventionsRaised, skipped: s.skipped, closureProposals: s.closureProposals, dossiersChanged: s.dossiersChanged,
        documents: s.documents, errors: s.errors, errorMessages: s.errorMessages, durationMs: s.durationMs, tasks,
      };
      process.stdout.write(`${JSON.stringify(summary)}\n`);
    } else {
      process.stdout.write(
        `${s.dryRun ? 'Dry run' : 'Daily run'} ${s.businessDate}: ${s.dossiersExamined} dossiers examined, ${s.interventionsRaised} interventions ${s.dryRun ? 'to raise' : 'raised'}, ` +
          `${s.skipped} skipped, ${s.errors} errors, ${s.durationMs} ms (${s.status})\n`,
      );
      for (const m of s.errorMessages.slice(0, 20)) process.stdout.write(`  ${m}\n`);
      for (const task of tasks) process.stdout.write(`  ${task.name}: ${task.error ? `failed: ${task.error}` : Object.entries(task.counts ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
      if (s.dryRun) for (const p of (s.preview ?? []).slice(0, 50)) process.stdout.write(`  #${p.dossierNumber} ${p.stepCode} ${p.dueDate} ${p.kind} ${p.label}\n`);
    }
    return s.status === 'succeeded' && tasks.every((t) => !t.error) ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
