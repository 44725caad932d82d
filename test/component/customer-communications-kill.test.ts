/**
 * One communication per customer, killed: the daily run as a real process, killed while it writes
 * the day's letters and e-mails, then run again, ends with the same communications, letters and
 * e-mails as an uninterrupted run: none twice, none half-written, no step with a letter of its own
 * and a grouped one.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { buildPortfolio } from '../../bench/portfolio';
import { runDaily } from '../../src/jobs/run-daily';

const ROOT = path.resolve(__dirname, '../..');
const DATE = '2026-11-22';
const SIZE = { dossiers: 1500, customers: 300, lines: 5000, seed: 23, today: DATE };

function startDaily(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'src/cli/daily.ts', '--date', DATE, '--json'], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOAD_DEMO: 'false', SCHEDULER: 'false', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  return { child, done };
}

async function count(ds: DataSource, sql: string): Promise<number> {
  const [r] = (await ds.query(sql)) as { n: unknown }[];
  return Number(r.n);
}

/** The day's documents, without ids and timestamps. */
async function documents(ds: DataSource) {
  const communications = await ds.query(
    `SELECT c.third_party_id, c.channel, c.level, c.dossier_count, c.invoice_count, c.part_count,
            CASE WHEN c.document_id IS NULL THEN 0 ELSE 1 END AS has_letter, CASE WHEN c.outbox_message_id IS NULL THEN 0 ELSE 1 END AS has_email
       FROM customer_communication c ORDER BY c.third_party_id, c.channel`,
  );
  const parts = await ds.query(
    `SELECT c.third_party_id, c.channel, i.dossier_id, i.step_code, p.position FROM customer_communication_part p
       JOIN customer_communication c ON c.id = p.communication_id JOIN intervention i ON i.id = p.intervention_id
      ORDER BY c.third_party_id, c.channel, p.position`,
  );
  return JSON.parse(
    JSON.stringify({
      communications,
      parts,
      letters: await count(ds, 'SELECT COUNT(*) AS n FROM generated_document'),
      emails: await count(ds, 'SELECT COUNT(*) AS n FROM outbox_message'),
      // A part never has a document of its own.
      partsWithOwnLetter: await count(ds, 'SELECT COUNT(*) AS n FROM customer_communication_part p JOIN generated_document g ON g.intervention_id = p.intervention_id'),
      lettersTwice: await count(ds, 'SELECT COUNT(*) AS n FROM (SELECT intervention_id FROM generated_document WHERE intervention_id IS NOT NULL GROUP BY intervention_id HAVING COUNT(*) > 1) x'),
      emailsTwice: await count(ds, 'SELECT COUNT(*) AS n FROM (SELECT intervention_id FROM outbox_message WHERE intervention_id IS NOT NULL GROUP BY intervention_id HAVING COUNT(*) > 1) x'),
    }),
  ) as unknown;
}

describe('one communication per customer, with the daily run killed while it writes the letters', function () {
  this.timeout(300_000);
  const dbs: TestDatabase[] = [];
  afterEach(async () => {
    while (dbs.length) await dbs.pop()!.drop();
  });

  it('ends with the same communications, letters and e-mails as an uninterrupted run', async () => {
    const reference = await createTestDatabase();
    dbs.push(reference);
    await buildPortfolio(reference.dataSource, SIZE);
    await runDaily({ dataSource: reference.dataSource }, DATE);
    const expected = await documents(reference.dataSource);
    const grouped = await count(reference.dataSource, 'SELECT COUNT(*) AS n FROM customer_communication');
    expect(grouped, 'the portfolio has customers with several dossiers').to.be.greaterThan(20);

    const db = await createTestDatabase();
    dbs.push(db);
    await buildPortfolio(db.dataSource, SIZE);
    // The scenario part first (as a run killed after it), so that the kills below land in the documents.
    await runDaily({ dataSource: db.dataSource }, DATE, { documents: false });
    let killedMidway = 0;
    for (let attempt = 0; attempt < 4; attempt++) {
      const before = await count(db.dataSource, 'SELECT COUNT(*) AS n FROM customer_communication');
      if (before >= grouped) break;
      const p = startDaily(db.env);
      for (let i = 0; i < 600; i++) {
        if ((await count(db.dataSource, 'SELECT COUNT(*) AS n FROM customer_communication')) > before) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 60)));
      p.child.kill('SIGKILL');
      const result = await p.done;
      const after = await count(db.dataSource, 'SELECT COUNT(*) AS n FROM customer_communication');
      if (result.signal === 'SIGKILL' && after < grouped) killedMidway++;
      // Never half-written: every communication has its parts and its document.
      expect(await count(db.dataSource, 'SELECT COUNT(*) AS n FROM customer_communication WHERE document_id IS NULL AND outbox_message_id IS NULL')).to.equal(0);
      expect(await count(db.dataSource, 'SELECT COUNT(*) AS n FROM customer_communication c WHERE part_count <> (SELECT COUNT(*) FROM customer_communication_part p WHERE p.communication_id = c.id)')).to.equal(0);
    }
    expect(killedMidway, 'at least one kill landed while the letters were written').to.be.greaterThan(0);

    const last = startDaily(db.env);
    const result = await last.done;
    expect(result.code, result.stderr).to.equal(0);
    expect(await documents(db.dataSource)).to.deep.equal(expected);
    const again = startDaily(db.env);
    expect((await again.done).code).to.equal(0);
    expect(await documents(db.dataSource), 'and a run more changes nothing').to.deep.equal(expected);
  });
});
