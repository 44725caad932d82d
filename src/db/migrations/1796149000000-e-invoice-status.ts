import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/** E-invoicing lifecycle statuses reported for an invoice by the platforms, through the API. */
export class EInvoiceStatus1796149000000 implements MigrationInterface {
  name = 'EInvoiceStatus1796149000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'e_invoice_status',
        columns: [
          col.id(), col.int('company_id'), col.int('ledger_entry_id'), col.intNull('dossier_id'), col.str('code', 3), col.date('status_date'),
          col.centsNull('amount'), col.strNull('comment', 500), col.intNull('dispute_id'), col.intNull('direct_payment_id'), col.ts('created_at'),
        ],
        foreignKeys: [fk('ledger_entry_id', 'ledger_entry', 'CASCADE'), fk('dossier_id', 'dossier', 'SET NULL')],
        indices: [idx('e_invoice_status', ['ledger_entry_id', 'code', 'status_date'], true), idx('e_invoice_status', ['dossier_id'])],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('e_invoice_status');
  }
}
