import { expect } from 'chai';
import request from 'supertest';
import { createTestApp, signIn, TestApp } from '../support/test-app';
import { makeDossier, makeEntry, makeThirdParty, ReferenceData, seedReferenceData } from '../support/factories';
import { makeApiKey } from '../support/api-factories';
import { DossierEntry } from '../../src/dossiers/dossier.entity';
import { DossierEvent } from '../../src/history/dossier-event.entity';
import { Dispute, disputedEntryIds } from '../../src/disputes';
import { DirectPayment, dossierAccount } from '../../src/dossier-account';
import { EInvoiceStatus } from '../../src/e-invoicing';
import type { LedgerEntry } from '../../src/ledger';

const BASE = '/recouvrement';
const API = `${BASE}/api/v1`;

describe('e-invoicing lifecycle statuses through the API', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let writeKey: string;
  let viewer: Awaited<ReturnType<typeof signIn>>;
  const ds = () => t.db.dataSource;

  before(async () => {
    t = await createTestApp({ basePath: BASE });
    ref = await seedReferenceData(ds());
    writeKey = (await makeApiKey(ds(), ref, 'write')).key;
    // The administrator owns the disputes of a dossier without a controller.
    viewer = await signIn(t, 'einv-admin', 'admin');
  });
  after(() => t.close());

  const post = (body: unknown, key?: string) => {
    const r = request(t.app).post(`${API}/invoice-statuses`).set('Authorization', `Bearer ${writeKey}`);
    return (key ? r.set('Idempotency-Key', key) : r).send(body as object);
  };

  /** A dossier with two open invoices of 1 200,00 €. */
  async function dossierWithInvoices(): Promise<{ dossierId: number; a: LedgerEntry; b: LedgerEntry }> {
    const customer = await makeThirdParty(ds(), ref);
    const a = await makeEntry(ds(), ref, customer);
    const b = await makeEntry(ds(), ref, customer);
    const dossier = await makeDossier(ds(), ref, customer);
    for (const e of [a, b]) await ds().getRepository(DossierEntry).save({ dossierId: dossier.id, ledgerEntryId: e.id, linkedAt: '2026-11-01T08:00:00.000Z', linkedBy: null });
    return { dossierId: dossier.id, a, b };
  }
  const events = (dossierId: number) => ds().getRepository(DossierEvent).find({ where: { dossierId, type: 'eInvoiceStatus' } });

  it('210 Refusée opens a dispute on that invoice only, which takes it out of the reminders, and says so in the Chrono', async () => {
    const { dossierId, a } = await dossierWithInvoices();
    const res = await post({ pieceRef: a.pieceRef, code: '210', statusDate: '2026-11-20', comment: 'Livraison incomplète' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({ code: '210', label: 'Refusée', effect: 'dispute' });
    const dispute = await ds().getRepository(Dispute).findOneByOrFail({ id: res.body.disputeId });
    expect(dispute).to.include({ dossierId, ledgerEntryId: a.id, status: 'open', source: 'platform', amount: 120000 });
    expect([...(await disputedEntryIds(ds(), dossierId))]).to.deep.equal([a.id]);
    const chrono = await events(dossierId);
    expect(chrono).to.have.length(1);
    expect(JSON.parse(chrono[0].details)).to.include({ code: '210', label: 'Refusée', ref: a.pieceRef });
  });

  it('207 En litige after a Refusée joins the dispute already open instead of opening a second one', async () => {
    const { dossierId, a } = await dossierWithInvoices();
    const first = await post({ pieceRef: a.pieceRef, code: '207', statusDate: '2026-11-18' }).expect(201);
    const second = await post({ pieceRef: a.pieceRef, code: '210', statusDate: '2026-11-19' }).expect(201);
    expect(second.body.disputeId).to.equal(first.body.disputeId);
    expect(await ds().getRepository(Dispute).countBy({ dossierId })).to.equal(1);
    expect(await events(dossierId)).to.have.length(2);
  });

  it('212 Encaissée records a payment received directly, for what the invoice owed, and the balance goes down by it', async () => {
    const { dossierId, a } = await dossierWithInvoices();
    const before = (await dossierAccount(ds(), dossierId, '2026-11-22')).overview.balance;
    const res = await post({ pieceRef: a.pieceRef, code: '212', statusDate: '2026-11-21' }).expect(201);
    expect(res.body.effect).to.equal('payment');
    const payment = await ds().getRepository(DirectPayment).findOneByOrFail({ id: res.body.directPaymentId });
    expect(payment).to.include({ dossierId, amount: 120000, receivedBy: 'us', paymentDate: '2026-11-21' });
    const after = (await dossierAccount(ds(), dossierId, '2026-11-22')).overview.balance;
    expect(before - after).to.equal(120000);
  });

  it('212 Encaissée with an amount records that partial amount', async () => {
    const { dossierId, b } = await dossierWithInvoices();
    const res = await post({ pieceRef: b.pieceRef, code: '212', statusDate: '2026-11-21', amount: 50000 }).expect(201);
    expect(await ds().getRepository(DirectPayment).findOneByOrFail({ id: res.body.directPaymentId })).to.include({ dossierId, amount: 50000 });
  });

  it('the other statuses are recorded, shown with the invoice in Écritures, and in the Chrono, without a dispute or a payment', async () => {
    const { dossierId, a } = await dossierWithInvoices();
    for (const [code, date] of [['200', '2026-11-02'], ['204', '2026-11-05'], ['213', '2026-11-06']]) {
      const res = await post({ pieceRef: a.pieceRef, code, statusDate: date }).expect(201);
      expect(res.body).to.include({ effect: 'record', disputeId: null, directPaymentId: null });
    }
    expect(await ds().getRepository(Dispute).countBy({ dossierId })).to.equal(0);
    expect(await ds().getRepository(DirectPayment).countBy({ dossierId })).to.equal(0);
    expect(await events(dossierId)).to.have.length(3);
    const panel = await viewer.agent.get(`${BASE}/dossiers/${dossierId}/e-invoicing`).expect(200);
    expect(panel.text).to.contain(`data-entry="${a.id}" data-status="213"`);
    expect(panel.text).to.contain('Rejetée').and.contain('Prise en charge').and.contain('Déposée');
  });

  it('is idempotent: the same status twice, with or without an Idempotency-Key, opens one dispute and records one payment', async () => {
    const { dossierId, a, b } = await dossierWithInvoices();
    const body = { pieceRef: a.pieceRef, code: '207', statusDate: '2026-11-20' };
    const first = await post(body, 'einv-207-1').expect(201);
    const replay = await post(body, 'einv-207-1').expect(201);
    expect(replay.headers['idempotent-replayed']).to.equal('true');
    expect(replay.body).to.deep.equal(first.body);
    const again = await post(body).expect(200);
    expect(again.body.id).to.equal(first.body.id);
    const paid = { pieceRef: b.pieceRef, code: '212', statusDate: '2026-11-21' };
    await post(paid).expect(201);
    await post(paid).expect(200);
    expect(await ds().getRepository(Dispute).countBy({ dossierId })).to.equal(1);
    expect(await ds().getRepository(DirectPayment).countBy({ dossierId })).to.equal(1);
    expect(await ds().getRepository(EInvoiceStatus).countBy({ dossierId })).to.equal(2);
    expect(await events(dossierId)).to.have.length(2);
    await post({ ...body, code: '210' }, 'einv-207-1').expect(409);
  });

  it('refuses an unknown code, an unknown invoice and a status in the future at the field, writing nothing', async () => {
    const { dossierId, a } = await dossierWithInvoices();
    const bad = await post({ pieceRef: a.pieceRef, code: '299', statusDate: '2026-11-20' }).expect(422);
    expect(bad.body.errors[0].field).to.equal('/code');
    const unknown = await post({ pieceRef: 'NOPE-1', code: '200', statusDate: '2026-11-20' }).expect(404);
    expect(unknown.headers['content-type']).to.match(/^application\/problem\+json/);
    await post({ pieceRef: a.pieceRef, code: '200', statusDate: '2026-12-25' }).expect(422);
    await post({ code: '200', statusDate: '2026-11-20' }).expect(422);
    expect(await ds().getRepository(EInvoiceStatus).countBy({ dossierId })).to.equal(0);
  });
});
