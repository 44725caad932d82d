import { expect } from 'chai';
import { startBrowserSession, type BrowserSession } from './support/browser';
import { seedReferenceData } from '../support/factories';
import { CreditController } from '../../src/credit-controllers/credit-controller.entity';
import { User } from '../../src/auth/user.entity';
import { Intervention } from '../../src/interventions/intervention.entity';
import { ThirdParty } from '../../src/third-parties/third-party.entity';
import { makeScenario, makeScenarioDossier } from '../component/daily-support';

describe('browser: the daily job from Traitements, then Gestion des actions', () => {
  let s: BrowserSession;
  before(async () => {
    s = await startBrowserSession({ basePath: '/recouvrement', today: '2026-11-22' });
  });
  after(() => s?.close());

  it('an administrator runs the job and works the resulting actions', async () => {
    const ds = s.t.db.dataSource;
    const ref = await seedReferenceData(ds);
    const scenarioId = await makeScenario(ds, [
      { code: 'RELANCE_EMAIL', label: 'Relance amiable par e-mail', actionType: 'email', anchor: 'oldest_due', offsetDays: 3, priority: 100 },
      { code: 'APPEL', label: 'Appel du service comptable', actionType: 'call', anchor: 'oldest_due', offsetDays: 10, priority: 300 },
      { code: 'MISE_EN_DEMEURE', label: 'Mise en demeure par LRAR', actionType: 'letter', anchor: 'previous_done', offsetDays: 8, priority: 500 },
    ]);
    const names = ['Boulangerie Martin SARL', 'Garage des Alpes SAS', 'Imprimerie Lefèvre'];
    for (const [i, name] of names.entries()) {
      const d = await makeScenarioDossier(ds, ref, scenarioId, { dueDate: `2026-11-0${i + 1}`, amount: 193379 + i * 10000 });
      await ds.getRepository(ThirdParty).update({ id: d.thirdPartyId }, { name });
    }

    await s.login('claire', 'admin');
    const claire = await ds.getRepository(User).findOneByOrFail({ username: 'claire' });
    await ds.getRepository(CreditController).update({ id: ref.controllers[0].id }, { userId: claire.id });

    await s.page.goto(`${s.baseUrl}/jobs`);
    await Promise.all([s.page.waitForURL(/\/recouvrement\/jobs$/), s.page.click('#run-now')]);
    const jobs = await s.page.textContent('main');
    expect(jobs).to.include('Traitement terminé : 6 actions créées sur 3 dossiers, 0 erreur.');
    expect(await s.page.textContent('#runs tbody tr:first-child')).to.include('Terminé');
    await s.screenshot('jobs-after-run');

    expect(await s.page.textContent('#nav-actions [data-due-today]')).to.equal('6');
    await Promise.all([s.page.waitForURL(/\/recouvrement\/actions/), s.page.click('#nav-actions')]);
    const labels = await s.page.$$eval('#actions-table tbody tr td:nth-child(5)', (tds) => tds.map((td) => td.textContent?.trim()));
    expect(labels.slice(0, 3)).to.deep.equal(['Appel du service comptable', 'Appel du service comptable', 'Appel du service comptable']);
    expect(labels).to.have.length(6);
    await s.screenshot('actions-before');

    // Tick the three calls, record the result.
    const calls = await s.page.$$('#actions-table tbody tr');
    for (const row of calls.slice(0, 3)) await (await row.$('input[type=checkbox]'))!.check();
    await s.page.fill('#bulk-result', 'Promesse de paiement sous 8 jours');
    await Promise.all([s.page.waitForURL(/\/recouvrement\/actions/), s.page.click('#bulk-done')]);
    expect(await s.page.textContent('main')).to.include('3 actions marquées réalisées.');
    expect(await s.page.$$('#actions-table tbody tr[data-action-id]')).to.have.length(3);
    await s.screenshot('actions-after-done');

    const done = await ds.getRepository(Intervention).findBy({ stepCode: 'APPEL', state: 'done' });
    expect(done.map((d) => [d.doneBy, d.doneDate, d.result])).to.deep.equal(new Array(3).fill([claire.id, '2026-11-22', 'Promesse de paiement sous 8 jours']));

    await s.page.goto(`${s.baseUrl}/jobs/dry-run`);
    expect(await s.page.textContent('#dry-run-summary')).to.include('0 action serait créée');
  });
});
