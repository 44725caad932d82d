import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/** Injonctions de payer: the request's amounts and the procedure's dated events. */
export class PaymentOrders1796148200000 implements MigrationInterface {
  name = 'PaymentOrders1796148200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'payment_order',
        columns: [
          col.id(), col.int('dossier_id'), col.str('status', 10), col.str('court', 200), col.cents('principal'), col.cents('penalties'), col.cents('indemnities'),
          col.text('grounds'), col.date('prepared_date'), col.dateNull('filed_date'), col.dateNull('order_date'), col.strNull('order_reference', 60),
          col.centsNull('amount_granted'), col.dateNull('served_date'), col.bool('served_to_person', true), col.dateNull('opposition_date'), col.dateNull('rejected_date'),
          col.int('version', { default: 1 }), col.ts('created_at'), col.intNull('created_by'),
        ],
        foreignKeys: [fk('dossier_id', 'dossier', 'CASCADE')],
        indices: [idx('payment_order', ['dossier_id'])],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('payment_order');
  }
}
