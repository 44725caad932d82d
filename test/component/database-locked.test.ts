/**
 * Faults: another connection holds the database's write lock while a user posts a form. On SQLite
 * the request gives up after the busy timeout with a clear message and writes nothing; on
 * PostgreSQL it waits for the lock and then writes everything once. Either way nothing is half-written.
 */
import { expect } from 'chai';
import Database from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { usingPostgres } from '../support/test-db';
import { SettingChange } from '../../src/audit';
import { User } from '../../src/auth/user.entity';

const BASE = '/recouvrement';

describe('a locked database', function () {
  this.timeout(60_000);
  let t: TestApp;
  let admin: SignedInAgent;

  before(async () => {
    t = await createTestApp({ basePath: BASE });
    admin = await signIn(t, 'admin1', 'admin');
  });
  after(() => t.close());

  const counts = async () => ({
    users: await t.db.dataSource.getRepository(User).count(),
    audit: await t.db.dataSource.getRepository(SettingChange).count(),
  });
  const post = (username: string) =>
    admin.agent.post(`${BASE}/users`).type('form').send({ _csrf: admin.csrf, username, displayName: 'Bloqué', role: 'auditor', password: 'une phrase assez longue' });

  if (!usingPostgres()) {
    it('SQLite: a form posted while another connection holds the write lock gets the clear message, and nothing is written', async () => {
      const before = await counts();
      const other = new Database(t.db.env.SQLITE_PATH);
      other.exec('BEGIN IMMEDIATE');
      let res;
      try {
        res = await post('locked1');
      } finally {
        other.exec('ROLLBACK');
        other.close();
      }
      expect(res.status).to.equal(503);
      expect(res.text).to.include('La base de données est momentanément occupée. Rien n&#39;a été perdu');
      expect(await counts()).to.deep.equal(before);
      // Once the lock is gone, the same post goes through, whole.
      await post('locked1').expect(303);
      expect(await counts()).to.deep.equal({ users: before.users + 1, audit: before.audit + 1 });
    });
    return;
  }

  it('PostgreSQL: a form posted while another connection locks the table waits, writes nothing meanwhile, then writes everything once', async () => {
    const before = await counts();
    const other = new DataSource({ type: 'postgres', url: t.db.env.DATABASE_URL, schema: t.db.env.DATABASE_SCHEMA, extra: { options: `-c search_path=${t.db.env.DATABASE_SCHEMA}` } });
    await other.initialize();
    const runner = other.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query('LOCK TABLE app_user IN ACCESS EXCLUSIVE MODE');
    const pending = post('locked1').then((r) => r);
    await new Promise((r) => setTimeout(r, 1500));
    const whileLocked = await runner.query(`SELECT COUNT(*) AS n FROM setting_change`);
    expect(Number(whileLocked[0].n)).to.equal(before.audit);
    await runner.rollbackTransaction();
    await runner.release();
    await other.destroy();
    expect((await pending).status).to.equal(303);
    expect(await counts()).to.deep.equal({ users: before.users + 1, audit: before.audit + 1 });
  });
});
