/** Helpers for the daily-job tests (not a test file): scenarios, dossiers with entries, what was raised. */
import { refreshDossierBalances } from '../../src/dossiers';
import type { DataSource } from 'typeorm';
import { saveScenario } from '../../src/scenarios/scenario.service';
import type { ScenarioDefinitionInput } from '../../src/scenarios';
import { makeDossier, makeEntry, makeThirdParty, type ReferenceData } from '../support/factories';
import type { Dossier } from '../../src/dossiers/dossier.entity';

let n = 0;

export async function makeScenario(ds: DataSource, steps: ScenarioDefinitionInput['steps'], fields: Partial<ScenarioDefinitionInput> = {}): Promise<number> {
  const code = fields.code ?? `scenario-test-${++n}`;
  const saved = await saveScenario(ds, null, { code, name: `Scénario ${code}`, description: '', active: true, steps, ...fields }, { userId: null }, '2026-01-01T00:00:00.000Z');
  return saved.id;
}

/** A dossier on a scenario, over one invoice due `dueDate` for `amount` cents. */
export async function makeScenarioDossier(
  ds: DataSource,
  ref: ReferenceData,
  scenarioId: number,
  options: { dueDate?: string; amount?: number; startDate?: string; paid?: number; status?: string; overrides?: Partial<Dossier> } = {},
): Promise<Dossier> {
  const customer = await makeThirdParty(ds, ref);
  const dossier = await makeDossier(ds, ref, customer, {
    scenarioId,
    startDate: options.startDate ?? options.dueDate ?? '2026-03-02',
    statusId: ref.statuses[options.status ?? 'EN_COURS'].id,
    ...options.overrides,
  });
  const invoice = await makeEntry(ds, ref, customer, { debit: options.amount ?? 120000, dueDate: options.dueDate ?? '2026-03-02' });
  await linkEntry(ds, dossier.id, invoice.id);
  if (options.paid) {
    const payment = await makeEntry(ds, ref, customer, { debit: 0, credit: options.paid, dueDate: null, journalCode: 'BQ' });
    await linkEntry(ds, dossier.id, payment.id);
  }
  return dossier;
}

export async function linkEntry(ds: DataSource, dossierId: number, ledgerEntryId: number): Promise<void> {
  await ds.query(
    ds.options.type === 'postgres'
      ? 'INSERT INTO dossier_entry (dossier_id, ledger_entry_id, linked_at) VALUES ($1, $2, $3)'
      : 'INSERT INTO dossier_entry (dossier_id, ledger_entry_id, linked_at) VALUES (?, ?, ?)',
    [dossierId, ledgerEntryId, '2026-01-01T00:00:00.000Z'],
  );
  await refreshDossierBalances(ds, { dossierIds: [dossierId] });
}

export interface RaisedRow {
  dossierId: number;
  stepCode: string;
  occurrence: number;
  dueDate: string;
  state: string;
  type: string;
  assigneeId: number | null;
  priority: number;
}

export async function raised(ds: DataSource, dossierId?: number): Promise<RaisedRow[]> {
  const where = dossierId === undefined ? '' : ` AND dossier_id = ${Number(dossierId)}`;
  const list = (await ds.query(
    `SELECT dossier_id, step_code, occurrence, due_date, state, type, assignee_id, priority FROM intervention WHERE step_code IS NOT NULL${where} ORDER BY dossier_id, due_date, id`,
  )) as Record<string, unknown>[];
  return list.map((r) => ({
    dossierId: Number(r.dossier_id), stepCode: String(r.step_code), occurrence: Number(r.occurrence), dueDate: String(r.due_date), state: String(r.state),
    type: String(r.type), assigneeId: r.assignee_id === null ? null : Number(r.assignee_id), priority: Number(r.priority),
  }));
}
