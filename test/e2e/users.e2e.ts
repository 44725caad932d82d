import { expect } from 'chai';
import { startBrowserSession, type BrowserSession } from './support/browser';
import { seedReferenceData } from '../support/factories';
import { User } from '../../src/auth/user.entity';

describe('browser: Utilisateurs, Mon compte and the settings log', () => {
  let s: BrowserSession;
  before(async () => {
    s = await startBrowserSession({ basePath: '/recouvrement', today: '2026-11-22' });
  });
  after(() => s?.close());

  it('an administrator creates a controller with a generated password, who signs in and changes it; the log shows both', async () => {
    const ds = s.t.db.dataSource;
    const ref = await seedReferenceData(ds);
    await s.login('admin1', 'admin');

    await s.page.goto(`${s.baseUrl}/users`);
    await Promise.all([s.page.waitForURL(/\/users\/new$/), s.page.click('#new-user')]);
    await s.page.fill('#f-username', 'claire');
    await s.page.fill('#f-displayName', 'Claire Martin');
    await s.page.selectOption('#f-role', 'controller');
    await s.page.selectOption('#f-controllerId', String(ref.controllers[0].id));
    expect(await s.page.textContent('#password-policy')).to.include('Au moins 12 caractères');
    await s.screenshot('users-new');
    await Promise.all([s.page.waitForLoadState('load'), s.page.click('#user-form button[type=submit]')]);
    const password = (await s.page.textContent('#generated-password'))!.trim();
    expect(password).to.have.length.greaterThan(11);
    await s.screenshot('users-generated-password');

    await s.page.goto(`${s.baseUrl}/users`);
    const row = await s.page.textContent('tr[data-user="claire"]');
    expect(row).to.include('Chargé de recouvrement').and.include(ref.controllers[0].name);
    await s.screenshot('users-list');

    // Claire signs in with it and changes it on Mon compte.
    const other = await s.browser.newContext({ locale: 'fr-FR', viewport: { width: 1400, height: 900 } });
    const page = await other.newPage();
    await page.goto(`${s.baseUrl}/login`);
    await page.fill('#username', 'claire');
    await page.fill('#password', password);
    await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/login')), page.click('button[type=submit]')]);
    await Promise.all([page.waitForURL(/\/profile$/), page.click('#nav-profile')]);
    await page.fill('#f-current', password);
    await page.fill('#f-password', 'court');
    await page.fill('#f-confirmation', 'court');
    await Promise.all([page.waitForLoadState('load'), page.click('#own-password button[type=submit]')]);
    expect(await page.textContent('[data-field-error="password"]')).to.include('au moins 12 caractères');
    await page.screenshot({ path: 'test-results/screenshots/profile-password-error.png', fullPage: true });
    await page.fill('#f-current', password);
    await page.fill('#f-password', 'mon nouveau mot de passe');
    await page.fill('#f-confirmation', 'mon nouveau mot de passe');
    await Promise.all([page.waitForLoadState('load'), page.click('#own-password button[type=submit]')]);
    expect(await page.textContent('main')).to.include('Votre mot de passe a été changé');
    await other.close();
    expect((await ds.getRepository(User).findOneByOrFail({ username: 'claire' })).active).to.equal(true);

    await s.page.goto(`${s.baseUrl}/audit?area=users`);
    const log = await s.page.textContent('#audit-list');
    expect(log).to.include('admin1').and.include('claire').and.include("changé par l'utilisateur");
    await s.screenshot('audit-users');
  });
});
