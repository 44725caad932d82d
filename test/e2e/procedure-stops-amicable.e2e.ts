/**
 * A collective procedure stops all amicable work, as a credit controller sees it: a dossier with
 * amicable to-dos (raised by its scenario, added by hand) is switched to Redressement judiciaire
 * through the dialog, and none of them is left open.
 */
import { expect } from 'chai';
import { startBrowserSession, BrowserSession } from './support/browser';
import { Intervention } from '../../src/interventions/intervention.entity';
import { runDaily } from '../../src/jobs/run-daily';
import { seedReferenceData, type ReferenceData } from '../support/factories';
import { makeScenario, makeScenarioDossier } from '../component/daily-support';

describe('browser: Redressement judiciaire stops the amicable to-dos', () => {
  let s: BrowserSession;
  let ref: ReferenceData;
  before(async () => {
    s = await startBrowserSession({});
    ref = await seedReferenceData(s.t.db.dataSource);
    await s.login('claire', 'controller');
  });
  after(() => s?.close());

  it('switches a dossier with amicable to-dos to Redressement judiciaire and finds none left open', async () => {
    const ds = s.t.db.dataSource;
    const scenarioId = await makeScenario(ds, [
      { code: 'RELANCE_AMIABLE_2', label: 'Relance amiable n° 2', actionType: 'letter', anchor: 'oldest_due', offsetDays: 5 },
      { code: 'APPEL_RELANCE', label: 'Appel de relance', actionType: 'call', anchor: 'oldest_due', offsetDays: 10 },
    ]);
    const dossier = await makeScenarioDossier(ds, ref, scenarioId, { dueDate: '2026-10-01', startDate: '2026-10-01', amount: 466800 });
    await runDaily({ dataSource: ds }, '2026-11-22', { documents: false });
    await ds.getRepository(Intervention).save({
      dossierId: dossier.id, type: 'letter', label: 'Mise en demeure (LRAR)', dueDate: '2026-11-25', priority: 300, assigneeId: null, state: 'todo', source: 'manual',
      stepCode: null, occurrence: null, doneDate: null, doneAt: null, doneBy: null, result: null, comment: null, skipReason: null, version: 1, createdAt: '2026-11-20T09:00:00.000Z', createdBy: null,
    });

    await s.page.goto(`${s.baseUrl}/dossiers/${dossier.id}?tab=interventions`);
    const openBefore = await s.page.locator('#interventions tr[data-state="todo"]').allTextContents();
    expect(openBefore.join(' ')).to.include('Relance amiable n° 2').and.include('Appel de relance').and.include('Mise en demeure (LRAR)');

    await s.page.goto(`${s.baseUrl}/actions?controller=all`);
    expect(await s.page.textContent('main'), 'Gestion des actions lists them before').to.include('Relance amiable n° 2');

    await s.page.goto(`${s.baseUrl}/dossiers/${dossier.id}`);
    await s.page.click('#change-status-button');
    await s.page.waitForSelector('#status-dialog.show');
    await s.page.selectOption('#sc-statusId', String(ref.statuses.REDRESSEMENT_JUDICIAIRE.id));
    await s.page.waitForSelector('#sc-bodaccDate');
    await s.page.fill('#sc-judgmentDate', '10/11/2026');
    await s.page.fill('#sc-bodaccDate', '18/11/2026');
    await s.page.press('#sc-bodaccDate', 'Tab');
    await s.page.waitForFunction(() => (document.querySelector('#sc-claimsDeclarationDeadline') as HTMLInputElement | null)?.value === '18/01/2027');
    await s.page.click('#status-submit');
    await s.page.waitForSelector('#procedure-dates');

    await s.page.goto(`${s.baseUrl}/dossiers/${dossier.id}?tab=interventions`);
    const open = (await s.page.locator('#interventions tr[data-state="todo"]').allTextContents()).join(' | ');
    expect(open).to.not.include('Relance amiable n° 2');
    expect(open).to.not.include('Appel de relance');
    expect(open).to.not.include('Mise en demeure (LRAR)');
    expect(open).to.include('Envoi de la déclaration de créances');
    const skipped = (await s.page.locator('#interventions tr[data-state="skipped"]').allTextContents()).join(' | ');
    expect(skipped).to.include('Relance amiable n° 2').and.include('Mise en demeure (LRAR)').and.include('Procédure collective : poursuites individuelles arrêtées');
    await s.screenshot('procedure-stops-amicable-interventions');

    await s.page.goto(`${s.baseUrl}/dossiers/${dossier.id}?tab=chrono`);
    expect(await s.page.textContent('#chrono')).to.include('Redressement judiciaire : 3 actions à faire hors étape juridique ignorées');
    await s.screenshot('procedure-stops-amicable-chrono');

    // Gestion des actions no longer lists them either.
    await s.page.goto(`${s.baseUrl}/actions?controller=all`);
    const actions = await s.page.textContent('main');
    expect(actions).to.not.include('Relance amiable n° 2');
    expect(actions).to.not.include('Mise en demeure (LRAR)');
  });
});
