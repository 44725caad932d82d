/**
 * One entity by its id, the way TypeORM's find would hydrate it (same columns, types and value
 * transformers), from one SQL text built once per entity and prepared once by the driver: for the reads
 * that run on every page, where building a find's query costs more than running it.
 * For flat entities only (columns, no relations or embedded objects: every entity of this module).
 */
import { DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';
import { type Db, placeholders, sqlKind } from './sql';

interface Reader {
  sql: string;
  metadata: EntityMetadata;
}

const readers = new WeakMap<DataSource, Map<unknown, Reader>>();

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
    const columns = metadata.columns.filter((c) => !c.isVirtual).map((c) => q(c.databaseName)).join(', ');
    const sql = placeholders(sqlKind(ds), `SELECT ${columns} FROM ${q(metadata.tableName)} WHERE ${q(metadata.primaryColumns[0].databaseName)} = ?`);
    reader = { sql, metadata };
    byEntity.set(target, reader);
  }
  return reader;
}

/** The entity whose key is `id`, or null; same object as `getRepository(target).findOneBy({ id })`. */
export async function findById<T extends ObjectLiteral>(db: Db, target: EntityTarget<T>, id: number | string): Promise<T | null> {
  const { sql, metadata } = readerFor(db, target);
  const [raw] = (await db.query(sql, [id])) as Record<string, unknown>[];
  if (!raw) return null;
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
