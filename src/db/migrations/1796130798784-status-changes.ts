import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from '../migration-helpers';

/**
 * Status changes with behaviour: the collective procedure's dates on the dossier (opening judgment,
 * its BODACC publication, the claims-declaration deadline), and on ledger entries the date they
 * were transferred to doubtful receivables (416), so that no entry is transferred twice.
 * (ledger_entry.original_due_date, kept by "Décaler les échéances", exists since the initial schema.)
 */
export class StatusChanges1796130798784 implements MigrationInterface {
  name = 'StatusChanges1796130798784';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('dossier', [
      new TableColumn(col.dateNull('judgment_date')),
      new TableColumn(col.dateNull('bodacc_date')),
      new TableColumn(col.dateNull('claims_declaration_deadline')),
    ]);
    await q.addColumn('ledger_entry', new TableColumn(col.tsNull('doubtful_at')));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('ledger_entry', 'doubtful_at');
    await q.dropColumn('dossier', 'claims_declaration_deadline');
    await q.dropColumn('dossier', 'bodacc_date');
    await q.dropColumn('dossier', 'judgment_date');
  }
}
