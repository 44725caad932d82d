import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from '../migration-helpers';

/**
 * The change log a second run of the same day reads (src/jobs/dossier-changes.ts): one row per dossier,
 * its `seq` moved up by the triggers each time one of its plan's inputs is written, and the `seq` a run
 * started at. SQLite only uses it; the table exists on both so that the schema is the same. AUTOINCREMENT
 * matters: a deleted highest `seq` must never be given again, or a change could fall below a run's mark.
 */
export class DossierChanges1796150000000 implements MigrationInterface {
  name = 'DossierChanges1796150000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      await q.query('CREATE TABLE dossier_change (seq BIGSERIAL PRIMARY KEY, dossier_id INTEGER NOT NULL UNIQUE)');
    } else {
      await q.query('CREATE TABLE dossier_change (seq INTEGER PRIMARY KEY AUTOINCREMENT, dossier_id INTEGER NOT NULL UNIQUE)');
    }
    await q.addColumn('job_run', new TableColumn(col.intNull('change_seq')));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('job_run', 'change_seq');
    await q.query('DROP TABLE dossier_change');
  }
}
