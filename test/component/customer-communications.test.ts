/**
 * One communication per customer, told day by day: a customer with two dossiers at different
 * levels gets one letter (or one e-mail) for the day's steps of both, in the tone of the most
 * advanced one, listing every overdue invoice with its level, due date, penalties and indemnity as
 * the dossier rules give them. Per dossier, each step keeps its own letter. Done from Gestion des
 * actions marks every part; running the day again, or after a run that stopped, adds nothing.
 */
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { makeEntry, makeThirdParty, makeDossier, seedReferenceData, type ReferenceData } from '../support/factories';
import { completeCreditor, makeDocumentDossier } from '../support/document-factories';
import { createTestApp, signIn } from '../support/test-app';
import { runDaily } from '../../src/jobs/run-daily';
import { loadConfig } from '../../src/config';
import { buildDossierContext, ensureShippedTemplates } from '../../src/documents';
import { GeneratedDocument } from '../../src/documents/document.entity';
import { OutboxMessage, sendQueued } from '../../src/mail';
import { Company } from '../../src/companies';
import { openLink } from '../../src/debtor-portal';
import { CustomerCommunication, CustomerCommunicationPart } from '../../src/communications';
import { Intervention } from '../../src/interventions/intervention.entity';
import { CreditController } from '../../src/credit-controllers/credit-controller.entity';
import { DossierEvent } from '../../src/history/dossier-event.entity';
import { completeActions, listActions, printLetters, type ActionFilters } from '../../src/actions/action.service';
import { addDays } from '../../src/shared/business-date';
import { dashboard } from '../../src/reports/reports.service';
import type { ThirdParty } from '../../src/third-parties/third-party.entity';
import type { Dossier } from '../../src/dossiers/dossier.entity';
import { linkEntry, makeScenario } from './daily-support';

const DAY0 = '2026-03-02'; // a Monday: the first invoice's due date
const day = (n: number) => addDays(DAY0, n);
const ALL: ActionFilters = { controller: 'all', type: null, dueBy: null, overdueOnly: false, statusId: null, page: 1, pageSize: 50 };
const ADMIN = { userId: null, userName: 'Test', role: 'admin' as const };

/** What one day's run produced: the letters stored, the e-mails queued, the grouped communications. */
interface DayOutput {
  letters: GeneratedDocument[];
  emails: OutboxMessage[];
  communications: CustomerCommunication[];
}

/**
 * A customer followed through time, the way the daily job sees it (as DossierStory does for one
 * dossier in the unit tests): `runOn(date)` runs the real daily job and returns what it produced.
 */
class CustomerStory {
  constructor(
    private readonly ds: DataSource,
    private readonly grouping: 'customer' | 'dossier' = 'customer',
  ) {}

  async runOn(date: string, options: { documents?: boolean } = {}): Promise<DayOutput> {
    const before = await this.maxIds();
    const config = loadConfig({ COMMUNICATION_GROUPING: this.grouping });
    await runDaily({ dataSource: this.ds, config }, date, { trigger: 'test', documents: options.documents });
    const after = <T extends { id: number }>(list: T[], id: number) => list.filter((x) => x.id > id);
    return {
      letters: after(await this.ds.getRepository(GeneratedDocument).find({ order: { id: 'ASC' } }), before.letter),
      emails: after(await this.ds.getRepository(OutboxMessage).find({ order: { id: 'ASC' } }), before.email),
      communications: after(await this.ds.getRepository(CustomerCommunication).find({ order: { id: 'ASC' } }), before.communication),
    };
  }

  private async maxIds() {
    return {
      letter: (await this.ds.getRepository(GeneratedDocument).maximum('id')) ?? 0,
      email: (await this.ds.getRepository(OutboxMessage).maximum('id')) ?? 0,
      communication: (await this.ds.getRepository(CustomerCommunication).maximum('id')) ?? 0,
    };
  }
}

/** The rows of a letter's invoice table, cell texts. */
function invoiceRows(html: string): string[][] {
  const body = /<table class="entries">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1].replace(/<[^>]+>/g, '').trim()));
}

