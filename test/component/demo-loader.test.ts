/**
 * The demo company a newcomer sees after `npm start`: loaded once, into a real database, with the
 * figures of fixtures/demo, its amicable dossiers on shipped scenarios and its collective
 * procedures with their dates.
 */
import { expect } from 'chai';
import { loadDemoOnFirstStart } from '../../src/demo';
import { loadShippedScenarios } from '../../src/scenarios/scenario.service';
import { Dossier } from '../../src/dossiers/dossier.entity';
import { Intervention } from '../../src/interventions/intervention.entity';
import { DossierEvent } from '../../src/history';
import { LedgerEntry } from '../../src/ledger/ledger-entry.entity';
import { ThirdParty } from '../../src/third-parties/third-party.entity';
import { Scenario } from '../../src/scenarios/scenario.entity';
import { DossierStatus } from '../../src/settings/reference-list.entities';
import { verifyPassword } from '../../src/auth/password';
import { User } from '../../src/auth/user.entity';
import { createTestDatabase, TestDatabase } from '../support/test-db';

describe('the demo company', function () {
  this.timeout(60000);
  let db: TestDatabase;
  let loaded: Awaited<ReturnType<typeof loadDemoOnFirstStart>>;
  before(async () => {
    db = await createTestDatabase();
    await loadShippedScenarios(db.dataSource);
    loaded = await loadDemoOnFirstStart(db.dataSource, { customerAccountPrefixes: '411' });
  });
  after(async () => db.drop());

  it('loads the customers, the ledger, the dossiers and their interventions of fixtures/demo', async () => {
    expect(loaded).to.include({ customers: 40, ledgerLines: 607, dossiers: 15, interventions: 62 });
    const ds = db.dataSource;
    expect(await ds.getRepository(ThirdParty).count()).to.equal(40);
    expect(await ds.getRepository(LedgerEntry).count()).to.equal(607);
    expect(await ds.getRepository(Dossier).count()).to.equal(15);
    expect(await ds.getRepository(Intervention).count()).to.equal(62);
  });

  it('gives each credit controller an account whose printed password works', async () => {
    expect(loaded!.users).to.have.length(3);
    for (const u of loaded!.users) {
      const user = await db.dataSource.getRepository(User).findOneByOrFail({ username: u.username });
      expect(user.role).to.equal('controller');
      expect(await verifyPassword(u.password, user.passwordHash)).to.equal(true);
    }
  });

  it('puts the amicable dossiers on shipped scenarios, and none of the others', async () => {
    const rows = await db.dataSource.getRepository(Dossier).find();
    const statuses = new Map((await db.dataSource.getRepository(DossierStatus).find()).map((s) => [s.id, s.code]));
    const scenarios = new Map((await db.dataSource.getRepository(Scenario).find()).map((s) => [s.id, s.code]));
    for (const d of rows) {
      const amicable = ['EN_COURS', 'AMIABLE'].includes(statuses.get(d.statusId)!);
      if (amicable) expect(['standard-b2b', 'grands-comptes']).to.include(scenarios.get(d.scenarioId!));
      else expect(d.scenarioId, `dossier ${d.number}`).to.equal(null);
    }
    expect(rows.filter((d) => d.scenarioId !== null)).to.have.length(9);
  });

  it('keeps the judgment, BODACC and claims-declaration dates of the collective procedures', async () => {
    const rows = await db.dataSource.getRepository(Dossier).find();
    const legal = rows.filter((d) => d.claimsDeclarationDeadline !== null).map((d) => [d.judgmentDate, d.bodaccDate, d.claimsDeclarationDeadline]);
    expect(legal).to.have.deep.members([
      ['2026-10-14', '2026-10-28', '2026-12-28'],
      ['2026-06-10', '2026-06-23', '2026-08-23'],
    ]);
  });

  it('tells the creation of each dossier in its Chrono, with its number, customer and status', async () => {
    const d = await db.dataSource.getRepository(Dossier).findOneByOrFail({ number: 7 });
    const [created] = await db.dataSource.getRepository(DossierEvent).findBy({ dossierId: d.id, type: 'created' });
    expect(JSON.parse(created.details)).to.include({ number: 7, customer: 'Fontaine Textiles', status: 'Redressement judiciaire' });
  });

  it("tells each dossier's past in its Chrono, on the days it happened: creation, linked invoices, interventions handled, payments received", async () => {
    const ds = db.dataSource;
    const events = await ds.getRepository(DossierEvent).find();
    const dossiers = await ds.getRepository(Dossier).find();
    for (const d of dossiers) {
      const created = events.find((e) => e.dossierId === d.id && e.type === 'created')!;
      expect(created.at.slice(0, 10), `dossier ${d.number}`).to.equal(d.startDate);
      expect(events.some((e) => e.dossierId === d.id && e.type === 'entryLinked'), `dossier ${d.number} links`).to.equal(true);
    }
    const handled = await ds.getRepository(Intervention).find({ where: [{ state: 'done' }, { state: 'skipped' }] });
    expect(handled.length).to.be.above(0);
    for (const i of handled) {
      const told = events.find((e) => e.dossierId === i.dossierId && (e.type === 'interventionDone' || e.type === 'interventionSkipped') && JSON.parse(e.details).interventionId === i.id);
      expect(told, i.label).to.not.equal(undefined);
      if (i.doneDate) expect(told!.at.slice(0, 10)).to.equal(i.doneDate);
    }
    const payments = events.filter((e) => e.type === 'paymentReceived');
    expect(payments.length, 'payments in the Chrono').to.be.above(0);
    for (const p of payments) {
      expect(p.amount).to.be.above(0);
      const d = dossiers.find((x) => x.id === p.dossierId)!;
      expect(p.at.slice(0, 10) >= d.startDate).to.equal(true);
    }
  });

  it('loads only on the first start', async () => {
    expect(await loadDemoOnFirstStart(db.dataSource, { customerAccountPrefixes: '411' })).to.equal(null);
    expect(await db.dataSource.getRepository(Dossier).count()).to.equal(15);
  });
});
