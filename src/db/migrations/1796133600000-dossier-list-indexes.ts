import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { idx } from '../migration-helpers';

const BY_NUMBER = idx('dossier', ['number']);
const BY_STATUS_NUMBER = idx('dossier', ['status_id', 'number']);
const BY_STATUS = idx('dossier', ['status_id']);

/**
 * The dossier list pages through dossiers by number, all of them or one status. The only number
 * index led with the company, so each page sorted 100,000 rows (7 ms on SQLite); these read the
 * page straight from an index (0.3 ms). (status_id, number) also serves every lookup by status,
 * which makes the status-only index redundant.
 */
export class DossierListIndexes1796133600000 implements MigrationInterface {
  name = 'DossierListIndexes1796133600000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('dossier', new TableIndex(BY_NUMBER));
    await q.createIndex('dossier', new TableIndex(BY_STATUS_NUMBER));
    await q.dropIndex('dossier', BY_STATUS.name!);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex('dossier', new TableIndex(BY_STATUS));
    await q.dropIndex('dossier', BY_STATUS_NUMBER.name!);
    await q.dropIndex('dossier', BY_NUMBER.name!);
  }
}
