import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/** Transactions pour solde de tout compte: the amount agreed, the amount given up, and the approval above the authority limit. */
export class Settlements1796131393766 implements MigrationInterface {
  name = 'Settlements1796131393766';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'settlement',
        columns: [
          col.id(), col.int('dossier_id'), col.str('status', 10), col.cents('balance'), col.cents('amount'), col.cents('given_up'), col.textNull('comment'),
          col.tsNull('decided_at'), col.intNull('decided_by'), col.textNull('decision_reason'), col.ts('created_at'), col.intNull('created_by'),
        ],
        indices: [idx('settlement', ['dossier_id']), idx('settlement', ['status'])],
        foreignKeys: [fk('dossier_id', 'dossier', 'CASCADE'), fk('created_by', 'app_user', 'SET NULL'), fk('decided_by', 'app_user', 'SET NULL')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('settlement');
  }
}
