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

  it('keeps the writes made while a save() of several rows fails half-way (save opens its own transaction)', async () => {
    // save() of several entities runs in a transaction of its own (TypeORM's persist executor), statement by statement.
    // A new row is inserted, then the rows already there are updated one statement at a time, and the last update fails.
    const repo = db.dataSource.getRepository(AppSetting);
    await repo.insert(Array.from({ length: 20 }, (_, n) => ({ key: `concurrency.saved-${String(n).padStart(2, '0')}`, value: 'a' })));
    const rows = Array.from({ length: 21 }, (_, n) => ({ key: `concurrency.saved-${String(n).padStart(2, '0')}`, value: n === 19 ? (null as unknown as string) : 'b' }));
    // Work of the same tick (Promise.all in a request, the daily job beside a page) interleaves at every await.
    const others = (async () => {
      for (let n = 1; n <= 5; n++) await repo.insert({ key: `concurrency.other-${n}`, value: 'y' });
    })();
    const failing = repo.save(rows);
    const [saved] = await Promise.allSettled([failing, others]);
    expect(String((saved as PromiseRejectedResult).reason)).to.match(/NOT NULL|null value/);
    expect(saved.status).to.equal('rejected');
    const all = await repo.find();
    expect(all.filter((r) => r.key.startsWith('concurrency.other-')).map((r) => r.key).sort()).to.deep.equal(['concurrency.other-1', 'concurrency.other-2', 'concurrency.other-3', 'concurrency.other-4', 'concurrency.other-5']);
    expect(all.filter((r) => r.key.startsWith('concurrency.saved-')).map((r) => r.value)).to.deep.equal(Array(20).fill('a'));
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
