import { expect } from 'chai';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { makeContact, makeDossier, makeEntry, makeThirdParty, ReferenceData, seedReferenceData } from '../support/factories';
import { Dossier, DossierEntry } from '../../src/dossiers/dossier.entity';
import { ThirdParty } from '../../src/third-parties/third-party.entity';
import { Contact } from '../../src/contacts/contact.entity';
import { Company } from '../../src/companies/company.entity';
import { DossierEvent } from '../../src/history/dossier-event.entity';
import { Intervention } from '../../src/interventions/intervention.entity';
import { makeScenario } from './daily-support';
import { In } from 'typeorm';
import { createDossierForCustomer, dossierAmounts } from '../../src/dossiers';
import { linkableEntries, linkableEntryRows, linkedEntries, linkedEntryRows } from '../../src/dossiers/dossier-entries.service';

const BASE = '/recouvrement';

describe('the dossier workspace', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let s: SignedInAgent;
  const ds = () => t.db.dataSource;

  before(async () => {
    t = await createTestApp({ basePath: BASE });
    ref = await seedReferenceData(ds());
    s = await signIn(t, 'claire', 'controller');
  });
  after(() => t.close());

  const get = (path: string) => s.agent.get(`${BASE}${path}`);
  const post = (path: string, form: Record<string, unknown>) => s.agent.post(`${BASE}${path}`).type('form').send({ _csrf: s.csrf, ...form });
  const events = async (dossierId: number) => ds().getRepository(DossierEvent).find({ where: { dossierId }, order: { id: 'ASC' } });

  /** Every field of the dossier form, filled. */
  const fullForm = (customer: ThirdParty, overrides: Record<string, string> = {}) => ({
    companyId: String(ref.company.id), number: '', statusId: String(ref.statuses.AMIABLE.id), thirdPartyId: String(customer.id),
    riskCodeId: String(ref.riskCodes.R2.id), riskCodeFor: String(customer.id), lossPercentage: '12,5', priority: '250', startDate: '2026-11-02',
    originControllerId: String(ref.controllers[1].id), disputeReasonId: String(ref.disputeReasons.CONTESTEE.id), originContactId: '',
    controllerId: String(ref.controllers[0].id), contactId: '', comment: 'Client relancé par téléphone', endDate: '', resolutionId: '', resultId: '',
    currency: 'EUR', creditorReference: 'REF-ATLAS-1', ...overrides,
  });

  describe('creating a dossier', () => {
    it('proposes the next number of the company (max + 1), today as start date and the first open status', async () => {
      const customer = await makeThirdParty(ds(), ref);
      const existing = await makeDossier(ds(), ref, customer, { number: 7000 });
      const page = await get('/dossiers/new').expect(200);
      expect(page.text).to.include(`name="number" type="text" value="${existing.number + 1}"`);
      expect(page.text).to.match(/id="f-startDate" name="startDate" value="22\/11\/2026" placeholder="jj\/mm\/aaaa" autocomplete="off" data-date="fr"/);
      expect(page.text).to.match(new RegExp(`<option value="${ref.statuses.EN_COURS.id}" selected>`));
      expect(page.text).to.include(`action="${BASE}/dossiers"`);
    });

    it('creates a dossier with every field, writes the risk code on the customer and records the creation', async () => {
      const customer = await makeThirdParty(ds(), ref, { name: 'Boulangerie Martin SARL' });
      const contact = await makeContact(ds(), { kind: 'customer', thirdPartyId: customer.id, lastName: 'Martin' });
      const res = await post('/dossiers', fullForm(customer, { number: '8001', originContactId: String(contact.id), contactId: String(contact.id) })).expect(303);
      expect(res.headers.location).to.match(new RegExp(`^${BASE}/dossiers/\\d+$`));
      const d = await ds().getRepository(Dossier).findOneByOrFail({ number: 8001, companyId: ref.company.id });
      expect(d).to.include({
        statusId: ref.statuses.AMIABLE.id, thirdPartyId: customer.id, lossHundredths: 1250, priority: 250, startDate: '2026-11-02',
        originControllerId: ref.controllers[1].id, disputeReasonId: ref.disputeReasons.CONTESTEE.id, originContactId: contact.id,
        controllerId: ref.controllers[0].id, contactId: contact.id, comment: 'Client relancé par téléphone', currency: 'EUR', creditorReference: 'REF-ATLAS-1', version: 1,
      });
      expect((await ds().getRepository(ThirdParty).findOneByOrFail({ id: customer.id })).riskCodeId).to.equal(ref.riskCodes.R2.id);
      expect((await events(d.id)).map((e) => e.type)).to.deep.equal(['created', 'riskCodeChanged']);
      const page = await get(`/dossiers/${d.id}`).expect(200);
      expect(page.text).to.include('Boulangerie Martin SARL');
      expect(page.text).to.include('12,5\u00a0%');
      expect(page.text).to.include('Risque moyen');
    });

    it('starts a new dossier on the scenario chosen in the form, and refuses an inactive one at the field', async () => {
      const customer = await makeThirdParty(ds(), ref);
      const step = [{ code: 'APPEL', label: 'Appel', actionType: 'call' as const, anchor: 'start' as const, offsetDays: 5 }];
      const active = { id: await makeScenario(ds(), step, { code: 'form-active', name: 'Relances du formulaire' }) };
      const inactive = { id: await makeScenario(ds(), step, { code: 'form-inactive', name: 'Ancien scénario', active: false }) };
      const form = await get('/dossiers/new').expect(200);
      expect(form.text).to.include('Relances du formulaire').and.not.include('Ancien scénario');
      const refused = await post('/dossiers', fullForm(customer, { number: '8420', scenarioId: String(inactive.id) })).expect(422);
      expect(refused.text).to.include('data-field-error="scenarioId"');
      await post('/dossiers', fullForm(customer, { number: '8421', scenarioId: String(active.id) })).expect(303);
      expect((await ds().getRepository(Dossier).findOneByOrFail({ number: 8421 })).scenarioId).to.equal(active.id);
    });

    it('refuses a number already used in the company, with the message at the field and the input kept', async () => {
      const customer = await makeThirdParty(ds(), ref);
      await makeDossier(ds(), ref, customer, { number: 8100 });
      const res = await post('/dossiers', fullForm(customer, { number: '8100', comment: 'à garder' })).expect(422);
      expect(res.text).to.include('data-field-error="number"');
      expect(res.text).to.include('Ce numéro est déjà utilisé');
      expect(res.text).to.include('à garder');
      expect(await ds().getRepository(Dossier).countBy({ number: 8100 })).to.equal(1);
    });

    it('turns a race for the same number into the field message (the unique index decides)', async () => {
      const customer = await makeThirdParty(ds(), ref);
      const results = await Promise.all([post('/dossiers', fullForm(customer, { number: '8200' })), post('/dossiers', fullForm(customer, { number: '8200' }))]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).to.deep.equal([303, 422]);
      expect(results.find((r) => r.status === 422)!.text).to.include('Ce numéro est déjà utilisé');
      expect(await ds().getRepository(Dossier).countBy({ number: 8200 })).to.equal(1);
    });

    it('keeps bad input with a message at each field and saves nothing', async () => {
      const customer = await makeThirdParty(ds(), ref);
      const before = await ds().getRepository(Dossier).count();
      const res = await post('/dossiers', fullForm(customer, { number: '8300', lossPercentage: '120', priority: '1000', startDate: '31/02/2026', currency: 'euros', comment: 'mon commentaire' })).expect(422);
      for (const f of ['lossPercentage', 'priority', 'startDate', 'currency']) expect(res.text).to.include(`data-field-error="${f}"`);
      expect(res.text).to.include('value="120"');
      expect(res.text).to.include('value="31/02/2026"');
      expect(res.text).to.include('mon commentaire');
      expect(await ds().getRepository(Dossier).count()).to.equal(before);
    });

    it('asks a closed dossier for its end date, resolution and result', async () => {
      const customer = await makeThirdParty(ds(), ref);
      const res = await post('/dossiers', fullForm(customer, { number: '8400', statusId: String(ref.statuses.TERMINE.id) })).expect(422);
      for (const f of ['endDate', 'resolutionId', 'resultId']) expect(res.text).to.include(`data-field-error="${f}"`);
    });

    it('creates a dossier for a customer with its open entries linked and sensible defaults', async () => {
      const customer = await makeThirdParty(ds(), ref, { creditControllerId: ref.controllers[1].id });
      await makeEntry(ds(), ref, customer, { debit: 50000 });
      await makeEntry(ds(), ref, customer, { debit: 25000 });
      await makeEntry(ds(), ref, customer, { debit: 10000, lettering: 'AA' });
      const { dossier, linked } = await createDossierForCustomer({ dataSource: ds() }, customer.id, { today: '2026-11-22' });
      expect(linked).to.equal(2);
      expect(dossier).to.include({ statusId: ref.statuses.EN_COURS.id, controllerId: ref.controllers[1].id, startDate: '2026-11-22' });
      expect((await dossierAmounts(ds(), [dossier.id])).get(dossier.id)).to.equal(75000);
    });
  });

    it('reloads the form for the chosen customer with its risk code, controller and contacts, keeping the input', async () => {
      const customer = await makeThirdParty(ds(), ref, { riskCodeId: ref.riskCodes.R3.id, creditControllerId: ref.controllers[1].id });
      const contact = await makeContact(ds(), { kind: 'customer', thirdPartyId: customer.id, lastName: 'Contactdeclient' });
      const res = await get(`/dossiers/new?thirdPartyId=${customer.id}&comment=${encodeURIComponent('tapé avant')}&number=8450&numberFor=${ref.company.id}&companyId=${ref.company.id}`).expect(200);
      expect(res.text).to.match(new RegExp(`<option value="${ref.riskCodes.R3.id}" selected>`));
      expect(res.text).to.match(new RegExp(`id="f-controllerId"[\\s\\S]*?<option value="${ref.controllers[1].id}" selected>`));
      expect(res.text).to.include(`<option value="${contact.id}"`);
      expect(res.text).to.include('tapé avant');
      expect(res.text).to.include('value="8450"');
    });

    it('offers the creditor companies when there are several, the first root company by default', async () => {
      await ds().getRepository(Company).save({ code: 'FIL1', name: 'Atlas Filiale Sud', country: 'FR', parentId: ref.company.id } as never);
      const res = await get('/dossiers/new').expect(200);
      expect(res.text).to.include('id="f-companyId"');
      expect(res.text).to.match(new RegExp(`<option value="${ref.company.id}" selected>`));
      expect(res.text).to.include('Atlas Filiale Sud');
    });

  describe('editing a dossier', () => {
    it('saves every field, bumps the version and records each change with labels', async () => {
      const customer = await makeThirdParty(ds(), ref);
      const d = await makeDossier(ds(), ref, customer, { number: 8500 });
      const form = await get(`/dossiers/${d.id}/edit`).expect(200);
      expect(form.text).to.include('name="version" value="1"');
      await post(`/dossiers/${d.id}`, {
        ...fullForm(customer, { number: '8501', statusId: String(d.statusId), lossPercentage: '0', disputeReasonId: String(ref.disputeReasons.CONTESTEE.id) }),
        version: '1',
      }).expect(303);
      const saved = await ds().getRepository(Dossier).findOneByOrFail({ id: d.id });
      expect(saved).to.include({ number: 8501, statusId: d.statusId, lossHundredths: 0, disputeReasonId: ref.disputeReasons.CONTESTEE.id, version: 2, priority: 250 });
      const changes = (await events(d.id)).filter((e) => e.type === 'fieldChanged').map((e) => JSON.parse(e.details));
      expect(changes.find((c) => c.field === 'disputeReasonId')).to.deep.include({ after: ref.disputeReasons.CONTESTEE.label });
      expect(changes.find((c) => c.field === 'number')).to.deep.include({ before: '8500', after: '8501' });
      const chrono = await get(`/dossiers/${d.id}?tab=chrono`).expect(200);
      expect(chrono.text).to.include(ref.disputeReasons.CONTESTEE.label);
      expect(chrono.text).to.include('User claire');
    });

    it('leaves the status to the status dialog: the form shows it with a link, and a forged change is refused', async () => {
      const customer = await makeThirdParty(ds(), ref);
      const d = await makeDossier(ds(), ref, customer, { number: 8550 });
      const form = await get(`/dossiers/${d.id}/edit`).expect(200);
      expect(form.text).to.include(`href="${BASE}/dossiers/${d.id}/status"`);
      expect(form.text).not.to.include('id="f-endDate"');
      const res = await post(`/dossiers/${d.id}`, {
        ...fullForm(customer, { number: '8550', statusId: String(ref.statuses.TERMINE.id), endDate: '2026-11-21', resolutionId: String(ref.resolutions.PAIEMENT.id), resultId: String(ref.results.RECOUVRE.id) }),
        version: '1',
      }).expect(422);
      expect(res.text).to.include('Changer le statut');
      const after = await ds().getRepository(Dossier).findOneByOrFail({ id: d.id });
      expect(after).to.include({ statusId: d.statusId, endDate: null, version: 1 });
    });

    it('refuses a stale save, names who changed the dossier, keeps the user input and overwrites nothing', async () => {
      const customer = await makeThirdParty(ds(), ref);
      const d = await makeDossier(ds(), ref, customer, { number: 8600 });
      const paul = await signIn(t, 'paul', 'controller');
      await paul.agent.post(`${BASE}/dossiers/${d.id}`).type('form').send({ _csrf: paul.csrf, ...fullForm(customer, { number: '8600', statusId: String(d.statusId), comment: 'version de Paul' }), version: '1' }).expect(303);
      const res = await post(`/dossiers/${d.id}`, { ...fullForm(customer, { number: '8600', statusId: String(d.statusId), comment: 'version de Claire' }), version: '1' }).expect(409);
      expect(res.text).to.include('data-error="conflict"');
      expect(res.text).to.include('User paul');
      expect(res.text).to.include('version de Claire');
      expect((await ds().getRepository(Dossier).findOneByOrFail({ id: d.id })).comment).to.equal('version de Paul');
    });
  });

  describe('the risk code, kept only on the customer', () => {
    it('shows the customer risk code on the dossier, and a change from either side is seen by the other', async () => {
      const customer = await makeThirdParty(ds(), ref, { riskCodeId: ref.riskCodes.R1.id });
      const d = await makeDossier(ds(), ref, customer, { number: 8700 });
      const form = await get(`/dossiers/${d.id}/edit`).expect(200);
      expect(form.text).to.match(new RegExp(`<option value="${ref.riskCodes.R1.id}" selected>`));
      await post(`/dossiers/${d.id}`, { ...fullForm(customer, { number: '8700', statusId: String(d.statusId), riskCodeId: String(ref.riskCodes.R3.id) }), version: '1' }).expect(303);
      expect((await ds().getRepository(ThirdParty).findOneByOrFail({ id: customer.id })).riskCodeId).to.equal(ref.riskCodes.R3.id);
      const risk = (await events(d.id)).find((e) => e.type === 'riskCodeChanged')!;
      expect(JSON.parse(risk.details)).to.deep.include({ before: 'Risque faible', after: 'Risque élevé' });
      // The third-party page writes the customer's record: the dossier shows it at once.
      await ds().getRepository(ThirdParty).update({ id: customer.id }, { riskCodeId: ref.riskCodes.R2.id });
      const page = await get(`/dossiers/${d.id}`).expect(200);
      expect(page.text).to.match(/data-field="riskCode">Risque moyen</);
    });
  });

  describe('ledger entries', () => {
    it('links an invoice, a partial payment and a credit note: the amount is 600,00', async () => {
      const customer = await makeThirdParty(ds(), ref);
      const d = await makeDossier(ds(), ref, customer, { number: 8800 });
      const invoice = await makeEntry(ds(), ref, customer, { debit: 120000, pieceRef: 'FA-8800' });
      const payment = await makeEntry(ds(), ref, customer, { debit: 0, credit: 50000, journalCode: 'BQ', pieceRef: 'RG-8800' });
      const creditNote = await makeEntry(ds(), ref, customer, { debit: 0, credit: 10000, pieceRef: 'AV-8800' });
      const lettered = await makeEntry(ds(), ref, customer, { debit: 99900, lettering: 'AB', pieceRef: 'FA-LETTREE' });
      const open = await get(`/dossiers/${d.id}?tab=entries`).expect(200);
      expect(open.text).to.include('FA-8800');
      expect(open.text).not.to.include('FA-LETTREE');
      const res = await post(`/dossiers/${d.id}/entries/link`, { entryIds: [String(invoice.id), String(payment.id), String(creditNote.id)] }).expect(303);
      expect(res.headers.location).to.equal(`${BASE}/dossiers/${d.id}?tab=entries`);
      expect((await dossierAmounts(ds(), [d.id])).get(d.id)).to.equal(60000);
      const page = await get(`/dossiers/${d.id}?tab=entries`).expect(200);
      expect(page.text).to.include('data-field="amount">600,00\u00a0€');
      const linkEvents = (await events(d.id)).filter((e) => e.type === 'entryLinked');
      expect(linkEvents.map((e) => e.amount).sort((a, b) => a! - b!)).to.deep.equal([-50000, -10000, 120000]);

      // A lettered entry is refused, and counts 0 once its lettering arrives.
      await post(`/dossiers/${d.id}/entries/link`, { entryIds: String(lettered.id) }).expect(303);
      expect(await ds().getRepository(DossierEntry).countBy({ dossierId: d.id })).to.equal(3);

      await post(`/dossiers/${d.id}/entries/unlink`, { entryIds: String(payment.id) }).expect(303);
      expect((await dossierAmounts(ds(), [d.id])).get(d.id)).to.equal(110000);
      expect((await events(d.id)).filter((e) => e.type === 'entryUnlinked')).to.have.length(1);
    });

    it("the page's entry rows hold the same values as the entities, in the same order", async () => {
      const customer = await makeThirdParty(ds(), ref);
      const d = await makeDossier(ds(), ref, customer, { number: 8850 });
      const a = await makeEntry(ds(), ref, customer, { debit: 120000, pieceRef: 'FA-8850', dueDate: '2026-10-01', originalDueDate: '2026-09-01', doubtfulAt: '2026-11-01T10:00:00.000Z' });
      await makeEntry(ds(), ref, customer, { debit: 0, credit: 5000, pieceRef: 'AV-8850', label: null, dueDate: null });
      await makeEntry(ds(), ref, customer, { debit: 7000, pieceRef: 'FA-8851', dueDate: '2026-08-01' });
      await post(`/dossiers/${d.id}/entries/link`, { entryIds: String(a.id) }).expect(303);
      const pick = (e: object, keys: string[]) => Object.fromEntries(keys.map((k) => [k, (e as Record<string, unknown>)[k]]));
      const linkedRows = await linkedEntryRows(ds(), d.id);
      const linkableRows = await linkableEntryRows(ds(), d);
      expect(linkedRows).to.have.length(1);
      expect(linkableRows).to.have.length(2);
      // The columns read (the entity's other properties stay undefined).
      const keys = Object.keys(linkedRows[0]).filter((k) => (linkedRows[0] as Record<string, unknown>)[k] !== undefined);
      expect(keys).to.include.members(['id', 'dueDate', 'originalDueDate', 'doubtfulAt', 'debit', 'credit', 'lettering', 'balance']);
      expect(linkedRows.map((e) => pick(e, keys))).to.deep.equal((await linkedEntries(ds(), d.id)).map((e) => pick(e, keys)));
      const openKeys = keys.filter((k) => k !== 'balance');
      expect(linkableRows.map((e) => pick(e, openKeys))).to.deep.equal((await linkableEntries(ds(), d)).map((e) => pick(e, openKeys)));
      expect(typeof linkedRows[0].debit).to.equal('number');
    });

    it('lets an entry belong to only one dossier that is not closed', async () => {
      const customer = await makeThirdParty(ds(), ref);
      const first = await makeDossier(ds(), ref, customer, { number: 8900 });
      const second = await makeDossier(ds(), ref, customer, { number: 8901 });
      const invoice = await makeEntry(ds(), ref, customer);
      await post(`/dossiers/${first.id}/entries/link`, { entryIds: String(invoice.id) }).expect(303);
      await post(`/dossiers/${second.id}/entries/link`, { entryIds: String(invoice.id) }).expect(303);
      expect(await ds().getRepository(DossierEntry).countBy({ ledgerEntryId: invoice.id })).to.equal(1);
      const page = await get(`/dossiers/${second.id}?tab=entries`).expect(200);
      expect(page.text).to.include('ne peut pas être liée');
      // Once the first dossier is closed, the entry is free again.
      await ds().getRepository(Dossier).update({ id: first.id }, { statusId: ref.statuses.TERMINE.id });
      await post(`/dossiers/${second.id}/entries/link`, { entryIds: String(invoice.id) }).expect(303);
      expect(await ds().getRepository(DossierEntry).countBy({ ledgerEntryId: invoice.id, dossierId: second.id })).to.equal(1);
    });
    it('links an entry to only one of two dossiers that take it at the same time', async () => {
      const customer = await makeThirdParty(ds(), ref);
      const first = await makeDossier(ds(), ref, customer, { number: 8950 });
      const second = await makeDossier(ds(), ref, customer, { number: 8951 });
      const invoice = await makeEntry(ds(), ref, customer);
      await Promise.all([
        post(`/dossiers/${first.id}/entries/link`, { entryIds: String(invoice.id) }).expect(303),
        post(`/dossiers/${second.id}/entries/link`, { entryIds: String(invoice.id) }).expect(303),
      ]);
      expect(await ds().getRepository(DossierEntry).countBy({ ledgerEntryId: invoice.id })).to.equal(1);
      expect(await ds().getRepository(DossierEvent).countBy({ type: 'entryLinked', dossierId: In([first.id, second.id]) })).to.equal(1);
    });
  });

  describe('interventions', () => {
    it('adds one, marks it done with who and when, skips another, and the Chrono tells each', async () => {
      const customer = await makeThirdParty(ds(), ref);
      const d = await makeDossier(ds(), ref, customer, { number: 9000 });
      await post(`/dossiers/${d.id}/interventions`, { type: 'call', label: 'Relance téléphonique', dueDate: '2026-11-25', priority: '300', assigneeId: String(ref.controllers[0].id) }).expect(303);
      await post(`/dossiers/${d.id}/interventions`, { type: 'letter', label: 'Mise en demeure', dueDate: '2026-12-01', priority: '100', assigneeId: '' }).expect(303);
      const [call, letter] = await ds().getRepository(Intervention).find({ where: { dossierId: d.id }, order: { id: 'ASC' } });
      expect(call).to.include({ type: 'call', state: 'todo', dueDate: '2026-11-25', priority: 300, assigneeId: ref.controllers[0].id });

      const list = await get('/dossiers?q=9000').expect(200);
      expect(list.text).to.include('25/11/2026');
      expect(list.text).to.include('Relance téléphonique');

      await post(`/dossiers/${d.id}/interventions/${call.id}/done`, { result: 'Promesse de paiement', comment: 'Paiement le 30' }).expect(303);
      const done = await ds().getRepository(Intervention).findOneByOrFail({ id: call.id });
      expect(done).to.include({ state: 'done', doneDate: '2026-11-22', doneBy: s.userId, result: 'Promesse de paiement', comment: 'Paiement le 30' });
      expect(done.doneAt).to.be.a('string');

      await post(`/dossiers/${d.id}/interventions/${letter.id}/skip`, { reason: '' }).expect(422);
      await post(`/dossiers/${d.id}/interventions/${letter.id}/skip`, { reason: 'Paiement promis' }).expect(303);
      expect(await ds().getRepository(Intervention).findOneByOrFail({ id: letter.id })).to.include({ state: 'skipped', skipReason: 'Paiement promis' });
      // Done twice: refused, nothing changes.
      await post(`/dossiers/${d.id}/interventions/${call.id}/done`, { result: 'autre' }).expect(303);
      expect((await ds().getRepository(Intervention).findOneByOrFail({ id: call.id })).result).to.equal('Promesse de paiement');

      expect((await events(d.id)).map((e) => e.type)).to.deep.equal(['interventionAdded', 'interventionAdded', 'interventionDone', 'interventionSkipped']);
      const chrono = await get(`/dossiers/${d.id}?tab=chrono`).expect(200);
      const table = chrono.text.slice(chrono.text.indexOf('id="chrono"'));
      expect(table.indexOf('Intervention ignorée')).to.be.greaterThan(0).and.lessThan(table.indexOf('Intervention réalisée'));
      expect(chrono.text).to.include('Promesse de paiement');
    });

    it('keeps the input and shows the message at the field when an intervention is invalid', async () => {
      const customer = await makeThirdParty(ds(), ref);
      const d = await makeDossier(ds(), ref, customer, { number: 9001 });
      const res = await post(`/dossiers/${d.id}/interventions`, { type: 'call', label: 'Appel gardé', dueDate: 'demain', priority: '5' }).expect(422);
      expect(res.text).to.include('data-field-error="dueDate"');
      expect(res.text).to.include('value="Appel gardé"');
      expect(await ds().getRepository(Intervention).countBy({ dossierId: d.id })).to.equal(0);
    });
  });

  describe('contacts', () => {
    it('edits a customer contact from the dossier: the third party\'s own row changes', async () => {
      const customer = await makeThirdParty(ds(), ref);
      const d = await makeDossier(ds(), ref, customer, { number: 9100 });
      const contact = await makeContact(ds(), { kind: 'customer', thirdPartyId: customer.id, lastName: 'Durand', phone: '01 00 00 00 00' });
      const companyContact = await makeContact(ds(), { kind: 'company', companyId: ref.company.id, lastName: 'Comptabilité Atlas' });
      const tab = await get(`/dossiers/${d.id}?tab=contacts`).expect(200);
      expect(tab.text).to.include('Durand');
      expect(tab.text).to.include('Comptabilité Atlas');
      await get(`/dossiers/${d.id}/contacts/${contact.id}/edit`).expect(200);
      await post(`/dossiers/${d.id}/contacts/${contact.id}`, { version: '1', firstName: 'Jeanne', lastName: 'Durand', jobTitle: 'DAF', phone: '01 99 99 99 99', mobile: '', email: 'daf@client.test' }).expect(303);
      const row = await ds().getRepository(Contact).findOneByOrFail({ id: contact.id });
      expect(row).to.include({ thirdPartyId: customer.id, kind: 'customer', jobTitle: 'DAF', phone: '01 99 99 99 99', version: 2 });
      await post(`/dossiers/${d.id}/contacts/${companyContact.id}`, { version: '1', lastName: 'Service recouvrement Atlas' }).expect(303);
      expect((await ds().getRepository(Contact).findOneByOrFail({ id: companyContact.id })).lastName).to.equal('Service recouvrement Atlas');
      // A contact of another customer is not reachable through this dossier.
      const stranger = await makeContact(ds(), { kind: 'customer', thirdPartyId: (await makeThirdParty(ds(), ref)).id });
      await post(`/dossiers/${d.id}/contacts/${stranger.id}`, { version: '1', lastName: 'X' }).expect(404);
      const types = (await events(d.id)).map((e) => e.type);
      expect(types).to.deep.equal(['contactEdited', 'contactEdited']);
    });

    it('adds a customer contact onto the third party, and a dossier-only contact onto the dossier', async () => {
      const customer = await makeThirdParty(ds(), ref);
      const d = await makeDossier(ds(), ref, customer, { number: 9101 });
      await post(`/dossiers/${d.id}/contacts`, { kind: 'customer', firstName: 'Luc', lastName: 'Client', email: '' }).expect(303);
      await post(`/dossiers/${d.id}/contacts`, { kind: 'dossier', lastName: 'Avocat Maître Roux' }).expect(303);
      expect(await ds().getRepository(Contact).countBy({ kind: 'customer', thirdPartyId: customer.id, lastName: 'Client' })).to.equal(1);
      expect(await ds().getRepository(Contact).countBy({ kind: 'dossier', dossierId: d.id })).to.equal(1);
      const bad = await post(`/dossiers/${d.id}/contacts`, { kind: 'customer', firstName: 'Gardé', lastName: '', email: 'pas-un-email' }).expect(422);
      expect(bad.text).to.include('data-field-error="lastName"');
      expect(bad.text).to.include('data-field-error="email"');
      expect(bad.text).to.include('value="Gardé"');
    });
  });

  describe('the dossier list', () => {
    let tricky: { underscore: Dossier; percent: Dossier; plain: Dossier };
    before(async () => {
      const a = await makeThirdParty(ds(), ref, { name: 'Société A_B Industrie', auxiliaryAccount: '411AUNDERB' });
      const b = await makeThirdParty(ds(), ref, { name: 'Remise 100% Bio', auxiliaryAccount: '411REMISE', vatNumber: 'FR12345678901' });
      const c = await makeThirdParty(ds(), ref, { name: 'AxB Négoce', auxiliaryAccount: '411AXB' });
      tricky = {
        underscore: await makeDossier(ds(), ref, a, { number: 9201 }),
        percent: await makeDossier(ds(), ref, b, { number: 9202, creditorReference: 'CTR-2026-77' }),
        plain: await makeDossier(ds(), ref, c, { number: 9203 }),
      };
      const inv = await makeEntry(ds(), ref, c, { pieceRef: 'FA2026-UNIQUE-99' });
      await ds().getRepository(DossierEntry).save({ dossierId: tricky.plain.id, ledgerEntryId: inv.id, linkedAt: '2026-11-22T09:00:00.000Z', linkedBy: null });
    });

    const numbersIn = (html: string) => [...html.matchAll(/dossiers\/\d+">(\d+)<\/a><\/td>/g)].map((m) => Number(m[1]));

    it('finds a literal _ in the data and does not treat it as a wildcard', async () => {
      const res = await get(`/dossiers?q=${encodeURIComponent('a_b')}`).expect(200);
      expect(numbersIn(res.text)).to.include(9201);
      expect(numbersIn(res.text)).not.to.include(9203);
    });

    it('treats the user\'s % as a wildcard and still finds a literal %', async () => {
      expect(numbersIn((await get(`/dossiers?q=${encodeURIComponent('100%')}`).expect(200)).text)).to.include(9202);
      const wild = numbersIn((await get(`/dossiers?q=${encodeURIComponent('a%b n')}`).expect(200)).text);
      expect(wild).to.include(9203);
      expect(wild).not.to.include(9202);
    });

    it('searches case-insensitively by number, account, invoice reference, VAT number and own reference', async () => {
      expect(numbersIn((await get('/dossiers?q=9203').expect(200)).text)).to.deep.equal([9203]);
      expect(numbersIn((await get('/dossiers?q=411remise').expect(200)).text)).to.deep.equal([9202]);
      expect(numbersIn((await get('/dossiers?q=fa2026-unique').expect(200)).text)).to.deep.equal([9203]);
      expect(numbersIn((await get('/dossiers?q=fr1234567').expect(200)).text)).to.deep.equal([9202]);
      expect(numbersIn((await get('/dossiers?q=ctr-2026').expect(200)).text)).to.deep.equal([9202]);
    });

    it('finds nothing and breaks nothing with an injection attempt', async () => {
      const res = await get(`/dossiers?q=${encodeURIComponent("' OR 1=1 --")}`).expect(200);
      expect(numbersIn(res.text)).to.deep.equal([]);
      await get(`/dossiers?sort=${encodeURIComponent('number; DROP TABLE dossier')}&dir=${encodeURIComponent('desc; --')}`).expect(200);
      expect(await ds().getRepository(Dossier).count()).to.be.greaterThan(0);
    });

    it('counts per status in the sidebar, filters by status, sorts and paginates', async () => {
      const res = await get('/dossiers').expect(200);
      const total = await ds().getRepository(Dossier).count();
      expect(res.text).to.include(`data-count="all">${total}<`);
      expect(res.text).to.include(`href="${BASE}/dossiers/new"`);
      const closed = await ds().getRepository(Dossier).countBy({ statusId: ref.statuses.TERMINE.id });
      const filtered = await get(`/dossiers?status=${ref.statuses.TERMINE.id}`).expect(200);
      expect(numbersIn(filtered.text)).to.have.length(Math.min(closed, 25));
      const asc = numbersIn((await get('/dossiers?sort=number&dir=asc').expect(200)).text);
      expect(asc).to.deep.equal([...asc].sort((a, b) => a - b));
      expect(asc).to.have.length(Math.min(total, 25));
      for (const col of ['customer', 'status', 'controller', 'startDate', 'amount', 'nextAction']) {
        await get(`/dossiers?sort=${col}&dir=desc`).expect(200);
      }
      const page2 = await get('/dossiers?sort=number&dir=asc&page=2').expect(200);
      if (total > 25) expect(numbersIn(page2.text)[0]).to.be.greaterThan(asc[asc.length - 1]);
    });

    it('shows a customer named <script> as text on the list and the dossier page', async () => {
      const evil = await makeThirdParty(ds(), ref, { name: '<script>alert(1)</script>' });
      const d = await makeDossier(ds(), ref, evil, { number: 9300 });
      const list = await get('/dossiers?q=9300').expect(200);
      expect(list.text).not.to.include('<script>alert(1)</script>');
      expect(list.text).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
      const page = await get(`/dossiers/${d.id}`).expect(200);
      expect(page.text).not.to.include('<script>alert(1)</script>');
      expect(page.text).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    });
  });

  describe('roles', () => {
    it('lets an auditor read a dossier but change nothing', async () => {
      const customer = await makeThirdParty(ds(), ref);
      const d = await makeDossier(ds(), ref, customer, { number: 9360 });
      const auditor = await signIn(t, 'auditrice', 'auditor');
      await auditor.agent.get(`${BASE}/dossiers/${d.id}`).expect(200);
      await auditor.agent.post(`${BASE}/dossiers/${d.id}/interventions`).type('form').send({ _csrf: auditor.csrf, type: 'call', label: 'x', dueDate: '22/11/2026', priority: '1' }).expect(403);
      await auditor.agent.post(`${BASE}/dossiers`).type('form').send({ _csrf: auditor.csrf, ...fullForm(customer, { number: '9361' }) }).expect(403);
      expect(await ds().getRepository(Intervention).countBy({ dossierId: d.id })).to.equal(0);
    });
  });

  describe('under a base path', () => {
    it('carries /recouvrement in every link and form of the dossier page and the forms', async () => {
      const customer = await makeThirdParty(ds(), ref);
      const d = await makeDossier(ds(), ref, customer, { number: 9350 });
      await makeContact(ds(), { kind: 'customer', thirdPartyId: customer.id, email: 'x@example.test' });
      for (const path of [`/dossiers/${d.id}`, `/dossiers/${d.id}?tab=interventions`, `/dossiers/${d.id}?tab=contacts`, `/dossiers/${d.id}?tab=chrono`, `/dossiers/${d.id}/edit`, '/dossiers/new', '/dossiers']) {
        const html = (await get(path).expect(200)).text;
        const targets = [...html.matchAll(/(?:href|action|hx-get)="([^"]*)"/g)].map((m) => m[1]).filter((u) => !u.startsWith('mailto:') && !u.startsWith('#'));
        expect(targets.filter((u) => !u.startsWith(`${BASE}/`)), path).to.deep.equal([]);
      }
    });
  });

  describe('in English', () => {
    it('shows the dossier page in English with ?lang=en', async () => {
      const customer = await makeThirdParty(ds(), ref);
      const d = await makeDossier(ds(), ref, customer, { number: 9400 });
      const inv = await makeEntry(ds(), ref, customer, { debit: 193379 });
      await ds().getRepository(DossierEntry).save({ dossierId: d.id, ledgerEntryId: inv.id, linkedAt: '2026-11-22T09:00:00.000Z', linkedBy: null });
      const en = await s.agent.get(`${BASE}/dossiers/${d.id}?lang=en`).expect(200);
      expect(en.text).to.include('Entries');
      expect(en.text).to.include('Next action');
      expect(en.text).to.include('€1,933.79');
      await s.agent.get(`${BASE}/dossiers/${d.id}?lang=fr`).expect(200);
    });
  });
});
