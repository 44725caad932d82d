/**
 * The daily run as real processes on one database: two started at the same moment raise each
 * intervention once; a process killed in the middle leaves no half-applied dossier and the next
 * run completes the rest, to the same final state as an uninterrupted run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { buildPortfolio } from '../../bench/portfolio';
import { runDaily } from '../../src/jobs/run-daily';

const ROOT = path.resolve(__dirname, '../..');
const DATE = '2026-11-22';

function startDaily(env: Record<string, string>, args: string[] = []): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'src/cli/daily.ts', '--date', DATE, '--json', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOAD_DEMO: 'false', SCHEDULER: 'false', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

const summaryOf = (stdout: string) =>
  JSON.parse(stdout.trim().split('\n').pop()!) as { interventionsRaised: number; dossiersExamined: number; status: string; tasks: { name: string; error?: string }[] };

async function count(ds: DataSource, sql: string): Promise<number> {
  const [r] = (await ds.query(sql)) as { n: unknown }[];
  return Number(r.n);
}

/** Everything the run writes, without the ids and timestamps that differ from one run to another. */
async function finalState(ds: DataSource) {
  const interventions = await ds.query(
    'SELECT dossier_id, step_code, occurrence, due_date, state, type, label, priority, assignee_id, template_code FROM intervention ORDER BY dossier_id, step_code, occurrence',
  );
  const dossiers = await ds.query('SELECT id, loss_hundredths, status_id, version FROM dossier ORDER BY id');
  const events = await ds.query('SELECT dossier_id, type, COUNT(*) AS n FROM dossier_event GROUP BY dossier_id, type ORDER BY dossier_id, type');
  // Letters and e-mails of the raised steps: each exactly once, killed or not.
  const letters = await count(ds, 'SELECT COUNT(*) AS n FROM generated_document');
  const emails = await count(ds, 'SELECT COUNT(*) AS n FROM outbox_message');
  const lettersTwice = await count(ds, 'SELECT COUNT(*) AS n FROM (SELECT intervention_id FROM generated_document GROUP BY intervention_id HAVING COUNT(*) > 1) x');
  return JSON.parse(JSON.stringify({ interventions, dossiers, events: (events as { n: unknown }[]).map((e) => ({ ...e, n: Number(e.n) })), letters, emails, lettersTwice })) as unknown;
}

describe('the daily run as real processes', function () {
  this.timeout(180_000);
  const dbs: TestDatabase[] = [];
  afterEach(async () => {
    while (dbs.length) await dbs.pop()!.drop();
  });

  it('two processes started at the same moment raise each intervention once', async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    await buildPortfolio(db.dataSource, { dossiers: 600, customers: 150, lines: 3000, seed: 7, today: DATE });
    const expected = await runDaily({ dataSource: db.dataSource }, DATE, { dryRun: true });
    expect(expected.interventionsRaised).to.be.greaterThan(300);

    const [a, b] = [startDaily(db.env), startDaily(db.env)];
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra.code, ra.stderr).to.equal(0);
    expect(rb.code, rb.stderr).to.equal(0);
    const [sa, sb] = [summaryOf(ra.stdout), summaryOf(rb.stdout)];
    expect(sa.interventionsRaised + sb.interventionsRaised).to.equal(expected.interventionsRaised);
    expect(Math.min(sa.interventionsRaised, sb.interventionsRaised), 'one of them found everything done').to.equal(0);
    // `npm run daily` runs the whole morning, as the scheduler does: the tasks after the scenario run too.
    for (const s of [sa, sb]) {
      expect(s.tasks.map((task) => task.name)).to.include.members(['outbox', 'auto-dossiers', 'payment-matching', 'payment-plans']);
      expect(s.tasks.filter((task) => task.error)).to.deep.equal([]);
    }
    expect(await count(db.dataSource, 'SELECT COUNT(*) AS n FROM intervention')).to.equal(expected.interventionsRaised + expected.skipped);
    expect(await count(db.dataSource, "SELECT COUNT(*) AS n FROM dossier_event WHERE type = 'scenarioStepRaised'")).to.equal(expected.interventionsRaised - expected.closureProposals);
    expect(await count(db.dataSource, "SELECT COUNT(*) AS n FROM job_run WHERE status = 'succeeded'")).to.equal(2);
  });

  it('a process killed in the middle leaves whole dossiers, and the next run ends in the same state as an uninterrupted run', async () => {
    const size = { dossiers: 2500, customers: 500, lines: 8000, seed: 11, today: DATE };
    const reference = await createTestDatabase();
    dbs.push(reference);
    await buildPortfolio(reference.dataSource, size);
    await runDaily({ dataSource: reference.dataSource }, DATE, { documents: true });
    const expected = await finalState(reference.dataSource);
    const total = await count(reference.dataSource, 'SELECT COUNT(*) AS n FROM intervention');

    const db = await createTestDatabase();
    dbs.push(db);
    await buildPortfolio(db.dataSource, size);
    let killedMidRun = 0;
    for (let attempt = 0; attempt < 4; attempt++) {
      const before = await count(db.dataSource, 'SELECT COUNT(*) AS n FROM intervention');
      if (before >= total) break;
      const p = startDaily(db.env, ['--batch', '10']);
      // Kill once it is writing, after a short random delay.
      for (let i = 0; i < 400; i++) {
        if ((await count(db.dataSource, 'SELECT COUNT(*) AS n FROM intervention')) > before) break;
        await new Promise((r) => setTimeout(r, 15));
      }
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 40)));
      p.child.kill('SIGKILL');
      const result = await p.done;
      const after = await count(db.dataSource, 'SELECT COUNT(*) AS n FROM intervention');
      if (result.signal === 'SIGKILL' && after < total) killedMidRun++;
      // No half-applied dossier: every dossier with a raised step has its Chrono line for each of them.
      const orphans = await count(
        db.dataSource,
        `SELECT COUNT(*) AS n FROM intervention i WHERE i.state = 'todo' AND i.step_code <> 'PROPOSE_CLOSURE' AND NOT EXISTS (
           SELECT 1 FROM dossier_event e WHERE e.dossier_id = i.dossier_id AND e.type = 'scenarioStepRaised')`,
      );
      expect(orphans).to.equal(0);
    }
    expect(killedMidRun, 'at least one kill landed in the middle of a run').to.be.greaterThan(0);

    const last = startDaily(db.env);
    const result = await last.done;
    expect(result.code, result.stderr).to.equal(0);
    expect(await finalState(db.dataSource)).to.deep.equal(expected);
    const statuses = ((await db.dataSource.query('SELECT status FROM job_run ORDER BY id')) as { status: string }[]).map((r) => r.status);
    expect(statuses[statuses.length - 1]).to.equal('succeeded');
    expect(statuses).to.include('interrupted');
    // The history tells what each run wrote, killed runs included: together they account for every row.
    const history = (await db.dataSource.query('SELECT status, interventions_raised, steps_skipped FROM job_run ORDER BY id')) as { status: string; interventions_raised: unknown; steps_skipped: unknown }[];
    const written = history.reduce((sum, r) => sum + Number(r.interventions_raised) + Number(r.steps_skipped), 0);
    expect(written).to.equal(await count(db.dataSource, 'SELECT COUNT(*) AS n FROM intervention'));
    expect(history.filter((r) => r.status === 'interrupted' && Number(r.interventions_raised) > 0), 'a killed run shows what it had raised').to.not.be.empty;
  });
});
