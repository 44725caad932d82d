import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/** The settings audit (who changed which setting, before and after) and the login throttle shared by every instance. */
export class UsersAuditLoginThrottle1796131462142 implements MigrationInterface {
  name = 'UsersAuditLoginThrottle1796131462142';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'setting_change',
        columns: [
          col.id(), col.ts('at'), col.intNull('user_id'), col.str('actor_name', 120), col.str('area', 40), col.strNull('entity_id', 100),
          col.str('action', 20), col.textNull('before_json'), col.textNull('after_json'),
        ],
        indices: [idx('setting_change', ['at']), idx('setting_change', ['area', 'at']), idx('setting_change', ['user_id', 'at'])],
        foreignKeys: [fk('user_id', 'app_user', 'SET NULL')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'login_throttle',
        columns: [
          { name: 'throttle_key', type: 'varchar', length: '200', isPrimary: true },
          col.int('failures', { default: 0 }),
          { name: 'window_start', type: 'bigint', isNullable: false },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('login_throttle');
    await q.dropTable('setting_change');
  }
}
