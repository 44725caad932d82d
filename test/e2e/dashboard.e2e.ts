import { expect } from 'chai';
import { startBrowserSession, BrowserSession } from './support/browser';
import { CreditController } from '../../src/credit-controllers/credit-controller.entity';
import { User } from '../../src/auth/user.entity';
import { addIntervention } from '../../src/interventions';
import { SYSTEM_ACTOR } from '../../src/history';
import { makeDossier, makeThirdParty, seedReferenceData } from '../support/factories';

describe("browser: the controller's dashboard", () => {
  let s: BrowserSession;
  before(async () => {
    s = await startBrowserSession({ basePath: '/recouvrement', today: '2026-11-22' });
    await s.page.setViewportSize({ width: 1280, height: 900 });
  });
  after(() => s?.close());

  it('a controller lands on their own portfolio, its counts agree with the menu badge, and they can look at all', async () => {
    const ds = s.t.db.dataSource;
    const ref = await seedReferenceData(ds);
    const customer = await makeThirdParty(ds, ref, { name: 'Papeterie Arnaud' });
    const mine = await makeDossier(ds, ref, customer, { controllerId: ref.controllers[0].id });
    const theirs = await makeDossier(ds, ref, customer, { controllerId: ref.controllers[1].id });
    const action = (dossierId: number, assigneeId: number, dueDate: string) =>
      addIntervention(ds, { dossierId, type: 'call', label: 'Appel', dueDate, priority: 100, assigneeId }, SYSTEM_ACTOR, '2026-11-22T08:00:00.000Z');
    for (let i = 0; i < 5; i++) await action(mine.id, ref.controllers[0].id, '2026-11-10');
    for (let i = 0; i < 9; i++) await action(theirs.id, ref.controllers[1].id, '2026-11-12');

    await s.login('claire', 'controller');
    const user = await ds.getRepository(User).findOneByOrFail({ username: 'claire' });
    await ds.getRepository(CreditController).update({ id: ref.controllers[0].id }, { userId: user.id });
    await s.page.goto(`${s.baseUrl}/`);
    expect(await s.page.textContent('#dashboard-scope')).to.include('Claire Martin');
    expect((await s.page.textContent('[data-counter="overdueActions"] [data-value]'))?.trim()).to.equal('5');
    expect(await s.page.getAttribute('#nav-actions [data-due-today]', 'data-due-today')).to.equal('5');
    await s.screenshot('dashboard-controller-1280');
    await s.page.selectOption('#dashboard-controller', 'all');
    await Promise.all([s.page.waitForURL(/controller=all/), s.page.click('#dashboard-controller-form button')]);
    expect((await s.page.textContent('[data-counter="overdueActions"] [data-value]'))?.trim()).to.equal('14');
  });
});
