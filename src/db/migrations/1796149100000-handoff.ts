import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/** Hand-off to a collection agency or a credit insurer: the agencies (an admin reference list) and the dossiers entrusted to them. */
export class Handoff1796149100000 implements MigrationInterface {
  name = 'Handoff1796149100000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'collection_agency',
      columns: [col.id(), col.str('code', 40, { isUnique: true }), col.str('label', 120), col.int('position', { default: 0 }), col.bool('active', true)],
    }));
    await q.createTable(new Table({
      name: 'dossier_handoff',
      columns: [
        col.id(), col.int('dossier_id'), col.int('agency_id'), col.date('entrusted_on'), col.strNull('customer_number', 60), col.textNull('comment'),
        col.cents('authority_limit'), col.cents('recovery_costs'), col.dateNull('ended_on'), col.ts('created_at'), col.intNull('created_by'),
      ],
      foreignKeys: [fk('dossier_id', 'dossier', 'CASCADE'), fk('agency_id', 'collection_agency')],
      indices: [idx('dossier_handoff', ['dossier_id', 'ended_on'])],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('dossier_handoff');
    await q.dropTable('collection_agency');
  }
}
