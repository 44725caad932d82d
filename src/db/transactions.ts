/**
 * The one way use cases join or open a transaction: a use case called from another one's
 * transaction must write inside it, so that a failure rolls back everything together.
 */
import { DataSource, EntityManager } from 'typeorm';
import { databaseKind } from './data-source';

export type Db = DataSource | EntityManager;

/** Runs `fn` in the caller's transaction when it already holds one, in a new one otherwise. */
export async function inTransaction<T>(db: Db, fn: (m: EntityManager) => Promise<T>): Promise<T> {
  if (db instanceof DataSource) return db.transaction(fn);
  if (db.queryRunner?.isTransactionActive) return fn(db);
  return db.transaction(fn);
}

export function isPostgres(db: Db): boolean {
  return databaseKind(db instanceof DataSource ? db : db.connection) === 'postgres';
}

/** Named parameters (`:name`, `:...list`) on a raw query, for both drivers. */
export async function rawQuery<T = Record<string, unknown>>(db: Db, sql: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const ds = db instanceof DataSource ? db : db.connection;
  const [q, p] = ds.driver.escapeQueryWithParameters(sql, params) as [string, unknown[]];
  return (await db.query(q, p)) as T[];
}

/** A unique-constraint violation, on SQLite or PostgreSQL. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string }; message?: string };
  const code = e?.driverError?.code ?? e?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '');
}
