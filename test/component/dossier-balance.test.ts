/**
 * Issue 11 point 1: one balance. A dossier goes through invoice, credit note, partial ledger payment,
 * direct payment, the same payment arriving in the ledger lettered with the invoice, a plan and a
 * settlement; at each step every surface that shows or uses the dossier's amount says the same.
 * Point 4: Terminé agrees with the money.
 */
import { expect } from 'chai';
import request from 'supertest';
import { createTestApp, signIn, type SignedInAgent, type TestApp } from '../support/test-app';
import { linkDirectly, makeDossier, makeEntry, makeThirdParty, seedReferenceData, type ReferenceData } from '../support/factories';
import { makeApiKey } from '../support/api-factories';
import { Dossier } from '../../src/dossiers/dossier.entity';
import { Intervention } from '../../src/interventions/intervention.entity';
import { LedgerEntry } from '../../src/ledger/ledger-entry.entity';
import { ThirdParty } from '../../src/third-parties/third-party.entity';
import { dossierBalances, refreshDossierBalances } from '../../src/dossiers';
import { dossierExposure } from '../../src/provisions';
import { createPaymentPlan, proposeSettlement } from '../../src/payment-plans';
import { dashboard } from '../../src/reports';
import { formatMoney, formatPercent } from '../../src/shared/money';

const TODAY = '2026-11-22';
const AT = '2026-11-22T09:00:00.000Z';
const admin = { userId: null, userName: 'test', role: 'admin' as const };

