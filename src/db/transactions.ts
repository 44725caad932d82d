/**
 * The one way use cases join or open a transaction: a use case called from another one's
 * transaction must write inside it, so that a failure rolls back everything together.
 */
import { DataSource, EntityManager } from 'typeorm';
import type { Db } from './sql';

// The Db type and the raw-SQL helper live in ./sql; many use cases import them from here.
export { isPostgres, rawQuery, type Db } from './sql';

/** Runs `fn` in the caller's transaction when it already holds one, in a new one otherwise. */
export async function inTransaction<T>(db: Db, fn: (m: EntityManager) => Promise<T>): Promise<T> {
  if (db instanceof DataSource) return db.transaction(fn);
  if (db.queryRunner?.isTransactionActive) return fn(db);
  return db.transaction(fn);
}

/** A unique-constraint violation, on SQLite or PostgreSQL. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string }; message?: string };
  const code = e?.driverError?.code ?? e?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '');
}
