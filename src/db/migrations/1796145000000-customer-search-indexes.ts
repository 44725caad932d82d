import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The customer type-ahead looks customers up by the start of their name, account, SIREN or VAT
 * number (src/third-parties/customer-search.service.ts). Each is a range over an index, so a
 * keystroke costs a few index probes even with 20,000 customers. On PostgreSQL the indexes use the
 * "C" collation: the range `>= 'dup' AND < 'dup\uFFFF'` is only a prefix in byte order.
 */
const INDEXES: [string, string][] = [
  ['ix_third_party_search_name', '(lower(name))'],
  ['ix_third_party_search_account', 'auxiliary_account'],
  ['ix_third_party_search_siren', 'siren'],
  ['ix_third_party_search_vat', 'vat_number'],
];

export class CustomerSearchIndexes1796145000000 implements MigrationInterface {
  name = 'CustomerSearchIndexes1796145000000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.options.type === 'postgres';
    for (const [name, expr] of INDEXES) await q.query(`CREATE INDEX ${name} ON third_party (${expr}${pg ? ' COLLATE "C"' : ''})`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name] of INDEXES) await q.query(`DROP INDEX ${name}`);
  }
}