describe('one balance for a dossier, read by every surface', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let s: SignedInAgent;
  let apiKey: string;
  const ds = () => t.db.dataSource;
  const post = (path: string, body: Record<string, string>) => s.agent.post(path).type('form').send({ _csrf: s.csrf, ...body });
  const money = (cents: number) => formatMoney(cents, 'fr');
  const cell = (html: string, re: RegExp) => re.exec(html)?.[1]?.trim() ?? null;

  before(async () => {
    t = await createTestApp({ today: TODAY });
    ref = await seedReferenceData(ds());
    s = await signIn(t, 'admin1', 'admin');
    apiKey = (await makeApiKey(ds(), ref, 'read')).key;
  });
  after(() => t.close());

  /** The dossier's amount as each surface shows or uses it. */
  async function surfaces(d: Dossier, customer: ThirdParty) {
    const header = (await s.agent.get(`/dossiers/${d.id}`).expect(200)).text;
    const account = (await s.agent.get(`/dossiers/${d.id}/account`).expect(200)).text;
    const list = (await s.agent.get(`/dossiers?search=${encodeURIComponent(customer.auxiliaryAccount)}`).expect(200)).text;
    const actions = (await s.agent.get('/actions?controller=all').expect(200)).text;
    const printList = (await s.agent.get(`/printing/print?layout=list&accounts=${customer.auxiliaryAccount}`).expect(200)).text;
    const printDetailed = (await s.agent.get(`/printing/print?layout=detailed&accounts=${customer.auxiliaryAccount}`).expect(200)).text;
    const api = (await request(t.app).get(`/api/v1/dossiers/${d.number}`).set('Authorization', `Bearer ${apiKey}`).expect(200)).body as { amounts: { outstanding: number } };
    const stored = (await ds().getRepository(Dossier).findOneByOrFail({ id: d.id })).balance;
    const live = (await dossierBalances(ds(), [d.id])).get(d.id)!;
    const exposure = await dossierExposure(ds(), d.id);
    const dash = await dashboard(ds(), TODAY);
    return {
      header: cell(header, /data-field="amount">([^<]*)</),
      account: cell(account, /data-overview="balance">([^<]*)</),
      list: cell(list, new RegExp(`${customer.auxiliaryAccount}\\)</span></td>[\\s\\S]*?<td class="money">([^<]*)</td>`)),
      actions: cell(actions, new RegExp(`n° ${d.number}</a></td>\\s*<td>[^<]*</td>\\s*<td class="text-end text-nowrap">([^<]*)</td>`)),
      printList: cell(printList, new RegExp(`<tr data-dossier="${d.number}">(?:<td[^>]*>[^<]*</td>){7}<td class="num">([^<]*)</td>`)),
      printDetailed: cell(printDetailed, /data-counter="balance">([^<]*)</),
      api: money(api.amounts.outstanding),
      scenarioEngine: money(stored),
      rule: money(live.balance),
      provisionBase: money(exposure.outstandingTtc - live.givenUp),
      dashboard: money(dash.amountInRecovery),
    };
  }

  async function expectEverywhere(d: Dossier, customer: ThirdParty, cents: number, step: string) {
    const seen = await surfaces(d, customer);
    for (const [surface, value] of Object.entries(seen)) expect(value, `${step}: ${surface}`).to.equal(money(cents));
  }

  it('says the same amount on every surface at every step of the dossier\'s life', async () => {
    const customer = await makeThirdParty(ds(), ref, { name: 'Quintin Paysage', auxiliaryAccount: '411QUINTIN' });
    const dossier = await makeDossier(ds(), ref, customer, { startDate: '2026-09-01', controllerId: ref.controllers[0].id });
    await ds().getRepository(Intervention).save({
      dossierId: dossier.id, type: 'call', label: 'Appeler', dueDate: TODAY, priority: 1, assigneeId: null, state: 'todo', source: 'manual', createdAt: AT,
    } as Intervention);

    // 1. The invoice, linked from the Écritures tab.
    const invoice = await makeEntry(ds(), ref, customer, { debit: 100000, pieceRef: 'FA2026-0042', entryDate: '2026-07-17', dueDate: '2026-08-16' });
    await post(`/dossiers/${dossier.id}/entries/link`, { entryIds: String(invoice.id) }).expect(303);
    await expectEverywhere(dossier, customer, 100000, 'invoice');

    // 2. A credit note, 3. a partial payment in the ledger, both linked.
    const credit = await makeEntry(ds(), ref, customer, { debit: 0, credit: 10000, journalCode: 'AV', journalLabel: 'Avoirs', pieceRef: 'AV2026-0007', entryDate: '2026-09-01', dueDate: null });
    const partial = await makeEntry(ds(), ref, customer, { debit: 0, credit: 30000, journalCode: 'BQ', journalLabel: 'Banque', pieceRef: 'RG2026-0041', entryDate: '2026-09-14', dueDate: null });
    await post(`/dossiers/${dossier.id}/entries/link`, { entryIds: String(credit.id) }).expect(303);
    await post(`/dossiers/${dossier.id}/entries/link`, { entryIds: String(partial.id) }).expect(303);
    await expectEverywhere(dossier, customer, 60000, 'credit note and partial payment');

    // 4. A payment received directly, recorded in Compte dossier.
    await post(`/dossiers/${dossier.id}/account/payments`, {
      paymentDate: '02/11/2026', receivedDate: '03/11/2026', amount: '200,00', method: 'cheque', receivedBy: 'us', reference: 'CHQ 1039359', comment: '',
    }).expect(303);
    await expectEverywhere(dossier, customer, 40000, 'direct payment');
    expect((await dashboard(ds(), TODAY)).recoveredThisMonth, 'dashboard: recovered this month').to.equal(20000);

    // 5. The same payment arrives from the ledger, lettered with the invoice: counted once.
    const lettered = await makeEntry(ds(), ref, customer, { debit: 0, credit: 20000, journalCode: 'BQ', journalLabel: 'Banque', pieceRef: 'RG2026-0050', label: 'Chèque 1039359', entryDate: '2026-11-05', dueDate: null, lettering: 'AA' });
    await ds().getRepository(LedgerEntry).update({ id: invoice.id }, { lettering: 'AA' });
    await refreshDossierBalances(ds(), { thirdPartyIds: [customer.id] });
    await expectEverywhere(dossier, customer, 40000, 'the payment arrives lettered');
    expect((await dashboard(ds(), TODAY)).recoveredThisMonth, 'the direct payment and its ledger line are one payment').to.equal(20000);
    const recent = (await s.agent.get('/payments/recent?from=01%2F11%2F2026&to=22%2F11%2F2026').expect(200)).text;
    expect(recent).to.include(money(20000)).and.include('RG2026-0050');
    void lettered;

    // 6. A payment plan for what is left: the detailed print shows it; the balance does not move.
    await createPaymentPlan(ds(), dossier.id, { total: null, firstDate: '2026-12-05', periodicity: 'monthly', count: 2, installmentAmount: null, interestRateHundredths: 0, method: 'transfer' }, admin, AT, TODAY);
    await expectEverywhere(dossier, customer, 40000, 'payment plan');
    const detailed = (await s.agent.get(`/printing/print?layout=detailed&accounts=${customer.auxiliaryAccount}`).expect(200)).text;
    expect(detailed).to.include('data-section="plan"').and.include('05/12/2026').and.include('05/01/2027');
    expect(detailed).to.match(/data-counter="settled">[^<]*600,00/);

    // 7. A settlement: the debtor pays 300,00 and 100,00 are given up.
    await proposeSettlement(ds(), dossier.id, { amount: 30000, comment: null }, admin, AT, TODAY);
    await expectEverywhere(dossier, customer, 30000, 'settlement');
    expect((await dossierExposure(ds(), dossier.id)).outstandingTtc, 'the provision base keeps what the books hold').to.equal(40000);

    // Point 4: Terminé — Recouvré is refused while 300,00 are owed, and the account is unchanged.
    const close = { statusId: String(ref.statuses.TERMINE.id), endDate: '22/11/2026', resolutionId: String(ref.resolutions.PAIEMENT.id), resultId: String(ref.results.RECOUVRE.id) };
    const refused = await post(`/dossiers/${dossier.id}/status`, close).expect(422);
    expect(refused.text).to.include('data-field-error="resultId"');
    expect((await ds().getRepository(Dossier).findOneByOrFail({ id: dossier.id })).statusId).to.equal(ref.statuses.EN_COURS.id);

    // The settled amount arrives: zero everywhere, and Terminé — Recouvré is accepted; the given-up part is written off.
    const last = await makeEntry(ds(), ref, customer, { debit: 0, credit: 30000, journalCode: 'BQ', journalLabel: 'Banque', pieceRef: 'RG2026-0077', entryDate: '2026-11-20', dueDate: null });
    await post(`/dossiers/${dossier.id}/entries/link`, { entryIds: String(last.id) }).expect(303);
    await expectEverywhere(dossier, customer, 0, 'settled amount received');
    await post(`/dossiers/${dossier.id}/status`, close).expect(303);
    const after = (await dossierBalances(ds(), [dossier.id])).get(dossier.id)!;
    // 83,33 HT booked on 654; the VAT part stays given up until a rectified invoice: never counted twice.
    expect([after.balance, after.writtenOff, after.givenUp]).to.deep.equal([0, 8333, 1667]);
    const success = (await s.agent.get('/reports/success?from=01%2F01%2F2026&to=22%2F11%2F2026').expect(200)).text;
    // Recovered: 300 + 200 + 300 paid on 1 000 entrusted (the credit note and the amount given up are not recovered).
    expect(success).to.include(money(80000)).and.include(formatPercent(8000, 'fr'));
  });

  it('refuses Terminé — Recouvré with money left unless the rest is written off, and a lost result writes it off', async () => {
    const customer = await makeThirdParty(ds(), ref, { name: 'Reste SARL', auxiliaryAccount: '411RESTE' });
    const dossier = await makeDossier(ds(), ref, customer, { startDate: '2026-09-01' });
    const invoice = await makeEntry(ds(), ref, customer, { debit: 451740, dueDate: '2026-09-30' });
    await linkDirectly(ds(), dossier.id, [invoice.id]);
    const close = { statusId: String(ref.statuses.TERMINE.id), endDate: '22/11/2026', resolutionId: String(ref.resolutions.PAIEMENT.id), resultId: String(ref.results.RECOUVRE.id) };
    const dialog = (await s.agent.get(`/dossiers/${dossier.id}/status?statusId=${ref.statuses.TERMINE.id}`).expect(200)).text;
    expect(dialog).to.include('data-field="closureBalance"').and.include(money(451740));
    const refused = await post(`/dossiers/${dossier.id}/status`, close).expect(422);
    expect(refused.text).to.include('data-field-error="restOfBalance"').and.include('un résultat « recouvré » demande un solde nul');
    const noSettlement = await post(`/dossiers/${dossier.id}/status`, { ...close, restOfBalance: 'settlement' }).expect(422);
    expect(noSettlement.text).to.include('Aucune transaction acceptée');
    await post(`/dossiers/${dossier.id}/status`, { ...close, restOfBalance: 'writeOff' }).expect(303);
    const b = (await dossierBalances(ds(), [dossier.id])).get(dossier.id)!;
    expect(b.writtenOff).to.be.greaterThan(0);
    expect((await ds().getRepository(Dossier).findOneByOrFail({ id: dossier.id })).statusId).to.equal(ref.statuses.TERMINE.id);
  });

  it('proposes for linking a customer payment that names the invoice, and shows other unallocated credit beside the amount', async () => {
    const customer = await makeThirdParty(ds(), ref, { name: 'Allocation SA', auxiliaryAccount: '411ALLOC' });
    const dossier = await makeDossier(ds(), ref, customer, { startDate: '2026-09-01' });
    const invoice = await makeEntry(ds(), ref, customer, { debit: 1038000, pieceRef: 'FA2026-0142', dueDate: '2026-08-16' });
    await linkDirectly(ds(), dossier.id, [invoice.id]);
    const named = await makeEntry(ds(), ref, customer, { debit: 0, credit: 622800, journalCode: 'BQ', journalLabel: 'Banque', pieceRef: 'RG2026-0141', label: 'Chèque - règlement partiel FA2026-0142', dueDate: null });
    await makeEntry(ds(), ref, customer, { debit: 0, credit: 5000, journalCode: 'BQ', journalLabel: 'Banque', pieceRef: 'RG2026-0199', label: 'Virement sans référence', dueDate: null });
    const page = (await s.agent.get(`/dossiers/${dossier.id}`).expect(200)).text;
    expect(cell(page, /data-field="amount">([^<]*)</)).to.equal(money(1038000));
    expect(page).to.include('data-field="unallocated"').and.include(money(627800));
    expect(page).to.include(`data-proposal="${named.id}"`).and.include('FA2026-0142');
    await post(`/dossiers/${dossier.id}/entries/link`, { entryIds: String(named.id) }).expect(303);
    const linked = (await s.agent.get(`/dossiers/${dossier.id}`).expect(200)).text;
    expect(cell(linked, /data-field="amount">([^<]*)</)).to.equal(money(415200));
    expect(linked).not.to.include('data-proposal=');
    expect(linked).to.include(money(5000));
    expect((await ds().getRepository(Dossier).findOneByOrFail({ id: dossier.id })).balance).to.equal(415200);
  });
});
