import { expect } from 'chai';
import { startBrowserSession, BrowserSession } from './support/browser';
import { DossierEntry } from '../../src/dossiers/dossier.entity';
import { makeDossier, makeEntry, makeThirdParty, seedReferenceData, type ReferenceData } from '../support/factories';
import { UserMessage } from '../../src/messages/message.entity';
import { User } from '../../src/auth/user.entity';
import { TEST_PASSWORD } from '../support/test-app';

describe('browser: approval of a change to Contentieux, and a message with attachments', () => {
  let s: BrowserSession;
  let ref: ReferenceData;
  before(async () => {
    s = await startBrowserSession({ basePath: '/recouvrement' });
    ref = await seedReferenceData(s.t.db.dataSource);
    await s.login('claire', 'controller');
  });
  after(() => s?.close());

  it('a controller asks for Contentieux through the dialog; the dossier shows it waiting; an administrator approves it from the inbox', async () => {
    const ds = s.t.db.dataSource;
    const customer = await makeThirdParty(ds, ref, { name: 'Transports Lefèvre', auxiliaryAccount: '411LEFEVRE' });
    const invoice = await makeEntry(ds, ref, customer, { debit: 1452228, pieceRef: 'FA2026-81' });
    const dossier = await makeDossier(ds, ref, customer, { number: 81, startDate: '2026-10-01', statusId: ref.statuses.AMIABLE.id });
    await ds.getRepository(DossierEntry).save({ dossierId: dossier.id, ledgerEntryId: invoice.id, linkedAt: '2026-11-22T09:00:00.000Z', linkedBy: null });

    await s.page.goto(`${s.baseUrl}/dossiers/${dossier.id}`);
    await s.page.click('#change-status-button');
    await s.page.waitForSelector('#status-dialog.show');
    await s.page.selectOption('#sc-statusId', String(ref.statuses.CONTENTIEUX.id));
    await s.page.waitForSelector('#approval-hint');
    await s.page.fill('#sc-comment', 'Gérant injoignable, mise en demeure sans effet');
    await s.screenshot('approvals-dialog-controller');
    await s.page.click('#status-submit');
    await s.page.waitForSelector('[data-pending-approval="statusChange"]');
    const header = await s.page.textContent('.dossier-header');
    expect(header).to.include('Amiable').and.include("en attente d'approbation");
    expect(await s.page.textContent('main')).to.include("Demande de changement de statut soumise à l'approbation d'un administrateur.");
    await s.screenshot('approvals-dossier-pending');

    await s.page.context().clearCookies();
    await s.login('alice', 'admin');
    expect(await s.page.textContent('#nav-approvals')).to.include('1');
    await s.page.click('#nav-approvals');
    await s.page.waitForSelector('#approval-requests');
    expect(await s.page.textContent('#approval-requests')).to.include('Contentieux').and.include('Gérant injoignable');
    await s.screenshot('approvals-inbox');
    await s.page.click('#approval-requests button[value="approve"]');
    await s.page.waitForSelector('.alert-success');
    expect(await s.page.locator('#nav-approvals').count()).to.equal(0);
    await s.page.goto(`${s.baseUrl}/dossiers/${dossier.id}?tab=chrono`);
    const chrono = await s.page.textContent('main');
    expect(chrono).to.include('Demande approuvée : Contentieux').and.include('Statut changé : Amiable → Contentieux');
    expect(await s.page.locator('[data-pending-approval]').count()).to.equal(0);
    await s.screenshot('approvals-dossier-approved-chrono');
  });

  it('writes a message with two attachments; the recipient sees and downloads them', async () => {
    const claire = await s.t.db.dataSource.getRepository(User).findOneByOrFail({ username: 'claire' });
    await s.page.goto(`${s.baseUrl}/messages/new`);
    await s.page.selectOption('#f-toUserId', String(claire.id));
    await s.page.fill('#f-subject', 'Pièces pour le dossier 81');
    await s.page.fill('#f-body', "Voici l'assignation et le relevé.");
    await s.page.setInputFiles('#f-files', [
      { name: 'assignation.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 assignation') },
      { name: 'relevé.txt', mimeType: 'text/plain', buffer: Buffer.from('Relevé de compte') },
    ]);
    await s.screenshot('message-form-attachments');
    await s.page.click('#send-message');
    await s.page.waitForSelector('.alert-success');
    const msg = await s.t.db.dataSource.getRepository(UserMessage).findOneByOrFail({ subject: 'Pièces pour le dossier 81' });

    await s.page.context().clearCookies();
    await s.login('claire2', 'controller');
    const res = await s.page.goto(`${s.baseUrl}/messages/${msg.id}`);
    expect(res?.status(), 'another user may not read it').to.equal(404);

    await s.page.context().clearCookies();
    await s.page.goto(`${s.baseUrl}/login`);
    await s.page.fill('#username', 'claire');
    await s.page.fill('#password', TEST_PASSWORD);
    await Promise.all([s.page.waitForURL((u) => !u.pathname.endsWith('/login')), s.page.click('button[type=submit]')]);
    await s.page.goto(`${s.baseUrl}/messages/${msg.id}`);
    await s.page.waitForSelector('#message-attachments');
    expect(await s.page.textContent('#message-attachments')).to.include('assignation.pdf').and.include('relevé.txt');
    await s.screenshot('message-show-attachments');
    const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.click('#message-attachments a >> nth=0')]);
    expect(download.suggestedFilename()).to.equal('assignation.pdf');
  });
});
