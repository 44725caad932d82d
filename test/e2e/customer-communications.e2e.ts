import { expect } from 'chai';
import { startBrowserSession, type BrowserSession } from './support/browser';
import { makeDossier, makeEntry, makeThirdParty, seedReferenceData } from '../support/factories';
import { completeCreditor } from '../support/document-factories';
import { CreditController } from '../../src/credit-controllers/credit-controller.entity';
import { User } from '../../src/auth/user.entity';
import { CustomerCommunicationPart } from '../../src/communications';
import { Intervention } from '../../src/interventions/intervention.entity';
import { linkEntry, makeScenario, makeScenarioDossier } from '../component/daily-support';

describe('browser: one letter per customer in Gestion des actions', () => {
  let s: BrowserSession;
  before(async () => {
    s = await startBrowserSession({ basePath: '/recouvrement', today: '2026-11-22' });
  });
  after(() => s?.close());

  it('shows the grouped letter once with its parts, prints it once, and done marks every part', async () => {
    const ds = s.t.db.dataSource;
    const ref = await seedReferenceData(ds);
    await completeCreditor(ds, ref);
    const scenarioId = await makeScenario(ds, [
      { code: 'RAPPEL', label: 'Lettre de rappel', actionType: 'letter', anchor: 'oldest_due', offsetDays: 10, templateCode: 'relance-simple', priority: 100 },
      { code: 'MISE_EN_DEMEURE', label: 'Mise en demeure par LRAR', actionType: 'letter', anchor: 'oldest_due', offsetDays: 40, templateCode: 'mise-en-demeure', priority: 300 },
    ]);
    // Garage des Alpes: one dossier 40 days late (its reminder and its mise en demeure fall due), one 10 days late.
    const garage = await makeThirdParty(ds, ref, { name: 'Garage des Alpes' });
    for (const [dueDate, pieceRef] of [['2026-10-13', 'FA2026-0913'], ['2026-11-12', 'FA2026-1012']]) {
      const d = await makeDossier(ds, ref, garage, { scenarioId, startDate: dueDate });
      await linkEntry(ds, d.id, (await makeEntry(ds, ref, garage, { debit: 150000, dueDate, pieceRef })).id);
    }
    // Another customer with one dossier keeps its own letter.
    await makeScenarioDossier(ds, ref, scenarioId, { dueDate: '2026-11-12', amount: 50000 });

    await s.login('claire', 'admin');
    const claire = await ds.getRepository(User).findOneByOrFail({ username: 'claire' });
    await ds.getRepository(CreditController).update({ id: ref.controllers[0].id }, { userId: claire.id });
    await s.page.goto(`${s.baseUrl}/jobs`);
    await Promise.all([s.page.waitForURL(/\/recouvrement\/jobs$/), s.page.click('#run-now')]);
    expect(await s.page.textContent('main')).to.include('4 actions créées sur 3 dossiers');

    await s.page.goto(`${s.baseUrl}/actions`);
    const rows = await s.page.$$('#actions-table tbody tr[data-action-id]');
    expect(rows, 'the grouped letter once, and the other customer\'s letter').to.have.length(2);
    const grouped = s.page.locator('#actions-table tbody tr[data-communication-row]');
    expect(await grouped.count()).to.equal(1);
    expect(await grouped.locator('[data-communication-summary]').textContent()).to.equal('2 dossiers, 2 factures');
    expect(await grouped.locator('li[data-part]').allTextContents()).to.have.length(3);
    expect(await grouped.textContent()).to.include('Courrier groupé').and.include('3 actions à faire en une fois').and.include('Garage des Alpes');
    await s.screenshot('actions-grouped-letter');

    // Printing the grouped item prints the one letter, in the tone of the most advanced level.
    await grouped.locator('input[type=checkbox]').check();
    const [printed] = await Promise.all([s.page.context().waitForEvent('page'), s.page.click('#bulk-letters')]);
    await printed.waitForLoadState();
    const letters = await printed.$$('section.letter');
    expect(letters, 'one letter').to.have.length(1);
    const text = (await printed.textContent('body')) ?? '';
    expect(text).to.include('MISE EN DEMEURE DE PAYER').and.include('FA2026-0913').and.include('FA2026-1012').and.include('3 — Mise en demeure').and.include('1 — Rappel');
    await printed.close();

    await s.page.fill('#bulk-result', 'Courrier recommandé envoyé');
    await Promise.all([s.page.waitForURL(/\/recouvrement\/actions/), s.page.click('#bulk-done')]);
    expect(await s.page.textContent('main')).to.include('3 actions marquées réalisées.');
    expect(await s.page.$$('#actions-table tbody tr[data-action-id]')).to.have.length(1);
    expect(await s.page.$$('#actions-table tbody tr[data-communication-row]')).to.have.length(0);

    const parts = await ds.getRepository(CustomerCommunicationPart).find();
    const done = await ds.getRepository(Intervention).findBy(parts.map((p) => ({ id: p.interventionId })));
    expect(done.map((i) => [i.state, i.result, i.doneBy])).to.deep.equal(new Array(3).fill(['done', 'Courrier recommandé envoyé', claire.id]));
  });
});
