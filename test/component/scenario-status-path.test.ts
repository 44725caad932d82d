/**
 * One path for a status change: a status set by a scenario step goes through the status-change use
 * case (approvals included), and scenarios may not set a closed or legal status.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { seedReferenceData, type ReferenceData } from '../support/factories';
import { runDaily } from '../../src/jobs/run-daily';
import { Dossier } from '../../src/dossiers/dossier.entity';
import { DossierEvent } from '../../src/history/dossier-event.entity';
import { ApprovalRequest } from '../../src/approvals';
import { addDays } from '../../src/shared/business-date';
import { importScenarioJson, loadShippedScenarios } from '../../src/scenarios/scenario.service';
import { Scenario } from '../../src/scenarios/scenario.entity';
import { isAppError } from '../../src/shared/errors';
import { DossierStatus } from '../../src/settings/reference-list.entities';
import { makeScenario, makeScenarioDossier, raised } from './daily-support';

const DAY0 = '2026-03-02';
const day = (n: number) => addDays(DAY0, n);
const AT = '2026-03-01T08:00:00.000Z';

async function refusal(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (err) {
    if (isAppError(err)) return err.fieldErrors.map((f) => f.message);
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('a status set by a scenario step', () => {
  let db: TestDatabase;
  let ref: ReferenceData;
  const run = (date: string) => runDaily({ dataSource: db.dataSource }, date, { trigger: 'test', documents: false });

  beforeEach(async () => {
    db = await createTestDatabase();
    ref = await seedReferenceData(db.dataSource);
  });
  afterEach(() => db.drop());

  it('a status that needs approval opens an approval request instead of applying, once', async () => {
    const scenarioId = await makeScenario(db.dataSource, [
      { code: 'APPEL', label: 'Appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 5 },
      { code: 'PROPOSITION_CONTENTIEUX', label: 'Proposer le contentieux', actionType: 'task', anchor: 'oldest_due', offsetDays: 60, lossPercentage: 30, setStatusCode: 'CONTENTIEUX' },
    ]);
    const dossier = await makeScenarioDossier(db.dataSource, ref, scenarioId, { dueDate: DAY0 });
    const summary = await run(day(60));
    expect(summary.errors, summary.errorMessages.join('\n')).to.equal(0);
    const after = await db.dataSource.getRepository(Dossier).findOneByOrFail({ id: dossier.id });
    expect(after.statusId, 'still in its status until an administrator approves').to.equal(ref.statuses.EN_COURS.id);
    expect(after.lossHundredths).to.equal(3000);
    const requests = await db.dataSource.getRepository(ApprovalRequest).findBy({ dossierId: dossier.id });
    expect(requests.map((r) => [r.kind, r.status, r.statusId])).to.deep.equal([['statusChange', 'pending', ref.statuses.CONTENTIEUX.id]]);
    const types = (await db.dataSource.getRepository(DossierEvent).findBy({ dossierId: dossier.id })).map((e) => e.type);
    expect(types).to.include('statusChangeRequested');
    expect(types).to.not.include('statusChanged');
    await run(day(61));
    expect(await db.dataSource.getRepository(ApprovalRequest).countBy({ dossierId: dossier.id })).to.equal(1);
  });

  it('a step whose status has become a closed one since the scenario was saved is raised, and its status refused with the reason', async () => {
    const scenarioId = await makeScenario(db.dataSource, [{ code: 'PASSAGE', label: 'Passage', actionType: 'task', anchor: 'oldest_due', offsetDays: 5, setStatusCode: 'AMIABLE' }]);
    await db.dataSource.getRepository(DossierStatus).update({ id: ref.statuses.AMIABLE.id }, { kind: 'closed' });
    const dossier = await makeScenarioDossier(db.dataSource, ref, scenarioId, { dueDate: DAY0 });
    const summary = await run(day(5));
    expect((await raised(db.dataSource, dossier.id)).map((r) => r.stepCode)).to.deep.equal(['PASSAGE']);
    expect(summary.errorMessages.join('\n')).to.match(/step PASSAGE sets status AMIABLE: a scenario may not set a closed status/);
    expect((await db.dataSource.getRepository(Dossier).findOneByOrFail({ id: dossier.id })).statusId).to.equal(ref.statuses.EN_COURS.id);
  });

  it('saving a scenario that would close a dossier or open a collective procedure is refused, naming the step and the reason', async () => {
    const messages = await refusal(makeScenario(db.dataSource, [
      { code: 'APPEL', label: 'Appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 5 },
      { code: 'CLOTURE', label: 'Clôturer', actionType: 'task', anchor: 'oldest_due', offsetDays: 90, setStatusCode: 'TERMINE' },
      { code: 'RJ', label: 'RJ', actionType: 'task', anchor: 'oldest_due', offsetDays: 95, setStatusCode: 'REDRESSEMENT_JUDICIAIRE' },
    ]));
    expect(messages).to.have.length(2);
    expect(messages[0]).to.match(/^step 2 \(CLOTURE\), field setStatusCode: must not be the closed status TERMINE: .*end date, resolution and result/);
    expect(messages[1]).to.match(/^step 3 \(RJ\), field setStatusCode: must not be the collective-procedure status REDRESSEMENT_JUDICIAIRE/);
    expect(await db.dataSource.getRepository(Scenario).count()).to.equal(0);
  });

  it('importing such a scenario as JSON is refused too', async () => {
    const json = JSON.stringify({ code: 'import-test', name: 'Import', steps: [{ code: 'FIN', label: 'Fin', actionType: 'task', anchor: 'start', offsetDays: 1, setStatusCode: 'TERMINE' }] });
    const messages = await refusal(importScenarioJson(db.dataSource, json, 'import-test.json', { userId: null }, AT));
    expect(messages.join('\n')).to.match(/step 1 \(FIN\), field setStatusCode: must not be the closed status TERMINE/);
    expect(await db.dataSource.getRepository(Scenario).countBy({ code: 'import-test' })).to.equal(0);
  });

  it('a shipped scenario file that sets a legal status is not loaded, and the problem names the file and the step', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'scenarios-'));
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ code: 'bad', name: 'Bad', steps: [{ code: 'APPEL', label: 'Appel', actionType: 'call', anchor: 'start', offsetDays: 1 }, { code: 'LJ', label: 'LJ', actionType: 'task', anchor: 'start', offsetDays: 2, setStatusCode: 'LIQUIDATION_JUDICIAIRE' }] }));
    writeFileSync(path.join(dir, 'good.json'), JSON.stringify({ code: 'good', name: 'Good', steps: [{ code: 'APPEL', label: 'Appel', actionType: 'call', anchor: 'start', offsetDays: 1, setStatusCode: 'CONTENTIEUX' }] }));
    const report = await loadShippedScenarios(db.dataSource, { dir, at: AT });
    expect(report.inserted).to.deep.equal(['good']);
    expect(report.problems.map((p) => p.text).join('\n')).to.match(/bad\.json, step 2 \(LJ\), field setStatusCode: must not be the collective-procedure status LIQUIDATION_JUDICIAIRE/);
  });
});
