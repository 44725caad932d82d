import { expect } from 'chai';
import { startBrowserSession, type BrowserSession } from './support/browser';
import { makeEntry, makeThirdParty, seedReferenceData } from '../support/factories';
import { makeScenario } from '../component/daily-support';
import { Dossier } from '../../src/dossiers/dossier.entity';
import { ReminderSent } from '../../src/reminders';

describe('browser: Rappel / relevé', () => {
  let s: BrowserSession;
  before(async () => {
    s = await startBrowserSession({ basePath: '/recouvrement', today: '2026-11-22' });
  });
  after(() => s?.close());

  it('creates dossiers for two selected customers on a scenario, then prints a reminder batch', async () => {
    const ds = s.t.db.dataSource;
    const ref = await seedReferenceData(ds);
    await makeScenario(ds, [{ code: 'APPEL', label: 'Appel', actionType: 'call', anchor: 'start', offsetDays: 3 }], { name: 'Relance standard' });
    const customers = [
      ['Boulangerie Martin SARL', '411MARTIN', '2026-09-10', 193379],
      ['Garage des Alpes SAS', '411ALPES', '2026-10-20', 86000],
      ['Imprimerie Lefèvre', '411LEFEVRE', '2026-11-05', 42050],
    ] as const;
    for (const [name, account, dueDate, debit] of customers) {
      const c = await makeThirdParty(ds, ref, { name, auxiliaryAccount: account, creditControllerId: ref.controllers[0].id });
      await makeEntry(ds, ref, c, { dueDate, debit, pieceRef: `FA-${account.slice(3)}-1` });
      await makeEntry(ds, ref, c, { dueDate: '2026-08-15', debit: 15000, pieceRef: `FA-${account.slice(3)}-0` });
      await makeEntry(ds, ref, c, { dueDate: '2026-12-20', debit: 30000, pieceRef: `FA-${account.slice(3)}-2` });
    }
    await s.login('claire', 'controller');

    // Traitements › Rappel / relevé
    await s.page.click('text=Traitements');
    await Promise.all([s.page.waitForURL(/\/recouvrement\/reminders$/), s.page.click('a.dropdown-item:has-text("Rappel / relevé")')]);
    expect(await s.page.textContent('#reminder-count')).to.include('3 clients en retard');
    await s.screenshot('reminders-list');

    // Select two customers, choose the scenario, create.
    await s.page.check('tr[data-customer="411MARTIN"] input[name=customers]');
    await s.page.check('tr[data-customer="411ALPES"] input[name=customers]');
    await s.page.selectOption('#f-scenarioId', { label: 'Relance standard' });
    s.page.once('dialog', (d) => void d.accept());
    await Promise.all([s.page.waitForURL(/\/recouvrement\/reminders/), s.page.click('#btn-dossiers')]);
    const flash = await s.page.textContent('main');
    expect(flash).to.include('Dossiers créés : 2 ; clients ignorés : 0.');
    expect(await s.page.textContent('tr[data-customer="411MARTIN"]')).to.match(/\b1\b/);
    await s.screenshot('reminders-dossiers-created');

    const created = await ds.getRepository(Dossier).find({ order: { number: 'ASC' } });
    expect(created).to.have.length(2);
    expect(created.every((d) => d.scenarioId !== null)).to.equal(true);

    // They are in the dossier list.
    await Promise.all([s.page.waitForURL(/\/recouvrement\/dossiers/), s.page.click('nav >> text=Dossiers')]);
    const list = await s.page.textContent('#dossier-list');
    expect(list).to.include('Boulangerie Martin SARL').and.to.include('Garage des Alpes SAS');
    expect(list).to.not.include('Imprimerie Lefèvre');
    await s.screenshot('reminders-dossier-list');

    // Reminder letters for Martin and Lefèvre; leave one of Lefèvre's invoices out.
    await s.page.goto(`${s.baseUrl}/reminders`);
    await s.page.check('tr[data-customer="411MARTIN"] input[name=customers]');
    await s.page.check('tr[data-customer="411LEFEVRE"] input[name=customers]');
    await Promise.all([s.page.waitForURL(/\/reminders\/preview$/), s.page.click('#btn-letters')]);
    expect(await s.page.$$('[data-preview-customer]')).to.have.length(2);
    await s.page.check('tr[data-entry="FA-LEFEVRE-0"] input[name=exclude]');
    await Promise.all([s.page.waitForLoadState('load'), s.page.click('#btn-recompute')]);
    expect(await s.page.isChecked('tr[data-entry="FA-LEFEVRE-0"] input[name=exclude]')).to.equal(true);
    await s.screenshot('reminders-preview');
    await Promise.all([s.page.waitForURL(/\/reminders\/batches\/\d+$/), s.page.click('#btn-print')]);
    expect(await s.page.textContent('main')).to.include('2 courriers prêts à imprimer');
    const frame = s.page.frameLocator('iframe');
    await frame.locator('section.letter').first().waitFor();
    expect(await frame.locator('section.letter').count()).to.equal(2);
    const letters = await frame.locator('body').textContent();
    expect(letters).to.include('FA-MARTIN-1').and.to.include('FA-LEFEVRE-1');
    expect(letters).to.not.include('FA-LEFEVRE-0');
    await s.screenshot('reminders-batch');

    // Reloading the confirmation page does not count again; the list shows the counts.
    await s.page.reload();
    expect(await ds.getRepository(ReminderSent).count()).to.equal(3);
    await s.page.goto(`${s.baseUrl}/reminders`);
    expect((await s.page.textContent('tr[data-customer="411LEFEVRE"] [data-col=reminders]'))?.trim()).to.match(/^1 \(22\/11\/2026\)$/);
    await s.screenshot('reminders-list-after-print');
  });
});
