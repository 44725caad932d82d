import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/**
 * Approvals for steps that start legal proceedings: a status flag `requires_approval` (on for
 * CONTENTIEUX as shipped) and the requests a non-approver's change or legal action waits in.
 */
export class ApprovalRequests1796133603739 implements MigrationInterface {
  name = 'ApprovalRequests1796133603739';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('dossier_status', new TableColumn(col.bool('requires_approval', false)));
    await q.query(`UPDATE dossier_status SET requires_approval = TRUE WHERE code = 'CONTENTIEUX'`);
    await q.createTable(
      new Table({
        name: 'approval_request',
        columns: [
          col.id(), col.int('dossier_id'), col.str('kind', 20), col.str('status', 10), col.intNull('status_id'), col.intNull('intervention_id'),
          col.text('payload'), col.ts('requested_at'), col.intNull('requested_by'), col.tsNull('decided_at'), col.intNull('decided_by'), col.textNull('decision_reason'),
        ],
        indices: [idx('approval_request', ['dossier_id']), idx('approval_request', ['status']), idx('approval_request', ['intervention_id'])],
        foreignKeys: [
          fk('dossier_id', 'dossier', 'CASCADE'), fk('status_id', 'dossier_status', 'RESTRICT'), fk('intervention_id', 'intervention', 'CASCADE'),
          fk('requested_by', 'app_user', 'SET NULL'), fk('decided_by', 'app_user', 'SET NULL'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('approval_request');
    await q.dropColumn('dossier_status', 'requires_approval');
  }
}
