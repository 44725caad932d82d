import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/** Files attached to a message: downloadable by its sender and recipient only. */
export class MessageAttachments1796133603740 implements MigrationInterface {
  name = 'MessageAttachments1796133603740';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'message_attachment',
        columns: [
          col.id(), col.int('message_id'), col.str('original_name', 200), col.str('stored_name', 80), col.str('mime_type', 100), col.cents('size'), col.ts('created_at'),
        ],
        indices: [idx('message_attachment', ['message_id'])],
        foreignKeys: [fk('message_id', 'user_message', 'CASCADE')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('message_attachment');
  }
}
