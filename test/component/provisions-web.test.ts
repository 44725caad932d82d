import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { IsNull } from 'typeorm';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { ReferenceData, seedReferenceData } from '../support/factories';
import { ProvisionMovementRow } from '../../src/provisions/provision-movement.entity';
import { currentProvision, setProvision, settleProvisionOnClosure } from '../../src/provisions';
import { JournalEntryRow, JournalLineRow, journalAccounts } from '../../src/journal';
import { readFec } from '../../src/ledger/fec';
import { rawQuery } from '../../src/db/transactions';
import { DossierResult } from '../../src/settings/reference-list.entities';
import { toNumber } from '../../src/db/column-types';
import { bookedLines, transfer, workedExampleDossier } from './provisions-support';

const BASE = '/recouvrement';
const ACTOR = { userId: null, userName: 'Comptable' };
const AT = '2026-11-22T09:00:00.000Z';

describe('provision and journal pages', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let accountant: SignedInAgent;
  let controller: SignedInAgent;
  let auditor: SignedInAgent;
  let admin: SignedInAgent;
  const ds = () => t.db.dataSource;

  before(async () => {
    t = await createTestApp({ basePath: BASE });
    ref = await seedReferenceData(ds());
    accountant = await signIn(t, 'compta', 'accountant');
    controller = await signIn(t, 'claire', 'controller');
    auditor = await signIn(t, 'audit', 'auditor');
    admin = await signIn(t, 'admin1', 'admin');
  });
  after(() => t.close());

  const post = (s: SignedInAgent, path: string, form: Record<string, unknown>) => s.agent.post(`${BASE}${path}`).type('form').send({ _csrf: s.csrf, ...form });

  describe('the dossier\'s provision page', () => {
    it('is linked from the bottom of the dossier page and shows the HT base and the proposed provision', async () => {
      const { dossier } = await workedExampleDossier(ds(), ref);
      const page = await accountant.agent.get(`${BASE}/dossiers/${dossier.id}`).expect(200);
      expect(page.text).to.include(`href="${BASE}/provisions/dossiers/${dossier.id}" id="provisions-link"`);
      const p = await accountant.agent.get(`${BASE}/provisions/dossiers/${dossier.id}`).expect(200);
      expect(p.text).to.match(/data-field="outstandingTtc">1\u202f200,00\u00a0€/);
      expect(p.text).to.match(/data-field="base">1\u202f000,00\u00a0€/);
      expect(p.text).to.match(/data-field="proposed">500,00\u00a0€/);
      expect(p.text).to.include('TVA des factures');
      expect(p.text).to.include('id="provision-form"');
    });

    it('records the proposed provision from the form: 68174 / 491 booked, movement and history shown', async () => {
      const { dossier } = await workedExampleDossier(ds(), ref);
      const res = await post(accountant, `/provisions/dossiers/${dossier.id}`, { date: '30/09/2026', lossPercentage: '50', amount: '', comment: 'Client en difficulté' }).expect(303);
      expect(res.headers.location).to.equal(`${BASE}/provisions/dossiers/${dossier.id}`);
      const booked = await bookedLines(ds(), dossier.id);
      expect(booked).to.have.length(1);
      expect(booked[0].lines.map((l) => [l.account, l.debit, l.credit])).to.deep.equal([['68174', 50000, 0], ['491', 0, 50000]]);
      const p = await accountant.agent.get(`${BASE}/provisions/dossiers/${dossier.id}`).expect(200);
      expect(p.text).to.include('Provision enregistrée et écriture générée.');
      expect(p.text).to.match(/data-field="provision">500,00\u00a0€/);
      expect(p.text).to.include('data-kind="charge"');
      expect(p.text).to.include('Client en difficulté');
      expect(p.text).to.include(`OD ${booked[0].number}`);
    });

    it('an amount entered by hand wins over the proposal; a lower one books a reversal 491 / 78174', async () => {
      const { dossier } = await workedExampleDossier(ds(), ref);
      await post(accountant, `/provisions/dossiers/${dossier.id}`, { date: '30/09/2026', lossPercentage: '50', amount: '700,00' }).expect(303);
      await post(accountant, `/provisions/dossiers/${dossier.id}`, { date: '31/10/2026', lossPercentage: '50', amount: '250' }).expect(303);
      const booked = await bookedLines(ds(), dossier.id);
      expect(booked.map((e) => e.lines.map((l) => [l.account, l.debit, l.credit]))).to.deep.equal([
        [['68174', 70000, 0], ['491', 0, 70000]],
        [['491', 45000, 0], ['78174', 0, 45000]],
      ]);
      expect(await currentProvision(ds(), dossier.id)).to.equal(25000);
    });

    it('keeps bad input with a message at each field and books nothing', async () => {
      const { dossier } = await workedExampleDossier(ds(), ref);
      const res = await post(accountant, `/provisions/dossiers/${dossier.id}`, { date: '31/02/2026', lossPercentage: '150', amount: 'abc', comment: 'à garder' }).expect(422);
      expect(res.text).to.include('data-field-error="date"');
      expect(res.text).to.include('data-field-error="lossPercentage"');
      expect(res.text).to.include('data-field-error="amount"');
      expect(res.text).to.include('value="31/02/2026"');
      expect(res.text).to.include('value="abc"');
      expect(res.text).to.include('value="à garder"');
      const above = await post(accountant, `/provisions/dossiers/${dossier.id}`, { date: '30/09/2026', lossPercentage: '50', amount: '1 000,01' }).expect(422);
      expect(above.text).to.include('La provision ne peut pas dépasser la base HT.');
      expect(above.text).to.include('value="1 000,01"');
      expect(await bookedLines(ds(), dossier.id)).to.have.length(0);
    });

    it('controllers and auditors read the page but may not book; their POST is refused', async () => {
      const { dossier } = await workedExampleDossier(ds(), ref);
      for (const s of [controller, auditor]) {
        const page = await s.agent.get(`${BASE}/provisions/dossiers/${dossier.id}`).expect(200);
        expect(page.text).to.not.include('id="provision-form"');
        expect(page.text).to.include('Lecture seule');
        await post(s, `/provisions/dossiers/${dossier.id}`, { date: '30/09/2026', lossPercentage: '50' }).expect(403);
        await post(s, `/provisions/dossiers/${dossier.id}/payment`, { date: '30/09/2026', amount: '100' }).expect(403);
        await post(s, `/provisions/dossiers/${dossier.id}/recovery`, { date: '30/09/2026', amount: '100' }).expect(403);
      }
      expect(await ds().getRepository(ProvisionMovementRow).countBy({ dossierId: dossier.id })).to.equal(0);
    });

    it('records money received after a write-off (512 / 7714), and refuses it on a dossier never written off', async () => {
      const { dossier, customer } = await workedExampleDossier(ds(), ref);
      const refused = await post(accountant, `/provisions/dossiers/${dossier.id}/recovery`, { date: '10/12/2026', amount: '300' }).expect(409);
      expect(refused.text).to.include('pas été passé en perte');
      await transfer(ds(), dossier, customer, '2026-09-01');
      await setProvision(ds(), { dossierId: dossier.id, date: '2026-09-30', amount: null, lossPercentage: 100, actor: ACTOR, at: AT });
      await settleProvisionOnClosure(ds(), { dossierId: dossier.id, date: '2026-11-30', lost: true, rectifiedInvoiceIssued: true, actor: ACTOR, at: AT });
      await post(accountant, `/provisions/dossiers/${dossier.id}/recovery`, { date: '10/12/2026', amount: '300,00' }).expect(303);
      const booked = await bookedLines(ds(), dossier.id);
      expect(booked.at(-1)!.lines.map((l) => [l.account, l.debit, l.credit])).to.deep.equal([['512', 30000, 0], ['7714', 0, 30000]]);
      const page = await accountant.agent.get(`${BASE}/provisions/dossiers/${dossier.id}`).expect(200);
      expect(page.text).to.match(/data-field="writtenOff">1\u202f000,00\u00a0€/);
    });
  });

  it('an administrator marks a dossier result as lost in the results list', async () => {
    await post(admin, '/settings/results', { code: 'IRRECOUVRABLE', label: 'Irrécouvrable', position: '5', active: 'on', lost: 'on' }).expect(303);
    const saved = await ds().getRepository(DossierResult).findOneByOrFail({ code: 'IRRECOUVRABLE' });
    expect(saved.lost).to.equal(true);
    const form = await admin.agent.get(`${BASE}/settings/results/${saved.id}/edit`).expect(200);
    expect(form.text).to.match(/id="f-lost" name="lost" checked/);
    expect(ref.results.PERDU.lost ?? false).to.equal(false);
  });

  describe('État des provisions', () => {
    it('lists provisions at a date with the period\'s movements, totals, and an XLSX whose totals match the database', async () => {
      const a = await workedExampleDossier(ds(), ref);
      const b = await workedExampleDossier(ds(), ref);
      await setProvision(ds(), { dossierId: a.dossier.id, date: '2025-12-15', amount: 30000, actor: ACTOR, at: AT });
      await setProvision(ds(), { dossierId: a.dossier.id, date: '2026-03-01', amount: 80000, actor: ACTOR, at: AT });
      await setProvision(ds(), { dossierId: b.dossier.id, date: '2026-04-01', amount: 50000, actor: ACTOR, at: AT });
      await setProvision(ds(), { dossierId: b.dossier.id, date: '2026-05-01', amount: 20000, actor: ACTOR, at: AT });
      await setProvision(ds(), { dossierId: b.dossier.id, date: '2027-01-15', amount: 0, actor: ACTOR, at: AT }); // after the date: ignored
      const page = await auditor.agent.get(`${BASE}/provisions?from=01/01/2026&asOf=31/12/2026`).expect(200);
      expect(page.text).to.include(`data-dossier="${a.dossier.number}"`);
      expect(page.text).to.include('Mouvements du 01/01/2026 au 31/12/2026');

      const res = await auditor.agent.get(`${BASE}/provisions.xlsx?from=2026-01-01&asOf=2026-12-31`).responseType('blob').expect(200);
      expect(res.headers['content-type']).to.match(/spreadsheetml/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as ArrayBuffer);
      const ws = wb.worksheets[0];
      const rows: unknown[][] = [];
      ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      expect(rows[1]).to.deep.equal(['Dossier', 'Client', 'Compte', 'Montant TTC', 'Base HT', '% perte', 'Provision début', 'Dotations', 'Reprises', 'Provision']);
      const total = rows.at(-1)!;
      expect(total[0]).to.equal('Total');
      const cents = (v: unknown) => Math.round(Number(v) * 100);
      const [db] = await rawQuery<{ up: unknown; down: unknown; opening: unknown }>(ds(),
        `SELECT SUM(CASE WHEN kind IN ('charge','increase') AND date >= '2026-01-01' THEN amount ELSE 0 END) AS up,
                SUM(CASE WHEN kind IN ('decrease','reversal') AND date >= '2026-01-01' THEN amount ELSE 0 END) AS down,
                SUM(CASE WHEN date < '2026-01-01' THEN CASE WHEN kind IN ('charge','increase') THEN amount ELSE -amount END ELSE 0 END) AS opening
           FROM provision_movement WHERE date <= '2026-12-31'`);
      expect(cents(total[7])).to.equal(toNumber(db.up));
      expect(cents(total[8])).to.equal(toNumber(db.down));
      expect(cents(total[6])).to.equal(toNumber(db.opening));
      expect(cents(total[9])).to.equal(toNumber(db.opening) + toNumber(db.up) - toNumber(db.down));
      const lineA = rows.find((r) => r[0] === a.dossier.number)!;
      expect(lineA.slice(3)).to.deep.equal([1200, 1000, 0.5, 300, 500, 0, 800]);
      expect(ws.getColumn(6).numFmt, 'the loss a percentage cell').to.equal('0.00%');
      const lineB = rows.find((r) => r[0] === b.dossier.number)!;
      expect(lineB.slice(6)).to.deep.equal([0, 500, 300, 200]);
    });
  });

  describe('the journal page', () => {
    it('lists the generated entries with filters and paging', async () => {
      const { dossier, customer } = await workedExampleDossier(ds(), ref);
      await transfer(ds(), dossier, customer, '2026-09-01');
      await setProvision(ds(), { dossierId: dossier.id, date: '2026-09-30', amount: 40000, actor: ACTOR, at: AT });
      const all = await accountant.agent.get(`${BASE}/journal?dossier=${dossier.number}`).expect(200);
      expect(all.text).to.include('2 écritures');
      const only491 = await accountant.agent.get(`${BASE}/journal?dossier=${dossier.number}&account=491`).expect(200);
      expect(only491.text).to.include('1 écriture');
      const dated = await accountant.agent.get(`${BASE}/journal?dossier=${dossier.number}&from=01/09/2026&to=15/09/2026`).expect(200);
      expect(dated.text).to.include('1 écriture');
      expect(dated.text).to.include('416 · ' + customer.auxiliaryAccount);
      const bad = await accountant.agent.get(`${BASE}/journal?from=99/99/2026`).expect(422);
      expect(bad.text).to.include('data-field-error="from"');
      expect(bad.text).to.include('value="99/99/2026"');
      // 2 entries so far; 25 more make 27: two pages of 25 (PAGE_SIZE) for this dossier.
      for (let i = 1; i <= 25; i++) await setProvision(ds(), { dossierId: dossier.id, date: '2026-10-01', amount: i % 2 ? 10000 : 40000, actor: ACTOR, at: AT });
      const first = await accountant.agent.get(`${BASE}/journal?dossier=${dossier.number}`).expect(200);
      expect(first.text).to.include('27 écritures');
      expect(first.text).to.include('Page 1 sur 2');
      expect(new Set(first.text.match(/data-entry="\d+"/g)).size).to.equal(25);
      const second = await accountant.agent.get(`${BASE}/journal?dossier=${dossier.number}&page=2`).expect(200);
      expect(second.text).to.include('Page 2 sur 2');
      expect(new Set(second.text.match(/data-entry="\d+"/g)).size).to.equal(2);
      expect(second.text).to.include(`href="${BASE}/journal?dossier=${dossier.number}&amp;page=1"`);
    });

    it('exports a FEC of the entries not yet exported that the module\'s own FEC reader reads back with the same totals and line count, and marks them exported', async () => {
      const { dossier, customer } = await workedExampleDossier(ds(), ref);
      await transfer(ds(), dossier, customer, '2026-09-01');
      await setProvision(ds(), { dossierId: dossier.id, date: '2026-09-30', amount: 50000, actor: ACTOR, at: AT });
      await settleProvisionOnClosure(ds(), { dossierId: dossier.id, date: '2026-11-30', lost: true, rectifiedInvoiceIssued: true, actor: ACTOR, at: AT });
      const [pending] = await rawQuery<{ n: unknown; lines: unknown; debit: unknown; credit: unknown }>(ds(),
        `SELECT COUNT(DISTINCT je.id) AS n, COUNT(jl.id) AS lines, SUM(jl.debit) AS debit, SUM(jl.credit) AS credit
           FROM journal_entry je JOIN journal_line jl ON jl.journal_entry_id = je.id WHERE je.exported_at IS NULL`);
      const res = await post(accountant, '/journal/export', { format: 'fec', scope: 'pending' }).expect(200);
      expect(res.headers['content-disposition']).to.match(/attachment; filename="?RECOUVREMENTFEC\d{8}\.txt"?$/);
      const text = res.text;
      const header = text.split('\r\n')[0].split('\t');
      expect(header).to.deep.equal(['JournalCode', 'JournalLib', 'EcritureNum', 'EcritureDate', 'CompteNum', 'CompteLib', 'CompAuxNum', 'CompAuxLib', 'PieceRef',
        'PieceDate', 'EcritureLib', 'Debit', 'Credit', 'EcritureLet', 'DateLet', 'ValidDate', 'Montantdevise', 'Idevise']);
      expect(text).to.match(/\nOD\tOpérations diverses\t\d{8}\t20261130\t6541\tPertes sur créances irrécouvrables de l'exercice\t\t\tREC\d+\t20261130\tCréance irrécouvrable[^\t]*\t1000,00\t0,00\t\t\t20261122\t\t\r\n/);
      const reader = readFec(Buffer.from(text, 'utf8'));
      let lines = 0;
      let debit = 0;
      let credit = 0;
      for await (const l of reader) {
        lines++;
        debit += l.debit;
        credit += l.credit;
      }
      const summary = reader.summary();
      expect(summary.problems).to.deep.equal([]);
      expect(lines).to.equal(toNumber(pending.lines));
      expect(summary.entries).to.equal(toNumber(pending.n));
      expect(debit).to.equal(toNumber(pending.debit));
      expect(credit).to.equal(toNumber(pending.credit));
      expect(debit).to.equal(credit);
      expect(await ds().getRepository(JournalEntryRow).countBy({ exportedAt: IsNull() })).to.equal(0);

      const again = await post(accountant, '/journal/export', { format: 'fec', scope: 'pending' }).expect(200);
      expect(again.text.trim().split('\r\n')).to.have.length(1); // header only: nothing left to export
      const everything = await post(accountant, '/journal/export', { format: 'csv', scope: 'all', dossier: String(dossier.number) }).expect(200);
      expect(everything.headers['content-type']).to.match(/text\/csv/);
      const csv = everything.text.replace(/^\ufeff/, '').trim().split('\r\n').map((l) => l.split(';'));
      expect(csv[0]).to.deep.equal(['Journal', 'Numéro', 'Date', 'Compte', 'Libellé compte', 'Compte auxiliaire', 'Pièce', 'Libellé', 'Débit', 'Crédit', 'Dossier', 'Client']);
      const bookedCount = (await bookedLines(ds(), dossier.id)).reduce((s, e) => s + e.lines.length, 0);
      expect(csv).to.have.length(bookedCount + 1);
      expect(csv.find((r) => r[3] === '44571')!.slice(8, 10)).to.deep.equal(['200,00', '']);
      const listed = await accountant.agent.get(`${BASE}/journal?exported=no&dossier=${dossier.number}`).expect(200);
      expect(listed.text).to.include('0 écriture');
    });

    it('refuses exports to controllers and auditors, and the account settings to non-admins', async () => {
      for (const s of [controller, auditor]) await post(s, '/journal/export', { format: 'fec', scope: 'all' }).expect(403);
      await accountant.agent.get(`${BASE}/journal/settings`).expect(403);
      await post(accountant, '/journal/settings', { customer: '411' }).expect(403);
    });

    it('lets an administrator change the account numbers; bad ones stay in the form with a message; new entries use them', async () => {
      const form = await admin.agent.get(`${BASE}/journal/settings`).expect(200);
      expect(form.text).to.include('name="vatCollected"');
      const base = { customer: '411', doubtful: '416', depreciationCharge: '68174', depreciationAllowance: '491', depreciationReversal: '78174', badDebtCurrentYear: '6541',
        badDebtPriorYears: '6544', recoveredWrittenOff: '7714', bank: '512', fiscalYearStart: '01/01' };
      const bad = await post(admin, '/journal/settings', { ...base, vatCollected: '445 71', fiscalYearStart: '31/13' }).expect(422);
      expect(bad.text).to.include('data-field-error="vatCollected"');
      expect(bad.text).to.include('data-field-error="fiscalYearStart"');
      expect(bad.text).to.include('value="445 71"');
      await post(admin, '/journal/settings', { ...base, vatCollected: '44551', depreciationCharge: '6817' }).expect(303);
      const accounts = await journalAccounts(ds());
      expect(accounts).to.include({ vatCollected: '44551', depreciationCharge: '6817' });
      const { dossier } = await workedExampleDossier(ds(), ref);
      await setProvision(ds(), { dossierId: dossier.id, date: '2026-09-30', amount: 10000, actor: ACTOR, at: AT });
      const [entry] = await bookedLines(ds(), dossier.id);
      expect(entry.lines[0].account).to.equal('6817');
      await post(admin, '/journal/settings', { ...base, vatCollected: '44571', depreciationCharge: '68174' }).expect(303);
      expect(await ds().getRepository(JournalLineRow).countBy({ account: '6817' })).to.equal(1);
    });
  });
});
