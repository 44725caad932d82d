import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/** Letter and e-mail templates, generated letters, and the e-mail outbox. */
export class DocumentsAndOutbox1795350000000 implements MigrationInterface {
  name = 'DocumentsAndOutbox1795350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'document_template',
        columns: [
          col.id(), col.str('code', 60, { isUnique: true }), col.str('kind', 10), col.str('name', 120), col.strNull('subject', 300),
          col.text('body'), col.textNull('text_body'), col.ts('updated_at'), col.intNull('updated_by'), col.int('version', { default: 1 }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'generated_document',
        columns: [
          col.id(), col.int('dossier_id'), col.intNull('intervention_id'), col.str('template_code', 60), col.textNull('html'),
          col.str('status', 10, { default: "'ok'" }), col.strNull('error', 500), col.date('as_of'), col.ts('created_at'), col.tsNull('printed_at'),
        ],
        indices: [idx('generated_document', ['dossier_id']), idx('generated_document', ['intervention_id']), idx('generated_document', ['printed_at'])],
        foreignKeys: [fk('dossier_id', 'dossier', 'CASCADE'), fk('intervention_id', 'intervention', 'SET NULL')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'outbox_message',
        columns: [
          col.id(), col.str('to_address', 500), col.strNull('cc', 500), col.str('subject', 300), col.text('text'), col.textNull('html'),
          col.intNull('dossier_id'), col.intNull('intervention_id'), col.str('status', 10, { default: "'queued'" }), col.int('attempts', { default: 0 }),
          col.strNull('last_error', 1000), col.strNull('message_id', 300), col.ts('created_at'), col.tsNull('claimed_at'), col.tsNull('sent_at'),
        ],
        indices: [idx('outbox_message', ['status', 'id']), idx('outbox_message', ['dossier_id']), idx('outbox_message', ['intervention_id'])],
        foreignKeys: [fk('dossier_id', 'dossier', 'SET NULL'), fk('intervention_id', 'intervention', 'SET NULL')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('outbox_message');
    await q.dropTable('generated_document');
    await q.dropTable('document_template');
  }
}
