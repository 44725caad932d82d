/**
 * Raw SQL for the daily job, written once with `?` placeholders and run on SQLite or PostgreSQL
 * (`$1, $2…`). The job reads and writes in bulk, which TypeORM's entity layer would make slow.
 */
import type { DataSource, EntityManager } from 'typeorm';

export type SqlKind = 'sqlite' | 'postgres';

export function sqlKind(db: DataSource | EntityManager): SqlKind {
  const ds = 'manager' in db && 'options' in db ? (db as DataSource) : (db as EntityManager).connection;
  return ds.options.type === 'postgres' ? 'postgres' : 'sqlite';
}

export function placeholders(kind: SqlKind, sql: string): string {
  if (kind === 'sqlite') return sql;
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** Rows of a SELECT (or of an INSERT/UPDATE … RETURNING inside a transaction). */
export async function rows<T>(db: DataSource | EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const kind = sqlKind(db);
  const text = placeholders(kind, sql);
  const qr = 'queryRunner' in db ? db.queryRunner : undefined;
  if (qr) {
    const result = await qr.query(text, params, true);
    return (result.records ?? []) as T[];
  }
  return db.transaction(async (m) => {
    const result = await m.queryRunner!.query(text, params, true);
    return (result.records ?? []) as T[];
  });
}

/** Runs a statement; returns the number of rows it changed. */
export async function run(m: EntityManager, sql: string, params: unknown[] = []): Promise<number> {
  const result = await m.queryRunner!.query(placeholders(sqlKind(m), sql), params, true);
  return result.affected ?? 0;
}

/** SQLite and PostgreSQL both store our booleans; SQLite answers 0/1. */
export const truthy = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 't' || v === 'true';
