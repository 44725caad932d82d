/**
 * Reads that are worth keeping between requests, and never stale: on SQLite a token that changes
 * whenever the database may have changed — `total_changes()` counts every row this process's one
 * connection inserted, updated or deleted (triggers and cascades included, rolled-back ones too), and
 * `PRAGMA data_version` changes whenever another connection (the daily job's CLI, another instance)
 * commits. A value read after the token is served again only while the token is the same, so it is
 * exactly what a fresh read would give. On PostgreSQL (a pool, several instances) nothing is kept.
 */
import { DataSource } from 'typeorm';
import { type Db, isPostgres, sqliteConnection, type SqliteConnection, type SqliteStatement } from './sql';

/**
 * The token's statement, prepared once per connection and run on better-sqlite3 directly: a page reads
 * the token for each kept read (header badges, counts, reference rows), and TypeORM's query path cost
 * several times the statement. Running it outside the connection gate is safe: it is synchronous, so no
 * other statement is half-way, and it is not run while a transaction is open. Two statements rather than
 * one SELECT with `pragma_data_version`: that table-valued function prepares the pragma on every run.
 */
const statements = new WeakMap<SqliteConnection, { changes: SqliteStatement; version: SqliteStatement }>();

/** The database's change token, or null where there is none (PostgreSQL, a transaction's manager). */
export async function changeToken(db: Db): Promise<string | null> {
  // A transaction's manager may see its own uncommitted rows: no token there. Nor while a transaction
  // is open on the one connection (a read made inside it would be kept, and ROLLBACK does not move
  // total_changes()).
  if (!(db instanceof DataSource) || isPostgres(db)) return null;
  const conn = sqliteConnection(db);
  if (!conn || conn.inTransaction) return null;
  let token = statements.get(conn);
  if (!token) statements.set(conn, (token = { changes: conn.prepare('SELECT total_changes()').raw(true), version: conn.prepare('PRAGMA data_version').raw(true) }));
  return `${(token.version.get() as [number])[0]}:${(token.changes.get() as [number])[0]}`;
}

/** How many keys (users, dates…) one kept read holds at most; past it, it starts again empty. */
const MAX_KEYS = 1000;

/**
 * `read`, kept by key while the change token stays the same; every call reads afresh where there is no
 * token. The token is read before the value, so a change that lands in between makes the next call
 * read again. The value is shared by every caller until then: callers must not change it.
 */
export function unchangedSince<T, A extends unknown[] = []>(read: (db: Db, ...args: A) => Promise<T>): (db: Db, ...args: A) => Promise<T> {
  const kept = new WeakMap<object, Map<string, { token: string; value: T }>>();
  return async (db, ...args) => {
    const token = await changeToken(db);
    if (token === null) return read(db, ...args);
    let byKey = kept.get(db);
    if (!byKey) kept.set(db, (byKey = new Map()));
    const key = JSON.stringify(args);
    const hit = byKey.get(key);
    if (hit && hit.token === token) return hit.value;
    const value = await read(db, ...args);
    if (byKey.size >= MAX_KEYS) byKey.clear();
    byKey.set(key, { token, value });
    return value;
  };
}
