import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/** The journal entries the module generates (provisions, status changes), to export back to the ledger. */
export class JournalEntries1795500000000 implements MigrationInterface {
  name = 'JournalEntries1795500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'journal_entry',
        columns: [
          col.id(), col.int('company_id'), col.str('number', 40), col.str('journal_code', 20), col.date('date'), col.str('label', 300),
          col.str('piece_ref', 60), col.intNull('dossier_id'), col.ts('created_at'), col.tsNull('exported_at'),
        ],
        indices: [
          idx('journal_entry', ['company_id', 'journal_code', 'number'], true),
          idx('journal_entry', ['dossier_id']),
          idx('journal_entry', ['company_id', 'exported_at']),
        ],
        foreignKeys: [fk('company_id', 'company'), fk('dossier_id', 'dossier', 'SET NULL')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'journal_line',
        columns: [
          col.id(), col.int('journal_entry_id'), col.str('account', 40), col.strNull('auxiliary_account', 40), col.str('label', 300),
          col.cents('debit'), col.cents('credit'),
        ],
        indices: [idx('journal_line', ['journal_entry_id'])],
        foreignKeys: [fk('journal_entry_id', 'journal_entry', 'CASCADE')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('journal_line');
    await q.dropTable('journal_entry');
  }
}
