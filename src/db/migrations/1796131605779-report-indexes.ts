import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { idx } from '../migration-helpers';

const FLOWS = idx('ledger_entry', ['entry_date', 'third_party_id', 'debit', 'credit']);

/**
 * The DSO report adds up customer debits and credits by day since the beginning of the ledger. On a
 * million lines a table scan with a GROUP BY took about 0.8 s on SQLite; this covering index, in
 * entry-date order, lets the sum stream without a temporary B-tree (about 90 ms).
 */
export class ReportIndexes1796131605779 implements MigrationInterface {
  name = 'ReportIndexes1796131605779';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('ledger_entry', new TableIndex(FLOWS));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('ledger_entry', FLOWS.name!);
  }
}
