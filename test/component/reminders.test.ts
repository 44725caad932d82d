import { expect } from 'chai';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { makeDossier, makeEntry, makeThirdParty, ReferenceData, seedReferenceData } from '../support/factories';
import { makeScenario } from './daily-support';
import { LedgerEntry, openItemsOf } from '../../src/ledger';
import { formatMoney } from '../../src/shared/money';
import { Dossier, DossierEntry } from '../../src/dossiers/dossier.entity';
import { DossierEvent } from '../../src/history/dossier-event.entity';
import { ReminderSent, saveAutoDossierRule } from '../../src/reminders';
import { runAutoDossierTask } from '../../src/jobs/auto-dossiers.task';
import { DAILY_TASKS } from '../../src/jobs/daily-tasks';
import { JobRun } from '../../src/jobs/job-run.entity';
import { loadConfig } from '../../src/config';
import type { ThirdParty } from '../../src/third-parties/third-party.entity';

const BASE = '/recouvrement';
const TODAY = '2026-11-22';
const money = (cents: number) => formatMoney(cents, 'fr');

/** Accounts of the listed customers, in page order. */
function listed(html: string): string[] {
  return [...html.matchAll(/<tr data-customer="([^"]+)">/g)].map((m) => m[1]);
}

function cell(html: string, account: string, col: string): string {
  const row = new RegExp(`<tr data-customer="${account}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
  return (new RegExp(`data-col="${col}">([^<]*)<`).exec(row)?.[1] ?? '').trim();
}

function flashes(html: string): string[] {
  return [...html.matchAll(/<div class="alert alert-(\w+)[^"]*" role="alert">([^<]*)</g)].map((m) => `${m[1]}: ${m[2]}`);
}

describe('Rappel / relevé', () => {
  describe('the overdue customer list', () => {
    let t: TestApp;
    let ref: ReferenceData;
    let s: SignedInAgent;
    let aging: ThirdParty;

    before(async () => {
      t = await createTestApp({ basePath: BASE, today: TODAY, env: { PAGE_SIZE: '5' } });
      ref = await seedReferenceData(t.db.dataSource);
      s = await signIn(t, 'claire', 'controller');
      const ds = t.db.dataSource;
      // One invoice on each side of every bucket boundary at 22/11/2026.
      aging = await makeThirdParty(ds, ref, { name: 'Aging Boundaries', auxiliaryAccount: '411AGING', creditControllerId: ref.controllers[0].id, riskCodeId: ref.riskCodes.R3.id });
      const invoices: [string, number][] = [
        ['2026-11-22', 10000], // due today: not due
        ['2026-11-21', 20000], // 1 day
        ['2026-10-23', 40000], // 30 days
        ['2026-10-22', 80000], // 31 days
        ['2026-09-23', 160000], // 60 days
        ['2026-09-22', 320000], // 61 days
        ['2026-08-24', 640000], // 90 days
        ['2026-08-23', 1280000], // 91 days
      ];
      for (const [dueDate, debit] of invoices) await makeEntry(ds, ref, aging, { dueDate, debit });
      // A payment on account without due date is aged from its entry date (12 days: 1-30).
      await makeEntry(ds, ref, aging, { debit: 0, credit: 5000, dueDate: null, entryDate: '2026-11-10', journalCode: 'BQ' });
      // A lettered invoice weighs nothing.
      await makeEntry(ds, ref, aging, { dueDate: '2026-01-01', debit: 999900, lettering: 'AA', letteringDate: '2026-02-01' });

      const small = await makeThirdParty(ds, ref, { name: 'Small Late', auxiliaryAccount: '411SMALL', creditControllerId: ref.controllers[1].id, riskCodeId: ref.riskCodes.R2.id });
      await makeEntry(ds, ref, small, { dueDate: '2026-11-12', debit: 50000 });
      const big = await makeThirdParty(ds, ref, { name: 'Big Late', auxiliaryAccount: '411BIG', creditControllerId: ref.controllers[0].id, riskCodeId: ref.riskCodes.R1.id });
      await makeEntry(ds, ref, big, { dueDate: '2026-10-08', debit: 200000 });
      const notDue = await makeThirdParty(ds, ref, { name: 'Not Due Yet', auxiliaryAccount: '411NOTDUE' });
      await makeEntry(ds, ref, notDue, { dueDate: '2026-12-15', debit: 300000 });
      for (let i = 1; i <= 4; i++) {
        const c = await makeThirdParty(ds, ref, { name: `Paging ${i}`, auxiliaryAccount: `411PAGE${i}` });
        await makeEntry(ds, ref, c, { dueDate: '2026-11-01', debit: 1000 * i });
      }
    });
    after(() => t.close());

    it('buckets a customer\'s open items exactly as the ledger ages them, boundaries included', async () => {
      const html = (await s.agent.get(`${BASE}/reminders?q=boundaries`).expect(200)).text;
      expect(listed(html)).to.deep.equal(['411AGING']);
      expect(cell(html, '411AGING', 'notDue')).to.equal(money(10000));
      expect(cell(html, '411AGING', 'd1to30')).to.equal(money(20000 + 40000 - 5000));
      expect(cell(html, '411AGING', 'd31to60')).to.equal(money(80000 + 160000));
      expect(cell(html, '411AGING', 'd61to90')).to.equal(money(320000 + 640000));
      expect(cell(html, '411AGING', 'over90')).to.equal(money(1280000));
      expect(cell(html, '411AGING', 'overdue')).to.equal(money(55000 + 240000 + 960000 + 1280000));
      expect(cell(html, '411AGING', 'daysLate')).to.equal('91');
      // Same figures as the customer page's aging (src/ledger).
      const { totals } = await openItemsOf(t.db.dataSource, aging.id, TODAY);
      expect(cell(html, '411AGING', 'd31to60')).to.equal(money(totals.d31to60));
      expect(cell(html, '411AGING', 'balance')).to.equal(money(totals.total));
    });

    it('lists only customers with something overdue, and filters by amount, days, controller and risk code', async () => {
      const all = listed((await s.agent.get(`${BASE}/reminders?sort=name&dir=asc&q=late`).expect(200)).text);
      expect(all).to.deep.equal(['411BIG', '411SMALL']);
      expect(listed((await s.agent.get(`${BASE}/reminders?sort=name&dir=asc`).expect(200)).text)).to.not.include('411NOTDUE');
      expect(listed((await s.agent.get(`${BASE}/reminders?minAmount=${encodeURIComponent('1 000,00')}&sort=name&dir=asc`).expect(200)).text)).to.deep.equal(['411AGING', '411BIG']);
      // 10 days late passes "10 days", not "11".
      expect(listed((await s.agent.get(`${BASE}/reminders?minDays=10&q=small`).expect(200)).text)).to.deep.equal(['411SMALL']);
      expect(listed((await s.agent.get(`${BASE}/reminders?minDays=11&q=small`).expect(200)).text)).to.deep.equal([]);
      expect(listed((await s.agent.get(`${BASE}/reminders?minDays=40&sort=name&dir=asc`).expect(200)).text)).to.deep.equal(['411AGING', '411BIG']);
      expect(listed((await s.agent.get(`${BASE}/reminders?controller=${ref.controllers[1].id}`).expect(200)).text)).to.deep.equal(['411SMALL']);
      expect(listed((await s.agent.get(`${BASE}/reminders?risk=${ref.riskCodes.R1.id}`).expect(200)).text)).to.deep.equal(['411BIG']);
    });

    it('refuses a malformed amount at the field and keeps what was typed', async () => {
      const res = await s.agent.get(`${BASE}/reminders?minAmount=abc`).expect(422);
      expect(res.text).to.match(/id="f-minAmount" name="minAmount" value="abc"/);
      expect(res.text).to.include('is-invalid');
    });

    it('sorts by overdue amount and pages the customers', async () => {
      const page1 = (await s.agent.get(`${BASE}/reminders?sort=overdue&dir=desc`).expect(200)).text;
      expect(listed(page1)).to.deep.equal(['411AGING', '411BIG', '411SMALL', '411PAGE4', '411PAGE3']);
      expect(page1).to.include('7 clients en retard');
      const page2 = (await s.agent.get(`${BASE}/reminders?sort=overdue&dir=desc&page=2`).expect(200)).text;
      expect(listed(page2)).to.deep.equal(['411PAGE2', '411PAGE1']);
      expect(listed((await s.agent.get(`${BASE}/reminders?sort=overdue&dir=asc&q=page`).expect(200)).text)).to.deep.equal(['411PAGE1', '411PAGE2', '411PAGE3', '411PAGE4']);
      expect(listed((await s.agent.get(`${BASE}/reminders?sort=daysLate&dir=desc&q=late`).expect(200)).text)).to.deep.equal(['411BIG', '411SMALL']);
    });

    it('is in the Traitements menu', async () => {
      const html = (await s.agent.get(`${BASE}/dossiers`).expect(200)).text;
      expect(html).to.include(`href="${BASE}/reminders"`);
    });
  });

  describe('printing reminders and statements', () => {
    let t: TestApp;
    let ref: ReferenceData;
    let s: SignedInAgent;
    let customer: ThirdParty;
    let older: { id: number; pieceRef: string | null };
    let newer: { id: number; pieceRef: string | null };

    before(async () => {
      t = await createTestApp({ basePath: BASE, today: TODAY });
      ref = await seedReferenceData(t.db.dataSource);
      s = await signIn(t, 'claire', 'controller');
      const ds = t.db.dataSource;
      customer = await makeThirdParty(ds, ref, { name: 'Durand Travaux', auxiliaryAccount: '411DURAND' });
      older = await makeEntry(ds, ref, customer, { pieceRef: 'FA-OLD-1', dueDate: '2026-10-01', debit: 100000 });
      newer = await makeEntry(ds, ref, customer, { pieceRef: 'FA-NEW-2', dueDate: '2026-11-01', debit: 50000 });
      await makeEntry(ds, ref, customer, { pieceRef: 'FA-LATER-3', dueDate: '2026-12-20', debit: 30000 });
    });
    after(() => t.close());

    const sentFor = async (entryId: number) => t.db.dataSource.getRepository(ReminderSent).find({ where: { ledgerEntryId: entryId }, order: { id: 'ASC' } });

    it('previews the letters with each invoice, its count and the proposed level, writing nothing', async () => {
      const res = await s.agent.post(`${BASE}/reminders/preview`).type('form').send({ _csrf: s.csrf, kind: 'letters', customers: [String(customer.id)] }).expect(200);
      expect(res.text).to.include('FA-OLD-1').and.to.include('FA-NEW-2').and.to.include('FA-LATER-3');
      expect(res.text).to.match(/<option value="1" selected>Relance 1 — simple \(proposé\)/);
      expect(await t.db.dataSource.getRepository(ReminderSent).count()).to.equal(0);
    });

    it('leaves an excluded invoice out of the letter and counts a reminder on the others only, once even if confirmed twice', async () => {
      const form = { _csrf: s.csrf, kind: 'letters', token: 'token-first-print-0001', customers: [String(customer.id)], exclude: [String(newer.id)], [`level_${customer.id}`]: '1' };
      const first = await s.agent.post(`${BASE}/reminders/print`).type('form').send(form).expect(303);
      const batchUrl = first.headers.location as string;
      expect(batchUrl).to.match(/\/reminders\/batches\/\d+$/);
      const page = await s.agent.get(batchUrl).expect(200);
      expect(flashes(page.text).join()).to.include('1 relance enregistrée');
      const letter = (await s.agent.get(`${batchUrl}/print`).expect(200)).text;
      expect(letter).to.include('rappel de factures échues').and.to.include('FA-OLD-1');
      expect(letter).to.not.include('FA-NEW-2');
      expect(letter).to.not.include('Dossier n°');
      expect((await sentFor(older.id)).map((r) => r.reminderNumber)).to.deep.equal([1]);
      expect(await sentFor(newer.id)).to.have.length(0);

      // The same confirmation again (double click, back and resubmit): same batch, nothing counted twice.
      const again = await s.agent.post(`${BASE}/reminders/print`).type('form').send(form).expect(303);
      expect(again.headers.location).to.equal(batchUrl);
      expect(flashes((await s.agent.get(batchUrl).expect(200)).text).join()).to.include('Ce lot avait déjà été confirmé');
      expect(await sentFor(older.id)).to.have.length(1);

      const list = (await s.agent.get(`${BASE}/reminders`).expect(200)).text;
      expect(cell(list, '411DURAND', 'reminders')).to.equal('1');
    });

    it('proposes the next level from the counts, and follows a count corrected in the preview', async () => {
      const base = { _csrf: s.csrf, kind: 'letters', customers: [String(customer.id)] };
      const proposed = await s.agent.post(`${BASE}/reminders/preview`).type('form').send(base).expect(200);
      expect(proposed.text).to.match(/<option value="2" selected>Relance 2 — ferme \(proposé\)/);
      expect(proposed.text).to.match(new RegExp(`name="count_${older.id}" value="1"`));
      const corrected = await s.agent.post(`${BASE}/reminders/preview`).type('form').send({ ...base, [`count_${older.id}`]: '2' }).expect(200);
      expect(corrected.text).to.match(/<option value="3" selected>Relance 3 — mise en demeure \(proposé\)/);

      const printed = await s.agent
        .post(`${BASE}/reminders/print`)
        .type('form')
        .send({ ...base, token: 'token-second-print-002', [`count_${older.id}`]: '2', [`count_${newer.id}`]: '0', [`level_${customer.id}`]: '3' })
        .expect(303);
      const letter = (await s.agent.get(`${printed.headers.location}/print`).expect(200)).text;
      expect(letter).to.include('MISE EN DEMEURE DE PAYER').and.to.include('FA-NEW-2');
      expect((await sentFor(older.id)).map((r) => [r.reminderNumber, r.level])).to.deep.equal([[1, 1], [3, 3]]);
      expect((await sentFor(newer.id)).map((r) => r.reminderNumber)).to.deep.equal([1]);
      expect(cell((await s.agent.get(`${BASE}/reminders`).expect(200)).text, '411DURAND', 'reminders')).to.match(/^3/);
      // The customer page's open items show each invoice's count too.
      const customerPage = (await s.agent.get(`${BASE}/third-parties/${customer.id}`).expect(200)).text;
      const countOf = (id: number) => new RegExp(`<tr data-entry="${id}"[\\s\\S]*?data-col="reminders">(?:<span[^>]*>)?(\\d*)`).exec(customerPage)?.[1];
      expect(countOf(older.id)).to.equal('3');
      expect(countOf(newer.id)).to.equal('1');
    });

    it('prints account statements with every open entry kept, counting no reminder', async () => {
      const before = await t.db.dataSource.getRepository(ReminderSent).count();
      const res = await s.agent
        .post(`${BASE}/reminders/print`)
        .type('form')
        .send({ _csrf: s.csrf, kind: 'statements', token: 'token-statement-00003', customers: [String(customer.id)] })
        .expect(303);
      const html = (await s.agent.get(`${res.headers.location}/print`).expect(200)).text;
      expect(html).to.include('Relevé de compte au').and.to.include('FA-LATER-3').and.to.include('FA-OLD-1');
      expect(await t.db.dataSource.getRepository(ReminderSent).count()).to.equal(before);
    });

    it('refuses to print when every overdue invoice is excluded', async () => {
      await s.agent
        .post(`${BASE}/reminders/print`)
        .type('form')
        .send({ _csrf: s.csrf, kind: 'letters', token: 'token-nothing-0000004', customers: [String(customer.id)], exclude: [String(older.id), String(newer.id)] })
        .expect(422);
    });

    it('lets auditors read the list but not print', async () => {
      const auditor = await signIn(t, 'audrey', 'auditor');
      await auditor.agent.get(`${BASE}/reminders`).expect(200);
      await auditor.agent.post(`${BASE}/reminders/print`).type('form').send({ _csrf: auditor.csrf, kind: 'letters', token: 'token-auditor-0000005', customers: [String(customer.id)] }).expect(403);
    });
  });

  describe('creating dossiers for the selected customers', () => {
    let t: TestApp;
    let ref: ReferenceData;
    let s: SignedInAgent;

    before(async () => {
      t = await createTestApp({ basePath: BASE, today: TODAY });
      ref = await seedReferenceData(t.db.dataSource);
      s = await signIn(t, 'claire', 'controller');
    });
    after(() => t.close());

    it('creates one dossier per customer over its overdue entries, on the scenario, and says who was skipped and why', async () => {
      const ds = t.db.dataSource;
      const scenarioId = await makeScenario(ds, [{ code: 'APPEL', label: 'Appel', actionType: 'call', anchor: 'start', offsetDays: 5 }]);
      const fresh = await makeThirdParty(ds, ref, { name: 'Fresh Customer' });
      const late = await makeEntry(ds, ref, fresh, { dueDate: '2026-10-15', debit: 80000 });
      const notYet = await makeEntry(ds, ref, fresh, { dueDate: '2026-12-15', debit: 20000 });
      const held = await makeThirdParty(ds, ref, { name: 'Held Customer' });
      const heldInvoice = await makeEntry(ds, ref, held, { dueDate: '2026-09-15', debit: 60000 });
      const existing = await makeDossier(ds, ref, held);
      await ds.getRepository(DossierEntry).insert({ dossierId: existing.id, ledgerEntryId: heldInvoice.id, linkedAt: '2026-11-01T00:00:00.000Z', linkedBy: null });
      const onTime = await makeThirdParty(ds, ref, { name: 'On Time Customer' });
      await makeEntry(ds, ref, onTime, { dueDate: '2026-12-31', debit: 10000 });

      const res = await s.agent
        .post(`${BASE}/reminders/dossiers`)
        .type('form')
        .send({ _csrf: s.csrf, customers: [fresh.id, held.id, onTime.id].map(String), scenarioId: String(scenarioId), back: '?sort=name' })
        .expect(303);
      expect(res.headers.location).to.equal(`${BASE}/reminders?sort=name`);
      const messages = flashes((await s.agent.get(res.headers.location).expect(200)).text).join('\n');
      expect(messages).to.include('Dossiers créés : 1 ; clients ignorés : 2.');
      expect(messages).to.include(`Held Customer : ses factures échues sont déjà dans le dossier en cours n° ${existing.number}`);
      expect(messages).to.include('On Time Customer : aucune facture échue');

      const created = await ds.getRepository(Dossier).findOneByOrFail({ thirdPartyId: fresh.id });
      expect(created.scenarioId).to.equal(scenarioId);
      const links = await ds.getRepository(DossierEntry).findBy({ dossierId: created.id });
      expect(links.map((l) => l.ledgerEntryId)).to.deep.equal([late.id]);
      expect(links.map((l) => l.ledgerEntryId)).to.not.include(notYet.id);
      const events = await ds.getRepository(DossierEvent).findBy({ dossierId: created.id });
      expect(events.map((e) => e.type)).to.include.members(['created', 'entryLinked', 'scenarioAssigned']);
      expect(await ds.getRepository(Dossier).countBy({ thirdPartyId: held.id })).to.equal(1);
      expect(await ds.getRepository(Dossier).countBy({ thirdPartyId: onTime.id })).to.equal(0);

      // Asked again: nothing is created twice.
      await s.agent.post(`${BASE}/reminders/dossiers`).type('form').send({ _csrf: s.csrf, customers: [String(fresh.id)], scenarioId: String(scenarioId) }).expect(303);
      expect(flashes((await s.agent.get(`${BASE}/reminders`).expect(200)).text).join()).to.include('Dossiers créés : 0 ; clients ignorés : 1.');
      expect(await ds.getRepository(Dossier).countBy({ thirdPartyId: fresh.id })).to.equal(1);
    });

    it('creates dossiers for every customer the filters match when "select all" is ticked', async () => {
      const ds = t.db.dataSource;
      const a = await makeThirdParty(ds, ref, { name: 'Zulu Alpha' });
      const b = await makeThirdParty(ds, ref, { name: 'Zulu Bravo' });
      await makeEntry(ds, ref, a, { dueDate: '2026-10-01', debit: 1000 });
      await makeEntry(ds, ref, b, { dueDate: '2026-10-01', debit: 2000 });
      await s.agent.post(`${BASE}/reminders/dossiers`).type('form').send({ _csrf: s.csrf, allMatching: '1', q: 'zulu', scenarioId: '' }).expect(303);
      expect(await ds.getRepository(Dossier).countBy({ thirdPartyId: a.id })).to.equal(1);
      expect(await ds.getRepository(Dossier).countBy({ thirdPartyId: b.id })).to.equal(1);
    });
  });

  describe('the automatic rule of the daily job', () => {
    let t: TestApp;
    let ref: ReferenceData;

    before(async () => {
      t = await createTestApp({ basePath: BASE, today: TODAY });
      ref = await seedReferenceData(t.db.dataSource);
    });
    after(() => t.close());

    it('is off by default and then creates nothing', async () => {
      const ds = t.db.dataSource;
      const c = await makeThirdParty(ds, ref, { name: 'Very Late' });
      await makeEntry(ds, ref, c, { dueDate: '2025-01-01', debit: 9000000 });
      const counts = await runAutoDossierTask({ dataSource: ds }, TODAY);
      expect(counts.enabled).to.equal(0);
      expect(await ds.getRepository(Dossier).countBy({ thirdPartyId: c.id })).to.equal(0);
      // Settled afterwards, so that it does not weigh on the next test.
      await ds.getRepository(LedgerEntry).update({ thirdPartyId: c.id }, { lettering: 'ZZ', letteringDate: TODAY });
    });

    it('creates a dossier on the default scenario for each customer past both thresholds, once per business date, never twice', async () => {
      const ds = t.db.dataSource;
      const scenarioId = await makeScenario(ds, [{ code: 'LETTRE', label: 'Lettre', actionType: 'call', anchor: 'start', offsetDays: 3 }]);
      await saveAutoDossierRule(ds, { enabled: true, minOverdueCents: 100000, minDaysLate: 30, scenarioId });
      const due = await makeThirdParty(ds, ref, { name: 'Past Both' });
      await makeEntry(ds, ref, due, { dueDate: '2026-10-08', debit: 150000 }); // 45 days
      const recent = await makeThirdParty(ds, ref, { name: 'Too Recent' });
      await makeEntry(ds, ref, recent, { dueDate: '2026-11-12', debit: 150000 }); // 10 days
      const small = await makeThirdParty(ds, ref, { name: 'Too Small' });
      await makeEntry(ds, ref, small, { dueDate: '2026-08-01', debit: 50000 });

      const task = DAILY_TASKS.find(([name]) => name === 'auto-dossiers');
      expect(task, 'registered in the daily tasks').to.not.equal(undefined);
      const first = await task![1]({ dataSource: ds, config: loadConfig({ ...process.env, SESSION_SECRET: 'test-session-secret-0123456789' }) }, TODAY);
      expect(first).to.include({ enabled: 1, created: 1, alreadyDone: 0 });
      const dossiers = await ds.getRepository(Dossier).findBy({ thirdPartyId: due.id });
      expect(dossiers).to.have.length(1);
      expect(dossiers[0].scenarioId).to.equal(scenarioId);
      expect(await ds.getRepository(Dossier).countBy({ thirdPartyId: recent.id })).to.equal(0);
      expect(await ds.getRepository(Dossier).countBy({ thirdPartyId: small.id })).to.equal(0);

      // Same business date again (a second instance, a restart): nothing.
      const second = await runAutoDossierTask({ dataSource: ds }, TODAY);
      expect(second).to.include({ alreadyDone: 1, created: 0 });
      expect(await ds.getRepository(JobRun).countBy({ task: 'auto-dossiers', businessDate: TODAY })).to.equal(1);

      // The next day the customer is still overdue, but its invoice is already held: no duplicate.
      const nextDay = await runAutoDossierTask({ dataSource: ds }, '2026-11-23');
      expect(nextDay).to.include({ created: 0, candidates: 1, skipped: 1 });
      expect(await ds.getRepository(Dossier).countBy({ thirdPartyId: due.id })).to.equal(1);
    });

    it('is set by an administrator on a form that keeps bad input at the field', async () => {
      const admin = await signIn(t, 'root', 'admin');
      const bad = await admin.agent.post(`${BASE}/reminders/rule`).type('form').send({ _csrf: admin.csrf, enabled: 'on', minOverdue: '1 500,00', minDaysLate: 'soon', scenarioId: '' }).expect(422);
      expect(bad.text).to.match(/name="minDaysLate" value="soon"/);
      await admin.agent.post(`${BASE}/reminders/rule`).type('form').send({ _csrf: admin.csrf, minOverdue: '1 500,00', minDaysLate: '45', scenarioId: '' }).expect(303);
      const form = (await admin.agent.get(`${BASE}/reminders/rule`).expect(200)).text;
      expect(form).to.match(/name="minOverdue" value="1[\s\u00a0\u202f]?500,00"/);
      expect(form).to.match(/name="minDaysLate" value="45"/);
      expect(form).to.not.match(/id="f-enabled" checked/);
      const controller = await signIn(t, 'ctrl', 'controller');
      await controller.agent.get(`${BASE}/reminders/rule`).expect(403);
    });
  });
});
