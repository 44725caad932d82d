import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/** Promesses de règlement: a promise of a date and an amount that holds the dossier's scenario until its pause end. */
export class PaymentPromises1796147000000 implements MigrationInterface {
  name = 'PaymentPromises1796147000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'payment_promise',
        columns: [
          col.id(), col.int('dossier_id'), col.str('status', 10), col.date('promised_date'), col.cents('amount'), col.str('channel', 12), col.date('taken_on'),
          col.intNull('taken_by'), col.strNull('taken_by_name', 120), col.intNull('controller_id'), col.date('pause_until'), col.cents('payments_at_creation'),
          col.textNull('comment'), col.dateNull('closed_on'), col.intNull('intervention_id'), col.ts('created_at'),
        ],
        // The engine's hook reads open promises by dossier range; the daily check reads them by status.
        indices: [idx('payment_promise', ['dossier_id', 'status']), idx('payment_promise', ['status', 'pause_until'])],
        foreignKeys: [
          fk('dossier_id', 'dossier', 'CASCADE'), fk('taken_by', 'app_user', 'SET NULL'), fk('controller_id', 'credit_controller', 'SET NULL'),
          fk('intervention_id', 'intervention', 'SET NULL'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('payment_promise');
  }
}
