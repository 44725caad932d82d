import { expect } from 'chai';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { makeDossier, makeEntry, makeThirdParty, ReferenceData, seedReferenceData } from '../support/factories';
import { DossierEntry } from '../../src/dossiers/dossier.entity';
import { ensureShippedTemplates, renderForDossier } from '../../src/documents';
import { LatePaymentRate } from '../../src/late-payment';
import { SettingChange } from '../../src/audit';
import { ThirdParty } from '../../src/third-parties';

const BASE = '/recouvrement';
const euros = (text: string) => text.replace(/ (?=\d{3}[,\s])/g, '\u202f').replace(/ €/g, '\u00a0€');

// Today is 22/11/2026 (H2 2026): the shipped tables stop at 2026-H1.
describe('legal late-payment rates as data, and penalties that are never silently zero', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let admin: SignedInAgent;
  let controller: SignedInAgent;
  const ds = () => t.db.dataSource;

  before(async () => {
    t = await createTestApp({ basePath: BASE });
    ref = await seedReferenceData(ds());
    await ensureShippedTemplates(ds());
    admin = await signIn(t, 'alice', 'admin');
    controller = await signIn(t, 'claire', 'controller');
  });
  after(() => t.close());

  const post = (s: SignedInAgent, path: string, form: Record<string, unknown>) => s.agent.post(`${BASE}${path}`).type('form').send({ _csrf: s.csrf, ...form });
  const overview = (html: string, key: string) => new RegExp(`data-overview="${key}">(?:<span[^>]*>[^<]*</span>)?([^<]*)<`).exec(html)?.[1];

  async function lateDossier(overrides: Partial<ThirdParty> = {}) {
    const customer = await makeThirdParty(ds(), ref, overrides);
    const d = await makeDossier(ds(), ref, customer);
    // 1 200,00 due 01/10/2026: 52 days late on 22/11/2026, all in H2 2026.
    const inv = await makeEntry(ds(), ref, customer, { debit: 120000, entryDate: '2026-09-01', dueDate: '2026-10-01', pieceRef: 'FA-H2' });
    await ds().getRepository(DossierEntry).save({ dossierId: d.id, ledgerEntryId: inv.id, linkedAt: '2026-11-01T00:00:00.000Z', linkedBy: null });
    return { customer, d };
  }

  async function clearH2() {
    await ds().getRepository(LatePaymentRate).delete({ halfYear: '2026-H2' });
  }

  it('starts from the shipped rows, seeded by the migration: penalty rates 2024-H1 to 2026-H1 and sourced legal interest rates', async () => {
    const rows = await ds().getRepository(LatePaymentRate).find({ order: { kind: 'ASC', halfYear: 'ASC' } });
    expect(rows.filter((r) => r.kind === 'penalty').map((r) => [r.halfYear, r.rateHundredths])).to.deep.equal([
      ['2024-H1', 1450], ['2024-H2', 1425], ['2025-H1', 1315], ['2025-H2', 1215], ['2026-H1', 1215],
    ]);
    expect(rows.filter((r) => r.kind === 'legalInterest').map((r) => [r.halfYear, r.rateHundredths]).slice(-3)).to.deep.equal([['2025-H1', 371], ['2025-H2', 276], ['2026-H1', 262]]);
    expect(rows.some((r) => r.halfYear === '2026-H2')).to.equal(false);
  });

  it('administrators see a banner naming the half-year to fill in, on the home page and the rates page; controllers do not', async () => {
    await clearH2();
    const home = await admin.agent.get(`${BASE}/`).expect(200);
    expect(home.text).to.include('data-missing-rates');
    expect(home.text).to.include('semestre en vigueur (2026-H2)');
    const page = await admin.agent.get(`${BASE}/late-payment-rates`).expect(200);
    expect(page.text).to.include('data-missing-rates');
    expect(page.text).to.include('data-missing="2026-H2"');
    expect(page.text).to.include('12,15\u00a0%');
    const other = await controller.agent.get(`${BASE}/dossiers`).expect(200);
    expect(other.text).not.to.include('data-missing-rates');
    await controller.agent.get(`${BASE}/late-payment-rates`).expect(403);
  });

  it('Compte dossier claims the penalty at the latest known rate, marked provisional, instead of 0', async () => {
    await clearH2();
    const { d } = await lateDossier();
    const page = await controller.agent.get(`${BASE}/dossiers/${d.id}/account`).expect(200);
    // 1 200,00 x 12,15 % x 52 / 365 = 20,77 €
    expect(overview(page.text, 'penalties')).to.equal('20,77\u00a0€');
    expect(page.text).to.include('data-provisional');
    expect(page.text).to.include('data-field="missing-rates"');
    expect(page.text).to.include('2026-H2');
    expect(overview(page.text, 'indemnities')).to.equal('40,00\u00a0€');
  });

  it('the mise en demeure prints the provisional penalty and says so, never "à calculer"', async () => {
    await clearH2();
    const { d } = await lateDossier();
    const r = await renderForDossier(ds(), 'mise-en-demeure', d.id, '2026-11-22');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.html).not.to.include('à calculer');
    expect(r.html).to.include(euros('20,77 €'));
    expect(r.html).to.include('Montant provisoire');
    expect(r.html).to.include('2e semestre 2026');
    expect(r.html).to.include(euros('1 260,77 €')); // 1 200,00 + 20,77 + 40,00 claimed
  });

  it('the detailed print shows the penalty and the indemnity of each late invoice, marked provisional', async () => {
    await clearH2();
    const { d } = await lateDossier();
    const html = (await admin.agent.get(`${BASE}/printing/print?layout=detailed&numberFrom=${d.number}&numberTo=${d.number}`).expect(200)).text;
    expect(html).to.include('data-late-payment');
    expect(html).to.include('FA-H2');
    expect(html).to.include(euros('20,77 €'));
    expect(html).to.include(euros('40,00 €'));
    expect(html).to.include('data-provisional');
  });

  it('an administrator enters the missing half-year: it is logged in the settings audit, the banner goes, the figures are final', async () => {
    await clearH2();
    const bad = await post(admin, '/late-payment-rates', { kind: 'penalty', halfYear: '2026-S3', rate: '12,00', source: '' }).expect(422);
    expect(bad.text).to.include('data-field-error="halfYear"');
    await post(controller, '/late-payment-rates', { kind: 'penalty', halfYear: '2026-H2', rate: '12,00', source: '' }).expect(403);

    await post(admin, '/late-payment-rates', { kind: 'penalty', halfYear: '2026-h2', rate: '12,00', source: 'BCE 2,00 % au 1er juillet 2026 (test)' }).expect(303);
    const row = await ds().getRepository(LatePaymentRate).findOneByOrFail({ kind: 'penalty', halfYear: '2026-H2' });
    expect(row.rateHundredths).to.equal(1200);
    const audit = await ds().getRepository(SettingChange).findOneByOrFail({ area: 'late-payment-rates', entityId: 'penalty:2026-H2' });
    expect(audit.action).to.equal('create');
    expect(JSON.parse(audit.afterJson as string)).to.include({ rate: 12, halfYear: '2026-H2' });

    const home = await admin.agent.get(`${BASE}/`).expect(200);
    expect(home.text).to.include('semestre en vigueur (2026-H2)'); // the legal interest rate of 2026-H2 is still missing
    expect(home.text).not.to.include('Le taux des pénalités de retard du semestre en vigueur');

    const { d } = await lateDossier();
    const page = await controller.agent.get(`${BASE}/dossiers/${d.id}/account`).expect(200);
    // 1 200,00 x 12,00 % x 52 / 365 = 20,52 €
    expect(overview(page.text, 'penalties')).to.equal('20,52\u00a0€');
    expect(page.text).not.to.include('data-provisional');

    // A correction is an update in the audit; the last penalty row cannot be deleted.
    await post(admin, '/late-payment-rates', { kind: 'penalty', halfYear: '2026-H2', rate: '12,10', source: '' }).expect(303);
    expect(await ds().getRepository(SettingChange).countBy({ area: 'late-payment-rates', entityId: 'penalty:2026-H2', action: 'update' })).to.equal(1);
    await post(admin, `/late-payment-rates/${row.id}/delete`, {}).expect(303);
    expect(await ds().getRepository(SettingChange).countBy({ area: 'late-payment-rates', entityId: 'penalty:2026-H2', action: 'delete' })).to.equal(1);
  });

  it('a customer contract rate replaces the legal one; below 3 x the legal interest rate it is refused at the field, saying the floor', async () => {
    await clearH2();
    const { customer, d } = await lateDossier();
    const form = (rate: string, version: number) => ({
      name: customer.name, legalForm: 'SARL', address: '', postalCode: '', city: '', country: 'FR', vatNumber: '', siren: '', phone: '', email: '',
      riskCodeId: '', creditControllerId: '', paymentTermsDays: '30', contractRate: rate, version: String(version),
    });
    // 2026-H2 has no legal interest rate: the floor cannot be checked; the rate is saved with a warning.
    const saved = await post(admin, `/third-parties/${customer.id}`, form('15', 1)).expect(303);
    const next = await admin.agent.get(saved.headers.location).expect(200);
    expect(next.text).to.include('intérêt légal de 2026-H2 n&#39;est pas saisi');
    const account = await controller.agent.get(`${BASE}/dossiers/${d.id}/account`).expect(200);
    // 1 200,00 x 15 % x 52 / 365 = 25,64 €, final (a contract rate needs no table)
    expect(overview(account.text, 'penalties')).to.equal('25,64\u00a0€');
    expect(account.text).not.to.include('data-provisional');
    expect(account.text).to.include('data-field="contract-rate"');

    // Once the administrator enters the legal interest rate of 2026-H2, a rate below its triple is refused.
    await post(admin, '/late-payment-rates', { kind: 'legalInterest', halfYear: '2026-H2', rate: '3,00', source: 'test' }).expect(303);
    const refused = await post(admin, `/third-parties/${customer.id}`, form('8,99', 2)).expect(422);
    expect(refused.text).to.include('data-field-error="contractRate"');
    expect(refused.text).to.include('9,00 % pour 2026-H2');
    expect((await ds().getRepository(ThirdParty).findOneByOrFail({ id: customer.id })).contractRateHundredths).to.equal(1500);
    await post(admin, `/third-parties/${customer.id}`, form('9', 2)).expect(303);
    await post(admin, `/third-parties/${customer.id}`, form('', 3)).expect(303);
    expect((await ds().getRepository(ThirdParty).findOneByOrFail({ id: customer.id })).contractRateHundredths).to.equal(null);
  });
});
