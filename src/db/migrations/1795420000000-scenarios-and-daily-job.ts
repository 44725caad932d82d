import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/**
 * Scenarios in the database (scenario, scenario_step), the daily job's run history and lock
 * (job_run, job_lock), the dossier's scenario controls (suspended, occurrence, restart date),
 * the template of a raised step, and the indexes of "Gestion des actions".
 */
export class ScenariosAndDailyJob1795420000000 implements MigrationInterface {
  name = 'ScenariosAndDailyJob1795420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'scenario',
        columns: [
          col.id(), col.str('code', 60, { isUnique: true }), col.str('name', 100), col.text('description', { default: "''" }), col.bool('active', true),
          // 'shipped' (scenarios/*.json) or 'custom' (created in the UI or imported).
          col.str('origin', 10, { default: "'custom'" }),
          // Hash of the shipped file last loaded; an administrator's edit sets `edited` and the file no longer overwrites it.
          col.strNull('shipped_hash', 64), col.bool('edited', false),
          col.int('version', { default: 1 }), col.ts('created_at'), col.ts('updated_at'), col.intNull('updated_by'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'scenario_step',
        columns: [
          col.id(), col.int('scenario_id'), col.int('position'), col.str('code', 40), col.str('label', 120), col.str('action_type', 10),
          col.str('anchor', 20), col.int('offset_days'), col.bool('business_days', false), col.int('priority', { default: 100 }),
          col.intNull('loss_hundredths'), col.strNull('set_status_code', 40), col.strNull('template_code', 60), col.centsNull('min_balance'),
          col.strNull('assignee', 40), col.bool('amicable', true),
        ],
        indices: [idx('scenario_step', ['scenario_id', 'code'], true), idx('scenario_step', ['scenario_id', 'position'])],
        foreignKeys: [fk('scenario_id', 'scenario', 'CASCADE')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'job_run',
        columns: [
          col.id(), col.str('task', 40), col.date('business_date'), col.bool('dry_run', false), col.str('trigger', 10, { default: "'cli'" }),
          col.str('status', 12, { default: "'running'" }), col.ts('started_at'), col.tsNull('finished_at'), col.intNull('duration_ms'),
          col.int('dossiers_examined', { default: 0 }), col.int('interventions_raised', { default: 0 }), col.int('steps_skipped', { default: 0 }),
          col.int('dossiers_changed', { default: 0 }), col.int('errors', { default: 0 }), col.textNull('error_messages'),
          col.strNull('holder', 120), col.intNull('started_by'),
        ],
        indices: [idx('job_run', ['task', 'started_at']), idx('job_run', ['status'])],
      }),
    );
    await q.createTable(
      new Table({
        name: 'job_lock',
        columns: [
          col.str('name', 60, { isPrimary: true }), col.str('holder', 120), col.str('host', 120), col.int('pid'), col.intNull('run_id'),
          col.ts('acquired_at'), col.ts('expires_at'),
        ],
      }),
    );

    await q.addColumns('dossier', [
      new TableColumn(col.bool('scenario_suspended', false)),
      new TableColumn(col.int('scenario_occurrence', { default: 1 })),
      new TableColumn(col.dateNull('scenario_restarted_at')),
    ]);
    await q.addColumns('intervention', [new TableColumn(col.strNull('template_code', 60))]);

    // Gestion des actions: highest priority first, then oldest due date, for everyone or for one controller;
    // and the header's count of actions due today (state, assignee, due date).
    await q.query('CREATE INDEX ix_intervention_todo_order ON intervention (state, priority DESC, due_date, id)');
    await q.query('CREATE INDEX ix_intervention_assignee_order ON intervention (assignee_id, state, priority DESC, due_date, id)');
    await q.query('CREATE INDEX ix_intervention_assignee_due ON intervention (state, assignee_id, due_date)');
    await q.query('CREATE INDEX ix_dossier_scenario ON dossier (scenario_id)');

    // SQLite cannot add a foreign key to an existing table without rebuilding it (and the tables that
    // reference dossier); PostgreSQL can. On SQLite the service checks the scenario exists.
    if (q.connection.options.type === 'postgres') {
      await q.createForeignKey('dossier', new TableForeignKey(fk('scenario_id', 'scenario', 'SET NULL')));
    }
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      const table = await q.getTable('dossier');
      const key = table?.foreignKeys.find((k) => k.columnNames.includes('scenario_id'));
      if (key) await q.dropForeignKey('dossier', key);
    }
    await q.query('DROP INDEX ix_dossier_scenario');
    await q.query('DROP INDEX ix_intervention_assignee_due');
    await q.query('DROP INDEX ix_intervention_assignee_order');
    await q.query('DROP INDEX ix_intervention_todo_order');
    await q.dropColumn('intervention', 'template_code');
    await q.dropColumns('dossier', ['scenario_restarted_at', 'scenario_occurrence', 'scenario_suspended']);
    for (const table of ['job_lock', 'job_run', 'scenario_step', 'scenario']) await q.dropTable(table);
  }
}
