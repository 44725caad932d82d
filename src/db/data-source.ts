import 'reflect-metadata';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { Config } from '../config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { installSqliteGate } from './sqlite-gate';

export { databaseKind, type DatabaseKind } from './sql';

export interface DatabaseSettings {
  sqlitePath: string;
  databaseUrl?: string;
  databaseSchema?: string;
}

/** SQLite (better-sqlite3, WAL, foreign keys, 5 s busy timeout) by default; PostgreSQL when a URL is given. */
export function dataSourceOptions(settings: DatabaseSettings | Config): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    logging: process.env.TYPEORM_LOGGING === 'true',
  } as const;
  if (settings.databaseUrl) {
    return {
      ...common,
      type: 'postgres',
      url: settings.databaseUrl,
      schema: settings.databaseSchema,
      extra: settings.databaseSchema ? { options: `-c search_path=${settings.databaseSchema}`, max: 10 } : { max: 10 },
    };
  }
  return {
    ...common,
    type: 'better-sqlite3',
    database: settings.sqlitePath,
    enableWAL: true,
    timeout: 5000,
  };
}

/** Opens the database and brings its schema up to date. */
export async function openDatabase(settings: DatabaseSettings | Config): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(settings));
  await dataSource.initialize();
  installSqliteGate(dataSource);
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
