import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from '../migration-helpers';

/** Whether the plan suspended the dossier's scenario: only then does its end resume it. */
export class PlanSuspendsScenario1796132186489 implements MigrationInterface {
  name = 'PlanSuspendsScenario1796132186489';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('payment_plan', new TableColumn(col.bool('suspended_scenario', false)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('payment_plan', 'suspended_scenario');
  }
}
