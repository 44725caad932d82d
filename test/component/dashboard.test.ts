import { expect } from 'chai';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { linkDirectly, makeDossier, makeEntry, makeThirdParty, ReferenceData, seedReferenceData } from '../support/factories';
import { CreditController } from '../../src/credit-controllers/credit-controller.entity';
import { addIntervention } from '../../src/interventions';
import { SYSTEM_ACTOR } from '../../src/history';

const TODAY = '2026-11-22';

/** The value of one dashboard counter. */
function counter(html: string, key: string): string {
  return new RegExp(`data-counter="${key}"[\\s\\S]*?data-value>([^<]*)<`).exec(html)?.[1]?.trim() ?? '';
}

describe("the person's dashboard", () => {
  let t: TestApp;
  let ref: ReferenceData;
  let claire: SignedInAgent;
  const ds = () => t.db.dataSource;

  before(async () => {
    t = await createTestApp({ today: TODAY });
    ref = await seedReferenceData(ds());
    claire = await signIn(t, 'claire', 'controller');
    await ds().getRepository(CreditController).update({ id: ref.controllers[0].id }, { userId: claire.userId });
    // Company-wide: 14 overdue actions and 2 due today; 5 overdue and 1 due today are Claire's.
    const customer = await makeThirdParty(ds(), ref, { name: 'Portefeuille SARL' });
    const mine = await makeDossier(ds(), ref, customer, { controllerId: ref.controllers[0].id });
    const theirs = await makeDossier(ds(), ref, customer, { controllerId: ref.controllers[1].id });
    const invoice = await makeEntry(ds(), ref, customer, { debit: 120000, dueDate: '2026-09-01' });
    await linkDirectly(ds(), mine.id, [invoice.id], `${TODAY}T08:00:00.000Z`);
    const other = await makeEntry(ds(), ref, customer, { debit: 50000, dueDate: '2026-10-01' });
    await linkDirectly(ds(), theirs.id, [other.id], `${TODAY}T08:00:00.000Z`);
    const action = (dossierId: number, assigneeId: number, dueDate: string) =>
      addIntervention(ds(), { dossierId, type: 'call', label: 'Appel', dueDate, priority: 100, assigneeId }, SYSTEM_ACTOR, `${TODAY}T08:00:00.000Z`);
    for (let i = 0; i < 5; i++) await action(mine.id, ref.controllers[0].id, '2026-11-10');
    for (let i = 0; i < 9; i++) await action(theirs.id, ref.controllers[1].id, '2026-11-12');
    await action(mine.id, ref.controllers[0].id, TODAY);
    await action(theirs.id, ref.controllers[1].id, TODAY);
  });
  after(() => t.close());

  it("shows a controller their own portfolio, whose actions to do add up to their menu badge", async () => {
    const home = (await claire.agent.get('/').expect(200)).text;
    expect(home).to.include('Portefeuille de Claire Martin');
    const badge = Number(/data-due-today="(\d+)"/.exec(home)?.[1]);
    expect(badge).to.equal(6);
    expect(counter(home, 'overdueActions')).to.equal('5');
    expect(counter(home, 'actionsDueToday')).to.equal('1');
    expect(Number(counter(home, 'overdueActions')) + Number(counter(home, 'actionsDueToday'))).to.equal(badge);
    expect(counter(home, 'openDossiers')).to.equal('1');
    expect(counter(home, 'amountInRecovery')).to.equal('1\u202f200,00\u00a0€');
  });

  it('lets the controller look at every portfolio', async () => {
    const all = (await claire.agent.get('/?controller=all').expect(200)).text;
    expect(all).to.include('Tous les portefeuilles');
    expect(counter(all, 'overdueActions')).to.equal('14');
    expect(counter(all, 'openDossiers')).to.equal('2');
  });

  it('shows a manager every portfolio by default, and the one they choose', async () => {
    const admin = await signIn(t, 'alice', 'admin');
    const all = (await admin.agent.get('/').expect(200)).text;
    expect(all).to.include('Tous les portefeuilles');
    expect(counter(all, 'overdueActions')).to.equal('14');
    const paul = (await admin.agent.get(`/?controller=${ref.controllers[1].id}`).expect(200)).text;
    expect(paul).to.include('Portefeuille de Paul Durand');
    expect(counter(paul, 'overdueActions')).to.equal('9');
    expect(counter(paul, 'amountInRecovery')).to.equal('500,00\u00a0€');
    const accountant = await signIn(t, 'annie', 'accountant');
    expect((await accountant.agent.get(`/?controller=${ref.controllers[0].id}`).expect(200)).text).to.include('Portefeuille de Claire Martin');
  });

  it('warns a controller whose account is linked to no credit controller, instead of showing zeros as theirs', async () => {
    const lone = await signIn(t, 'luc', 'controller');
    const home = (await lone.agent.get('/').expect(200)).text;
    expect(home).to.include('id="dashboard-unlinked"');
    expect(counter(home, 'overdueActions')).to.equal('14');
  });
});
