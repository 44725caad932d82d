import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from '../migration-helpers';

/**
 * What the dossier had received when a plan was agreed: only what comes in after pays its
 * installments (a payment of the same day, recorded before the plan, is already in its total).
 */
export class PlanPaymentsAtCreation1796131676246 implements MigrationInterface {
  name = 'PlanPaymentsAtCreation1796131676246';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('payment_plan', new TableColumn(col.cents('payments_at_creation')));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('payment_plan', 'payments_at_creation');
  }
}
