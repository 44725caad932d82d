import { expect } from 'chai';
import { startBrowserSession, BrowserSession } from './support/browser';
import { Dossier, DossierEntry } from '../../src/dossiers/dossier.entity';
import { Intervention } from '../../src/interventions/intervention.entity';
import { makeDossier, makeEntry, makeThirdParty, seedReferenceData, type ReferenceData } from '../support/factories';

describe('browser: changing a dossier\'s status', () => {
  let s: BrowserSession;
  let ref: ReferenceData;
  before(async () => {
    s = await startBrowserSession({ basePath: '/recouvrement' });
    ref = await seedReferenceData(s.t.db.dataSource);
    await s.login('claire', 'controller');
  });
  after(() => s?.close());

  async function dossierFor(name: string, number: number) {
    const ds = s.t.db.dataSource;
    const customer = await makeThirdParty(ds, ref, { name, auxiliaryAccount: `411${name.slice(0, 6).toUpperCase().replace(/[^A-Z]/g, 'X')}` });
    const invoice = await makeEntry(ds, ref, customer, { debit: 193379, pieceRef: `FA2026-${number}` });
    const dossier = await makeDossier(ds, ref, customer, { number, startDate: '2026-10-01' });
    await ds.getRepository(DossierEntry).save({ dossierId: dossier.id, ledgerEntryId: invoice.id, linkedAt: '2026-11-22T09:00:00.000Z', linkedBy: null });
    return dossier;
  }

  it('switches a dossier to Redressement judiciaire through the dialog, the deadline proposed from the BODACC date', async () => {
    const dossier = await dossierFor('Menuiserie Durand', 71);
    await s.page.goto(`${s.baseUrl}/dossiers/${dossier.id}`);
    await s.page.click('#change-status-button');
    await s.page.waitForSelector('#status-dialog.show');
    await s.page.selectOption('#sc-statusId', String(ref.statuses.REDRESSEMENT_JUDICIAIRE.id));
    await s.page.waitForSelector('#sc-bodaccDate');
    expect(await s.page.inputValue('#sc-lossPercentage')).to.equal('50,00');
    await s.page.fill('#sc-judgmentDate', '10/11/2026');
    await s.page.fill('#sc-bodaccDate', '18/11/2026');
    await s.page.press('#sc-bodaccDate', 'Tab');
    await s.page.waitForFunction(() => (document.querySelector('#sc-claimsDeclarationDeadline') as HTMLInputElement | null)?.value === '18/01/2027');
    await s.page.check('#sc-outside');
    await s.page.waitForFunction(() => (document.querySelector('#sc-claimsDeclarationDeadline') as HTMLInputElement | null)?.value === '18/03/2027');
    await s.page.uncheck('#sc-outside');
    await s.page.waitForFunction(() => (document.querySelector('#sc-claimsDeclarationDeadline') as HTMLInputElement | null)?.value === '18/01/2027');
    await s.page.check('#sc-doubtful');
    await s.screenshot('status-dialog-redressement');

    // htmx answers with HX-Redirect: a full page load of the same URL, now with the procedure's dates.
    await s.page.click('#status-submit');
    await s.page.waitForSelector('#procedure-dates');
    const text = await s.page.textContent('main');
    expect(text).to.include('Le statut du dossier a été changé.');
    expect(text).to.include('Redressement judiciaire');
    expect(await s.page.textContent('[data-field="claimsDeclarationDeadline"]')).to.equal('18/01/2027');
    expect(await s.page.getAttribute('#claims-declaration-link', 'href')).to.include('judgment=2026-11-10');
    expect(await s.page.locator('[data-doubtful]').count()).to.equal(1);
    await s.screenshot('dossier-after-redressement');
    const labels = (await s.t.db.dataSource.getRepository(Intervention).findBy({ dossierId: dossier.id })).map((i) => i.label);
    expect(labels).to.include.members(['Information du redressement judiciaire', 'Envoi de la déclaration de créances']);
  });

  it('closes another dossier as Terminé: an empty end date is refused at the field, then the dossier is read-only', async () => {
    const dossier = await dossierFor('Garage Petit', 72);
    await s.page.goto(`${s.baseUrl}/dossiers/${dossier.id}`);
    await s.page.click('#change-status-button');
    await s.page.waitForSelector('#status-dialog.show');
    await s.page.selectOption('#sc-statusId', String(ref.statuses.TERMINE.id));
    await s.page.waitForSelector('#sc-resolutionId');
    await s.page.fill('#sc-endDate', '');
    await s.page.selectOption('#sc-resolutionId', String(ref.resolutions.PAIEMENT.id));
    await s.page.click('#status-submit');
    await s.page.waitForSelector('[data-field-error="endDate"]');
    expect(await s.page.textContent('[data-field-error="endDate"]')).to.include('date de fin');
    expect(await s.page.inputValue('#sc-resolutionId')).to.equal(String(ref.resolutions.PAIEMENT.id));
    await s.screenshot('status-dialog-termine-refused');

    await s.page.fill('#sc-endDate', '22/11/2026');
    await s.page.selectOption('#sc-resultId', String(ref.results.RECOUVRE.id));
    // The dossier still owes its balance: Terminé agrees with the money only once the user says what happens to the rest.
    await s.page.selectOption('#sc-restOfBalance', 'writeOff');
    await s.page.click('#status-submit');
    await s.page.waitForSelector('#closed-banner');
    expect(await s.page.locator('#change-status-button').count()).to.equal(0);
    expect(await s.page.locator('#entry-actions').count()).to.equal(0);
    await s.screenshot('dossier-termine-read-only');
    const saved = await s.t.db.dataSource.getRepository(Dossier).findOneByOrFail({ id: dossier.id });
    expect([saved.statusId, saved.endDate]).to.deep.equal([ref.statuses.TERMINE.id, '2026-11-22']);
  });
});
