import { expect } from 'chai';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { seedReferenceData, type ReferenceData } from '../support/factories';
import { loadConfig } from '../../src/config';
import { scheduledTick } from '../../src/jobs/schedule';
import { JobRun } from '../../src/jobs/job-run.entity';
import { Intervention } from '../../src/interventions/intervention.entity';
import { makeScenario, makeScenarioDossier } from './daily-support';

const TODAY = '2026-04-15';

describe('the scheduler on several instances', () => {
  let db: TestDatabase;
  let ref: ReferenceData;
  const config = loadConfig({ ...process.env, SESSION_SECRET: 'scheduler-test-secret-0123456789', LOAD_DEMO: 'false' });

  beforeEach(async () => {
    db = await createTestDatabase();
    ref = await seedReferenceData(db.dataSource);
    const scenarioId = await makeScenario(db.dataSource, [{ code: 'APPEL', label: 'Premier appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 5, priority: 300 }]);
    await makeScenarioDossier(db.dataSource, ref, scenarioId, { dueDate: '2026-04-01' });
  });
  afterEach(() => db.drop());

  it('runs the morning job on exactly one instance when the instances tick at the same moment', async () => {
    const instance = () => scheduledTick({ dataSource: db.dataSource, config, today: () => TODAY });
    const outcomes = await Promise.all([instance(), instance(), instance()]);
    expect(outcomes.filter((o) => o === 'ran')).to.have.length(1);
    expect(outcomes.filter((o) => o !== 'ran'), 'the others leave it to the holder or find it done').to.satisfy((l: string[]) => l.every((o) => o === 'held' || o === 'done-already'));
    const runs = await db.dataSource.getRepository(JobRun).findBy({ task: 'daily', trigger: 'cron', businessDate: TODAY });
    expect(runs, 'one scheduled run in the history').to.have.length(1);
    expect(await db.dataSource.getRepository(Intervention).countBy({ stepCode: 'APPEL' })).to.equal(1);
  });

  it('does not run the job again when a later tick finds the day already done', async () => {
    expect(await scheduledTick({ dataSource: db.dataSource, config, today: () => TODAY })).to.equal('ran');
    expect(await scheduledTick({ dataSource: db.dataSource, config, today: () => TODAY })).to.equal('done-already');
    expect(await db.dataSource.getRepository(JobRun).countBy({ task: 'daily', trigger: 'cron' })).to.equal(1);
    expect(await scheduledTick({ dataSource: db.dataSource, config, today: () => '2026-04-16' }), 'the next day runs').to.equal('ran');
  });
});
