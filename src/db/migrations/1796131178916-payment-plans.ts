import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/** Accords de paiement: the plan and its installments (the approval columns serve plans above the authority limit). */
export class PaymentPlans1796131178916 implements MigrationInterface {
  name = 'PaymentPlans1796131178916';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'payment_plan',
        columns: [
          col.id(), col.int('dossier_id'), col.str('status', 10), col.cents('total'), col.cents('interest'), col.int('interest_rate_hundredths', { default: 0 }),
          col.date('start_date'), col.date('first_date'), col.str('periodicity', 10), col.int('installment_count'), col.str('method', 12),
          col.cents('balance_at_creation'), col.tsNull('decided_at'), col.intNull('decided_by'), col.textNull('decision_reason'),
          col.tsNull('closed_at'), col.ts('created_at'), col.intNull('created_by'),
        ],
        indices: [idx('payment_plan', ['dossier_id']), idx('payment_plan', ['status'])],
        foreignKeys: [fk('dossier_id', 'dossier', 'CASCADE'), fk('created_by', 'app_user', 'SET NULL'), fk('decided_by', 'app_user', 'SET NULL')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'plan_installment',
        columns: [
          col.id(), col.int('plan_id'), col.int('seq'), col.date('due_date'), col.cents('principal'), col.cents('interest'), col.cents('amount'),
          col.tsNull('missed_at'), col.intNull('intervention_id'),
        ],
        indices: [idx('plan_installment', ['plan_id', 'seq'], true)],
        foreignKeys: [fk('plan_id', 'payment_plan', 'CASCADE'), fk('intervention_id', 'intervention', 'SET NULL')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('plan_installment');
    await q.dropTable('payment_plan');
  }
}
