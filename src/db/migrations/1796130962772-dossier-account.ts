import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/** Compte dossier: financial elements the ledger does not have yet, and payments received directly (encaissements). */
export class DossierAccount1796130962772 implements MigrationInterface {
  name = 'DossierAccount1796130962772';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'financial_element',
        columns: [
          col.id(), col.int('dossier_id'), col.str('kind', 12), col.str('number', 60), col.date('issue_date'), col.dateNull('due_date'),
          col.cents('gross_amount'), col.centsNull('net_amount'), col.str('currency', 3, { default: "'EUR'" }), col.textNull('comment'),
          col.ts('created_at'), col.intNull('created_by'),
        ],
        indices: [idx('financial_element', ['dossier_id'])],
        foreignKeys: [fk('dossier_id', 'dossier', 'CASCADE'), fk('created_by', 'app_user', 'SET NULL')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'direct_payment',
        columns: [
          col.id(), col.int('dossier_id'), col.int('third_party_id'), col.date('received_date'), col.date('payment_date'), col.cents('amount'),
          col.str('method', 12), col.str('received_by', 10), col.strNull('reference', 60), col.textNull('comment'),
          col.intNull('matched_entry_id'), col.tsNull('matched_at'), col.ts('created_at'), col.intNull('created_by'),
        ],
        // One ledger line stands for at most one direct payment: the database refuses a double match.
        indices: [idx('direct_payment', ['dossier_id']), idx('direct_payment', ['payment_date']), idx('direct_payment', ['third_party_id', 'amount']), idx('direct_payment', ['matched_entry_id'], true)],
        foreignKeys: [fk('dossier_id', 'dossier', 'CASCADE'), fk('third_party_id', 'third_party'), fk('matched_entry_id', 'ledger_entry', 'SET NULL'), fk('created_by', 'app_user', 'SET NULL')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('direct_payment');
    await q.dropTable('financial_element');
  }
}
