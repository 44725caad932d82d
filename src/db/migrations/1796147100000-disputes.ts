import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/** Litiges: a contested invoice or dossier, with its reason, owner, due date and resolution. */
export class Disputes1796147100000 implements MigrationInterface {
  name = 'Disputes1796147100000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'dispute',
        columns: [
          col.id(), col.int('dossier_id'), col.intNull('ledger_entry_id'), col.int('reason_id'), col.intNull('owner_user_id'), col.strNull('owner_team', 40),
          col.date('due_date'), col.str('status', 10), col.cents('amount'), col.textNull('message'), col.str('source', 10), col.date('opened_on'),
          col.intNull('opened_by'), col.strNull('opened_by_name', 120), col.strNull('resolution', 12), col.textNull('resolution_comment'),
          col.dateNull('resolved_on'), col.intNull('resolved_by'), col.strNull('resolved_by_name', 120), col.ts('created_at'),
        ],
        // Queries that sum open lines look disputes up by entry and by dossier, open ones only.
        indices: [idx('dispute', ['ledger_entry_id', 'status']), idx('dispute', ['dossier_id', 'status']), idx('dispute', ['status', 'opened_on'])],
        foreignKeys: [
          fk('dossier_id', 'dossier', 'CASCADE'), fk('ledger_entry_id', 'ledger_entry', 'CASCADE'), fk('reason_id', 'dispute_reason', 'RESTRICT'),
          fk('owner_user_id', 'app_user', 'SET NULL'), fk('opened_by', 'app_user', 'SET NULL'), fk('resolved_by', 'app_user', 'SET NULL'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('dispute');
  }
}
