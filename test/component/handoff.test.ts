import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { PDFParse } from 'pdf-parse';
import request from 'supertest';
import { createTestApp, signIn, TestApp, type SignedInAgent } from '../support/test-app';
import { linkDirectly, makeDossier, makeEntry, makeThirdParty, ReferenceData, seedReferenceData } from '../support/factories';
import { Dossier, DossierEntry } from '../../src/dossiers/dossier.entity';
import { CollectionAgency } from '../../src/settings';
import { addAttachments } from '../../src/attachments';
import { addFinancialElement, recordDirectPayment } from '../../src/dossier-account';
import { activeHandoff, DossierHandoff, entrustDossier, endHandoff } from '../../src/handoff';
import { Intervention } from '../../src/interventions';
import { scenarioPausedIds } from '../../src/jobs/scenario-pauses';
import { ThirdParty } from '../../src/third-parties';
import { loadConfig } from '../../src/config';

const BASE = '/recouvrement';
const AT = '2026-11-22T09:00:00.000Z';
const TODAY = '2026-11-22';
const ADMIN = { userId: null, userName: 'test' };
const SETTINGS = { locale: 'fr' as const, informDays: 2, authorityLimit: 5_000_000 };

function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

describe('hand-off to a collection agency or a credit insurer', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let s: SignedInAgent;
  let agency: CollectionAgency;
  const ds = () => t.db.dataSource;

  before(async () => {
    t = await createTestApp({ basePath: BASE });
    ref = await seedReferenceData(ds());
    agency = await ds().getRepository(CollectionAgency).save({ code: 'ATRADIUS', label: 'Atradius Collections', position: 1, active: true });
    s = await signIn(t, 'handoff-admin', 'admin');
  });
  after(() => t.close());

  async function dossier() {
    const customer = await makeThirdParty(ds(), ref);
    await ds().getRepository(ThirdParty).update({ id: customer.id }, { legalForm: 'SARL', siren: '552100554', vatNumber: 'FR40552100554', address: '12 rue des Lilas', postalCode: '69003', city: 'Lyon' });
    const inv = await makeEntry(ds(), ref, customer, { pieceRef: `FA-HO-${customer.id}` });
    const d = await makeDossier(ds(), ref, customer);
    await ds().getRepository(DossierEntry).save({ dossierId: d.id, ledgerEntryId: inv.id, linkedAt: AT, linkedBy: null });
    return { d, inv, customer };
  }

  it('entrusting from the dossier records the agency and the date, shows the badge and the authority limit, and makes the scenario wait until the agency returns it', async () => {
    const { d } = await dossier();
    const page = await s.agent.get(`${BASE}/dossiers/${d.id}/handoff`).expect(200);
    expect(page.text).to.contain('Transmettre le dossier').and.contain('Atradius Collections');
    await s.agent.post(`${BASE}/dossiers/${d.id}/handoff`).type('form')
      .send({ _csrf: s.csrf, agencyId: String(agency.id), entrustedOn: '2026-11-20', customerNumber: 'CLI-778', comment: 'Relances sans effet' }).expect(303);
    const h = await ds().getRepository(DossierHandoff).findOneByOrFail({ dossierId: d.id });
    expect(h).to.include({ agencyId: agency.id, entrustedOn: '2026-11-20', customerNumber: 'CLI-778', authorityLimit: 5_000_000, endedOn: null });
    const panel = await s.agent.get(`${BASE}/dossiers/${d.id}/handoff`).expect(200);
    expect(panel.text).to.contain('id="entrusted-badge"').and.contain('Confié à Atradius Collections depuis le 20/11/2026');
    expect(panel.text).to.match(/id="handoff-authority">50\s000,00/u);
    const range = { fromId: d.id, toId: d.id };
    expect((await scenarioPausedIds(ds(), range, TODAY)).paused.has(d.id)).to.equal(true);
    await s.agent.post(`${BASE}/dossiers/${d.id}/handoff/end`).type('form').send({ _csrf: s.csrf }).expect(303);
    expect((await scenarioPausedIds(ds(), range, TODAY)).paused.has(d.id)).to.equal(false);
  });

  it('a payment we receive directly while entrusted raises "Informer l\'agence du paiement direct" due in 2 days, once per payment; one the agency collected raises none', async () => {
    const { d } = await dossier();
    await entrustDossier(ds(), d.id, { agencyId: agency.id, entrustedOn: '2026-11-15', customerNumber: null, comment: null }, ADMIN, AT, TODAY, SETTINGS);
    const pay = (receivedBy: 'us' | 'agency', amount: number) => recordDirectPayment(ds(), d.id, { receivedDate: TODAY, paymentDate: TODAY, amount, method: 'transfer', receivedBy, reference: null, comment: null }, ADMIN, AT, TODAY);
    await pay('us', 10000);
    await pay('agency', 20000);
    await pay('us', 30000);
    const raised = await ds().getRepository(Intervention).find({ where: { dossierId: d.id, label: "Informer l'agence du paiement direct" }, order: { id: 'ASC' } });
    expect(raised.map((i) => [i.dueDate, i.comment])).to.deep.equal([
      ['2026-11-24', `Atradius Collections — ${'100,00\u00a0€'} (paiement n° ${raised[0].comment?.match(/n° (\d+)/)?.[1]})`],
      ['2026-11-24', `Atradius Collections — ${'300,00\u00a0€'} (paiement n° ${raised[1].comment?.match(/n° (\d+)/)?.[1]})`],
    ]);
    await endHandoff(ds(), d.id, ADMIN, AT, TODAY);
    await pay('us', 5000);
    expect(await ds().getRepository(Intervention).countBy({ dossierId: d.id, label: "Informer l'agence du paiement direct" })).to.equal(2);
  });

  it('the package reads back: PDF with creditor, customer number, debtor identity, every financial element and the comment; zip with the PDF and the copies', async () => {
    const { d, inv } = await dossier();
    const el = await addFinancialElement(ds(), d.id, { kind: 'invoice', number: 'FX-2026-77', issueDate: '2026-09-10', dueDate: '2026-10-10', grossAmount: 60000, netAmount: 50000, currency: 'EUR', comment: 'Prestation de septembre' }, ADMIN, AT);
    const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-')), 'copy.pdf');
    fs.writeFileSync(tmp, '%PDF-1.4 copy of FX-2026-77');
    // The same configuration as the test app's (its attachments folder).
    const config = loadConfig({ ...process.env, SESSION_SECRET: 'test-session-secret-0123456789', CONTROLLERS_EDIT_ALL: 'true' });
    await addAttachments(ds(), config, d.id, [{ path: tmp, originalname: 'facture-FX-2026-77.pdf', size: fs.statSync(tmp).size, mimetype: 'application/pdf' }], el.id, ADMIN, AT);
    await entrustDossier(ds(), d.id, { agencyId: agency.id, entrustedOn: '2026-11-21', customerNumber: 'CLI-4242', comment: 'Client injoignable depuis octobre' }, ADMIN, AT, TODAY, SETTINGS);

    const pdf = await s.agent.get(`${BASE}/dossiers/${d.id}/handoff/package.pdf`).buffer(true).parse(binary).expect(200);
    expect(pdf.headers['content-type']).to.equal('application/pdf');
    const text = (await new PDFParse({ data: pdf.body as Buffer }).getText()).text.replace(/\s+/g, ' ').replace(/- /g, '-'); // cells wrap after a hyphen
    for (const expected of [`Transmission du dossier ${d.number}`, 'Atradius Collections', ref.company.name, 'CLI-4242', 'SARL', '552100554', 'FR40552100554', '12 rue des Lilas', 'Lyon',
      inv.pieceRef as string, 'FX-2026-77', '10/09/2026', '10/10/2026', '600,00', '500,00', 'EUR', 'Prestation de septembre', 'facture-FX-2026-77.pdf', 'Client injoignable depuis octobre']) {
      expect(text, `${expected} in ${text}`).to.contain(expected);
    }
    expect(text).to.match(/50\s000,00/u);

    const zipRes = await s.agent.get(`${BASE}/dossiers/${d.id}/handoff/package.zip`).buffer(true).parse(binary).expect(200);
    const zip = await JSZip.loadAsync(zipRes.body as Buffer);
    expect(Object.keys(zip.files).sort()).to.deep.equal([`pieces/01-facture-FX-2026-77.pdf`, `transmission-dossier-${d.number}.pdf`]);
    expect(await zip.file('pieces/01-facture-FX-2026-77.pdf')!.async('string')).to.equal('%PDF-1.4 copy of FX-2026-77');
    expect((await zip.file(`transmission-dossier-${d.number}.pdf`)!.async('nodebuffer')).subarray(0, 4).toString()).to.equal('%PDF');
  });

  it('Compte dossier shows the agency\'s recovery costs and who collected the payments; the closure recommendation opens the status dialog preset to Terminé', async () => {
    const { d } = await dossier();
    await entrustDossier(ds(), d.id, { agencyId: agency.id, entrustedOn: '2026-11-20', customerNumber: null, comment: null }, ADMIN, AT, TODAY, SETTINGS);
    await s.agent.post(`${BASE}/dossiers/${d.id}/handoff/costs`).type('form').send({ _csrf: s.csrf, recoveryCosts: '150,00' }).expect(303);
    await recordDirectPayment(ds(), d.id, { receivedDate: TODAY, paymentDate: TODAY, amount: 40000, method: 'transfer', receivedBy: 'agency', reference: null, comment: null }, ADMIN, AT, TODAY);
    const account = await s.agent.get(`${BASE}/dossiers/${d.id}/account`).expect(200);
    expect(account.text).to.contain('id="handoff-account-costs">150,00');
    expect(account.text).to.match(/Encaissé par l(&#39;|')agence : <strong>400,00/);
    const panel = await s.agent.get(`${BASE}/dossiers/${d.id}/handoff`).expect(200);
    const href = /id="handoff-closure" href="([^"]+)"/.exec(panel.text)?.[1];
    expect(href).to.match(new RegExp(`statusId=${ref.statuses.TERMINE.id}$`));
    const dialog = await s.agent.get(href!.replace(/&amp;/g, '&')).expect(200);
    expect(dialog.text).to.match(new RegExp(`<option value="${ref.statuses.TERMINE.id}"[^>]*selected`));
  });

  it('closing the dossier (Terminé, through the status dialog) ends the agency\'s mandate, in the Chrono', async () => {
    const { d, inv, customer } = await dossier();
    await entrustDossier(ds(), d.id, { agencyId: agency.id, entrustedOn: '2026-11-20', customerNumber: null, comment: null }, ADMIN, AT, TODAY, SETTINGS);
    // Terminé — Recouvré needs a zero balance: the customer pays the invoice.
    const payment = await makeEntry(ds(), ref, customer, { debit: 0, credit: Number(inv.debit), journalCode: 'BQ', journalLabel: 'Banque', pieceRef: `VIR-HO-${customer.id}`, dueDate: null });
    await linkDirectly(ds(), d.id, [payment.id]);
    await s.agent.post(`${BASE}/dossiers/${d.id}/status`).type('form').send({
      _csrf: s.csrf, statusId: String(ref.statuses.TERMINE.id), endDate: '22/11/2026', resolutionId: String(ref.resolutions.PAIEMENT.id), resultId: String(ref.results.RECOUVRE.id),
    }).expect(303);
    expect((await ds().getRepository(Dossier).findOneByOrFail({ id: d.id })).statusId).to.equal(ref.statuses.TERMINE.id);
    const h = await ds().getRepository(DossierHandoff).findOneByOrFail({ dossierId: d.id });
    expect(h.endedOn, 'the mandate ended with the closure').to.equal(TODAY);
    expect(await activeHandoff(ds(), d.id)).to.equal(null);
    const chrono = await s.agent.get(`${BASE}/dossiers/${d.id}?tab=chrono`).expect(200);
    expect(chrono.text).to.contain('Fin du mandat de Atradius Collections : dossier terminé le 22/11/2026');
  });

  it('refuses a second hand-off of an entrusted dossier and an unknown agency at the field', async () => {
    const { d } = await dossier();
    await entrustDossier(ds(), d.id, { agencyId: agency.id, entrustedOn: TODAY, customerNumber: null, comment: null }, ADMIN, AT, TODAY, SETTINGS);
    let err: unknown = null;
    try { await entrustDossier(ds(), d.id, { agencyId: agency.id, entrustedOn: TODAY, customerNumber: null, comment: null }, ADMIN, AT, TODAY, SETTINGS); } catch (e) { err = e; }
    expect((err as { fieldErrors: { message: string }[] }).fieldErrors[0].message).to.equal('handoff.errors.already');
    expect(await ds().getRepository(DossierHandoff).countBy({ dossierId: d.id })).to.equal(1);
  });
});
