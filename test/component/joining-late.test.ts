/**
 * Joining a scenario late, on a real database: a dossier created on old invoices from Rappel /
 * relevé, or given a scenario by hand, begins at the step its situation calls for; the steps passed
 * over show in its Interventions with their reason; the dry run previews the same.
 */
import { expect } from 'chai';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { makeDossier, makeEntry, makeThirdParty, seedReferenceData, type ReferenceData } from '../support/factories';
import { runDaily } from '../../src/jobs/run-daily';
import { SKIP_REASON_PASSED_ON_JOIN } from '../../src/jobs/advance-scenarios.task';
import { Intervention } from '../../src/interventions/intervention.entity';
import { createDossiersForCustomers } from '../../src/reminders/reminder-dossiers.service';
import { assignScenario } from '../../src/scenarios';
import { addDays } from '../../src/shared/business-date';
import { linkEntry, makeScenario, raised } from './daily-support';

const DAY0 = '2026-03-02';
const day = (n: number) => addDays(DAY0, n);
const steps = [
  { code: 'APPEL_COURTOISIE', label: 'Appel de courtoisie', actionType: 'call' as const, anchor: 'oldest_due' as const, offsetDays: 0 },
  { code: 'RELANCE_EMAIL', label: 'Relance amiable par e-mail', actionType: 'email' as const, anchor: 'oldest_due' as const, offsetDays: 10 },
  { code: 'MISE_EN_DEMEURE', label: 'Mise en demeure', actionType: 'letter' as const, anchor: 'previous_done' as const, offsetDays: 15 },
  { code: 'SECOND_APPEL', label: 'Second appel', actionType: 'call' as const, anchor: 'previous_done' as const, offsetDays: 10 },
];

describe('a dossier joining its scenario late', () => {
  let db: TestDatabase;
  let ref: ReferenceData;
  const run = (date: string, dryRun = false) => runDaily({ dataSource: db.dataSource }, date, { trigger: 'test', documents: false, dryRun });

  beforeEach(async () => {
    db = await createTestDatabase();
    ref = await seedReferenceData(db.dataSource);
  });
  afterEach(() => db.drop());

  it('created from Rappel / relevé on invoices due months ago, it raises only the latest step due, the earlier ones passed over with their reason', async () => {
    const scenarioId = await makeScenario(db.dataSource, steps);
    const customer = await makeThirdParty(db.dataSource, ref);
    await makeEntry(db.dataSource, ref, customer, { debit: 250000, dueDate: DAY0, entryDate: addDays(DAY0, -30) });
    const today = day(100);
    const result = await createDossiersForCustomers({ dataSource: db.dataSource }, [customer.id], { scenarioId, today, actor: { userId: null, userName: null }, at: `${today}T08:00:00.000Z` });
    const dossierId = result.created[0].dossierId;

    const preview = await run(today, true);
    expect(preview.preview!.map((p) => [p.stepCode, p.kind, p.dueDate])).to.deep.equal([
      ['SECOND_APPEL', 'raise', today],
      ['APPEL_COURTOISIE', 'passed', day(0)],
      ['RELANCE_EMAIL', 'passed', day(10)],
      ['MISE_EN_DEMEURE', 'passed', day(25)],
    ]);

    const summary = await run(today);
    expect([summary.interventionsRaised, summary.skipped]).to.deep.equal([1, 3]);
    const list = await db.dataSource.getRepository(Intervention).find({ where: { dossierId }, order: { id: 'ASC' } });
    expect(list.filter((i) => i.state === 'todo').map((i) => [i.stepCode, i.dueDate])).to.deep.equal([['SECOND_APPEL', today]]);
    expect(list.filter((i) => i.state === 'skipped').map((i) => [i.stepCode, i.doneDate, i.skipReason])).to.deep.equal([
      ['APPEL_COURTOISIE', today, SKIP_REASON_PASSED_ON_JOIN],
      ['RELANCE_EMAIL', today, SKIP_REASON_PASSED_ON_JOIN],
      ['MISE_EN_DEMEURE', today, SKIP_REASON_PASSED_ON_JOIN],
    ]);
    // Exactly once: a second run the same day, or the next days, writes nothing more.
    expect((await run(today)).interventionsRaised).to.equal(0);
    expect((await run(addDays(today, 5))).interventionsRaised).to.equal(0);
  });

  it('given a scenario by hand, it joins that day; the days the job did not run after that are caught up in order', async () => {
    const scenarioId = await makeScenario(db.dataSource, [
      { code: 'APPEL_COURTOISIE', label: 'Appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 0 },
      { code: 'RELANCE_EMAIL', label: 'E-mail', actionType: 'email', anchor: 'oldest_due', offsetDays: 10 },
      { code: 'SECOND_APPEL', label: 'Second appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 20 },
      { code: 'MISE_EN_DEMEURE', label: 'Mise en demeure', actionType: 'letter', anchor: 'oldest_due', offsetDays: 25 },
    ]);
    const customer = await makeThirdParty(db.dataSource, ref);
    const dossier = await makeDossier(db.dataSource, ref, customer, { startDate: DAY0 });
    const invoice = await makeEntry(db.dataSource, ref, customer, { debit: 120000, dueDate: DAY0 });
    await linkEntry(db.dataSource, dossier.id, invoice.id);
    await assignScenario(db.dataSource, dossier.id, scenarioId, { userId: null, userName: null }, `${day(12)}T08:00:00.000Z`, day(12));
    // The job does not run again until day 30.
    await run(day(30));
    expect((await raised(db.dataSource, dossier.id)).map((r) => [r.stepCode, r.state, r.dueDate])).to.deep.equal([
      ['APPEL_COURTOISIE', 'skipped', day(0)],
      ['RELANCE_EMAIL', 'todo', day(12)],
      ['SECOND_APPEL', 'todo', day(20)],
      ['MISE_EN_DEMEURE', 'todo', day(25)],
    ]);
  });
});
