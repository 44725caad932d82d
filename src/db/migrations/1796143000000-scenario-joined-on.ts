import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from '../migration-helpers';

/**
 * The day a dossier started on its scenario (created on it, assigned, changed): the engine passes
 * over the steps already due that day but the latest (scenario-engine.rules.ts, rule 10). Null for
 * the dossiers already running, which keep catching up as before.
 */
export class ScenarioJoinedOn1796143000000 implements MigrationInterface {
  name = 'ScenarioJoinedOn1796143000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('dossier', new TableColumn(col.dateNull('scenario_joined_on')));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('dossier', 'scenario_joined_on');
  }
}
