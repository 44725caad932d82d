/**
 * A fresh, real database per test suite: a temporary SQLite file by default, or, when
 * TEST_DATABASE_URL is set (npm run test:pg), a PostgreSQL schema of its own, dropped afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { openDatabase } from '../../src/db/data-source';

export interface TestDatabase {
  dataSource: DataSource;
  kind: 'sqlite' | 'postgres';
  /** What another process needs to open the same database (SQLITE_PATH or DATABASE_URL + DATABASE_SCHEMA). */
  env: Record<string, string>;
  drop(): Promise<void>;
}

export function usingPostgres(): boolean {
  return Boolean(process.env.TEST_DATABASE_URL);
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`;
  if (url) {
    const schema = `test_${suffix}`;
    const admin = new DataSource({ type: 'postgres', url });
    await admin.initialize();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.destroy();
    const dataSource = await openDatabase({ sqlitePath: '', databaseUrl: url, databaseSchema: schema });
    return {
      dataSource,
      kind: 'postgres',
      env: { DATABASE_URL: url, DATABASE_SCHEMA: schema },
      async drop() {
        if (dataSource.isInitialized) await dataSource.destroy();
        const cleaner = new DataSource({ type: 'postgres', url });
        await cleaner.initialize();
        await cleaner.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await cleaner.destroy();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recouvrement-test-'));
  const file = path.join(dir, `test-${suffix}.sqlite`);
  const dataSource = await openDatabase({ sqlitePath: file });
  return {
    dataSource,
    kind: 'sqlite',
    env: { SQLITE_PATH: file },
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
