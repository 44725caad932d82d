import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/** The debtor page: the personal links (revocable) and the company's IBAN / BIC for the transfer. */
export class DebtorLinks1796147200000 implements MigrationInterface {
  name = 'DebtorLinks1796147200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'debtor_link',
        columns: [col.id(), col.int('dossier_id'), col.date('expires_on'), col.tsNull('revoked_at'), col.intNull('revoked_by'), col.tsNull('last_used_at'), col.ts('created_at')],
        indices: [idx('debtor_link', ['dossier_id', 'expires_on'])],
        foreignKeys: [fk('dossier_id', 'dossier', 'CASCADE'), fk('revoked_by', 'app_user', 'SET NULL')],
      }),
    );
    await q.addColumn('company', new TableColumn(col.strNull('iban', 34)));
    await q.addColumn('company', new TableColumn(col.strNull('bic', 11)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('company', 'bic');
    await q.dropColumn('company', 'iban');
    await q.dropTable('debtor_link');
  }
}
