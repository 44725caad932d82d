/**
 * The one raw-SQL helper and the one `Db` type. Raw SQL is for what TypeORM's entity layer would
 * make slow (the daily job's bulk reads and writes, balances, reports); it runs on SQLite and on
 * PostgreSQL. Two ways to pass parameters: named (`:name`, `:...list`) with rawQuery, positional
 * (`?`, turned into `$1, $2…` on PostgreSQL) with rows and run.
 */
import { DataSource, type EntityManager } from 'typeorm';

/** A data source, or the entity manager of a running transaction. */
export type Db = DataSource | EntityManager;

export type DatabaseKind = 'sqlite' | 'postgres';
export type SqlKind = DatabaseKind;

const dataSourceOf = (db: Db): DataSource => (db instanceof DataSource ? db : db.connection);

export function databaseKind(db: Db): DatabaseKind {
  return dataSourceOf(db).options.type === 'postgres' ? 'postgres' : 'sqlite';
}

export function isPostgres(db: Db): boolean {
  return databaseKind(db) === 'postgres';
}

/** Named parameters (`:name`, `:...list`) on a raw query, for both drivers. */
export async function rawQuery<T = Record<string, unknown>>(db: Db, sql: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const [q, p] = dataSourceOf(db).driver.escapeQueryWithParameters(sql, params) as [string, unknown[]];
  return (await db.query(q, p)) as T[];
}

export function sqlKind(db: Db): SqlKind {
  return databaseKind(db);
}

export function placeholders(kind: SqlKind, sql: string): string {
  if (kind === 'sqlite') return sql;
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** Rows of a SELECT (or of an INSERT/UPDATE … RETURNING inside a transaction), `?` placeholders. */
export async function rows<T>(db: Db, sql: string, params: unknown[] = []): Promise<T[]> {
  const text = placeholders(sqlKind(db), sql);
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

/** Runs a statement with `?` placeholders; returns the number of rows it changed. */
export async function run(m: EntityManager, sql: string, params: unknown[] = []): Promise<number> {
  const result = await m.queryRunner!.query(placeholders(sqlKind(m), sql), params, true);
  return result.affected ?? 0;
}

/** SQLite and PostgreSQL both store our booleans; SQLite answers 0/1. */
export const truthy = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 't' || v === 'true';

/**
 * rawQuery with every parameter bound, for the reads every page runs. TypeORM's SQLite driver writes
 * numbers into the SQL text (`WHERE id = 5001`), so each value is a new statement to prepare, and it
 * pushes the others out of the driver's 100-statement cache; here one text is prepared once. Integers
 * go in as SQLite INTEGERs (BigInt), as a number written in the text would (a JavaScript number would
 * bind as REAL and read as '5.0' against a text column). Named parameters as rawQuery: `:name`, `:...list`.
 */
export async function boundQuery<T = Record<string, unknown>>(db: Db, sql: string, params: Record<string, unknown> = {}): Promise<T[]> {
  if (isPostgres(db)) return rawQuery<T>(db, sql, params);
  const values: unknown[] = [];
  const bind = (v: unknown) => {
    if (v instanceof Date || typeof v === 'function') throw new Error('boundQuery: pass dates as text and SQL as SQL');
    values.push(typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : typeof v === 'boolean' ? Number(v) : v);
    return '?';
  };
  const text = sql.replace(/:(\.\.\.)?([A-Za-z0-9_.]+)/g, (full, list: string | undefined, key: string) => {
    if (!Object.prototype.hasOwnProperty.call(params, key)) return full;
    return list ? (params[key] as unknown[]).map(bind).join(', ') : bind(params[key]);
  });
  return (await db.query(text, values)) as T[];
}

/** A better-sqlite3 prepared statement, as far as raw readers and writers use it. */
export interface SqliteStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  /** Rows as arrays of values, in the SELECT's order. */
  raw(on?: boolean): SqliteStatement;
}

/** better-sqlite3's connection, as far as raw readers and writers use it. */
export interface SqliteConnection {
  inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
  transaction<F extends (...args: never[]) => unknown>(fn: F): F;
  pragma(source: string, options?: { simple?: boolean }): unknown;
}

/**
 * The better-sqlite3 connection under TypeORM on SQLite (null on PostgreSQL): its statements,
 * prepared once and reused, skip the async layer. TypeORM's SQLite driver has one connection, so
 * they run inside whatever transaction the caller holds on it (the connection gate's turn).
 */
export function sqliteConnection(db: Db): SqliteConnection | null {
  if (databaseKind(db) !== 'sqlite') return null;
  const conn = (dataSourceOf(db).driver as unknown as { databaseConnection?: SqliteConnection }).databaseConnection;
  return conn && typeof conn.prepare === 'function' ? conn : null;
}
