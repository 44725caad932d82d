import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../src/db/data-source';
import { createTestDatabase, TestDatabase, usingPostgres } from '../support/test-db';
import { makeDossier, makeEntry, makeThirdParty, seedReferenceData } from '../support/factories';

const KEY_TABLES = ['company', 'third_party', 'ledger_entry', 'dossier', 'app_user'];

async function checksum(ds: DataSource, table: string, where = ''): Promise<{ rows: number; sha: string }> {
  const rows = (await ds.query(`SELECT * FROM ${table} ${where} ORDER BY id`)) as unknown[];
  return { rows: rows.length, sha: createHash('sha256').update(JSON.stringify(rows)).digest('hex') };
}

function runBackup(env: Record<string, string>, ...args: string[]) {
  return spawn(process.execPath, ['--require', 'tsx/cjs', 'src/cli/backup.ts', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('npm run backup', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recouvrement-backup-'));

  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => {
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  if (usingPostgres()) {
    it('on PostgreSQL, says that pg_dump is the tool and exits with 1', () => {
      const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', 'src/cli/backup.ts'], { env: { ...process.env, ...db.env }, encoding: 'utf8' });
      expect(r.status).to.equal(1);
      expect(r.stderr).to.include('pg_dump');
    });
    return;
  }

  it('backs up while writes go on; the restored copy opens and holds the same rows and checksums', async () => {
    const ds = db.dataSource;
    const ref = await seedReferenceData(ds);
    for (let i = 0; i < 30; i++) {
      const customer = await makeThirdParty(ds, ref);
      await makeEntry(ds, ref, customer);
      await makeEntry(ds, ref, customer);
      await makeDossier(ds, ref, customer);
    }
    // Bulk so the copy takes a while: ~8 MB of settings log.
    const filler = 'x'.repeat(2000);
    await ds.transaction(async (m) => {
      for (let i = 0; i < 4000; i++) await m.query(`INSERT INTO setting_change (at, actor_name, area, action, after_json) VALUES (?, 'seed', 'companies', 'create', ?)`, [`2026-11-22T09:00:${String(i % 60).padStart(2, '0')}Z`, filler]);
    });
    const expected = Object.fromEntries(await Promise.all(KEY_TABLES.map(async (t) => [t, await checksum(ds, t)] as const)));

    // Writes go on, on the server's connection, for the whole time the backup runs.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await ds.query(`INSERT INTO setting_change (at, actor_name, area, action, after_json) VALUES ('2026-11-22T10:00:00Z', 'writer', 'companies', 'update', ?)`, [`{"n":${written}}`]);
        written++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const target = path.join(dir, 'nightly.sqlite');
    const child = runBackup(db.env, target);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    writing = false;
    await writer;
    expect(code, out).to.equal(0);
    expect(out).to.include('Backup of');
    expect(written).to.be.greaterThan(0);
    expect(fs.existsSync(`${target}.partial`)).to.equal(false);

    // Restore into a new path, as the README says: copy the file to SQLITE_PATH, open it.
    const restoredPath = path.join(dir, 'restored.sqlite');
    fs.copyFileSync(target, restoredPath);
    const restored = await openDatabase({ sqlitePath: restoredPath });
    try {
      for (const t of KEY_TABLES) expect(await checksum(restored, t), t).to.deep.equal(expected[t]);
      // The log written during the backup: the copy holds a consistent prefix of it (a snapshot), nothing torn.
      const copied = await checksum(restored, 'setting_change');
      const maxId = ((await restored.query('SELECT MAX(id) AS m FROM setting_change')) as { m: number }[])[0].m;
      expect(copied.rows).to.equal(maxId);
      expect(copied).to.deep.equal(await checksum(ds, 'setting_change', `WHERE id <= ${Number(maxId)}`));
      expect(copied.rows).to.be.at.least(4000);
      expect(((await restored.query('PRAGMA integrity_check')) as { integrity_check: string }[])[0].integrity_check).to.equal('ok');
    } finally {
      await restored.destroy();
    }
  });

  it('writes a timestamped file under a folder target, and refuses to overwrite a file', async () => {
    const folder = path.join(dir, 'backups') + path.sep;
    const first = spawnSync(process.execPath, ['--require', 'tsx/cjs', 'src/cli/backup.ts', folder], { env: { ...process.env, ...db.env }, encoding: 'utf8' });
    expect(first.status, first.stderr).to.equal(0);
    const files = fs.readdirSync(folder);
    expect(files).to.have.length(1);
    expect(files[0]).to.match(/^recouvrement-\d{8}-\d{6}\.sqlite$/);
    const again = spawnSync(process.execPath, ['--require', 'tsx/cjs', 'src/cli/backup.ts', path.join(folder, files[0])], { env: { ...process.env, ...db.env }, encoding: 'utf8' });
    expect(again.status).to.equal(1);
    expect(again.stderr).to.include('already exists');
  });
});