describe('one communication per customer (daily job)', () => {
  let db: TestDatabase;
  let ref: ReferenceData;
  let customer: ThirdParty;

  beforeEach(async () => {
    db = await createTestDatabase();
    ref = await seedReferenceData(db.dataSource);
    await completeCreditor(db.dataSource, ref);
    customer = await makeThirdParty(db.dataSource, ref, { name: 'Garage des Alpes', email: 'compta@garage-alpes.test' });
  });
  afterEach(() => db.drop());

  /** A dossier of `customer` on the scenario, over invoices (cents, due date). */
  async function dossierOf(scenarioId: number, invoices: { amount: number; dueDate: string; pieceRef: string }[]): Promise<Dossier> {
    const dossier = await makeDossier(db.dataSource, ref, customer, { scenarioId, startDate: invoices[0].dueDate });
    for (const inv of invoices) {
      const entry = await makeEntry(db.dataSource, ref, customer, { debit: inv.amount, dueDate: inv.dueDate, pieceRef: inv.pieceRef, pieceDate: addDays(inv.dueDate, -30), entryDate: addDays(inv.dueDate, -30) });
      await linkEntry(db.dataSource, dossier.id, entry.id);
    }
    return dossier;
  }

  const letterScenario = () =>
    makeScenario(db.dataSource, [
      { code: 'RAPPEL', label: 'Lettre de rappel', actionType: 'letter', anchor: 'oldest_due', offsetDays: 10, templateCode: 'relance-simple', priority: 100 },
      { code: 'RELANCE', label: 'Relance ferme', actionType: 'letter', anchor: 'oldest_due', offsetDays: 25, templateCode: 'relance-ferme', priority: 200 },
      { code: 'MISE_EN_DEMEURE', label: 'Mise en demeure par LRAR', actionType: 'letter', anchor: 'oldest_due', offsetDays: 40, templateCode: 'mise-en-demeure', priority: 300 },
    ]);

  it('two dossiers at different levels: one grouped letter listing each invoice with its level, due date, penalties and indemnity, in the tone of the most advanced', async () => {
    const scenarioId = await letterScenario();
    const older = await dossierOf(scenarioId, [
      { amount: 193379, dueDate: DAY0, pieceRef: 'FA2026-0101' },
      { amount: 45000, dueDate: day(5), pieceRef: 'FA2026-0107' },
    ]);
    const newer = await dossierOf(scenarioId, [{ amount: 80000, dueDate: day(30), pieceRef: 'FA2026-0188' }]);
    const story = new CustomerStory(db.dataSource);
    await db.dataSource.getRepository(Company).update({ id: ref.company.id }, { iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' });

    expect((await story.runOn(day(9))).letters, 'day 9: nothing is due').to.have.length(0);

    const day10 = await story.runOn(day(10));
    expect(day10.communications, 'day 10: only the older dossier has a step: its own letter').to.have.length(0);
    expect(day10.letters.map((l) => [l.dossierId, l.templateCode])).to.deep.equal([[older.id, 'relance-simple']]);

    const day25 = await story.runOn(day(25));
    expect(day25.letters.map((l) => [l.dossierId, l.templateCode])).to.deep.equal([[older.id, 'relance-ferme']]);

    // Day 40: the older dossier reaches its mise en demeure, the newer one its first reminder.
    const day40 = await story.runOn(day(40));
    expect(day40.letters, 'one letter for the customer').to.have.length(1);
    expect(day40.communications).to.have.length(1);
    const [c] = day40.communications;
    const [letter] = day40.letters;
    expect(c).to.deep.include({ thirdPartyId: customer.id, businessDate: day(40), channel: 'letter', templateCode: 'courrier-groupe', toneTemplateCode: 'mise-en-demeure', level: 3, dossierCount: 2, invoiceCount: 3, partCount: 2, documentId: letter.id });
    expect(letter.templateCode).to.equal('courrier-groupe');
    expect(letter.dossierId, 'filed under the most advanced dossier').to.equal(older.id);

    const html = letter.html ?? '';
    expect(html, 'the tone of the most advanced level').to.include('MISE EN DEMEURE DE PAYER');
    expect(html).to.include('Lettre recommandée avec demande d\'avis de réception');
    expect(html).to.include('1344 du Code civil');
    expect(html).to.include('2 dossiers, 3 factures');

    // Issue 15: the debtor page is a dossier's, so the letter prints each listed dossier's personal link and its transfer QR code.
    const links = [...html.matchAll(/Dossier n° (\d+) — répondez, payez ou contestez en ligne : <strong class="debtor-link">[^<]*\/espace\/([^<]+)<\/strong>/g)].map((m) => [Number(m[1]), m[2]] as const);
    expect(links.map(([n]) => n)).to.deep.equal([older.number, newer.number]);
    for (const [n, token] of links) expect((await openLink(db.dataSource, token, day(40))).dossierId, `link of dossier ${n}`).to.equal(n === older.number ? older.id : newer.id);
    expect(html.match(/<img src="data:image\/png;base64,[^"]+" alt="QR code virement SEPA"/g), 'a QR code per dossier').to.have.length(2);

    // Each invoice with its own level, due date, penalty and indemnity, as the dossier's rules give them on day 40.
    const rules = { [older.id]: await buildDossierContext(db.dataSource, older.id, day(40)), [newer.id]: await buildDossierContext(db.dataSource, newer.id, day(40)) };
    const expected = [older, newer].flatMap((d) =>
      rules[d.id].latePayment.lines.map((l) => [`n° ${d.number}`, l.pieceRef, d.id === older.id ? '3 — Mise en demeure' : '1 — Rappel', l.dueDateText, String(l.daysLate), rules[d.id].entries.find((e) => e.id === l.entryId)!.balanceText, l.penaltyText, l.indemnityText]),
    );
    expect(invoiceRows(html)).to.deep.equal(expected);
    expect(expected.map((r) => r[1])).to.deep.equal(['FA2026-0101', 'FA2026-0107', 'FA2026-0188']);
    expect(expected.map((r) => r[3])).to.deep.equal(['02/03/2026', '07/03/2026', '01/04/2026']);
    expect(expected.every((r) => r[7] === '40,00\u00a0€'), 'an indemnity per late invoice').to.equal(true);
    const claimed = rules[older.id].latePayment.totals.claimed + rules[newer.id].latePayment.totals.claimed;
    expect(c.invoiceCount).to.equal(3);
    expect(html, 'the total claimed adds up what each dossier claims').to.include(new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(claimed / 100));

    // Both parts are linked; neither got a letter of its own; each dossier's Chrono says so.
    const parts = await db.dataSource.getRepository(CustomerCommunicationPart).find({ where: { communicationId: c.id }, order: { position: 'ASC' } });
    const steps = await db.dataSource.getRepository(Intervention).findBy({ dossierId: parts[0].dossierId });
    expect(parts.map((p) => [p.dossierId, p.level])).to.deep.equal([[older.id, 3], [newer.id, 1]]);
    expect(steps.find((s) => s.id === parts[0].interventionId)?.stepCode).to.equal('MISE_EN_DEMEURE');
    for (const d of [older, newer]) {
      const events = await db.dataSource.getRepository(DossierEvent).findBy({ dossierId: d.id, type: 'customerCommunication' });
      expect(events, `Chrono of dossier ${d.number}`).to.have.length(1);
      expect(JSON.parse(events[0].details)).to.deep.include({ communicationId: c.id, dossiers: 2, invoices: 3, level: 3 });
    }

    const again = await story.runOn(day(40));
    expect([again.letters.length, again.communications.length, again.emails.length], 'day 40 run again: nothing more').to.deep.equal([0, 0, 0]);
    expect((await story.runOn(day(41))).letters, 'day 41: nothing new').to.have.length(0);
    expect(await db.dataSource.getRepository(GeneratedDocument).count()).to.equal(3);
  });

  it('per dossier (COMMUNICATION_GROUPING=dossier): the same day gives one letter per step, each in its own tone', async () => {
    const scenarioId = await letterScenario();
    const older = await dossierOf(scenarioId, [{ amount: 193379, dueDate: DAY0, pieceRef: 'FA2026-0201' }]);
    const newer = await dossierOf(scenarioId, [{ amount: 80000, dueDate: day(30), pieceRef: 'FA2026-0288' }]);
    const story = new CustomerStory(db.dataSource, 'dossier');
    await story.runOn(day(25));

    const day40 = await story.runOn(day(40));
    expect(day40.communications).to.have.length(0);
    expect(day40.letters.map((l) => [l.dossierId, l.templateCode])).to.have.deep.members([[older.id, 'mise-en-demeure'], [newer.id, 'relance-simple']]);
    expect(day40.letters.find((l) => l.dossierId === newer.id)?.html).to.not.include('FA2026-0201');
    expect((await story.runOn(day(40))).letters, 'run again: nothing more').to.have.length(0);
  });

  it('done on the grouped item in Gestion des actions marks every part done; printing it prints the one letter', async () => {
    const scenarioId = await letterScenario();
    const older = await dossierOf(scenarioId, [{ amount: 193379, dueDate: DAY0, pieceRef: 'FA2026-0301' }]);
    const newer = await dossierOf(scenarioId, [{ amount: 80000, dueDate: day(30), pieceRef: 'FA2026-0388' }]);
    const story = new CustomerStory(db.dataSource);
    await story.runOn(day(10));
    await story.runOn(day(25));
    const { communications: [c] } = await story.runOn(day(40));

    const list = await listActions(db.dataSource, ALL, day(40));
    const grouped = list.rows.filter((r) => r.communication);
    expect(grouped, 'the grouped item shows once').to.have.length(1);
    expect(list.rows.map((r) => r.label)).to.deep.equal(['Mise en demeure par LRAR', 'Relance ferme', 'Lettre de rappel']);
    expect(list.total).to.equal(3);
    const row = grouped[0];
    expect(row.communication).to.deep.include({ id: c.id, dossierCount: 2, invoiceCount: 2 });
    expect(row.communication!.dossiers.map((d) => d.number)).to.deep.equal([older.number, newer.number]);
    expect(row.amount, 'what both dossiers amount to').to.equal(193379 + 80000);
    expect((await dashboard(db.dataSource, day(40))).actionsDueToday, 'the dashboard counts it once too').to.equal(1);

    const printed = await printLetters(db.dataSource, [row.id], ALL, day(40), new Date(`${day(40)}T09:00:00.000Z`));
    expect(printed.count, 'the one grouped letter').to.equal(1);
    expect(printed.html).to.include('FA2026-0301').and.include('FA2026-0388');
    expect(await db.dataSource.getRepository(GeneratedDocument).countBy({ id: c.documentId! })).to.equal(1);

    const outcome = await completeActions(db.dataSource, [row.id], 'Courrier envoyé', day(41), ADMIN, `${day(41)}T09:00:00.000Z`);
    expect(outcome).to.deep.equal({ done: 2, refused: 0, submitted: 0 });
    const parts = await db.dataSource.getRepository(CustomerCommunicationPart).findBy({ communicationId: c.id });
    const states = await db.dataSource.getRepository(Intervention).findBy(parts.map((p) => ({ id: p.interventionId })));
    expect(states.map((s) => [s.state, s.result, s.doneDate])).to.deep.equal([['done', 'Courrier envoyé', day(41)], ['done', 'Courrier envoyé', day(41)]]);
    const chrono = await db.dataSource.getRepository(DossierEvent).findBy({ dossierId: newer.id, type: 'interventionDone' });
    expect(chrono, 'each part through the use case that marks an intervention done').to.have.length(1);
    expect((await listActions(db.dataSource, ALL, day(41))).rows.some((r) => r.communication)).to.equal(false);
  });

  it('e-mails: one grouped e-mail in the outbox, sent once', async () => {
    const scenarioId = await makeScenario(db.dataSource, [
      { code: 'EMAIL', label: 'Relance amiable par e-mail', actionType: 'email', anchor: 'oldest_due', offsetDays: 3, templateCode: 'relance-amiable' },
    ]);
    await dossierOf(scenarioId, [{ amount: 50000, dueDate: DAY0, pieceRef: 'FA2026-0401' }]);
    await dossierOf(scenarioId, [{ amount: 70000, dueDate: DAY0, pieceRef: 'FA2026-0402' }]);
    const story = new CustomerStory(db.dataSource);
    const day3 = await story.runOn(day(3));
    expect(day3.emails).to.have.length(1);
    expect(day3.communications.map((c) => [c.channel, c.level, c.outboxMessageId])).to.deep.equal([['email', 1, day3.emails[0].id]]);
    expect(day3.emails[0].to).to.equal('compta@garage-alpes.test');
    expect(day3.emails[0].subject).to.include('Rappel de factures échues').and.include('2 dossiers, 2 factures');
    expect(day3.emails[0].text).to.include('FA2026-0401').and.include('FA2026-0402');
    // Issue 15: each listed dossier's personal link, in the text and the HTML part.
    for (const part of [day3.emails[0].text, day3.emails[0].html ?? '']) expect(part.match(/Dossier n° \d+ — répondre, payer ou contester en ligne[^\n]*?\/espace\//g)).to.have.length(2);
    expect((await story.runOn(day(3))).emails, 'run again: no second e-mail').to.have.length(0);

    const sent: string[] = [];
    const transport = { sendMail: async (m: { subject: string }) => (sent.push(m.subject), { messageId: '<1@test>' }), close: () => undefined };
    await sendQueued(db.dataSource, loadConfig({ SMTP_HOST: 'smtp.test' }), { transport: transport as never });
    await sendQueued(db.dataSource, loadConfig({ SMTP_HOST: 'smtp.test' }), { transport: transport as never });
    expect(sent, 'one e-mail for the customer').to.have.length(1);
  });

  it('a run stopped before the documents, or a broken grouped template, never gives a second letter nor separate ones', async () => {
    const scenarioId = await letterScenario();
    await dossierOf(scenarioId, [{ amount: 193379, dueDate: DAY0, pieceRef: 'FA2026-0501' }]);
    await dossierOf(scenarioId, [{ amount: 80000, dueDate: DAY0, pieceRef: 'FA2026-0502' }]);
    const story = new CustomerStory(db.dataSource);

    // The steps are raised, the documents are not (as a run killed after the scenario part).
    expect((await story.runOn(day(10), { documents: false })).letters).to.have.length(0);
    // The grouped template is broken: the letter is not built, and the parts wait rather than going out one by one.
    await ensureShippedTemplates(db.dataSource);
    await db.dataSource.query("UPDATE document_template SET body = '{{#each invoices}}{{/each}}{{unknownHelper 1}}' WHERE code = 'courrier-groupe'");
    const broken = await story.runOn(day(10));
    expect([broken.letters.length, broken.communications.length], 'nothing half-written').to.deep.equal([0, 0]);
    const noted = await db.dataSource.getRepository(Intervention).findBy({ stepCode: 'RAPPEL' });
    expect(noted.map((i) => i.comment)).to.satisfy((list: (string | null)[]) => list.every((c) => c?.startsWith('Document courrier-groupe')));

    await db.dataSource.query("DELETE FROM document_template WHERE code = 'courrier-groupe'");
    const fixed = await story.runOn(day(10));
    expect([fixed.letters.length, fixed.communications.length], 'once fixed: one letter').to.deep.equal([1, 1]);
    expect((await story.runOn(day(10))).letters).to.have.length(0);
    expect(await db.dataSource.getRepository(CustomerCommunication).count()).to.equal(1);
  });
});

describe('the grouped templates in the template editor (/templates)', () => {
  it('previews the grouped letter on the chosen dossier and the customer\'s other open dossiers', async () => {
    const t = await createTestApp({ basePath: '/recouvrement', today: '2025-11-22' });
    try {
      const ref = await seedReferenceData(t.db.dataSource);
      await completeCreditor(t.db.dataSource, ref);
      const { dossier, customer } = await makeDocumentDossier(t.db.dataSource, ref, [{ amount: 120000, dueDate: '2025-10-23', pieceRef: 'FA2025-0102' }]);
      const other = await makeDossier(t.db.dataSource, ref, customer);
      const entry = await makeEntry(t.db.dataSource, ref, customer, { debit: 30000, dueDate: '2025-11-02', pieceRef: 'FA2025-0140' });
      await linkEntry(t.db.dataSource, other.id, entry.id);
      const { agent } = await signIn(t, 'admin1', 'admin');
      const list = await agent.get('/recouvrement/templates').expect(200);
      expect(list.text).to.include('href="/recouvrement/templates/courrier-groupe"').and.include('href="/recouvrement/templates/e-mail-groupe"');
      const page = await agent.get(`/recouvrement/templates/courrier-groupe?dossier=${dossier.number}&asOf=2025-11-22`).expect(200);
      const html = (/srcdoc="([^"]*)"/.exec(page.text)?.[1] ?? '').replace(/&#34;|&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      expect(html).to.include('FA2025-0102').and.include('FA2025-0140').and.include('2 dossiers, 2 factures').and.include('MISE EN DEMEURE');
      const email = await agent.get(`/recouvrement/templates/e-mail-groupe?dossier=${dossier.number}&asOf=2025-11-22`).expect(200);
      expect(email.text).to.include('FA2025-0140');
    } finally {
      await t.close();
    }
  });
});

describe('grouped letters in Gestion des actions, over HTTP', () => {
  it('a controller marks a grouped letter done from the list, but not one that covers another controller\'s dossier', async () => {
    const t = await createTestApp({ today: day(40), env: { CONTROLLERS_EDIT_ALL: 'false' } });
    try {
      const ds = t.db.dataSource;
      const ref = await seedReferenceData(ds);
      const claire = await signIn(t, 'claire', 'controller');
      await ds.getRepository(CreditController).update({ id: ref.controllers[0].id }, { userId: claire.userId });
      const scenarioId = await makeScenario(ds, [
        { code: 'RAPPEL', label: 'Lettre de rappel', actionType: 'letter', anchor: 'oldest_due', offsetDays: 10, templateCode: 'relance-simple' },
      ]);
      const dossier = async (customer: ThirdParty, controllerId: number, pieceRef: string) => {
        const d = await makeDossier(ds, ref, customer, { scenarioId, startDate: day(30), controllerId });
        await linkEntry(ds, d.id, (await makeEntry(ds, ref, customer, { debit: 100000, dueDate: day(30), pieceRef })).id);
        return d;
      };
      const mine = await makeThirdParty(ds, ref, { name: 'Client de Claire' });
      const shared = await makeThirdParty(ds, ref, { name: 'Client partagé' });
      await dossier(mine, ref.controllers[0].id, 'FA-M1');
      await dossier(mine, ref.controllers[0].id, 'FA-M2');
      await dossier(shared, ref.controllers[0].id, 'FA-S1');
      const paul = await dossier(shared, ref.controllers[1].id, 'FA-S2');
      await runDaily({ dataSource: ds }, day(40), { trigger: 'test' });

      const page = await claire.agent.get('/actions?controller=all').expect(200);
      const groupedRows = [...page.text.matchAll(/<tr data-action-id="(\d+)" data-communication-row="(\d+)">/g)].map((m) => Number(m[1]));
      expect(groupedRows, 'one row per customer').to.have.length(2);
      expect(page.text).to.include('2 dossiers, 2 factures');
      const communications = await ds.getRepository(CustomerCommunication).find({ order: { thirdPartyId: 'ASC' } });
      const rowOf = async (c: CustomerCommunication) => (await ds.getRepository(CustomerCommunicationPart).findBy({ communicationId: c.id })).map((p) => p.interventionId).find((id) => groupedRows.includes(id))!;
      const [mineC, sharedC] = communications.sort((a, b) => (a.thirdPartyId === mine.id ? -1 : b.thirdPartyId === mine.id ? 1 : 0));

      // Even ticking the part on her own dossier: the grouped letter would also mark Paul's.
      const herPart = (await ds.getRepository(CustomerCommunicationPart).findBy({ communicationId: sharedC.id })).find((p) => p.dossierId !== paul.id)!;
      await claire.agent.post('/actions/done').type('form').send({ _csrf: claire.csrf, ids: [String(herPart.interventionId)], result: 'Courrier envoyé' }).expect(403);
      expect(await ds.getRepository(Intervention).countBy({ dossierId: paul.id, state: 'done' }), 'Paul\'s dossier untouched').to.equal(0);

      await claire.agent.post('/actions/done').type('form').send({ _csrf: claire.csrf, ids: [String(await rowOf(mineC))], result: 'Courrier envoyé' }).expect(303);
      const parts = await ds.getRepository(CustomerCommunicationPart).findBy({ communicationId: mineC.id });
      const states = await ds.getRepository(Intervention).findBy(parts.map((p) => ({ id: p.interventionId })));
      expect(states.map((s) => [s.state, s.doneBy])).to.deep.equal([['done', claire.userId], ['done', claire.userId]]);
    } finally {
      await t.close();
    }
  });
});
