import { expect } from 'chai';
import { createTestApp, signIn, type TestApp } from '../support/test-app';
import { seedReferenceData, makeThirdParty, makeDossier, makeEntry, type ReferenceData } from '../support/factories';
import { linkEntry } from './daily-support';
import { ensureShippedTemplates } from '../../src/documents';
import { Intervention } from '../../src/interventions';
import { PaymentOrder } from '../../src/payment-orders';
import { PrescriptionInterruption } from '../../src/prescription';
import { dossierAccount } from '../../src/dossier-account';

const TODAY = '2026-12-02';

function zipNames(buffer: Buffer): string[] {
  // Central directory entries of the zip: signature PK\x01\x02, name length at +28, name at +46.
  const names: string[] = [];
  for (let i = buffer.indexOf('PK\x01\x02'); i >= 0; i = buffer.indexOf('PK\x01\x02', i + 4)) {
    const length = buffer.readUInt16LE(i + 28);
    names.push(buffer.subarray(i + 46, i + 46 + length).toString('utf8'));
  }
  return names;
}

describe('injonction de payer: the request from the dossier, its pieces, and the legal steps with their deadlines', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let dossierId: number;

  async function setUp(env: Record<string, string> = {}) {
    t = await createTestApp({ today: TODAY, env });
    ref = await seedReferenceData(t.db.dataSource);
    await ensureShippedTemplates(t.db.dataSource);
    const ds = t.db.dataSource;
    const customer = await makeThirdParty(ds, ref, { name: 'Omega Travaux', siren: '552100554', legalForm: 'SARL', address: '3 rue des Forges', postalCode: '69003', city: 'Lyon' });
    const dossier = await makeDossier(ds, ref, customer, { statusId: ref.statuses.EN_COURS.id });
    dossierId = dossier.id;
    await linkEntry(ds, dossierId, (await makeEntry(ds, ref, customer, { pieceRef: 'FA2026-0007', debit: 451740, entryDate: '2026-06-01', dueDate: '2026-07-01' })).id);
  }
  beforeEach(() => setUp());
  afterEach(() => t.close());

  it('prepares the request pre-filled from the dossier (creditor, debtor with SIREN, principal, penalties, 40 € indemnity, grounds, pieces) and zips it with the attachments', async () => {
    const s = await signIn(t, 'ctl', 'controller');
    await s.agent.post(`/dossiers/${dossierId}/attachments`).set('x-csrf-token', s.csrf).attach('files', Buffer.from('%PDF-1.4 mise en demeure'), { filename: 'mise-en-demeure-AR.pdf', contentType: 'application/pdf' }).expect(303);
    await s.agent.post(`/dossiers/${dossierId}/payment-orders`).type('form').send({ _csrf: s.csrf, court: 'Tribunal de commerce de Lyon' }).expect(303);
    const [order] = await t.db.dataSource.getRepository(PaymentOrder).find();
    expect(order).to.include({ status: 'prepared', principal: 451740, indemnities: 4000 });
    expect(order.penalties, 'penalties at the legal rate since 2 July').to.be.greaterThan(0);
    // The administrators' rate tables (Taux légaux): H2 2026 not entered yet, priced at 2026-H1's 12.15 %, as Compte dossier shows.
    expect(order.penalties).to.equal(Math.round((451740 * 0.1215 * 154) / 365));
    expect(order.penalties).to.equal((await dossierAccount(t.db.dataSource, dossierId, TODAY)).overview.penalties);
    const request = await s.agent.get(`/dossiers/${dossierId}/payment-orders/${order.id}/request`).expect(200);
    for (const text of ['Tribunal de commerce de Lyon', 'Omega Travaux', 'SIREN 552100554', 'FA2026-0007', 'mise-en-demeure-AR.pdf', 'article D441-5', 'Factures impayées FA2026-0007']) expect(request.text).to.contain(text);
    const zip = await s.agent.get(`/dossiers/${dossierId}/payment-orders/${order.id}/zip`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(zipNames(zip.body as Buffer)).to.deep.equal([`requete-injonction-de-payer-dossier-${1}.html`, 'pieces/01-mise-en-demeure-AR.pdf']);
  });

  it('records filing, order and service in order, each opening the next legal step with its deadline; filing interrupts prescription', async () => {
    const s = await signIn(t, 'ctl', 'controller');
    await s.agent.post(`/dossiers/${dossierId}/payment-orders`).type('form').send({ _csrf: s.csrf, court: 'Tribunal de commerce de Lyon' }).expect(303);
    const [order] = await t.db.dataSource.getRepository(PaymentOrder).find();
    const event = (body: Record<string, string>) => s.agent.post(`/dossiers/${dossierId}/payment-orders/${order.id}/events`).type('form').send({ _csrf: s.csrf, ...body }).expect(303);
    await event({ event: 'served', date: '01/12/2026' });
    expect((await t.db.dataSource.getRepository(PaymentOrder).findOneByOrFail({ id: order.id })).status, 'out of order: refused').to.equal('prepared');
    await event({ event: 'filed', date: '02/12/2026' });
    expect(await t.db.dataSource.getRepository(PrescriptionInterruption).findBy({ dossierId })).to.have.length(1);
    t.setToday('2027-01-20');
    await event({ event: 'ordered', date: '15/01/2027', orderReference: '2027/IP/123', amountGranted: '4 517,40' });
    t.setToday('2027-02-03');
    await event({ event: 'served', date: '01/02/2027', servedToPerson: 'on' });
    const steps = await t.db.dataSource.getRepository(Intervention).find({ where: { dossierId, type: 'legal' }, order: { id: 'ASC' } });
    expect(steps.map((i) => [i.stepCode, i.dueDate, i.state])).to.deep.equal([
      [`IP${order.id}:IP-ORDONNANCE`, '2027-01-02', 'done'],
      [`IP${order.id}:IP-SIGNIFICATION`, '2027-07-15', 'done'],
      [`IP${order.id}:IP-EXECUTION`, '2027-03-02', 'todo'],
    ]);
    t.setToday('2027-03-02');
    const panel = await s.agent.get(`/dossiers/${dossierId}/payment-orders`).expect(200);
    expect(panel.text).to.contain('data-status="final"');
    expect(panel.text).to.contain('02/03/2027');
    const chrono = await s.agent.get(`/dossiers/${dossierId}?tab=chrono`).expect(200);
    expect(chrono.text).to.contain('ordonnance signifiée le');
  });

  it('the delays are settings (PAYMENT_ORDER_SERVICE_MONTHS, PAYMENT_ORDER_OPPOSITION_MONTHS): changed, they move the legal steps and the panel', async () => {
    await t.close();
    await setUp({ PAYMENT_ORDER_SERVICE_MONTHS: '3', PAYMENT_ORDER_OPPOSITION_MONTHS: '2' });
    const s = await signIn(t, 'ctl', 'controller');
    await s.agent.post(`/dossiers/${dossierId}/payment-orders`).type('form').send({ _csrf: s.csrf, court: 'Tribunal de commerce de Lyon' }).expect(303);
    const [order] = await t.db.dataSource.getRepository(PaymentOrder).find();
    const event = (body: Record<string, string>) => s.agent.post(`/dossiers/${dossierId}/payment-orders/${order.id}/events`).type('form').send({ _csrf: s.csrf, ...body }).expect(303);
    await event({ event: 'filed', date: '02/12/2026' });
    t.setToday('2027-01-20');
    await event({ event: 'ordered', date: '15/01/2027' });
    const signification = await t.db.dataSource.getRepository(Intervention).findOneByOrFail({ dossierId, stepCode: `IP${order.id}:IP-SIGNIFICATION` });
    expect(signification.dueDate, '3 months after the order instead of 6').to.equal('2027-04-15');
    t.setToday('2027-02-03');
    await event({ event: 'served', date: '01/02/2027', servedToPerson: 'on' });
    const execution = await t.db.dataSource.getRepository(Intervention).findOneByOrFail({ dossierId, stepCode: `IP${order.id}:IP-EXECUTION` });
    expect(execution.dueDate, 'the day after 2 months of opposition instead of 1').to.equal('2027-04-02');
    t.setToday('2027-03-02');
    expect((await s.agent.get(`/dossiers/${dossierId}/payment-orders`).expect(200)).text, 'still within the longer opposition period').to.contain('data-status="served"');
  });

  it('refuses a request during a collective procedure, and an auditor may read but not prepare', async () => {
    const auditor = await signIn(t, 'aud', 'auditor');
    await auditor.agent.post(`/dossiers/${dossierId}/payment-orders`).type('form').send({ _csrf: auditor.csrf, court: 'TC Lyon' }).expect(403);
    await t.db.dataSource.query(`UPDATE dossier SET status_id = ${ref.statuses.REDRESSEMENT_JUDICIAIRE.id} WHERE id = ${dossierId}`);
    const s = await signIn(t, 'ctl', 'controller');
    await s.agent.post(`/dossiers/${dossierId}/payment-orders`).type('form').send({ _csrf: s.csrf, court: 'TC Lyon' }).expect(303);
    expect(await t.db.dataSource.getRepository(PaymentOrder).count()).to.equal(0);
  });
});
