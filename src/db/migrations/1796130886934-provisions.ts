import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/**
 * Provision movements per dossier (the "État des provisions" reads them), and the `lost` flag of a
 * dossier result: a dossier that ends with such a result is written off instead of having its
 * provision simply reversed.
 */
export class Provisions1796130886934 implements MigrationInterface {
  name = 'Provisions1796130886934';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('dossier_result', new TableColumn(col.bool('lost', false)));
    await q.query(`UPDATE dossier_result SET lost = TRUE WHERE code IN ('PERDU', 'PASSAGE_EN_PERTE', 'IRRECOUVRABLE')`);
    await q.createTable(
      new Table({
        name: 'provision_movement',
        columns: [
          col.id(), col.int('company_id'), col.int('dossier_id'), col.date('date'), col.str('kind', 20), col.cents('amount'),
          col.cents('outstanding_ttc'), col.cents('base'), col.int('loss_hundredths', { default: 0 }), col.cents('provision_after'), col.intNull('journal_entry_id'),
          col.strNull('reason', 40), col.textNull('comment'), col.ts('created_at'), col.intNull('created_by'), col.strNull('created_by_name', 120),
        ],
        indices: [idx('provision_movement', ['dossier_id', 'date']), idx('provision_movement', ['company_id', 'date'])],
        foreignKeys: [fk('company_id', 'company'), fk('dossier_id', 'dossier', 'CASCADE'), fk('journal_entry_id', 'journal_entry', 'SET NULL'), fk('created_by', 'app_user', 'SET NULL')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('provision_movement');
    await q.dropColumn('dossier_result', 'lost');
  }
}
