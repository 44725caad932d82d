import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { refreshDossierBalances } from '../../dossiers';
import { col, idx } from '../migration-helpers';

const BY_BALANCE = idx('dossier', ['balance']);
const BY_STATUS_BALANCE = idx('dossier', ['status_id', 'balance']);

/**
 * The dossier's balance (the one rule, src/dossiers/dossier-balance.rules.ts) stored on the dossier, so
 * the list sorts by amount on an index instead of aggregating every ledger line for each page. Filled
 * here by the rule itself; from then on each write refreshes it in its own transaction.
 */
export class DossierBalance1796142000000 implements MigrationInterface {
  name = 'DossierBalance1796142000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('dossier', new TableColumn(col.cents('balance')));
    await q.createIndex('dossier', new TableIndex(BY_BALANCE));
    await q.createIndex('dossier', new TableIndex(BY_STATUS_BALANCE));
    const ids = (await q.query('SELECT id FROM dossier')) as { id: unknown }[];
    if (ids.length) await refreshDossierBalances(q.manager, { dossierIds: ids.map((r) => Number(r.id)) });
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('dossier', BY_STATUS_BALANCE.name!);
    await q.dropIndex('dossier', BY_BALANCE.name!);
    await q.dropColumn('dossier', 'balance');
  }
}
