/**
 * Column shorthands for migrations written with TypeORM's QueryRunner API, so one migration runs
 * unchanged on SQLite and PostgreSQL. They mirror src/db/column-types.ts.
 */
import { TableColumnOptions, TableForeignKeyOptions, TableIndexOptions } from 'typeorm';

export const col = {
  id: (): TableColumnOptions => ({ name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' }),
  int: (name: string, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'integer', isNullable: false, ...opts }),
  intNull: (name: string): TableColumnOptions => ({ name, type: 'integer', isNullable: true }),
  cents: (name: string, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'bigint', isNullable: false, default: 0, ...opts }),
  centsNull: (name: string): TableColumnOptions => ({ name, type: 'bigint', isNullable: true }),
  str: (name: string, length: number, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: false, ...opts }),
  strNull: (name: string, length: number): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: true }),
  text: (name: string, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'text', isNullable: false, ...opts }),
  textNull: (name: string): TableColumnOptions => ({ name, type: 'text', isNullable: true }),
  bool: (name: string, defaultValue: boolean): TableColumnOptions => ({ name, type: 'boolean', isNullable: false, default: defaultValue }),
  date: (name: string): TableColumnOptions => ({ name, type: 'varchar', length: '10', isNullable: false }),
  dateNull: (name: string): TableColumnOptions => ({ name, type: 'varchar', length: '10', isNullable: true }),
  ts: (name: string): TableColumnOptions => ({ name, type: 'varchar', length: '30', isNullable: false }),
  tsNull: (name: string): TableColumnOptions => ({ name, type: 'varchar', length: '30', isNullable: true }),
};

export function fk(column: string, table: string, onDelete: TableForeignKeyOptions['onDelete'] = 'RESTRICT'): TableForeignKeyOptions {
  return { columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete };
}

export function idx(table: string, columns: string[], unique = false): TableIndexOptions {
  return { name: `${unique ? 'uq' : 'ix'}_${table}_${columns.join('_')}`, columnNames: columns, isUnique: unique };
}
