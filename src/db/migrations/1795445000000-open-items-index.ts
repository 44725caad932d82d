import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

const NAME = 'ix_ledger_entry_open_items';

/**
 * The customer list shows, for every customer, the balance, overdue amount and oldest due date of
 * its unlettered lines. With a million ledger lines, most of them lettered, a partial index on the
 * open lines only (with the summed columns, so PostgreSQL can answer from the index) keeps that
 * aggregate small. Partial indexes exist on both SQLite and PostgreSQL.
 */
export class OpenItemsIndex1795445000000 implements MigrationInterface {
  name = 'OpenItemsIndex1795445000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'ledger_entry',
      new TableIndex({ name: NAME, columnNames: ['third_party_id', 'due_date', 'entry_date', 'debit', 'credit'], where: 'lettering IS NULL' }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('ledger_entry', NAME);
  }
}
