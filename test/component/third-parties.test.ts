import { expect } from 'chai';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { makeContact, makeDossier, makeEntry, makeThirdParty, ReferenceData, seedReferenceData } from '../support/factories';
import { agingBucket, customerBalances, daysPastDue, openItemsOf } from '../../src/ledger';
import { isValidSiren, searchPattern } from '../../src/third-parties';
import { DossierEntry } from '../../src/dossiers/dossier.entity';
import { Contact } from '../../src/contacts/contact.entity';
import { ThirdParty } from '../../src/third-parties/third-party.entity';
import { DossierEvent } from '../../src/history/dossier-event.entity';
import { formatMoney } from '../../src/shared/money';

const BASE = '/recouvrement';
const TODAY = '2026-11-22';

/** The rows of the customer list, as [name] in page order. */
function listedNames(html: string): string[] {
  return [...html.matchAll(/<tr data-third-party="\d+">\s*<td><a href="[^"]+">([^<]*)<\/a>/g)].map((m) => m[1]);
}

function cell(html: string, id: number, col: string): string {
  const row = new RegExp(`<tr data-third-party="${id}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
  return new RegExp(`data-col="${col}">([^<]*)<`).exec(row)?.[1] ?? '';
}

describe('third parties', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let s: SignedInAgent;

  before(async () => {
    t = await createTestApp({ basePath: BASE, today: TODAY });
    ref = await seedReferenceData(t.db.dataSource);
    s = await signIn(t, 'claire', 'controller');
  });
  after(() => t.close());

  describe('the customer list', () => {
    before(async () => {
      const ds = t.db.dataSource;
      await makeThirdParty(ds, ref, { name: 'Zeta_Omega Industries', auxiliaryAccount: '411ZETA' });
      await makeThirdParty(ds, ref, { name: 'ZetaXOmega Négoce', auxiliaryAccount: '411ZETAX' });
      await makeThirdParty(ds, ref, { name: 'Remise 100% Zeta', auxiliaryAccount: '411REMISE', vatNumber: 'FR40303265045', siren: '303265045' });
    });

    it('finds customers whatever the case, by name, auxiliary account, VAT number or SIREN', async () => {
      expect(listedNames((await s.agent.get(`${BASE}/third-parties?q=ZETA_omega`).expect(200)).text)).to.deep.equal(['Zeta_Omega Industries']);
      expect(listedNames((await s.agent.get(`${BASE}/third-parties?q=411zetax`).expect(200)).text)).to.deep.equal(['ZetaXOmega Négoce']);
      expect(listedNames((await s.agent.get(`${BASE}/third-parties?q=fr4030326`).expect(200)).text)).to.deep.equal(['Remise 100% Zeta']);
      expect(listedNames((await s.agent.get(`${BASE}/third-parties?q=${encodeURIComponent('303 265 045')}`).expect(200)).text)).to.deep.equal(['Remise 100% Zeta']);
    });

    it('treats `_` literally but `%` as a wildcard, and still finds a literal `%`', async () => {
      // `_` matches only an underscore: ZetaXOmega is not found.
      expect(listedNames((await s.agent.get(`${BASE}/third-parties?q=zeta_o`).expect(200)).text)).to.deep.equal(['Zeta_Omega Industries']);
      // `%` stands for anything.
      expect(listedNames((await s.agent.get(`${BASE}/third-parties?q=${encodeURIComponent('zeta%omega')}&sort=name`).expect(200)).text)).to.deep.equal([
        'Zeta_Omega Industries',
        'ZetaXOmega Négoce',
      ]);
      expect(listedNames((await s.agent.get(`${BASE}/third-parties?q=${encodeURIComponent('100%')}`).expect(200)).text)).to.deep.equal(['Remise 100% Zeta']);
    });

    it('takes a search with quotes as text, never as SQL', async () => {
      const res = await s.agent.get(`${BASE}/third-parties?q=${encodeURIComponent("' OR 1=1 --")}`).expect(200);
      expect(listedNames(res.text)).to.deep.equal([]);
    });

    it('pages the list by the configured page size', async () => {
      const res = await s.agent.get(`${BASE}/third-parties?sort=name&dir=asc&page=1`).expect(200);
      expect(listedNames(res.text).length).to.be.at.most(25);
      await s.agent.get(`${BASE}/third-parties?page=99`).expect(200);
    });
  });

  describe('balances and aging', () => {
    let customer: ThirdParty;

    before(async () => {
      const ds = t.db.dataSource;
      customer = await makeThirdParty(ds, ref, { name: 'Balance Témoin SARL', auxiliaryAccount: '411TEMOIN' });
      // 113 days overdue → over 90
      await makeEntry(ds, ref, customer, { pieceRef: 'FA-A', debit: 120000, dueDate: '2026-08-01' });
      // 68 days → 61-90
      await makeEntry(ds, ref, customer, { pieceRef: 'FA-D', debit: 25000, dueDate: '2026-09-15' });
      // 43 days → 31-60
      await makeEntry(ds, ref, customer, { pieceRef: 'FA-B', debit: 50000, dueDate: '2026-10-10' });
      // a partial payment on account, no due date: aged from its entry date (12 days → 1-30)
      await makeEntry(ds, ref, customer, { pieceRef: 'RG-1', journalCode: 'BQ', debit: 0, credit: 20000, dueDate: null, entryDate: '2026-11-10' });
      // a credit note and an invoice not due yet
      await makeEntry(ds, ref, customer, { pieceRef: 'AV-1', debit: 0, credit: 10000, dueDate: '2026-12-15' });
      await makeEntry(ds, ref, customer, { pieceRef: 'FA-C', debit: 30000, dueDate: '2026-12-20' });
      // a lettered invoice and its payment: they weigh nothing
      await makeEntry(ds, ref, customer, { pieceRef: 'FA-OLD', debit: 99900, dueDate: '2026-03-01', lettering: 'AA', letteringDate: '2026-03-20' });
      await makeEntry(ds, ref, customer, { pieceRef: 'RG-OLD', debit: 0, credit: 99900, dueDate: '2026-03-20', lettering: 'AA', letteringDate: '2026-03-20' });
      await makeDossier(ds, ref, customer);
    });

    it('adds up the open items by aging bucket, leaving out the lettered pair', async () => {
      const { items, totals } = await openItemsOf(t.db.dataSource, customer.id, TODAY);
      expect(items.map((i) => [i.pieceRef, i.daysOverdue, i.bucket])).to.deep.equal([
        ['FA-A', 113, 'over90'],
        ['FA-D', 68, 'd61to90'],
        ['FA-B', 43, 'd31to60'],
        ['RG-1', 12, 'd1to30'],
        ['AV-1', 0, 'notDue'],
        ['FA-C', 0, 'notDue'],
      ]);
      expect(totals).to.deep.equal({ over90: 120000, d61to90: 25000, d31to60: 50000, d1to30: -20000, notDue: 20000, total: 195000, overdue: 175000 });
    });

    it('gives the balance, the overdue amount and the oldest due date in one query', async () => {
      const balances = await customerBalances(t.db.dataSource, [customer.id], TODAY);
      expect(balances.get(customer.id)).to.deep.equal({ balance: 195000, overdue: 175000, oldestDueDate: '2026-08-01' });
    });

    it('shows the same figures in the list, sorted by name or by an amount', async () => {
      for (const sort of ['name', 'balance', 'overdue', 'oldestDue', 'dossiers']) {
        const res = await s.agent.get(`${BASE}/third-parties?q=temoin&sort=${sort}&dir=desc`).expect(200);
        expect(listedNames(res.text)).to.deep.equal(['Balance Témoin SARL']);
        expect(cell(res.text, customer.id, 'balance')).to.equal(formatMoney(195000, 'fr'));
        expect(cell(res.text, customer.id, 'overdue')).to.equal(formatMoney(175000, 'fr'));
        expect(cell(res.text, customer.id, 'oldestDue')).to.equal('01/08/2026');
        expect(cell(res.text, customer.id, 'dossiers')).to.equal('1');
      }
    });

    it('sorts customers by overdue amount', async () => {
      const ds = t.db.dataSource;
      const small = await makeThirdParty(ds, ref, { name: 'Ordo Petit', auxiliaryAccount: '411TRIP' });
      const big = await makeThirdParty(ds, ref, { name: 'Ordo Grand', auxiliaryAccount: '411TRIG' });
      await makeThirdParty(ds, ref, { name: 'Ordo Rien', auxiliaryAccount: '411TRIR' });
      await makeEntry(ds, ref, small, { debit: 1000, dueDate: '2026-10-01' });
      await makeEntry(ds, ref, big, { debit: 900000, dueDate: '2026-10-01' });
      const desc = await s.agent.get(`${BASE}/third-parties?q=ordo&sort=overdue&dir=desc`).expect(200);
      expect(listedNames(desc.text)).to.deep.equal(['Ordo Grand', 'Ordo Petit', 'Ordo Rien']);
      const asc = await s.agent.get(`${BASE}/third-parties?q=ordo&sort=overdue&dir=asc`).expect(200);
      expect(listedNames(asc.text)).to.deep.equal(['Ordo Rien', 'Ordo Petit', 'Ordo Grand']);
    });

    it('shows the open items with their age and the bucket totals on the customer page', async () => {
      const res = await s.agent.get(`${BASE}/third-parties/${customer.id}`).expect(200);
      expect(res.text).to.include('FA-A');
      expect(res.text).not.to.include('FA-OLD');
      expect(res.text).to.match(/data-bucket="over90">1\u202f200,00\u00a0€/);
      expect(res.text).to.match(/data-bucket="d1to30">-200,00\u00a0€/);
      expect(res.text).to.include(`data-total="overdue">${formatMoney(175000, 'fr')}`);
      expect(res.text).to.include('Plus de 90 jours');
      const en = await s.agent.get(`${BASE}/third-parties/${customer.id}?lang=en`).expect(200);
      expect(en.text).to.include('Over 90 days');
      expect(en.text).to.include(`data-total="balance">${formatMoney(195000, 'en')}`);
      await s.agent.get(`${BASE}/third-parties/${customer.id}?lang=fr`).expect(200);
    });
  });

  describe('editing a customer', () => {
    it('keeps the input and shows each message at its field when values are wrong', async () => {
      const customer = await makeThirdParty(t.db.dataSource, ref, { name: 'Saisie Fautive' });
      const res = await s.agent
        .post(`${BASE}/third-parties/${customer.id}`)
        .type('form')
        .send({ _csrf: s.csrf, version: '1', name: '', country: 'FR', siren: '123 456', email: 'pas-une-adresse', vatNumber: 'FR40303265045', paymentTermsDays: 'trente' })
        .expect(422);
      expect(res.text).to.match(/data-field-error="name">Ce champ est obligatoire\./);
      expect(res.text).to.include('value="123 456"');
      expect(res.text).to.include('value="pas-une-adresse"');
      expect(res.text).to.match(/data-field-error="paymentTermsDays">Nombre entier attendu\./);
      const business = await s.agent
        .post(`${BASE}/third-parties/${customer.id}`)
        .type('form')
        .send({ _csrf: s.csrf, version: '1', name: 'Saisie Fautive', country: 'FR', siren: '123 456 789', email: 'pas-une-adresse' })
        .expect(422);
      expect(business.text).to.match(/data-field-error="siren">SIREN invalide/);
      expect(business.text).to.match(/data-field-error="email">Adresse e-mail invalide\./);
      expect((await t.db.dataSource.getRepository(ThirdParty).findOneByOrFail({ id: customer.id })).version).to.equal(1);
    });

    it('keeps the customer type (prescription) when a save does not send it, and changes it when it does', async () => {
      const customer = await makeThirdParty(t.db.dataSource, ref, { name: 'Particulier Martin' });
      await t.db.dataSource.getRepository(ThirdParty).update({ id: customer.id }, { customerType: 'consumer' });
      const base = { _csrf: s.csrf, name: 'Particulier Martin', country: 'FR' };
      await s.agent.post(`${BASE}/third-parties/${customer.id}`).type('form').send({ ...base, version: '1' }).expect(303);
      expect((await t.db.dataSource.getRepository(ThirdParty).findOneByOrFail({ id: customer.id })).customerType).to.equal('consumer');
      await s.agent.post(`${BASE}/third-parties/${customer.id}`).type('form').send({ ...base, version: '2', customerType: 'business' }).expect(303);
      expect((await t.db.dataSource.getRepository(ThirdParty).findOneByOrFail({ id: customer.id })).customerType).to.equal('business');
    });

    it('saves the identity, risk code and controller, and bumps the version', async () => {
      const customer = await makeThirdParty(t.db.dataSource, ref, { name: 'Fiche À Jour' });
      const form = await s.agent.get(`${BASE}/third-parties/${customer.id}/edit`).expect(200);
      expect(form.text).to.include('name="version" value="1"');
      await s.agent
        .post(`${BASE}/third-parties/${customer.id}`)
        .type('form')
        .send({
          _csrf: s.csrf, version: '1', name: 'Fiche À Jour SAS', legalForm: 'SAS', country: 'fr', siren: '303 265 045', vatNumber: 'fr 40 303265045',
          email: 'compta@fiche.test', riskCodeId: String(ref.riskCodes.R3.id), creditControllerId: String(ref.controllers[1].id), paymentTermsDays: '45',
        })
        .expect(303)
        .expect('location', `${BASE}/third-parties/${customer.id}`);
      const saved = await t.db.dataSource.getRepository(ThirdParty).findOneByOrFail({ id: customer.id });
      expect(saved).to.include({ name: 'Fiche À Jour SAS', siren: '303265045', vatNumber: 'FR40303265045', country: 'FR', riskCodeId: ref.riskCodes.R3.id, paymentTermsDays: 45, version: 2 });
      const page = await s.agent.get(`${BASE}/third-parties/${customer.id}`).expect(200);
      expect(page.text).to.include('Fiche tiers enregistrée.');
      expect(page.text).to.include('R3 – Risque élevé');
    });

    it('writes a new risk code in the Chrono of the customer\'s open dossiers only', async () => {
      const ds = t.db.dataSource;
      const customer = await makeThirdParty(ds, ref, { name: 'Risque Partagé', riskCodeId: ref.riskCodes.R1.id });
      const open = await makeDossier(ds, ref, customer);
      const closed = await makeDossier(ds, ref, customer, { statusId: ref.statuses.TERMINE.id, endDate: '2026-10-01' });
      await s.agent
        .post(`${BASE}/third-parties/${customer.id}`)
        .type('form')
        .send({ _csrf: s.csrf, version: '1', name: 'Risque Partagé', country: 'FR', riskCodeId: String(ref.riskCodes.R3.id) })
        .expect(303);
      const events = await ds.getRepository(DossierEvent).findBy({ type: 'riskCodeChanged' });
      const mine = events.filter((e) => e.dossierId === open.id || e.dossierId === closed.id);
      expect(mine.map((e) => e.dossierId)).to.deep.equal([open.id]);
      expect(JSON.parse(mine[0].details)).to.deep.equal({ before: 'Risque faible', after: 'Risque élevé', customer: 'Risque Partagé' });
      expect(mine[0].userName).to.equal('User claire');
    });

    it('refuses a save made from a stale version, with a clear message, and keeps the other save', async () => {
      const customer = await makeThirdParty(t.db.dataSource, ref, { name: 'Deux Onglets' });
      const other = await signIn(t, 'paul', 'controller');
      await other.agent.post(`${BASE}/third-parties/${customer.id}`).type('form').send({ _csrf: other.csrf, version: '1', name: 'Deux Onglets (Paul)', country: 'FR' }).expect(303);
      const res = await s.agent.post(`${BASE}/third-parties/${customer.id}`).type('form').send({ _csrf: s.csrf, version: '1', name: 'Deux Onglets (Claire)', country: 'FR' }).expect(409);
      expect(res.text).to.include('Cette fiche a été modifiée par quelqu&#39;un d&#39;autre');
      expect(res.text).to.include('value="Deux Onglets (Claire)"');
      expect((await t.db.dataSource.getRepository(ThirdParty).findOneByOrFail({ id: customer.id })).name).to.equal('Deux Onglets (Paul)');
    });

    it('lets an auditor read but not change a customer', async () => {
      const customer = await makeThirdParty(t.db.dataSource, ref);
      const auditor = await signIn(t, 'audrey', 'auditor');
      await auditor.agent.get(`${BASE}/third-parties/${customer.id}`).expect(200);
      await auditor.agent.post(`${BASE}/third-parties/${customer.id}`).type('form').send({ _csrf: auditor.csrf, version: '1', name: 'X', country: 'FR' }).expect(403);
    });
  });

  describe('contacts', () => {
    it('adds, edits and deletes a customer contact from the customer page', async () => {
      const customer = await makeThirdParty(t.db.dataSource, ref);
      const repo = t.db.dataSource.getRepository(Contact);
      const bad = await s.agent.post(`${BASE}/third-parties/${customer.id}/contacts`).type('form').send({ _csrf: s.csrf, firstName: 'Léa', lastName: '' }).expect(422);
      expect(bad.text).to.match(/data-field-error="lastName">Ce champ est obligatoire\./);
      expect(bad.text).to.include('value="Léa"');

      await s.agent
        .post(`${BASE}/third-parties/${customer.id}/contacts`)
        .type('form')
        .send({ _csrf: s.csrf, firstName: 'Léa', lastName: 'Fournier', jobTitle: 'DAF', email: 'lea@client.test' })
        .expect(303);
      const added = await repo.findOneByOrFail({ thirdPartyId: customer.id, lastName: 'Fournier' });
      expect(added).to.include({ kind: 'customer', jobTitle: 'DAF', dossierId: null });
      expect((await s.agent.get(`${BASE}/third-parties/${customer.id}`).expect(200)).text).to.include('Léa Fournier');

      const form = await s.agent.get(`${BASE}/third-parties/${customer.id}/contacts/${added.id}/edit`).expect(200);
      expect(form.text).to.include('value="Fournier"');
      await s.agent
        .post(`${BASE}/third-parties/${customer.id}/contacts/${added.id}`)
        .type('form')
        .send({ _csrf: s.csrf, version: '1', firstName: 'Léa', lastName: 'Fournier-Roux', phone: '04 00 00 00 00' })
        .expect(303);
      expect(await repo.findOneByOrFail({ id: added.id })).to.include({ lastName: 'Fournier-Roux', phone: '04 00 00 00 00', version: 2 });
      // A second save from the old form is a conflict.
      await s.agent.post(`${BASE}/third-parties/${customer.id}/contacts/${added.id}`).type('form').send({ _csrf: s.csrf, version: '1', lastName: 'Ancien' }).expect(409);

      await s.agent.post(`${BASE}/third-parties/${customer.id}/contacts/${added.id}/delete`).type('form').send({ _csrf: s.csrf }).expect(303);
      expect(await repo.findOneBy({ id: added.id })).to.equal(null);
    });

    it('keeps a contact that a dossier names', async () => {
      const customer = await makeThirdParty(t.db.dataSource, ref);
      const contact = await makeContact(t.db.dataSource, { kind: 'customer', thirdPartyId: customer.id });
      await makeDossier(t.db.dataSource, ref, customer, { contactId: contact.id });
      await s.agent.post(`${BASE}/third-parties/${customer.id}/contacts/${contact.id}/delete`).type('form').send({ _csrf: s.csrf }).expect(303);
      expect(await t.db.dataSource.getRepository(Contact).findOneBy({ id: contact.id })).not.to.equal(null);
      expect((await s.agent.get(`${BASE}/third-parties/${customer.id}`).expect(200)).text).to.include('Ce contact est celui d&#39;un dossier');
    });

    it('does not edit another customer\'s contact through this customer', async () => {
      const a = await makeThirdParty(t.db.dataSource, ref);
      const b = await makeThirdParty(t.db.dataSource, ref);
      const contact = await makeContact(t.db.dataSource, { kind: 'customer', thirdPartyId: b.id });
      await s.agent.post(`${BASE}/third-parties/${a.id}/contacts/${contact.id}`).type('form').send({ _csrf: s.csrf, version: '1', lastName: 'Pirate' }).expect(404);
    });
  });

  describe('creating a dossier from the customer page', () => {
    it('opens a dossier over the customer\'s overdue entries and shows it', async () => {
      const ds = t.db.dataSource;
      const customer = await makeThirdParty(ds, ref, { name: 'Nouveau Dossier SA', creditControllerId: ref.controllers[1].id });
      const overdue1 = await makeEntry(ds, ref, customer, { debit: 80000, dueDate: '2026-09-01' });
      const overdue2 = await makeEntry(ds, ref, customer, { debit: 15000, dueDate: '2026-11-01' });
      const lettered = await makeEntry(ds, ref, customer, { debit: 5000, dueDate: '2026-08-01', lettering: 'ZZ' });
      const someoneElse = await makeEntry(ds, ref, await makeThirdParty(ds, ref), { debit: 7000, dueDate: '2026-08-01' });

      const res = await s.agent.post(`${BASE}/third-parties/${customer.id}/dossiers`).type('form').send({ _csrf: s.csrf }).expect(303);
      const match = new RegExp(`^${BASE}/dossiers/(\\d+)$`).exec(res.headers.location);
      expect(match, res.headers.location).not.to.equal(null);
      const dossierId = Number(match![1]);
      const linked = (await ds.getRepository(DossierEntry).findBy({ dossierId })).map((l) => l.ledgerEntryId);
      expect(linked).to.include.members([overdue1.id, overdue2.id]);
      expect(linked).not.to.include(lettered.id);
      expect(linked).not.to.include(someoneElse.id);

      const page = await s.agent.get(`${BASE}/third-parties/${customer.id}`).expect(200);
      expect(page.text).to.include(`href="${BASE}/dossiers/${dossierId}"`);
      expect(page.text).to.include(formatMoney(95000, 'fr'));
    });

    it('does not let an auditor create a dossier', async () => {
      const customer = await makeThirdParty(t.db.dataSource, ref);
      const auditor = await signIn(t, 'auditor2', 'auditor');
      await auditor.agent.post(`${BASE}/third-parties/${customer.id}/dossiers`).type('form').send({ _csrf: auditor.csrf }).expect(403);
    });
  });

  it('shows a customer named like a script as text, in the list and on its page', async () => {
    const customer = await makeThirdParty(t.db.dataSource, ref, { name: '<script>alert(1)</script>', auxiliaryAccount: '411XSS' });
    const list = await s.agent.get(`${BASE}/third-parties?q=411xss`).expect(200);
    expect(list.text).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(list.text).not.to.include('<script>alert(1)</script>');
    const page = await s.agent.get(`${BASE}/third-parties/${customer.id}`).expect(200);
    expect(page.text).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).not.to.include('<script>alert(1)</script>');
  });

  describe('the pure rules behind the page', () => {
    it('puts an item in its aging bucket by days past due, boundaries included', () => {
      const cases: [string, number, string][] = [
        ['2026-11-23', 0, 'notDue'], ['2026-11-22', 0, 'notDue'], ['2026-11-21', 1, 'd1to30'], ['2026-10-23', 30, 'd1to30'], ['2026-10-22', 31, 'd31to60'],
        ['2026-09-23', 60, 'd31to60'], ['2026-09-22', 61, 'd61to90'], ['2026-08-24', 90, 'd61to90'], ['2026-08-23', 91, 'over90'],
      ];
      for (const [due, days, bucket] of cases) {
        expect(daysPastDue(due, TODAY), due).to.equal(days);
        expect(agingBucket(days), due).to.equal(bucket);
      }
    });

    it('checks a SIREN with its Luhn key', () => {
      expect(isValidSiren('303265045')).to.equal(true);
      expect(isValidSiren('303265046')).to.equal(false);
      expect(isValidSiren('12345678')).to.equal(false);
    });

    it('turns a search into a LIKE pattern where only `%` is a wildcard', () => {
      expect(searchPattern('  A_b%C\\ ')).to.equal('%a\\_b%c\\\\%');
      expect(searchPattern('   ')).to.equal(null);
    });
  });

  it('answers 404 for an unknown customer', async () => {
    await s.agent.get(`${BASE}/third-parties/999999`).expect(404);
    await s.agent.get(`${BASE}/third-parties/abc`).expect(404);
  });
});
