/**
 * Reads kept between requests while the database is unchanged (src/db/change-token.ts): a page must
 * never show a count that a fresh read would not give.
 */
import { expect } from 'chai';
import { AppSetting } from '../../src/settings/reference-list.entities';
import { unchangedSince } from '../../src/db/change-token';
import { rows, sqlKind, type Db } from '../../src/db/sql';
import { createTestDatabase, TestDatabase } from '../support/test-db';

describe('reads kept while the database is unchanged', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => db.drop());

  const count = unchangedSince(async (d: Db) => Number((await rows<{ n: number }>(d, "SELECT COUNT(*) AS n FROM app_setting WHERE key LIKE 'token.%'"))[0].n));

  it('reads again after a write, and never keeps what a rolled-back transaction showed', async () => {
    const ds = db.dataSource;
    expect(await count(ds)).to.equal(0);
    await ds.getRepository(AppSetting).insert({ key: 'token.a', value: 'x' });
    expect(await count(ds)).to.equal(1);
    await ds
      .transaction(async (m) => {
        await m.getRepository(AppSetting).insert({ key: 'token.b', value: 'x' });
        // On SQLite's one connection, a read through the DataSource from inside the transaction sees the
        // row not yet committed (PostgreSQL reads on another connection of its pool, and keeps nothing).
        expect(await count(ds)).to.equal(sqlKind(ds) === 'sqlite' ? 2 : 1);
        throw new Error('undone');
      })
      .catch(() => undefined);
    expect(await count(ds)).to.equal(1);
  });
});
