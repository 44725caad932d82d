import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/**
 * Rappel / relevé: printed reminder batches (the token makes a second confirmation of the same
 * preview a no-op) and the reminders sent per invoice, whose latest row gives the invoice's count.
 */
export class Reminders1796130847807 implements MigrationInterface {
  name = 'Reminders1796130847807';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'reminder_batch',
        columns: [
          col.id(), col.str('token', 64), col.str('kind', 12), col.date('business_date'), col.int('customer_count'), col.int('letter_count'),
          col.text('html'), col.ts('created_at'), col.intNull('created_by'),
        ],
        indices: [idx('reminder_batch', ['token'], true)],
        foreignKeys: [fk('created_by', 'app_user', 'SET NULL')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'reminder_sent',
        columns: [
          col.id(), col.int('batch_id'), col.int('ledger_entry_id'), col.int('third_party_id'), col.int('level'), col.int('reminder_number'),
          col.date('sent_on'), col.ts('created_at'),
        ],
        indices: [idx('reminder_sent', ['batch_id', 'ledger_entry_id'], true), idx('reminder_sent', ['ledger_entry_id', 'id']), idx('reminder_sent', ['third_party_id'])],
        foreignKeys: [fk('batch_id', 'reminder_batch', 'CASCADE'), fk('ledger_entry_id', 'ledger_entry', 'CASCADE'), fk('third_party_id', 'third_party', 'CASCADE')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('reminder_sent');
    await q.dropTable('reminder_batch');
  }
}
