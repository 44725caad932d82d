/**
 * A second run of the same business date plans only the dossiers written since the previous run
 * (src/jobs/dossier-changes.ts, SQLite). What it raises must be what a run over every dossier would
 * raise; on PostgreSQL every run plans every dossier, so the same stories check the outcome there and
 * the number examined only on SQLite.
 */
import { expect } from 'chai';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { seedReferenceData, type ReferenceData } from '../support/factories';
import { runDaily } from '../../src/jobs/run-daily';
import { completeIntervention } from '../../src/interventions';
import { SYSTEM_ACTOR } from '../../src/history';
import { addDays } from '../../src/shared/business-date';
import { changeScenario, putStep } from '../../src/scenarios/scenario.service';
import { makeScenario, makeScenarioDossier, raised } from './daily-support';

const DAY0 = '2026-03-02';
const day = (n: number) => addDays(DAY0, n);

describe('a second run of the same day', () => {
  let db: TestDatabase;
  let ref: ReferenceData;
  let sqlite: boolean;
  const run = (date: string) => runDaily({ dataSource: db.dataSource }, date, { trigger: 'test' });
  /** Dossiers examined: the changed ones on SQLite, every open one on PostgreSQL. */
  const examined = (changed: number, all: number) => (sqlite ? changed : all);

  beforeEach(async () => {
    db = await createTestDatabase();
    ref = await seedReferenceData(db.dataSource);
    sqlite = db.dataSource.options.type !== 'postgres';
  });
  afterEach(() => db.drop());

  async function threeDossiers() {
    const scenarioId = await makeScenario(db.dataSource, [
      { code: 'APPEL', label: 'Premier appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 5 },
      { code: 'SUITE', label: 'Suite de l’appel', actionType: 'task', anchor: 'previous_done', offsetDays: 0 },
    ]);
    const dossiers = [];
    for (let i = 0; i < 3; i++) dossiers.push(await makeScenarioDossier(db.dataSource, ref, scenarioId, { dueDate: DAY0 }));
    return { scenarioId, dossiers };
  }

  it('examines only the dossiers written since the first run, and raises what they now call for', async () => {
    const { scenarioId, dossiers } = await threeDossiers();
    const first = await run(day(5));
    expect([first.dossiersExamined, first.interventionsRaised]).to.deep.equal([3, 3]);

    const again = await run(day(5));
    expect([again.dossiersExamined, again.interventionsRaised], 'nothing written since').to.deep.equal([examined(0, 3), 0]);

    // The controller works the first call of dossier 1, and a new dossier comes in, the same day.
    const [{ id: appelId }] = (await db.dataSource.query(`SELECT id FROM intervention WHERE dossier_id = ${dossiers[0].id} AND step_code = 'APPEL'`)) as { id: number }[];
    await completeIntervention(db.dataSource, Number(appelId), { result: null, comment: null, today: day(5) }, SYSTEM_ACTOR, `${day(5)}T10:00:00.000Z`);
    const newcomer = await makeScenarioDossier(db.dataSource, ref, scenarioId, { dueDate: DAY0 });

    const third = await run(day(5));
    expect([third.dossiersExamined, third.interventionsRaised]).to.deep.equal([examined(2, 4), 2]);
    expect((await raised(db.dataSource, dossiers[0].id)).map((r) => [r.stepCode, r.dueDate, r.state])).to.deep.equal([['APPEL', day(5), 'done'], ['SUITE', day(5), 'todo']]);
    expect((await raised(db.dataSource, newcomer.id)).map((r) => r.stepCode)).to.deep.equal(['APPEL']);
    expect((await raised(db.dataSource, dossiers[1].id)).map((r) => r.stepCode)).to.deep.equal(['APPEL']);

    const fourth = await run(day(5));
    expect([fourth.dossiersExamined, fourth.interventionsRaised], 'its own raised steps are not changes').to.deep.equal([examined(0, 4), 0]);
  });

  it('sees a ledger line written by anyone, even raw SQL: its dossier is examined again', async () => {
    const { dossiers } = await threeDossiers();
    await run(day(5));
    const [{ id: entryId }] = (await db.dataSource.query(`SELECT ledger_entry_id AS id FROM dossier_entry WHERE dossier_id = ${dossiers[2].id}`)) as { id: number }[];
    await db.dataSource.query(`UPDATE ledger_entry SET due_date = '${day(1)}' WHERE id = ${Number(entryId)}`);
    const again = await run(day(5));
    expect([again.dossiersExamined, again.interventionsRaised]).to.deep.equal([examined(1, 3), 0]);
  });

  it('sees an intervention added by anyone but the run itself, even raw SQL: its dossier is examined again', async () => {
    const { dossiers } = await threeDossiers();
    await run(day(5));
    // Written by another process, beside the app: the run finds it by its id, above the previous run's mark.
    await db.dataSource.query(
      `INSERT INTO intervention (dossier_id, type, label, due_date, priority, state, source, step_code, occurrence, version, created_at)
       VALUES (${dossiers[1].id}, 'task', 'Appel du client', '${day(5)}', 0, 'todo', 'manual', NULL, 1, 1, '${day(5)}T12:00:00.000Z')`,
    );
    const again = await run(day(5));
    expect([again.dossiersExamined, again.interventionsRaised]).to.deep.equal([examined(1, 3), 0]);
    expect((await run(day(5))).dossiersExamined).to.equal(examined(0, 3));
  });

  it('examines every dossier again after a scenario is edited, on another date, or when its triggers were lost', async () => {
    const { scenarioId } = await threeDossiers();
    await run(day(5));
    await changeScenario(db.dataSource, scenarioId, (def) => putStep(def, 0, { ...def.steps[0], label: 'Appel modifié' }), { userId: null }, `${day(5)}T11:00:00.000Z`);
    expect((await run(day(5))).dossiersExamined, 'scenario edited').to.equal(3);
    expect((await run(day(5))).dossiersExamined).to.equal(examined(0, 3));
    expect((await run(day(6))).dossiersExamined, 'first run of another day').to.equal(3);
    if (!sqlite) return;
    // What TypeORM does to SQLite triggers when it rebuilds a table for a column change.
    await db.dataSource.query('DROP TRIGGER dossier_change_v1_ledger_entry_update');
    expect((await run(day(6))).dossiersExamined, 'a trigger was missing: recreated, every dossier planned').to.equal(3);
    const triggers = (await db.dataSource.query("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name = 'dossier_change_v1_ledger_entry_update'")) as unknown[];
    expect(triggers).to.have.length(1);
    expect((await run(day(6))).dossiersExamined).to.equal(0);
    // The insert trigger of an earlier version (replaced by the intervention mark) is dropped, not kept running.
    await db.dataSource.query(
      "CREATE TRIGGER dossier_change_v1_intervention_insert AFTER INSERT ON intervention FOR EACH ROW WHEN NEW.source <> 'scenario' BEGIN DELETE FROM dossier_change WHERE dossier_id = NEW.dossier_id; INSERT INTO dossier_change (dossier_id) VALUES (NEW.dossier_id); END",
    );
    expect((await run(day(6))).dossiersExamined).to.equal(0);
    expect(await db.dataSource.query("SELECT name FROM sqlite_master WHERE name = 'dossier_change_v1_intervention_insert'")).to.have.length(0);
  });
});
