/**
 * Entity reads of every page (src/db/entity-reader.ts): on SQLite they run on better-sqlite3 directly
 * when no transaction is open; a read made while another request's transaction is open must not see
 * its rows, and a read inside a transaction sees its own.
 */
import { expect } from 'chai';
import { AppSetting } from '../../src/settings/reference-list.entities';
import { findById, selectColumns } from '../../src/db/entity-reader';
import { createTestDatabase, TestDatabase } from '../support/test-db';

describe('entity reads', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => db.drop());

  it('read what is committed, never the rows of another transaction still open', async () => {
    const ds = db.dataSource;
    await ds.getRepository(AppSetting).insert({ key: 'reader.a', value: 'one' });
    expect((await findById(ds, AppSetting, 'reader.a'))?.value).to.equal('one');
    let inside: AppSetting | null = null;
    let inserted!: () => void;
    const written = new Promise<void>((resolve) => (inserted = resolve));
    const transaction = ds
      .transaction(async (m) => {
        await m.getRepository(AppSetting).insert({ key: 'reader.b', value: 'two' });
        inside = await findById(m, AppSetting, 'reader.b');
        inserted();
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('undone');
      })
      .catch(() => undefined);
    // Another request reads meanwhile (outside the transaction's async context): it waits for the
    // transaction's end on SQLite's one connection, or reads another connection on PostgreSQL.
    await written;
    const outside = await findById(ds, AppSetting, 'reader.b');
    await transaction;
    expect(outside).to.equal(null);
    expect(inside!.value).to.equal('two');
    expect(await findById(ds, AppSetting, 'reader.b')).to.equal(null);
    const [row] = await selectColumns(ds, AppSetting, 's', ['value'], 'WHERE s.key = ?', ['reader.a']);
    expect(row.value).to.equal('one');
    expect((row as Partial<AppSetting>).key).to.equal(undefined);
  });
});
