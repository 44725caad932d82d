import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from '../migration-helpers';

/**
 * The highest intervention id a daily run started at (src/jobs/dossier-changes.ts, rule 2): a second run
 * of the same day plans again the dossiers of the interventions written above it, instead of a trigger
 * logging every insert (the run's own included). Used on SQLite; null on PostgreSQL.
 */
export class InterventionMark1796151000000 implements MigrationInterface {
  name = 'InterventionMark1796151000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('job_run', new TableColumn(col.intNull('intervention_mark')));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('job_run', 'intervention_mark');
  }
}
