/** The daily run defers SQLite's checkpoints to its end (src/db/wal.ts) and must leave them as they were. */
import { expect } from 'chai';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { seedReferenceData } from '../support/factories';
import { runDaily } from '../../src/jobs/run-daily';
import { withOneCheckpoint } from '../../src/db/wal';
import { makeScenario, makeScenarioDossier } from './daily-support';

describe('SQLite write-ahead log around the daily run', () => {
  let db: TestDatabase;
  beforeEach(async () => (db = await createTestDatabase()));
  afterEach(() => db.drop());

  const pragma = async (name: string) => (db.dataSource.options.type === 'postgres' ? null : Object.values(((await db.dataSource.query(`PRAGMA ${name}`)) as Record<string, unknown>[])[0])[0]);

  it('checkpoints the log once the run is over and gives automatic checkpoints back, even when the run fails', async () => {
    // On PostgreSQL the wrapper only runs the run: there is no SQLite log to look at.
    const sqlite = db.dataSource.options.type !== 'postgres';
    const ref = await seedReferenceData(db.dataSource);
    const scenarioId = await makeScenario(db.dataSource, [{ code: 'APPEL', label: 'Appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 5 }]);
    for (let i = 0; i < 3; i++) await makeScenarioDossier(db.dataSource, ref, scenarioId, { dueDate: '2026-03-02' });
    const before = await pragma('wal_autocheckpoint');
    let during: unknown;
    await withOneCheckpoint(db.dataSource, async () => {
      during = await pragma('wal_autocheckpoint');
      expect((await runDaily({ dataSource: db.dataSource }, '2026-03-07', { trigger: 'test' })).interventionsRaised).to.equal(3);
    });
    expect([during, await pragma('wal_autocheckpoint')]).to.deep.equal(sqlite ? [0, before] : [null, null]);
    if (sqlite) {
      const [{ log, checkpointed }] = (await db.dataSource.query('PRAGMA wal_checkpoint(PASSIVE)')) as { log: number; checkpointed: number }[];
      expect(checkpointed).to.equal(log);
    }
    await withOneCheckpoint(db.dataSource, async () => {
      throw new Error('boom');
    }).catch(() => undefined);
    expect(await pragma('wal_autocheckpoint')).to.equal(before);
  });
});
