import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/**
 * One communication per customer: the letter or e-mail the daily job sends a customer for the day's
 * scenario steps of several dossiers (customer_communication, unique on customer, business date and
 * channel, so a second run or a run killed half-way never makes a second one), and the steps it
 * stands for (customer_communication_part, an intervention in at most one).
 */
export class CustomerCommunications1796147300000 implements MigrationInterface {
  name = 'CustomerCommunications1796147300000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'customer_communication',
        columns: [
          col.id(), col.int('third_party_id'), col.date('business_date'), col.str('channel', 10), col.str('template_code', 60), col.str('tone_template_code', 60),
          col.int('level'), col.int('lead_intervention_id'), col.int('dossier_count'), col.int('invoice_count'), col.int('part_count'),
          col.intNull('document_id'), col.intNull('outbox_message_id'), col.ts('created_at'),
        ],
        indices: [idx('customer_communication', ['third_party_id', 'business_date', 'channel'], true)],
        foreignKeys: [
          fk('third_party_id', 'third_party', 'CASCADE'), fk('document_id', 'generated_document', 'SET NULL'), fk('outbox_message_id', 'outbox_message', 'SET NULL'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'customer_communication_part',
        columns: [col.id(), col.int('communication_id'), col.int('intervention_id'), col.int('dossier_id'), col.int('position'), col.int('level')],
        indices: [idx('customer_communication_part', ['intervention_id'], true), idx('customer_communication_part', ['communication_id', 'position'])],
        foreignKeys: [fk('communication_id', 'customer_communication', 'CASCADE'), fk('intervention_id', 'intervention', 'CASCADE'), fk('dossier_id', 'dossier', 'CASCADE')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('customer_communication_part');
    await q.dropTable('customer_communication');
  }
}
