import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/** Pièces jointes of a dossier (or of one of its financial elements); the files live under UPLOAD_DIR. */
export class Attachments1796131489321 implements MigrationInterface {
  name = 'Attachments1796131489321';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'attachment',
        columns: [
          col.id(), col.int('dossier_id'), col.intNull('element_id'), col.str('original_name', 200), col.str('stored_name', 80), col.str('mime_type', 100),
          col.cents('size'), col.ts('created_at'), col.intNull('created_by'),
        ],
        indices: [idx('attachment', ['dossier_id']), idx('attachment', ['stored_name'], true)],
        foreignKeys: [fk('dossier_id', 'dossier', 'CASCADE'), fk('element_id', 'financial_element', 'SET NULL'), fk('created_by', 'app_user', 'SET NULL')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('attachment');
  }
}
