import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, fk, idx } from '../migration-helpers';

/** The dossier workspace: companies, third parties, contacts, ledger, settings lists, dossiers, interventions, history, users. */
export class InitialSchema1795330000000 implements MigrationInterface {
  name = 'InitialSchema1795330000000';

  async up(q: QueryRunner): Promise<void> {
    const referenceList = (name: string, extra: ReturnType<typeof col.int>[] = []) =>
      new Table({
        name,
        columns: [col.id(), col.str('code', 40, { isUnique: true }), col.str('label', 120), col.int('position', { default: 0 }), col.bool('active', true), ...extra],
      });

    await q.createTable(new Table({ name: 'app_setting', columns: [col.str('key', 80, { isPrimary: true }), col.text('value')] }));
    await q.createTable(
      new Table({
        name: 'company',
        columns: [
          col.id(), col.str('code', 20, { isUnique: true }), col.str('name', 200), col.strNull('legal_form', 40), col.strNull('address', 300),
          col.strNull('postal_code', 20), col.strNull('city', 100), col.str('country', 2, { default: "'FR'" }), col.strNull('siren', 20),
          col.strNull('vat_number', 30), col.strNull('phone', 40), col.strNull('email', 200), col.intNull('parent_id'),
        ],
        foreignKeys: [fk('parent_id', 'company')],
      }),
    );
    await q.createTable(referenceList('dossier_status', [col.str('kind', 10), col.intNull('proposed_loss_hundredths')]));
    await q.createTable(referenceList('risk_code'));
    await q.createTable(referenceList('dispute_reason'));
    await q.createTable(referenceList('resolution'));
    await q.createTable(referenceList('dossier_result'));

    await q.createTable(
      new Table({
        name: 'app_user',
        columns: [
          col.id(), col.str('username', 60, { isUnique: true }), col.str('display_name', 120), col.str('password_hash', 300),
          col.str('role', 20, { default: "'controller'" }), col.strNull('locale', 2), col.bool('active', true),
          col.int('session_generation', { default: 1 }), col.ts('created_at'), col.tsNull('last_login_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'http_session',
        columns: [col.str('sid', 128, { isPrimary: true }), col.text('data'), { name: 'expires_at', type: 'bigint', isNullable: false }],
        indices: [idx('http_session', ['expires_at'])],
      }),
    );
    await q.createTable(
      new Table({
        name: 'credit_controller',
        columns: [
          col.id(), col.str('code', 20, { isUnique: true }), col.str('name', 120), col.strNull('email', 200), col.strNull('phone', 40),
          col.intNull('user_id'), col.bool('active', true),
        ],
        foreignKeys: [fk('user_id', 'app_user', 'SET NULL')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'third_party',
        columns: [
          col.id(), col.int('company_id'), col.str('auxiliary_account', 40), col.str('name', 200), col.strNull('legal_form', 40),
          col.strNull('address', 300), col.strNull('postal_code', 20), col.strNull('city', 100), col.str('country', 2, { default: "'FR'" }),
          col.strNull('vat_number', 30), col.strNull('siren', 20), col.strNull('phone', 40), col.strNull('email', 200),
          col.intNull('risk_code_id'), col.intNull('credit_controller_id'), col.intNull('payment_terms_days'),
          col.int('version', { default: 1 }), col.ts('created_at'), col.ts('updated_at'),
        ],
        indices: [idx('third_party', ['company_id', 'auxiliary_account'], true), idx('third_party', ['name'])],
        foreignKeys: [fk('company_id', 'company'), fk('risk_code_id', 'risk_code'), fk('credit_controller_id', 'credit_controller', 'SET NULL')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ledger_entry',
        columns: [
          col.id(), col.int('company_id'), col.str('source_key', 200), col.str('journal_code', 20), col.strNull('journal_label', 100),
          col.str('entry_number', 40), col.date('entry_date'), col.str('account', 40), col.strNull('account_label', 200),
          col.strNull('auxiliary_account', 40), col.strNull('auxiliary_label', 200), col.intNull('third_party_id'),
          col.strNull('piece_ref', 60), col.dateNull('piece_date'), col.strNull('label', 300), col.cents('debit'), col.cents('credit'),
          col.dateNull('due_date'), col.dateNull('original_due_date'), col.strNull('lettering', 20), col.dateNull('lettering_date'),
          col.dateNull('valid_date'), col.centsNull('currency_amount'), col.strNull('currency', 3), col.ts('imported_at'),
        ],
        indices: [
          idx('ledger_entry', ['company_id', 'source_key'], true),
          idx('ledger_entry', ['third_party_id', 'lettering']),
          idx('ledger_entry', ['company_id', 'auxiliary_account']),
          idx('ledger_entry', ['piece_ref']),
        ],
        foreignKeys: [fk('company_id', 'company'), fk('third_party_id', 'third_party')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'dossier',
        columns: [
          col.id(), col.int('company_id'), col.int('number'), col.int('status_id'), col.int('third_party_id'), col.intNull('scenario_id'),
          col.int('loss_hundredths', { default: 0 }), col.int('priority', { default: 0 }), col.date('start_date'),
          col.intNull('origin_controller_id'), col.intNull('dispute_reason_id'), col.intNull('origin_contact_id'),
          col.intNull('controller_id'), col.intNull('contact_id'), col.textNull('comment'), col.dateNull('end_date'),
          col.intNull('resolution_id'), col.intNull('result_id'), col.str('currency', 3, { default: "'EUR'" }),
          col.strNull('creditor_reference', 60), col.int('version', { default: 1 }), col.ts('created_at'), col.ts('updated_at'),
          col.intNull('created_by'), col.intNull('updated_by'),
        ],
        indices: [
          idx('dossier', ['company_id', 'number'], true),
          idx('dossier', ['status_id']),
          idx('dossier', ['third_party_id']),
          idx('dossier', ['controller_id']),
          idx('dossier', ['creditor_reference']),
        ],
        foreignKeys: [
          fk('company_id', 'company'), fk('status_id', 'dossier_status'), fk('third_party_id', 'third_party'),
          fk('origin_controller_id', 'credit_controller', 'SET NULL'), fk('controller_id', 'credit_controller', 'SET NULL'),
          fk('dispute_reason_id', 'dispute_reason'), fk('resolution_id', 'resolution'), fk('result_id', 'dossier_result'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'contact',
        columns: [
          col.id(), col.str('kind', 10), col.intNull('third_party_id'), col.intNull('company_id'), col.intNull('dossier_id'),
          col.strNull('first_name', 80), col.str('last_name', 80), col.strNull('job_title', 120), col.strNull('phone', 40),
          col.strNull('mobile', 40), col.strNull('email', 200), col.int('version', { default: 1 }),
        ],
        indices: [idx('contact', ['third_party_id']), idx('contact', ['company_id']), idx('contact', ['dossier_id'])],
        foreignKeys: [fk('third_party_id', 'third_party', 'CASCADE'), fk('company_id', 'company', 'CASCADE'), fk('dossier_id', 'dossier', 'CASCADE')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'dossier_entry',
        columns: [col.id(), col.int('dossier_id'), col.int('ledger_entry_id'), col.ts('linked_at'), col.intNull('linked_by')],
        indices: [idx('dossier_entry', ['dossier_id', 'ledger_entry_id'], true), idx('dossier_entry', ['ledger_entry_id'])],
        foreignKeys: [fk('dossier_id', 'dossier', 'CASCADE'), fk('ledger_entry_id', 'ledger_entry')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'intervention',
        columns: [
          col.id(), col.int('dossier_id'), col.str('type', 10), col.str('label', 200), col.date('due_date'), col.int('priority', { default: 0 }),
          col.intNull('assignee_id'), col.str('state', 10, { default: "'todo'" }), col.str('source', 10, { default: "'manual'" }),
          col.strNull('step_code', 60), col.intNull('occurrence'), col.dateNull('done_date'), col.tsNull('done_at'), col.intNull('done_by'),
          col.strNull('result', 200), col.textNull('comment'), col.strNull('skip_reason', 300), col.int('version', { default: 1 }),
          col.ts('created_at'), col.intNull('created_by'),
        ],
        indices: [
          idx('intervention', ['dossier_id', 'step_code', 'occurrence'], true),
          idx('intervention', ['state', 'priority', 'due_date']),
          idx('intervention', ['assignee_id', 'state']),
        ],
        foreignKeys: [fk('dossier_id', 'dossier', 'CASCADE'), fk('assignee_id', 'credit_controller', 'SET NULL')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'dossier_event',
        columns: [
          col.id(), col.int('dossier_id'), col.ts('at'), col.intNull('user_id'), col.strNull('user_name', 120), col.str('type', 40),
          col.text('details', { default: "'{}'" }), col.centsNull('amount'),
        ],
        indices: [idx('dossier_event', ['dossier_id', 'at'])],
        foreignKeys: [fk('dossier_id', 'dossier', 'CASCADE')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'dossier_event', 'intervention', 'dossier_entry', 'contact', 'dossier', 'ledger_entry', 'third_party', 'credit_controller',
      'http_session', 'app_user', 'dossier_result', 'resolution', 'dispute_reason', 'risk_code', 'dossier_status', 'company', 'app_setting',
    ]) {
      await q.dropTable(table);
    }
  }
}
