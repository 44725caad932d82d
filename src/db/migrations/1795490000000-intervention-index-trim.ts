import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { idx } from '../migration-helpers';

/**
 * Fewer indexes on intervention, which the daily job fills by the hundred thousand: the action-list
 * indexes (state, priority DESC, due_date, id) and (assignee_id, state, priority DESC, due_date, id)
 * serve every query the three dropped ones served (same leading columns), including the header's
 * count of actions due today.
 */
export class InterventionIndexTrim1795490000000 implements MigrationInterface {
  name = 'InterventionIndexTrim1795490000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_intervention_assignee_due');
    await q.dropIndex('intervention', 'ix_intervention_state_priority_due_date');
    await q.dropIndex('intervention', 'ix_intervention_assignee_id_state');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex('intervention', new TableIndex(idx('intervention', ['assignee_id', 'state'])));
    await q.createIndex('intervention', new TableIndex(idx('intervention', ['state', 'priority', 'due_date'])));
    await q.query('CREATE INDEX ix_intervention_assignee_due ON intervention (state, assignee_id, due_date)');
  }
}
