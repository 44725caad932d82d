import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/** Demandes de clôture: a controller asks, an administrator accepts (then closes through Terminé) or refuses. */
export class ClosureRequests1796131947731 implements MigrationInterface {
  name = 'ClosureRequests1796131947731';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'closure_request',
        columns: [
          col.id(), col.int('dossier_id'), col.str('status', 10), col.text('reason'), col.ts('requested_at'), col.intNull('requested_by'),
          col.tsNull('decided_at'), col.intNull('decided_by'), col.textNull('decision_reason'),
        ],
        indices: [idx('closure_request', ['dossier_id']), idx('closure_request', ['status'])],
        foreignKeys: [fk('dossier_id', 'dossier', 'CASCADE'), fk('requested_by', 'app_user', 'SET NULL'), fk('decided_by', 'app_user', 'SET NULL')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('closure_request');
  }
}
