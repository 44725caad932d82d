import { expect } from 'chai';
import { createTestApp, signIn, type SignedInAgent, type TestApp } from '../support/test-app';
import { makeDossier, makeEntry, makeThirdParty, seedReferenceData, type ReferenceData } from '../support/factories';
import { linkEntry, makeScenario, makeScenarioDossier, raised } from './daily-support';
import { Dossier } from '../../src/dossiers/dossier.entity';
import { DossierResult } from '../../src/settings/reference-list.entities';
import { Settlement } from '../../src/payment-plans';
import { DossierEvent } from '../../src/history/dossier-event.entity';
import { Intervention } from '../../src/interventions/intervention.entity';
import { JournalEntryRow, JournalLineRow } from '../../src/journal';
import { LedgerEntry } from '../../src/ledger/ledger-entry.entity';
import { upsertLedgerLines, type LedgerUpsertRow } from '../../src/ledger/ledger-import.service';
import { runDaily } from '../../src/jobs/run-daily';
import { currentProvision, setProvision } from '../../src/provisions';

describe('status changes', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let user: SignedInAgent;
  const ds = () => t.db.dataSource;
  const post = (path: string, body: Record<string, string | string[]>, agent = user) => agent.agent.post(path).type('form').send({ _csrf: agent.csrf, ...body });
  const events = async (dossierId: number) => (await ds().getRepository(DossierEvent).find({ where: { dossierId }, order: { id: 'ASC' } })).map((e) => ({ type: e.type, details: JSON.parse(e.details) as Record<string, unknown> }));
  const interventions = (dossierId: number) => ds().getRepository(Intervention).find({ where: { dossierId }, order: { id: 'ASC' } });

  beforeEach(async () => {
    t = await createTestApp({ today: '2026-11-22' });
    ref = await seedReferenceData(ds());
    user = await signIn(t, 'claire', 'controller');
  });
  afterEach(() => t.close());

  async function dossierWithInvoice(overrides: Partial<Dossier> = {}, entry: Partial<LedgerEntry> = {}) {
    const customer = await makeThirdParty(ds(), ref);
    const dossier = await makeDossier(ds(), ref, customer, { startDate: '2026-10-01', ...overrides });
    const invoice = await makeEntry(ds(), ref, customer, { debit: 120000, dueDate: '2026-10-15', ...entry });
    await linkEntry(ds(), dossier.id, invoice.id);
    return { customer, dossier, invoice };
  }

  /** Terminé — Recouvré needs a zero balance (issue 11 point 4): the customer pays the invoice. */
  async function paidInFull(customer: { id: number }, dossierId: number, amount = 120000) {
    const payment = await makeEntry(ds(), ref, customer as never, { debit: 0, credit: amount, journalCode: 'BQ', journalLabel: 'Banque', pieceRef: 'VIR-TOTAL', dueDate: null });
    await linkEntry(ds(), dossierId, payment.id);
  }

  describe('Terminé', () => {
    it('refuses a closure without end date, resolution and result, with the messages at the fields, the input kept and nothing saved', async () => {
      const { dossier } = await dossierWithInvoice();
      const res = await post(`/dossiers/${dossier.id}/status`, { statusId: String(ref.statuses.TERMINE.id), endDate: '', comment: 'Client parti' }).expect(422);
      expect(res.text).to.include('data-field-error="endDate"').and.include('data-field-error="resolutionId"').and.include('data-field-error="resultId"');
      expect(res.text).to.include('Client parti');
      const before = await post(`/dossiers/${dossier.id}/status`, {
        statusId: String(ref.statuses.TERMINE.id), endDate: '15/09/2026', resolutionId: String(ref.resolutions.PAIEMENT.id), resultId: String(ref.results.RECOUVRE.id),
      }).expect(422);
      expect(before.text).to.include('La date de fin ne peut pas précéder la date de début du dossier.');
      expect(before.text).to.include('value="15/09/2026"');
      const saved = await ds().getRepository(Dossier).findOneByOrFail({ id: dossier.id });
      expect([saved.statusId, saved.endDate, saved.version]).to.deep.equal([ref.statuses.EN_COURS.id, null, 1]);
      expect(await events(dossier.id)).to.deep.equal([]);
    });

    it('closes the dossier: to-do interventions skipped with the reason, read-only until an admin reopens it with a reason', async () => {
      const { customer, dossier } = await dossierWithInvoice();
      await paidInFull(customer, dossier.id);
      await post(`/dossiers/${dossier.id}/interventions`, { type: 'call', label: 'Appeler le gérant', dueDate: '25/11/2026', priority: '10', assigneeId: '' }).expect(303);
      await post(`/dossiers/${dossier.id}/status`, {
        statusId: String(ref.statuses.TERMINE.id), endDate: '22/11/2026', resolutionId: String(ref.resolutions.PAIEMENT.id), resultId: String(ref.results.RECOUVRE.id), comment: 'Payé',
      }).expect(303);
      const closed = await ds().getRepository(Dossier).findOneByOrFail({ id: dossier.id });
      expect(closed).to.include({ statusId: ref.statuses.TERMINE.id, endDate: '2026-11-22', resolutionId: ref.resolutions.PAIEMENT.id, resultId: ref.results.RECOUVRE.id });
      expect((await interventions(dossier.id)).map((i) => [i.label, i.state, i.skipReason])).to.deep.equal([['Appeler le gérant', 'skipped', 'Dossier terminé']]);
      expect((await events(dossier.id)).map((e) => e.type)).to.include.members(['statusChanged', 'interventionSkipped']);

      // Read-only: the page hides the edit buttons, every write is refused with a message.
      const page = await user.agent.get(`/dossiers/${dossier.id}`).expect(200);
      expect(page.text).to.include('id="closed-banner"');
      expect(page.text).not.to.include('id="change-status-button"');
      expect(page.text).not.to.include(`/dossiers/${dossier.id}/edit"`);
      expect(page.text).not.to.include('id="reopen-button"'); // a controller may not reopen (REOPEN_ROLES=admin)
      const refused = await post(`/dossiers/${dossier.id}/interventions`, { type: 'call', label: 'Encore', dueDate: '25/11/2026', priority: '10', assigneeId: '' }).expect(303);
      expect(refused.headers.location).to.equal(`/dossiers/${dossier.id}`);
      expect((await user.agent.get(`/dossiers/${dossier.id}`)).text).to.include('Ce dossier est terminé : il est en lecture seule.');
      expect(await interventions(dossier.id)).to.have.length(1);
      await user.agent.get(`/dossiers/${dossier.id}/edit`).expect(303);
      await post(`/dossiers/${dossier.id}/contacts`, { kind: 'dossier', lastName: 'Durand' }).expect(303);
      await post(`/dossiers/${dossier.id}/status`, { statusId: String(ref.statuses.EN_COURS.id) }).expect(303);
      expect((await ds().getRepository(Dossier).findOneByOrFail({ id: dossier.id })).statusId).to.equal(ref.statuses.TERMINE.id);
      await post(`/dossiers/${dossier.id}/reopen`, { statusId: String(ref.statuses.EN_COURS.id), reason: 'Chèque impayé' }).expect(403);

      const admin = await signIn(t, 'admin1', 'admin');
      expect((await admin.agent.get(`/dossiers/${dossier.id}`)).text).to.include('id="reopen-button"');
      const noReason = await post(`/dossiers/${dossier.id}/reopen`, { statusId: String(ref.statuses.EN_COURS.id), reason: '' }, admin).expect(422);
      expect(noReason.text).to.include('data-field-error="reason"');
      await post(`/dossiers/${dossier.id}/reopen`, { statusId: String(ref.statuses.EN_COURS.id), reason: 'Chèque revenu impayé' }, admin).expect(303);
      const reopened = await ds().getRepository(Dossier).findOneByOrFail({ id: dossier.id });
      expect(reopened).to.include({ statusId: ref.statuses.EN_COURS.id, endDate: null, resolutionId: null, resultId: null });
      const last = (await events(dossier.id)).pop()!;
      expect(last).to.deep.include({ type: 'dossierReopened' });
      expect(last.details).to.include({ reason: 'Chèque revenu impayé', from: 'Terminé', to: 'En cours' });
      const chrono = await admin.agent.get(`/dossiers/${dossier.id}?tab=chrono`).expect(200);
      expect(chrono.text).to.include('Dossier rouvert (Terminé → En cours) : Chèque revenu impayé');
      await post(`/dossiers/${dossier.id}/interventions`, { type: 'call', label: 'Rappeler', dueDate: '25/11/2026', priority: '10', assigneeId: '' }, admin).expect(303);
      expect(await interventions(dossier.id)).to.have.length(2);
    });
    it('reverses what is left of the provision at closure, in the same change (491 / 78174)', async () => {
      const { customer, dossier } = await dossierWithInvoice({ lossHundredths: 5000 });
      await setProvision(ds(), { dossierId: dossier.id, date: '2026-11-01', amount: 50000, actor: { userId: null, userName: null }, at: '2026-11-01T09:00:00.000Z' });
      expect(await currentProvision(ds(), dossier.id)).to.equal(50000);
      await paidInFull(customer, dossier.id);
      await post(`/dossiers/${dossier.id}/status`, {
        statusId: String(ref.statuses.TERMINE.id), endDate: '22/11/2026', resolutionId: String(ref.resolutions.PAIEMENT.id), resultId: String(ref.results.RECOUVRE.id),
      }).expect(303);
      expect(await currentProvision(ds(), dossier.id)).to.equal(0);
      const last = (await ds().getRepository(JournalEntryRow).find({ where: { dossierId: dossier.id }, order: { id: 'DESC' }, take: 1 }))[0];
      const lines = await ds().getRepository(JournalLineRow).find({ where: { journalEntryId: last.id }, order: { id: 'ASC' } });
      expect(lines.map((l) => [l.account, Number(l.debit), Number(l.credit)])).to.deep.equal([['491', 50000, 0], ['78174', 0, 50000]]);
    });
  });

  describe('Terminé as a loss', () => {
    const closeAsLost = async (rectified: boolean) => {
      await ds().getRepository(DossierResult).update({ id: ref.results.PERDU.id }, { lost: true });
      const { dossier } = await dossierWithInvoice({ lossHundredths: 5000 });
      await setProvision(ds(), { dossierId: dossier.id, date: '2026-11-01', amount: 50000, actor: { userId: null, userName: null }, at: '2026-11-01T09:00:00.000Z' });
      await post(`/dossiers/${dossier.id}/status`, {
        statusId: String(ref.statuses.TERMINE.id), endDate: '22/11/2026', resolutionId: String(ref.resolutions.PAIEMENT.id), resultId: String(ref.results.PERDU.id),
        ...(rectified ? { rectifiedInvoiceIssued: 'on' } : {}),
      }).expect(303);
      const entries = await ds().getRepository(JournalEntryRow).find({ where: { dossierId: dossier.id }, order: { id: 'ASC' } });
      const lines = await ds().getRepository(JournalLineRow).find({ where: entries.map((e) => ({ journalEntryId: e.id })), order: { id: 'ASC' } });
      return { dossier, lines: lines.map((l) => [l.account, Number(l.debit), Number(l.credit)] as [string, number, number]) };
    };

    it('writes the receivable off and recovers its VAT when the dialog says a rectified invoice was issued', async () => {
      const { dossier, lines } = await closeAsLost(true);
      // 1 200,00 TTC at the configured 20 %: 1 000,00 lost, 200,00 of VAT recovered, the 500,00 provision reversed.
      expect(lines).to.deep.include.members([['44571', 20000, 0], ['411', 0, 120000], ['491', 50000, 0], ['78174', 0, 50000]]);
      expect(lines.find((l) => l[0].startsWith('654'))).to.deep.equal(['6541', 100000, 0]);
      expect(lines.reduce((s, l) => s + l[1] - l[2], 0)).to.equal(0);
      expect(await currentProvision(ds(), dossier.id)).to.equal(0);
    });

    it('keeps the VAT out of the loss entries when no rectified invoice was issued', async () => {
      const { lines } = await closeAsLost(false);
      expect(lines.map((l) => l[0])).not.to.include('44571');
      expect(lines.reduce((s, l) => s + l[1] - l[2], 0)).to.equal(0);
    });
  });

  describe('Terminé after a settlement pour solde de tout compte', () => {
    const settle = async () => {
      const { customer, dossier } = await dossierWithInvoice();
      await ds().getRepository(Settlement).insert({
        dossierId: dossier.id, status: 'accepted', balance: 120000, amount: 100000, givenUp: 20000, comment: null,
        decidedAt: null, decidedBy: null, decisionReason: null, createdAt: '2026-11-10T09:00:00.000Z', createdBy: null,
      });
      return { customer, dossier };
    };
    const close = (dossierId: number) => post(`/dossiers/${dossierId}/status`, {
      statusId: String(ref.statuses.TERMINE.id), endDate: '22/11/2026', resolutionId: String(ref.resolutions.PAIEMENT.id), resultId: String(ref.results.RECOUVRE.id),
    });

    it('refuses to close before the agreed amount is received, and changes nothing', async () => {
      const { dossier } = await settle();
      const res = await close(dossier.id).expect(422);
      expect(res.text).to.include('data-field-error="resultId"').and.include('pas encore encaissé');
      expect((await ds().getRepository(Dossier).findOneByOrFail({ id: dossier.id })).statusId).to.equal(ref.statuses.EN_COURS.id);
      expect(await ds().getRepository(JournalEntryRow).countBy({ dossierId: dossier.id })).to.equal(0);
    });

    it('books the part given up as a loss once the agreed amount is in', async () => {
      const { customer, dossier } = await settle();
      const payment = await makeEntry(ds(), ref, customer, { debit: 0, credit: 100000, journalCode: 'BQ', pieceRef: 'VIR-SOLDE' });
      await linkEntry(ds(), dossier.id, payment.id);
      await close(dossier.id).expect(303);
      const entries = await ds().getRepository(JournalEntryRow).find({ where: { dossierId: dossier.id } });
      const lines = await ds().getRepository(JournalLineRow).find({ where: entries.map((e) => ({ journalEntryId: e.id })) });
      const loss = lines.filter((l) => l.account.startsWith('654')).reduce((sum, l) => sum + Number(l.debit), 0);
      // 200,00 given up, at the configured 20 % VAT: 166,67 excluding VAT goes to the loss account.
      expect(loss).to.equal(16667);
      expect(lines.reduce((sum, l) => sum + Number(l.debit) - Number(l.credit), 0)).to.equal(0);
    });
  });

  describe('collective procedures', () => {
    it('the dialog proposes the deadline: BODACC publication + 2 months, + 4 months outside metropolitan France, and pre-fills the status\'s loss', async () => {
      const { dossier } = await dossierWithInvoice();
      const rj = ref.statuses.REDRESSEMENT_JUDICIAIRE.id;
      const modal = await user.agent.get(`/dossiers/${dossier.id}/status?statusId=${rj}`).set('HX-Request', 'true').set('HX-Target', 'modal-host').expect(200);
      expect(modal.text).to.include('class="modal fade"').and.include('Date de publication au BODACC').and.include('value="50,00"');
      const refresh = (q: string) => user.agent.get(`/dossiers/${dossier.id}/status?statusId=${rj}&refresh=deadline&bodaccDate=18%2F11%2F2026${q}`).set('HX-Request', 'true').set('HX-Target', 'status-form');
      const metro = await refresh('&claimsDeclarationDeadline=01%2F01%2F2027').expect(200);
      expect(metro.text).not.to.include('<html');
      expect(metro.text).to.include('name="claimsDeclarationDeadline" value="18/01/2027"');
      const abroad = await refresh('&outsideMetropolitanFrance=on&claimsDeclarationDeadline=18%2F01%2F2027').expect(200);
      expect(abroad.text).to.include('name="claimsDeclarationDeadline" value="18/03/2027"');
      const liquidation = await user.agent.get(`/dossiers/${dossier.id}/status?statusId=${ref.statuses.LIQUIDATION_JUDICIAIRE.id}&refresh=status`).expect(200);
      expect(liquidation.text).to.include('<html').and.include('value="100,00"').and.include('Liquidation judiciaire : la déclaration de créances est à adresser au liquidateur');
    });

    it('the dialog states the declaration delays the settings give, not fixed ones', async () => {
      await t.close();
      t = await createTestApp({ today: '2026-11-22', env: { CLAIMS_DECLARATION_MONTHS: '3', CLAIMS_DECLARATION_MONTHS_ABROAD: '5' } });
      ref = await seedReferenceData(ds());
      user = await signIn(t, 'claire', 'controller');
      const { dossier } = await dossierWithInvoice();
      const page = await user.agent.get(`/dossiers/${dossier.id}/status?statusId=${ref.statuses.REDRESSEMENT_JUDICIAIRE.id}&refresh=status`).expect(200);
      expect(page.text).to.include('dans les 3 mois de la publication au BODACC (5 mois hors métropole)');
      expect(page.text).to.include('(délai de 5 mois)').and.include('(publication + 3 mois)');
      expect(page.text).not.to.include('2 mois').and.not.include('4 mois');
    });

    it('refuses a redressement without dates, with the messages at the fields', async () => {
      const { dossier } = await dossierWithInvoice();
      const res = await post(`/dossiers/${dossier.id}/status`, { statusId: String(ref.statuses.REDRESSEMENT_JUDICIAIRE.id), judgmentDate: '', bodaccDate: '05/11/2026', claimsDeclarationDeadline: '01/11/2026' }).expect(422);
      expect(res.text).to.include('data-field-error="judgmentDate"').and.include('La date limite doit suivre la publication au BODACC.').and.include('value="05/11/2026"');
      expect((await ds().getRepository(Dossier).findOneByOrFail({ id: dossier.id })).statusId).to.equal(ref.statuses.EN_COURS.id);
      expect(await interventions(dossier.id)).to.deep.equal([]);
    });

    it('redressement judiciaire: stores the dates, raises the two interventions and the reminder, stops amicable steps, transfers to 416', async () => {
      const scenario = await makeScenario(ds(), [
        { code: 'APPEL', label: 'Appel de relance', actionType: 'call', anchor: 'oldest_due', offsetDays: 5 },
        { code: 'LETTRE', label: 'Lettre de relance', actionType: 'letter', anchor: 'oldest_due', offsetDays: 90 },
      ]);
      const dossier = await makeScenarioDossier(ds(), ref, scenario, { dueDate: '2026-10-01', amount: 240000, startDate: '2026-10-01' });
      await runDaily({ dataSource: ds() }, '2026-11-22');
      expect((await raised(ds(), dossier.id)).map((r) => [r.stepCode, r.state])).to.deep.equal([['APPEL', 'todo']]);

      await post(`/dossiers/${dossier.id}/status`, {
        statusId: String(ref.statuses.REDRESSEMENT_JUDICIAIRE.id), judgmentDate: '10/11/2026', bodaccDate: '18/11/2026', claimsDeclarationDeadline: '',
        lossPercentage: '50,00', transferToDoubtful: 'on', comment: 'Jugement du TC de Lyon',
      }).expect(303);

      const saved = await ds().getRepository(Dossier).findOneByOrFail({ id: dossier.id });
      expect(saved).to.include({ statusId: ref.statuses.REDRESSEMENT_JUDICIAIRE.id, judgmentDate: '2026-11-10', bodaccDate: '2026-11-18', claimsDeclarationDeadline: '2027-01-18', lossHundredths: 5000 });
      const all = await interventions(dossier.id);
      expect(all.map((i) => [i.label, i.state, i.dueDate, i.skipReason])).to.deep.equal([
        ['Appel de relance', 'skipped', '2026-10-06', 'Procédure collective : poursuites individuelles arrêtées'],
        ['Information du redressement judiciaire', 'done', '2026-11-22', null],
        ['Envoi de la déclaration de créances', 'todo', '2027-01-18', null],
        ['Rappel : déclaration de créances à envoyer avant le 18/01/2027', 'todo', '2027-01-03', null],
      ]);

      // Transfer to doubtful: one balanced OD entry, 416 debit / 411 credit on the customer's auxiliary account.
      const entries = await ds().getRepository(JournalEntryRow).findBy({ dossierId: dossier.id });
      expect(entries).to.have.length(1);
      const lines = await ds().getRepository(JournalLineRow).find({ where: { journalEntryId: entries[0].id }, order: { id: 'ASC' } });
      expect(lines.map((l) => [l.account, l.debit, l.credit])).to.deep.equal([['416', 240000, 0], ['411', 0, 240000]]);
      expect(lines[0].auxiliaryAccount).to.match(/^411CUST/).and.equal(lines[1].auxiliaryAccount);

      // The daily run raises no amicable step afterwards, even once the next one falls due.
      const counts = await runDaily({ dataSource: ds() }, '2027-01-15');
      expect(counts.interventionsRaised).to.equal(0);
      expect((await raised(ds(), dossier.id)).map((r) => r.stepCode)).to.deep.equal(['APPEL']);

      // The dossier page shows the dates and links to the déclaration de créances, which uses the stored judgment date.
      const page = await user.agent.get(`/dossiers/${dossier.id}`).expect(200);
      expect(page.text).to.include('id="procedure-dates"').and.include('18/01/2027').and.include(`/documents/dossiers/${dossier.id}/claims-declaration?judgment=2026-11-10`);
      const declaration = await user.agent.get(`/documents/dossiers/${dossier.id}/claims-declaration`).expect(200);
      expect(declaration.text).to.include('10/11/2026');
      const chrono = await user.agent.get(`/dossiers/${dossier.id}?tab=chrono`).expect(200);
      expect(chrono.text).to.include('Statut changé : En cours → Redressement judiciaire').and.include('passée en créances douteuses');
      expect(chrono.text).to.include('jugement du 10/11/2026, publié au BODACC le 18/11/2026 ; déclaration des créances avant le 18/01/2027');
    });

    it('a collective procedure stops all amicable work: every open to-do but the legal steps is skipped, the scenario is held, and leaving the procedure resumes it', async () => {
      const scenario = await makeScenario(ds(), [
        { code: 'RELANCE', label: 'Relance amiable n° 2', actionType: 'letter', anchor: 'oldest_due', offsetDays: 5 },
        { code: 'DECLARATION', label: 'Déclaration (étape juridique)', actionType: 'legal', anchor: 'oldest_due', offsetDays: 10 },
        { code: 'APPEL', label: 'Appel après procédure', actionType: 'call', anchor: 'previous_done', offsetDays: 5 },
      ]);
      const dossier = await makeScenarioDossier(ds(), ref, scenario, { dueDate: '2026-11-01', startDate: '2026-11-01' });
      await runDaily({ dataSource: ds() }, '2026-11-06', { documents: false });
      // Raised by hand, and as the demo loads them (source manual, no step): amicable work too.
      const base = { dossierId: dossier.id, priority: 100, assigneeId: null, source: 'manual' as const, stepCode: null, occurrence: null, doneDate: null, doneAt: null, doneBy: null, result: null, comment: null, skipReason: null, version: 1, createdAt: '2026-11-01T08:00:00.000Z', createdBy: null };
      await ds().getRepository(Intervention).save([
        { ...base, type: 'letter' as const, label: 'Mise en demeure (LRAR)', dueDate: '2026-11-20', state: 'todo' as const },
        { ...base, type: 'legal' as const, label: 'Assignation préparée', dueDate: '2026-11-25', state: 'todo' as const },
      ]);

      await post(`/dossiers/${dossier.id}/status`, { statusId: String(ref.statuses.REDRESSEMENT_JUDICIAIRE.id), judgmentDate: '10/11/2026', bodaccDate: '18/11/2026', lossPercentage: '50,00' }).expect(303);
      const after = await interventions(dossier.id);
      const open = after.filter((i) => i.state === 'todo').map((i) => i.label);
      expect(open).to.have.members(['Assignation préparée', 'Envoi de la déclaration de créances', 'Rappel : déclaration de créances à envoyer avant le 18/01/2027']);
      expect(after.filter((i) => i.state === 'skipped').map((i) => [i.label, i.skipReason])).to.deep.equal([
        ['Relance amiable n° 2', 'Procédure collective : poursuites individuelles arrêtées'],
        ['Mise en demeure (LRAR)', 'Procédure collective : poursuites individuelles arrêtées'],
      ]);
      const held = (await events(dossier.id)).find((e) => e.type === 'scenarioHeldByProcedure');
      expect(held?.details).to.include({ count: 2, status: 'Redressement judiciaire' });
      const chrono = await user.agent.get(`/dossiers/${dossier.id}?tab=chrono`).expect(200);
      expect(chrono.text).to.include('Redressement judiciaire : 2 actions à faire hors étape juridique ignorées');

      // The legal step of the scenario still goes; the amicable one after it is held.
      await runDaily({ dataSource: ds() }, '2026-11-23', { documents: false });
      expect((await raised(ds(), dossier.id)).map((r) => [r.stepCode, r.state])).to.deep.equal([['RELANCE', 'skipped'], ['DECLARATION', 'todo']]);
      await ds().getRepository(Intervention).update({ dossierId: dossier.id, stepCode: 'DECLARATION' }, { state: 'done', doneDate: '2026-11-24' });
      expect((await runDaily({ dataSource: ds() }, '2026-12-05', { documents: false })).interventionsRaised).to.equal(0);

      // The procedure ends (plan adopted): the dossier goes back to an open status and the scenario resumes.
      const admin = await signIn(t, 'root', 'admin');
      await post(`/dossiers/${dossier.id}/status`, { statusId: String(ref.statuses.EN_COURS.id) }, admin).expect(303);
      expect((await events(dossier.id)).map((e) => e.type)).to.include('scenarioResumedAfterProcedure');
      await runDaily({ dataSource: ds() }, '2026-12-06', { documents: false });
      expect((await raised(ds(), dossier.id)).map((r) => [r.stepCode, r.state])).to.deep.include(['APPEL', 'todo']);
    });

    it('sauvegarde raises its own information intervention; the reminder follows CLAIMS_REMINDER_DAYS', async () => {
      await t.close();
      t = await createTestApp({ today: '2026-11-22', env: { CLAIMS_REMINDER_DAYS: '30' } });
      ref = await seedReferenceData(ds());
      user = await signIn(t, 'claire', 'controller');
      const { dossier } = await dossierWithInvoice();
      await post(`/dossiers/${dossier.id}/status`, {
        statusId: String(ref.statuses.SAUVEGARDE.id), judgmentDate: '10/11/2026', bodaccDate: '18/11/2026', outsideMetropolitanFrance: 'on', claimsDeclarationDeadline: '',
      }).expect(303);
      expect((await ds().getRepository(Dossier).findOneByOrFail({ id: dossier.id })).claimsDeclarationDeadline).to.equal('2027-03-18');
      expect((await interventions(dossier.id)).map((i) => [i.label, i.dueDate])).to.deep.equal([
        ['Information de la procédure de sauvegarde', '2026-11-22'],
        ['Envoi de la déclaration de créances', '2027-03-18'],
        ['Rappel : déclaration de créances à envoyer avant le 18/03/2027', '2027-02-16'],
      ]);
    });
  });

  describe('Écritures tab', () => {
    it('reschedules the picked entries, keeps the original due date, and the scenario follows the new date', async () => {
      const scenario = await makeScenario(ds(), [{ code: 'APPEL', label: 'Appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 10 }]);
      const dossier = await makeScenarioDossier(ds(), ref, scenario, { dueDate: '2026-11-15', startDate: '2026-11-01' });
      const [link] = await ds().query(ds().options.type === 'postgres' ? 'SELECT ledger_entry_id FROM dossier_entry WHERE dossier_id = $1' : 'SELECT ledger_entry_id FROM dossier_entry WHERE dossier_id = ?', [dossier.id]);
      const entryId = String(link.ledger_entry_id);

      const invalid = await post(`/dossiers/${dossier.id}/entries/reschedule`, { entryIds: [entryId], newDueDate: '', shiftDays: '' }).expect(422);
      expect(invalid.text).to.include('Indiquez soit une nouvelle échéance, soit un décalage en jours.');
      await post(`/dossiers/${dossier.id}/entries/reschedule`, { entryIds: [entryId], newDueDate: '', shiftDays: '30' }).expect(303);
      await post(`/dossiers/${dossier.id}/entries/reschedule`, { entryIds: [entryId], newDueDate: '20/12/2026', shiftDays: '' }).expect(303);
      const entry = await ds().getRepository(LedgerEntry).findOneByOrFail({ id: Number(entryId) });
      expect([entry.dueDate, entry.originalDueDate]).to.deep.equal(['2026-12-20', '2026-11-15']);
      const tab = await user.agent.get(`/dossiers/${dossier.id}?tab=entries`).expect(200);
      expect(tab.text).to.include('20/12/2026').and.include('Échéance d&#39;origine : 15/11/2026');
      expect((await events(dossier.id)).filter((e) => e.type === 'dueDateRescheduled').map((e) => [e.details.before, e.details.after])).to.deep.equal([
        ['15/11/2026', '15/12/2026'],
        ['15/12/2026', '20/12/2026'],
      ]);

      // The step anchored on the oldest due date moved from 25/11 to 30/12.
      expect((await runDaily({ dataSource: ds() }, '2026-11-25')).interventionsRaised).to.equal(0);
      await runDaily({ dataSource: ds() }, '2026-12-30');
      expect((await raised(ds(), dossier.id)).map((r) => r.dueDate)).to.deep.equal(['2026-12-30']);

      // A FEC re-import of the same line keeps the rescheduled due date.
      const row: LedgerUpsertRow = {
        sourceKey: entry.sourceKey, journalCode: entry.journalCode, journalLabel: entry.journalLabel, entryNumber: entry.entryNumber, entryDate: entry.entryDate, account: entry.account,
        accountLabel: entry.accountLabel, auxiliaryAccount: entry.auxiliaryAccount, auxiliaryLabel: entry.auxiliaryLabel, thirdPartyId: entry.thirdPartyId, pieceRef: entry.pieceRef,
        pieceDate: entry.pieceDate, label: 'Facture (réimportée)', debit: entry.debit, credit: entry.credit, dueDate: '2026-11-15', lettering: null, letteringDate: null, validDate: null,
        currencyAmount: null, currency: null,
      };
      await ds().transaction((m) => upsertLedgerLines(m, t.db.kind, entry.companyId, [row], { checkExisting: true, importedAt: '2026-12-31T00:00:00.000Z' }));
      const reimported = await ds().getRepository(LedgerEntry).findOneByOrFail({ id: entry.id });
      expect([reimported.label, reimported.dueDate, reimported.originalDueDate]).to.deep.equal(['Facture (réimportée)', '2026-12-20', '2026-11-15']);
    });

    it('transfers the picked entries to doubtful receivables once, with balanced entries, and shows it', async () => {
      const { dossier, invoice, customer } = await dossierWithInvoice({}, { debit: 180000 });
      const second = await makeEntry(ds(), ref, customer, { debit: 60000, dueDate: '2026-10-30' });
      await linkEntry(ds(), dossier.id, second.id);
      await post(`/dossiers/${dossier.id}/entries/doubtful`, { entryIds: [String(invoice.id), String(second.id)] }).expect(303);

      const entries = await ds().getRepository(JournalEntryRow).find({ where: { dossierId: dossier.id }, order: { id: 'ASC' } });
      expect(entries.map((e) => [e.journalCode, e.pieceRef, e.number])).to.deep.equal([['OD', invoice.pieceRef, '00000001'], ['OD', second.pieceRef, '00000002']]);
      for (const e of entries) {
        const lines = await ds().getRepository(JournalLineRow).findBy({ journalEntryId: e.id });
        const debit = lines.reduce((s, l) => s + Number(l.debit), 0);
        const credit = lines.reduce((s, l) => s + Number(l.credit), 0);
        expect(debit).to.equal(credit);
        expect(lines.find((l) => l.account === '416')!.auxiliaryAccount).to.equal(customer.auxiliaryAccount);
      }
      expect((await ds().getRepository(LedgerEntry).findOneByOrFail({ id: invoice.id })).doubtfulAt).to.be.a('string');
      const tab = await user.agent.get(`/dossiers/${dossier.id}?tab=entries`).expect(200);
      expect(tab.text.match(/data-doubtful/g)).to.have.length(2);

      // Once only: a second transfer is refused and books nothing.
      await post(`/dossiers/${dossier.id}/entries/doubtful`, { entryIds: [String(invoice.id)] }).expect(303);
      expect((await user.agent.get(`/dossiers/${dossier.id}?tab=entries`)).text).to.include('Une des écritures cochées est déjà passée en créances douteuses.');
      expect(await ds().getRepository(JournalEntryRow).countBy({ dossierId: dossier.id })).to.equal(2);
    });

    it('auditors may not reschedule nor transfer', async () => {
      const { dossier, invoice } = await dossierWithInvoice();
      const auditor = await signIn(t, 'audrey', 'auditor');
      await post(`/dossiers/${dossier.id}/entries/reschedule`, { entryIds: [String(invoice.id)], shiftDays: '10' }, auditor).expect(403);
      await post(`/dossiers/${dossier.id}/entries/doubtful`, { entryIds: [String(invoice.id)] }, auditor).expect(403);
      expect((await ds().getRepository(LedgerEntry).findOneByOrFail({ id: invoice.id })).dueDate).to.equal('2026-10-15');
    });
  });
});
