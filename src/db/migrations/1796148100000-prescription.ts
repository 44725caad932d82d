import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/** Prescription: the customer's type (business or consumer decides the period) and the recorded interrupting acts. */
export class Prescription1796148100000 implements MigrationInterface {
  name = 'Prescription1796148100000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('third_party', new TableColumn(col.str('customer_type', 10, { default: "'business'" })));
    await q.createTable(
      new Table({
        name: 'prescription_interruption',
        columns: [col.id(), col.int('dossier_id'), col.intNull('entry_id'), col.str('kind', 20), col.date('date'), col.strNull('note', 500), col.ts('created_at'), col.intNull('created_by')],
        foreignKeys: [fk('dossier_id', 'dossier', 'CASCADE')],
        indices: [idx('prescription_interruption', ['dossier_id', 'date'])],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('prescription_interruption');
    await q.dropColumn('third_party', 'customer_type');
  }
}
