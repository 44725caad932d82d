import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/** One row per FEC import (CLI or upload): the file, its outcome and its summary. */
export class LedgerImport1795483000000 implements MigrationInterface {
  name = 'LedgerImport1795483000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'ledger_import',
        columns: [
          col.id(), col.int('company_id'), col.str('file_name', 255), col.cents('file_size'), col.strNull('sha256', 64),
          col.str('status', 20), col.str('source', 10), col.ts('started_at'), col.tsNull('finished_at'),
          col.int('lines_read', { default: 0 }), col.cents('total_debit'), col.cents('total_credit'),
          col.int('error_count', { default: 0 }), col.textNull('summary'), col.intNull('user_id'),
        ],
        indices: [idx('ledger_import', ['company_id', 'started_at'])],
        foreignKeys: [fk('company_id', 'company', 'CASCADE'), fk('user_id', 'app_user', 'SET NULL')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('ledger_import');
  }
}
