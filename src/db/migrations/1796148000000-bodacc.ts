import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/** BODACC notices read once per company, and the status proposals they made per customer. */
export class Bodacc1796148000000 implements MigrationInterface {
  name = 'Bodacc1796148000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'bodacc_notice',
        columns: [
          col.id(), col.int('company_id'), col.str('notice_id', 40), col.dateNull('publication_date'), col.strNull('family', 40), col.strNull('notice_type', 40),
          col.strNull('procedure', 20), col.str('effect', 20), col.textNull('judgment_nature'), col.dateNull('judgment_date'), col.text('sirens'),
          col.strNull('debtor_name', 200), col.strNull('court', 200), col.str('source', 200), col.ts('imported_at'), col.intNull('imported_by'),
        ],
        foreignKeys: [fk('company_id', 'company')],
        indices: [idx('bodacc_notice', ['company_id', 'notice_id'], true), idx('bodacc_notice', ['publication_date'])],
      }),
    );
    await q.createTable(
      new Table({
        name: 'bodacc_proposal',
        columns: [
          col.id(), col.int('notice_row_id'), col.int('third_party_id'), col.intNull('dossier_id'), col.intNull('intervention_id'), col.str('procedure', 20),
          col.bool('opening', true), col.dateNull('judgment_date'), col.dateNull('publication_date'), col.dateNull('deadline'), col.bool('incomplete', false),
          col.str('state', 10, { default: "'open'" }), col.ts('created_at'),
        ],
        foreignKeys: [fk('notice_row_id', 'bodacc_notice', 'CASCADE'), fk('third_party_id', 'third_party'), fk('dossier_id', 'dossier', 'SET NULL')],
        indices: [idx('bodacc_proposal', ['notice_row_id', 'third_party_id'], true), idx('bodacc_proposal', ['dossier_id', 'state'])],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('bodacc_proposal');
    await q.dropTable('bodacc_notice');
  }
}
