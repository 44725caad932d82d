import { expect } from 'chai';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { seedReferenceData, type ReferenceData } from '../support/factories';
import { runDaily, listJobRuns } from '../../src/jobs/run-daily';
import { completeIntervention } from '../../src/interventions';
import { SYSTEM_ACTOR } from '../../src/history';
import { suspendScenario, resumeScenario } from '../../src/scenarios/dossier-scenario.service';
import { Dossier } from '../../src/dossiers/dossier.entity';
import { Intervention } from '../../src/interventions/intervention.entity';
import { DossierEvent } from '../../src/history/dossier-event.entity';
import { addDays } from '../../src/shared/business-date';
import { changeScenario, putStep } from '../../src/scenarios/scenario.service';
import { ensureShippedTemplates, findGeneratedDocuments } from '../../src/documents';
import { makeScenario, makeScenarioDossier, raised } from './daily-support';

const DAY0 = '2026-03-02'; // a Monday: the invoice's due date
const day = (n: number) => addDays(DAY0, n);

describe('the daily job on real dossiers', () => {
  let db: TestDatabase;
  let ref: ReferenceData;
  const run = (date: string) => runDaily({ dataSource: db.dataSource }, date, { trigger: 'test' });

  beforeEach(async () => {
    db = await createTestDatabase();
    ref = await seedReferenceData(db.dataSource);
  });
  afterEach(() => db.drop());

  it('raises each step on its day, exactly once, and the next after the previous one is done', async () => {
    const scenarioId = await makeScenario(db.dataSource, [
      { code: 'APPEL', label: 'Premier appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 5, priority: 300 },
      { code: 'LETTRE', label: 'Lettre de relance', actionType: 'letter', anchor: 'previous_done', offsetDays: 15, templateCode: 'relance-simple' },
    ]);
    const dossier = await makeScenarioDossier(db.dataSource, ref, scenarioId, { dueDate: DAY0 });

    expect((await run(day(4))).interventionsRaised, 'day 4: nothing yet').to.equal(0);
    const day5 = await run(day(5));
    expect(day5.interventionsRaised).to.equal(1);
    expect(day5.dossiersExamined).to.equal(1);
    expect(await raised(db.dataSource, dossier.id)).to.deep.equal([
      { dossierId: dossier.id, stepCode: 'APPEL', occurrence: 1, dueDate: day(5), state: 'todo', type: 'call', assigneeId: ref.controllers[0].id, priority: 300 },
    ]);
    expect((await run(day(5))).interventionsRaised, 'a second run of the same day raises nothing').to.equal(0);
    expect((await run(day(6))).interventionsRaised, 'the letter waits for the call').to.equal(0);

    const [call] = await db.dataSource.getRepository(Intervention).findBy({ dossierId: dossier.id, stepCode: 'APPEL' });
    await completeIntervention(db.dataSource, call.id, { result: 'Promesse de paiement', comment: null, today: day(7) }, SYSTEM_ACTOR, `${day(7)}T10:00:00.000Z`);

    expect((await run(day(21))).interventionsRaised, 'day 21: the letter is due on day 22').to.equal(0);
    expect((await run(day(22))).interventionsRaised).to.equal(1);
    const letter = await db.dataSource.getRepository(Intervention).findOneByOrFail({ dossierId: dossier.id, stepCode: 'LETTRE' });
    expect(letter.dueDate).to.equal(day(22));
    expect(letter.source).to.equal('scenario');
    const [{ template_code }] = (await db.dataSource.query(`SELECT template_code FROM intervention WHERE id = ${letter.id}`)) as { template_code: string }[];
    expect(template_code).to.equal('relance-simple');

    const events = await db.dataSource.getRepository(DossierEvent).findBy({ dossierId: dossier.id, type: 'scenarioStepRaised' });
    expect(events.map((e) => JSON.parse(e.details).stepCode)).to.have.members(['APPEL', 'LETTRE']);
    // The Chrono names the scenario as users know it, not by its code.
    expect(JSON.parse(events[0].details).scenarioName).to.match(/^Scénario scenario-test-/);
  });

  it('catches up missed days in one run, each step with its own due date', async () => {
    const scenarioId = await makeScenario(db.dataSource, [
      { code: 'EMAIL', label: 'E-mail', actionType: 'email', anchor: 'oldest_due', offsetDays: 3 },
      { code: 'APPEL', label: 'Appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 10 },
      { code: 'MISE_EN_DEMEURE', label: 'Mise en demeure', actionType: 'letter', anchor: 'oldest_due', offsetDays: 30 },
      { code: 'CONTENTIEUX', label: 'Contentieux', actionType: 'task', anchor: 'oldest_due', offsetDays: 90 },
    ]);
    const dossier = await makeScenarioDossier(db.dataSource, ref, scenarioId, { dueDate: DAY0 });
    const summary = await run(day(45));
    expect(summary.interventionsRaised).to.equal(3);
    expect((await raised(db.dataSource, dossier.id)).map((r) => [r.stepCode, r.dueDate])).to.deep.equal([
      ['EMAIL', day(3)],
      ['APPEL', day(10)],
      ['MISE_EN_DEMEURE', day(30)],
    ]);
    expect((await run(day(45))).interventionsRaised).to.equal(0);
  });

  it('applies a step\'s loss percentage and status (through the status-change use case), with their Chrono lines', async () => {
    const scenarioId = await makeScenario(db.dataSource, [
      { code: 'APPEL', label: 'Appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 5 },
      { code: 'PASSAGE_AMIABLE', label: 'Passer en amiable renforcé', actionType: 'task', anchor: 'oldest_due', offsetDays: 60, lossPercentage: 30, setStatusCode: 'AMIABLE' },
    ]);
    const dossier = await makeScenarioDossier(db.dataSource, ref, scenarioId, { dueDate: DAY0 });
    await run(day(59));
    expect((await db.dataSource.getRepository(Dossier).findOneByOrFail({ id: dossier.id })).lossHundredths).to.equal(0);
    const summary = await run(day(60));
    expect(summary.dossiersChanged).to.equal(1);
    const after = await db.dataSource.getRepository(Dossier).findOneByOrFail({ id: dossier.id });
    expect(after.lossHundredths).to.equal(3000);
    expect(after.statusId).to.equal(ref.statuses.AMIABLE.id);
    expect(after.version).to.be.greaterThan(dossier.version);
    const types = (await db.dataSource.getRepository(DossierEvent).findBy({ dossierId: dossier.id })).map((e) => e.type);
    expect(types).to.include.members(['scenarioLossChanged', 'statusChanged']);
  });

  it('in a legal status, raises only the non-amicable steps', async () => {
    const scenarioId = await makeScenario(db.dataSource, [
      { code: 'APPEL', label: 'Appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 5 },
      { code: 'DECLARATION_CREANCE', label: 'Déclaration de créance', actionType: 'legal', anchor: 'start', offsetDays: 10 },
    ]);
    const dossier = await makeScenarioDossier(db.dataSource, ref, scenarioId, { dueDate: DAY0, status: 'REDRESSEMENT_JUDICIAIRE' });
    await run(day(30));
    expect((await raised(db.dataSource, dossier.id)).map((r) => r.stepCode)).to.deep.equal(['DECLARATION_CREANCE']);
  });

  it('records a step under its minimum balance as skipped, and never raises it later', async () => {
    const scenarioId = await makeScenario(db.dataSource, [
      { code: 'EMAIL', label: 'E-mail', actionType: 'email', anchor: 'oldest_due', offsetDays: 3 },
      { code: 'VISITE', label: 'Visite', actionType: 'visit', anchor: 'oldest_due', offsetDays: 10, minBalance: 500000 },
      { code: 'APPEL', label: 'Appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 20 },
    ]);
    const dossier = await makeScenarioDossier(db.dataSource, ref, scenarioId, { dueDate: DAY0, amount: 120000 });
    const summary = await run(day(25));
    expect(summary.interventionsRaised).to.equal(2);
    expect(summary.skipped).to.equal(1);
    expect((await raised(db.dataSource, dossier.id)).map((r) => [r.stepCode, r.state])).to.deep.equal([['EMAIL', 'todo'], ['VISITE', 'skipped'], ['APPEL', 'todo']]);
  });

  it('when the balance reaches zero, proposes the closure once instead of further steps', async () => {
    const scenarioId = await makeScenario(db.dataSource, [{ code: 'APPEL', label: 'Appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 5 }]);
    const dossier = await makeScenarioDossier(db.dataSource, ref, scenarioId, { dueDate: DAY0, amount: 50000, paid: 50000 });
    const first = await run(day(10));
    expect(first.closureProposals).to.equal(1);
    expect((await raised(db.dataSource, dossier.id)).map((r) => [r.stepCode, r.dueDate, r.type])).to.deep.equal([['PROPOSE_CLOSURE', day(10), 'task']]);
    expect((await run(day(11))).interventionsRaised).to.equal(0);
    expect(await raised(db.dataSource, dossier.id)).to.have.length(1);
  });

  it('leaves a suspended dossier alone, and picks it up again once resumed', async () => {
    const scenarioId = await makeScenario(db.dataSource, [{ code: 'APPEL', label: 'Appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 5 }]);
    const dossier = await makeScenarioDossier(db.dataSource, ref, scenarioId, { dueDate: DAY0 });
    await suspendScenario(db.dataSource, dossier.id, SYSTEM_ACTOR, '2026-03-01T00:00:00.000Z');
    const suspended = await run(day(10));
    expect(suspended.dossiersExamined).to.equal(0);
    expect(await raised(db.dataSource, dossier.id)).to.have.length(0);
    await resumeScenario(db.dataSource, dossier.id, SYSTEM_ACTOR, '2026-03-12T00:00:00.000Z');
    expect((await run(day(11))).interventionsRaised).to.equal(1);
  });

  it('never touches a closed dossier', async () => {
    const scenarioId = await makeScenario(db.dataSource, [{ code: 'APPEL', label: 'Appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 5 }]);
    const dossier = await makeScenarioDossier(db.dataSource, ref, scenarioId, { dueDate: DAY0, status: 'TERMINE' });
    await run(day(10));
    expect(await raised(db.dataSource, dossier.id)).to.have.length(0);
  });

  it('editing the scenario keeps what was raised and the next steps follow the new definition', async () => {
    const scenarioId = await makeScenario(db.dataSource, [
      { code: 'APPEL', label: 'Appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 5 },
      { code: 'LETTRE', label: 'Lettre', actionType: 'letter', anchor: 'oldest_due', offsetDays: 20 },
    ]);
    const dossier = await makeScenarioDossier(db.dataSource, ref, scenarioId, { dueDate: DAY0 });
    await run(day(6));
    await changeScenario(db.dataSource, scenarioId, (def) => putStep(def, 1, { ...def.steps[1], offsetDays: 30, label: 'Lettre recommandée' }), { userId: null }, '2026-03-08T00:00:00.000Z');
    await changeScenario(db.dataSource, scenarioId, (def) => putStep(def, 0, { ...def.steps[0], label: 'Appel modifié' }), { userId: null }, '2026-03-08T00:00:00.000Z');
    await run(day(25));
    expect(await raised(db.dataSource, dossier.id)).to.have.length(1);
    await run(day(30));
    const list = await db.dataSource.getRepository(Intervention).find({ where: { dossierId: dossier.id }, order: { dueDate: 'ASC' } });
    expect(list.map((i) => [i.stepCode, i.label, i.dueDate])).to.deep.equal([
      ['APPEL', 'Appel', day(5)],
      ['LETTRE', 'Lettre recommandée', day(30)],
    ]);
  });

  it('records every run with its counts, and releases its lock', async () => {
    const scenarioId = await makeScenario(db.dataSource, [{ code: 'APPEL', label: 'Appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 5 }]);
    await makeScenarioDossier(db.dataSource, ref, scenarioId, { dueDate: DAY0 });
    await makeScenarioDossier(db.dataSource, ref, scenarioId, { dueDate: DAY0 });
    await run(day(5));
    await run(day(5));
    const { runs, total } = await listJobRuns(db.dataSource);
    expect(total).to.equal(2);
    expect(runs.map((r) => [r.businessDate, r.status, r.dossiersExamined, r.interventionsRaised, r.errors])).to.deep.equal([
      // The second run of the day examines only the dossiers written since the first (none), on SQLite.
      [day(5), 'succeeded', db.dataSource.options.type === 'postgres' ? 2 : 0, 0, 0],
      [day(5), 'succeeded', 2, 2, 0],
    ]);
    expect(runs[0].finishedAt).to.be.a('string');
    expect(await db.dataSource.query('SELECT * FROM job_lock')).to.have.length(0);
  });

  it('lets the server answer between its batches instead of holding it for the whole run', async () => {
    const scenarioId = await makeScenario(db.dataSource, [{ code: 'APPEL', label: 'Appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 5 }]);
    for (let i = 0; i < 4; i++) await makeScenarioDossier(db.dataSource, ref, scenarioId, { dueDate: DAY0 });
    // What a request arriving during the run waits for: a turn of the event loop.
    let turns = 0;
    let running = true;
    const tick = () => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const summary = await runDaily({ dataSource: db.dataSource }, day(5), { trigger: 'test', writeBatch: 1 });
    running = false;
    expect(summary.interventionsRaised).to.equal(4);
    expect(turns, 'a turn after each of the four batches at least').to.be.at.least(4);
  });

  it('takes over the lock of a run whose process died, and records that run as interrupted', async () => {
    await db.dataSource.query(
      db.kind === 'postgres'
        ? "INSERT INTO job_lock (name, holder, host, pid, acquired_at, expires_at) VALUES ('daily', 'dead-holder', $1, 999999, '2026-03-01T00:00:00.000Z', '2099-01-01T00:00:00.000Z')"
        : "INSERT INTO job_lock (name, holder, host, pid, acquired_at, expires_at) VALUES ('daily', 'dead-holder', ?, 999999, '2026-03-01T00:00:00.000Z', '2099-01-01T00:00:00.000Z')",
      [require('node:os').hostname()],
    );
    await db.dataSource.query(
      "INSERT INTO job_run (task, business_date, dry_run, trigger, status, started_at, holder) VALUES ('daily', '2026-03-05', false, 'cli', 'running', '2026-03-05T06:00:00.000Z', 'dead-holder')",
    );
    const summary = await run(day(5));
    expect(summary.status).to.equal('succeeded');
    const { runs } = await listJobRuns(db.dataSource);
    expect(runs.map((r) => r.status)).to.deep.equal(['succeeded', 'interrupted']);
  });

  it('a dry run says what would be raised and writes nothing', async () => {
    const scenarioId = await makeScenario(db.dataSource, [
      { code: 'EMAIL', label: 'E-mail', actionType: 'email', anchor: 'oldest_due', offsetDays: 3 },
      { code: 'APPEL', label: 'Appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 10 },
    ]);
    const dossier = await makeScenarioDossier(db.dataSource, ref, scenarioId, { dueDate: DAY0 });
    const preview = await runDaily({ dataSource: db.dataSource }, day(12), { dryRun: true });
    expect(preview.preview?.map((p) => [p.dossierNumber, p.stepCode, p.dueDate, p.kind])).to.deep.equal([
      [dossier.number, 'EMAIL', day(3), 'raise'],
      [dossier.number, 'APPEL', day(10), 'raise'],
    ]);
    expect(await raised(db.dataSource)).to.have.length(0);
    expect((await listJobRuns(db.dataSource)).total).to.equal(0);
  });

  it('produces the letter of a letter step, and reports a broken template on the run and the intervention without stopping', async () => {
    await ensureShippedTemplates(db.dataSource);
    const scenarioId = await makeScenario(db.dataSource, [
      { code: 'LETTRE', label: 'Lettre de relance', actionType: 'letter', anchor: 'oldest_due', offsetDays: 5, templateCode: 'relance-simple' },
    ]);
    const broken = await makeScenario(db.dataSource, [
      { code: 'LETTRE', label: 'Lettre inconnue', actionType: 'letter', anchor: 'oldest_due', offsetDays: 5, templateCode: 'modele-inexistant' },
    ]);
    const good = await makeScenarioDossier(db.dataSource, ref, scenarioId, { dueDate: DAY0 });
    const bad = await makeScenarioDossier(db.dataSource, ref, broken, { dueDate: DAY0 });
    const summary = await run(day(6));
    expect(summary.interventionsRaised).to.equal(2);
    expect(summary.documents).to.equal(1);
    expect(summary.status).to.equal('partial');
    expect(summary.errorMessages.join()).to.include('modele-inexistant');
    const letter = await db.dataSource.getRepository(Intervention).findOneByOrFail({ dossierId: good.id });
    expect(await findGeneratedDocuments(db.dataSource, { interventionIds: [letter.id] })).to.have.length(1);
    const failed = await db.dataSource.getRepository(Intervention).findOneByOrFail({ dossierId: bad.id });
    expect(failed.comment).to.include('modele-inexistant');
    expect((await run(day(6))).documents, 'a second run does not print it twice').to.equal(0);
  });
});
