/**
 * One entity by its id, the way TypeORM's find would hydrate it (same columns, types and value
 * transformers), from one SQL text built once per entity and prepared once by the driver: for the reads
 * that run on every page, where building a find's query costs more than running it.
 * For flat entities only (columns, no relations or embedded objects: every entity of this module).
 */
import { DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';
import { type Db, placeholders, sqliteConnection, sqlKind, type SqliteConnection, type SqliteStatement } from './sql';

interface Reader {
  sql: string;
  metadata: EntityMetadata;
  /** The column list with an alias, for selectEntities: every column, or those of the properties given. */
  columnsOf: (alias: string, properties?: readonly string[]) => string;
}

const readers = new WeakMap<DataSource, Map<unknown, Reader>>();

/** How many statements one connection keeps prepared for these reads; past it, it starts again empty. */
const MAX_STATEMENTS = 200;
const statements = new WeakMap<SqliteConnection, Map<string, SqliteStatement>>();

/**
 * The rows of a read. On SQLite, outside any transaction, on better-sqlite3 directly (its statement
 * prepared once): TypeORM's path around a statement (query runner, entity manager, events, the
 * connection gate's turn) cost as much as these reads of one row. That is safe there: better-sqlite3
 * runs a statement synchronously, so none is half-way, and with no transaction open on the one
 * connection there is nothing uncommitted to see. Inside a transaction (or waiting for another one's
 * end) and on PostgreSQL, through TypeORM as before.
 */
async function read(db: Db, sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  const conn = db instanceof DataSource ? sqliteConnection(db) : null;
  if (!conn || conn.inTransaction) return (await db.query(sql, params)) as Record<string, unknown>[];
  let prepared = statements.get(conn);
  if (!prepared) statements.set(conn, (prepared = new Map()));
  let statement = prepared.get(sql);
  if (!statement) {
    if (prepared.size >= MAX_STATEMENTS) prepared.clear();
    prepared.set(sql, (statement = conn.prepare(sql)));
  }
  return statement.all(...params) as Record<string, unknown>[];
}

function dataSourceOf(db: Db): DataSource {
  return db instanceof DataSource ? db : db.connection;
}

function readerFor(db: Db, target: EntityTarget<ObjectLiteral>): Reader {
  const ds = dataSourceOf(db);
  let byEntity = readers.get(ds);
  if (!byEntity) readers.set(ds, (byEntity = new Map()));
  let reader = byEntity.get(target);
  if (!reader) {
    const metadata = ds.getMetadata(target);
    if (metadata.relations.length > 0 || metadata.embeddeds.length > 0 || metadata.primaryColumns.length !== 1) throw new Error(`findById: ${metadata.name} is not a flat entity with one key`);
    const q = (name: string) => ds.driver.escape(name);
    const real = metadata.columns.filter((c) => !c.isVirtual);
    const columnsOf = (alias: string, properties?: readonly string[]) => {
      const chosen = properties ? properties.map((p) => real.find((c) => c.propertyName === p) ?? fail(`${metadata.name} has no column ${p}`)) : real;
      return chosen.map((c) => `${alias}.${q(c.databaseName)} AS ${q(c.databaseName)}`).join(', ');
    };
    const columns = real.map((c) => q(c.databaseName)).join(', ');
    const sql = placeholders(sqlKind(ds), `SELECT ${columns} FROM ${q(metadata.tableName)} WHERE ${q(metadata.primaryColumns[0].databaseName)} = ?`);
    reader = { sql, metadata, columnsOf };
    byEntity.set(target, reader);
  }
  return reader;
}

/** The entity whose key is `id`, or null; same object as `getRepository(target).findOneBy({ id })`. */
export async function findById<T extends ObjectLiteral>(db: Db, target: EntityTarget<T>, id: number | string): Promise<T | null> {
  const { sql, metadata } = readerFor(db, target);
  const [raw] = await read(db, sql, [id]);
  return raw ? hydrate<T>(db, metadata, raw) : null;
}

function fail(message: string): never {
  throw new Error(`selectEntities: ${message}`);
}

/**
 * Entities of `target` (table aliased `alias`) chosen by `tail`: the SQL after the FROM clause
 * (joins, WHERE, ORDER BY), with `?` placeholders. Same objects as a find with the same conditions.
 */
export async function selectEntities<T extends ObjectLiteral>(db: Db, target: EntityTarget<T>, alias: string, tail: string, params: unknown[]): Promise<T[]> {
  return select<T>(db, target, alias, undefined, tail, params);
}

/**
 * The same with only the columns of `properties` (a find with `select`): for a page that shows a few
 * of many columns, as better-sqlite3 spends most of a small read making the row's values.
 */
export async function selectColumns<T extends ObjectLiteral, K extends keyof T & string>(db: Db, target: EntityTarget<T>, alias: string, properties: readonly K[], tail: string, params: unknown[]): Promise<Pick<T, K>[]> {
  return select<T>(db, target, alias, properties, tail, params);
}

async function select<T extends ObjectLiteral>(db: Db, target: EntityTarget<T>, alias: string, properties: readonly string[] | undefined, tail: string, params: unknown[]): Promise<T[]> {
  const { metadata, columnsOf } = readerFor(db, target);
  const ds = dataSourceOf(db);
  const sql = placeholders(sqlKind(ds), `SELECT ${columnsOf(alias, properties)} FROM ${ds.driver.escape(metadata.tableName)} ${alias} ${tail}`);
  return (await read(db, sql, params)).map((raw) => hydrate<T>(db, metadata, raw));
}

function hydrate<T>(db: Db, metadata: EntityMetadata, raw: Record<string, unknown>): T {
  const driver = dataSourceOf(db).driver;
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    if (column.isVirtual) continue;
    const value = raw[column.databaseName];
    if (value === undefined) continue;
    (entity as Record<string, unknown>)[column.propertyName] = driver.prepareHydratedValue(value, column);
  }
  return entity;
}
