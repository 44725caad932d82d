/**
 * The /imports pages through HTTP: upload (multipart), background import, progress polling, list,
 * refused file with its problems, roles, size limit.
 */
import path from 'node:path';
import { expect } from 'chai';
import { createTestApp, signIn, type TestApp } from '../support/test-app';
import { makeCompany } from '../support/factories';
import { whenImportEnds } from '../../src/fec-import/fec-import.runner';
import { LedgerImport } from '../../src/fec-import/fec-import.entity';
import { LedgerEntry } from '../../src/ledger/ledger-entry.entity';
import { REAL_FEC_DIR as FEC_DIR } from '../support/fec-samples';


describe('FEC import pages', function () {
  this.timeout(60000);
  let t: TestApp;

  before(async () => {
    t = await createTestApp({ basePath: '/recouvrement', env: { FEC_IMPORT_MAX_MB: '1' } });
    await makeCompany(t.db.dataSource, { code: 'ATLAS' });
  });
  after(async () => t.close());

  it('an accountant uploads a FEC, follows its progress and sees its summary, then finds it in the list', async () => {
    const { agent } = await signIn(t, 'compta1', 'accountant');
    const page = await agent.get('/recouvrement/imports').expect(200);
    expect(page.text).to.contain('id="upload-form"').and.contain('href="/recouvrement/imports"');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];

    const res = await agent.post('/recouvrement/imports').set('X-CSRF-Token', csrf).attach('file', path.join(FEC_DIR, '000000000FEC20231231.txt'));
    expect(res.status).to.equal(303);
    const location = res.headers.location as string;
    expect(location).to.match(/^\/recouvrement\/imports\/\d+$/);
    const id = Number(location.split('/').pop());

    // While it runs, or right after, the page polls its status every second.
    const show = await agent.get(location).expect(200);
    expect(show.text).to.contain('id="import-status"');
    await whenImportEnds(id);

    const json = await agent.get(`${location}/progress`).set('Accept', 'application/json').expect(200);
    expect(json.body.status, JSON.stringify(json.body)).to.equal('succeeded');
    expect(json.body.summary).to.include({ linesRead: 2102, totalDebit: 126535082, totalCredit: 126535082, customersCreated: 4 });

    const fragment = await agent.get(`${location}/progress`).set('HX-Request', 'true').expect(200);
    expect(fragment.text).to.contain('data-status="succeeded"').and.not.contain('hx-trigger="every 1s"');
    expect(fragment.text).to.contain('1\u202f265\u202f350,82\u00a0€');

    const count = await t.db.dataSource.getRepository(LedgerEntry).count();
    expect(count).to.equal(2102);
    const record = await t.db.dataSource.getRepository(LedgerImport).findOneByOrFail({ id });
    expect(record).to.include({ status: 'succeeded', source: 'upload', fileName: '000000000FEC20231231.txt', userId: (await signedUserId('compta1')) });

    const list = await agent.get('/recouvrement/imports').expect(200);
    expect(list.text).to.contain(`data-import-id="${id}"`).and.contain('000000000FEC20231231.txt').and.contain('Importé');
  });

  async function signedUserId(username: string): Promise<number> {
    const [row] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = ${t.db.kind === 'postgres' ? '$1' : '?'}`, [username]);
    return Number(row.id);
  }

  it('a running import shows a progress bar that polls every second', async () => {
    const { agent } = await signIn(t, 'admin-progress', 'admin');
    const record = await t.db.dataSource.getRepository(LedgerImport).save({
      companyId: (await t.db.dataSource.query('SELECT id FROM company'))[0].id, fileName: 'big.txt', fileSize: 10 * 1048576, sha256: null, status: 'running',
      source: 'upload', startedAt: '2026-11-22T09:00:00.000Z', finishedAt: null, linesRead: 0, totalDebit: 0, totalCredit: 0, errorCount: 0, summary: null, userId: null,
    } as LedgerImport);
    const fragment = await agent.get(`/recouvrement/imports/${record.id}/progress`).set('HX-Request', 'true').expect(200);
    expect(fragment.text).to.contain('data-status="running"').and.contain('hx-trigger="every 1s"').and.contain(`hx-get="/recouvrement/imports/${record.id}/progress"`);
    expect(fragment.text).to.contain('role="progressbar"');
    await t.db.dataSource.getRepository(LedgerImport).delete({ id: record.id });
  });

  it('a refused file shows its problems with line, column and value, and imports nothing', async () => {
    const { agent, csrf } = await signIn(t, 'admin-refused', 'admin');
    const before = await t.db.dataSource.getRepository(LedgerEntry).count();
    const header = 'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise';
    const body = `${header}\nVE\tVentes\t1\t20260105\t411000\tClients\tZED\tZed\tF1\t20260105\tFacture\t10,00\t0,00\t\t\t20260105\t\t\nVE\tVentes\t1\t20261305\t706000\tVentes\t\t\tF1\t20260105\tFacture\t0,00\t10,00\t\t\t20260105\t\t\n`;
    const res = await agent.post('/recouvrement/imports').set('X-CSRF-Token', csrf).attach('file', Buffer.from(body), 'bad-FEC.txt').expect(303);
    const id = Number((res.headers.location as string).split('/').pop());
    await whenImportEnds(id);
    const page = await agent.get(`/recouvrement/imports/${id}`).expect(200);
    expect(page.text).to.contain('data-status="refused"').and.contain('id="import-errors"');
    expect(page.text).to.contain('<td>3</td><td>EcritureDate</td><td><code>20261305</code></td>');
    expect(page.text).to.contain('Date invalide');
    expect(await t.db.dataSource.getRepository(LedgerEntry).count()).to.equal(before);
  });

  it('refuses a file over the size limit before importing it', async () => {
    const { agent, csrf } = await signIn(t, 'admin-big', 'admin');
    const importsBefore = await t.db.dataSource.getRepository(LedgerImport).count();
    const res = await agent.post('/recouvrement/imports').set('X-CSRF-Token', csrf).attach('file', Buffer.alloc(1024 * 1024 + 10, 'a'), 'huge.txt');
    expect(res.status).to.equal(413);
    expect(res.text).to.contain('Le fichier dépasse 1 Mo.');
    expect(await t.db.dataSource.getRepository(LedgerImport).count()).to.equal(importsBefore);
  });

  it('asks for a file when none is sent, and refuses an upload without the CSRF token', async () => {
    const { agent, csrf } = await signIn(t, 'admin-nofile', 'admin');
    const none = await agent.post('/recouvrement/imports').set('X-CSRF-Token', csrf).field('x', '1');
    expect(none.status).to.equal(422);
    expect(none.text).to.contain('Choisissez un fichier FEC.');
    await agent.post('/recouvrement/imports').attach('file', Buffer.from('x'), 'f.txt').expect(403);
  });

  it('is for administrators and accountants only, and in their menu', async () => {
    const controller = await signIn(t, 'controller-imports', 'controller');
    await controller.agent.get('/recouvrement/imports').expect(403);
    await controller.agent.post('/recouvrement/imports').set('X-CSRF-Token', controller.csrf).attach('file', Buffer.from('x'), 'f.txt').expect(403);
    const home = await controller.agent.get('/recouvrement/dossiers').expect(200);
    expect(home.text).to.not.contain('href="/recouvrement/imports"');
    const admin = await signIn(t, 'admin-menu', 'admin');
    const adminHome = await admin.agent.get('/recouvrement/dossiers').expect(200);
    expect(adminHome.text).to.contain('href="/recouvrement/imports"').and.contain('Import FEC');
  });
});
