import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { idx } from '../migration-helpers';

/**
 * The dossier list stays fast with 100,000 dossiers: the next action (earliest to-do intervention of
 * each dossier) and the sort by start date read these indexes instead of scanning.
 */
export class DossierWorkspaceIndexes1795430000000 implements MigrationInterface {
  name = 'DossierWorkspaceIndexes1795430000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('intervention', new TableIndex(idx('intervention', ['dossier_id', 'state', 'due_date'])));
    await q.createIndex('dossier', new TableIndex(idx('dossier', ['start_date'])));
    await q.createIndex('dossier_entry', new TableIndex(idx('dossier_entry', ['dossier_id'])));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('dossier_entry', idx('dossier_entry', ['dossier_id']).name!);
    await q.dropIndex('dossier', idx('dossier', ['start_date']).name!);
    await q.dropIndex('intervention', idx('intervention', ['dossier_id', 'state', 'due_date']).name!);
  }
}
