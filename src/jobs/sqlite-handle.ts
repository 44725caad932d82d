/**
 * better-sqlite3's own connection under TypeORM's driver, for the scenario run's hot statements
 * (prepared once per run, several times faster than the async layer). Null on PostgreSQL, or when
 * the driver does not expose it.
 */
import type { DataSource } from 'typeorm';

export interface SqliteStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  /** Rows as arrays of values, in the SELECT's order. */
  raw(on?: boolean): SqliteStatement;
}

export interface SqliteHandle {
  inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
  transaction<F extends (...args: never[]) => unknown>(fn: F): F;
}

export function sqliteHandle(ds: DataSource): SqliteHandle | null {
  const db = (ds.driver as unknown as { databaseConnection?: SqliteHandle }).databaseConnection;
  return db && typeof db.prepare === 'function' && typeof db.transaction === 'function' ? db : null;
}
