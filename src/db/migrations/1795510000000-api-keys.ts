import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/** API keys for the host ERP, and the stored responses that make API writes idempotent. */
export class ApiKeys1795510000000 implements MigrationInterface {
  name = 'ApiKeys1795510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'api_key',
        columns: [
          col.id(), col.int('company_id'), col.str('name', 100), col.str('prefix', 20), col.str('secret_hash', 64), col.str('scopes', 40),
          col.ts('created_at'), col.intNull('created_by'), col.tsNull('last_used_at'), col.tsNull('revoked_at'), col.intNull('revoked_by'),
        ],
        indices: [idx('api_key', ['secret_hash'], true), idx('api_key', ['prefix'], true), idx('api_key', ['company_id'])],
        foreignKeys: [fk('company_id', 'company'), fk('created_by', 'app_user', 'SET NULL'), fk('revoked_by', 'app_user', 'SET NULL')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'api_idempotency',
        columns: [
          col.id(), col.int('company_id'), col.str('idempotency_key', 200), col.str('request_hash', 64), col.int('response_status'),
          col.text('response_body'), col.intNull('api_key_id'), col.ts('created_at'),
        ],
        indices: [idx('api_idempotency', ['company_id', 'idempotency_key'], true)],
        foreignKeys: [fk('company_id', 'company'), fk('api_key_id', 'api_key', 'SET NULL')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('api_idempotency');
    await q.dropTable('api_key');
  }
}
