import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/** Messages between users, optionally about a dossier (inbox, outbox, unread count). */
export class Messages1796131795521 implements MigrationInterface {
  name = 'Messages1796131795521';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'user_message',
        columns: [
          col.id(), col.int('from_user_id'), col.int('to_user_id'), col.intNull('dossier_id'), col.intNull('parent_id'), col.str('subject', 200), col.text('body'),
          col.bool('urgent', false), col.bool('reply_required', false), col.ts('created_at'), col.tsNull('read_at'),
        ],
        indices: [idx('user_message', ['to_user_id', 'read_at']), idx('user_message', ['from_user_id', 'created_at']), idx('user_message', ['dossier_id'])],
        foreignKeys: [fk('from_user_id', 'app_user', 'CASCADE'), fk('to_user_id', 'app_user', 'CASCADE'), fk('dossier_id', 'dossier', 'SET NULL'), fk('parent_id', 'user_message', 'SET NULL')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('user_message');
  }
}
