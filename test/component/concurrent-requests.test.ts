/**
 * Requests served at the same time by one process must not see or undo each other's work. On
 * SQLite every request shares one connection (TypeORM's better-sqlite3 driver), which the
 * connection gate (src/db/sqlite-gate.ts) keeps isolated; PostgreSQL gives each its own.
 */
import { expect } from 'chai';
import { AppSetting } from '../../src/settings/reference-list.entities';
import { inTransaction } from '../../src/db/transactions';
import { createTestDatabase, TestDatabase } from '../support/test-db';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('requests served at the same time', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => db.drop());
  beforeEach(async () => {
    await db.dataSource.getRepository(AppSetting).createQueryBuilder().delete().where("key LIKE 'concurrency.%'").execute();
  });

  const keys = async () => (await db.dataSource.getRepository(AppSetting).find()).map((s) => s.key).filter((k) => k.startsWith('concurrency.')).sort();

  it('keeps a save made while another request\'s change is failing', async () => {
    const failing = db.dataSource.transaction(async (m) => {
      await m.getRepository(AppSetting).insert({ key: 'concurrency.refused', value: 'x' });
      await pause(150); // e.g. a long import still reading its file
      throw new Error('refused at the end');
    });
    await pause(30);
    await db.dataSource.getRepository(AppSetting).insert({ key: 'concurrency.kept', value: 'y' });
    let refused: unknown = null;
    await failing.catch((err) => (refused = err));
    expect(String(refused)).to.contain('refused at the end');
    expect(await keys()).to.deep.equal(['concurrency.kept']);
  });

  it('commits two changes made at the same time, and a third that fails undoes only itself', async () => {
    const change = (key: string, fail = false) => inTransaction(db.dataSource, async (m) => {
      await m.getRepository(AppSetting).insert({ key, value: 'v' });
      await pause(40);
      await m.getRepository(AppSetting).update({ key }, { value: 'w' });
      if (fail) throw new Error(`${key} failed`);
    });
    const results = await Promise.allSettled([change('concurrency.a'), change('concurrency.b', true), change('concurrency.c')]);
    expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
    expect(await keys()).to.deep.equal(['concurrency.a', 'concurrency.c']);
    const values = (await db.dataSource.getRepository(AppSetting).find()).filter((s) => s.key.startsWith('concurrency.')).map((s) => s.value);
    expect(values).to.deep.equal(['w', 'w']);
  });

  it('does not show a change to other requests before it is committed', async () => {
    let committedAt = Infinity;
    const slow = db.dataSource.transaction(async (m) => {
      await m.getRepository(AppSetting).insert({ key: 'concurrency.pending', value: 'x' });
      await pause(100);
    }).then(() => (committedAt = performance.now()));
    await pause(20);
    const seen = await keys();
    const readAt = performance.now();
    await slow;
    // Either the read waited for the commit (SQLite) or it ran before and saw nothing (PostgreSQL): never a half-done change.
    if (seen.length > 0) expect(readAt).to.be.at.least(committedAt);
    else expect(seen).to.deep.equal([]);
    expect(await keys()).to.deep.equal(['concurrency.pending']);
  });
});
