import { expect } from 'chai';
import fs from 'node:fs';
import { startBrowserSession, type BrowserSession } from './support/browser';
import { seedReferenceData } from '../support/factories';
import { readFec } from '../../src/ledger/fec';
import { setProvision } from '../../src/provisions';
import { workedExampleDossier, transfer } from '../component/provisions-support';

describe('browser: a provision from the dossier page, the État des provisions, then the journal FEC', () => {
  let s: BrowserSession;
  before(async () => {
    s = await startBrowserSession({ basePath: '/recouvrement', today: '2026-11-22' });
  });
  after(() => s?.close());

  it('an accountant records a 50 % provision, sees it in the État and downloads the journal as a FEC', async () => {
    const ds = s.t.db.dataSource;
    const ref = await seedReferenceData(ds);
    const { dossier, customer } = await workedExampleDossier(ds, ref);
    const other = await workedExampleDossier(ds, ref);
    await setProvision(ds, { dossierId: other.dossier.id, date: '2026-06-30', amount: 100000, actor: { userId: null, userName: 'Ancien comptable' }, at: '2026-06-30T09:00:00.000Z' });
    await transfer(ds, dossier, customer, '2026-09-01');
    await s.login('compta', 'accountant');

    await s.page.goto(`${s.baseUrl}/dossiers/${dossier.id}`);
    await Promise.all([s.page.waitForURL(/\/provisions\/dossiers\/\d+$/), s.page.click('#provisions-link')]);
    expect(await s.page.textContent('[data-field="base"]')).to.match(/1\s000,00\s€/);
    await s.page.fill('#provision-form [name="comment"]', 'Liquidation probable');
    await Promise.all([s.page.waitForURL(/\/provisions\/dossiers\/\d+$/), s.page.click('#provision-form button[type=submit]')]);
    expect(await s.page.textContent('[data-field="provision"]')).to.match(/500,00\s€/);
    expect(await s.page.textContent('#provision-history tbody')).to.include('Dotation');
    await s.screenshot('provisions-dossier');

    await s.page.goto(`${s.baseUrl}/provisions?from=01/01/2026&asOf=31/12/2026`);
    expect(await s.page.textContent('#provision-totals [data-total="provision"]')).to.match(/1\s500,00\s€/);
    await s.screenshot('provisions-state');
    await s.page.emulateMedia({ media: 'print' });
    await s.screenshot('provisions-state-print');
    await s.page.emulateMedia({ media: 'screen' });

    await s.page.goto(`${s.baseUrl}/journal`);
    expect(await s.page.textContent('#journal-count')).to.include('3 écritures');
    await s.screenshot('journal-list');
    const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.click('#export-fec')]);
    expect(download.suggestedFilename()).to.match(/^RECOUVREMENTFEC\d{8}\.txt$/);
    const file = await download.path();
    const reader = readFec(fs.readFileSync(file));
    let lines = 0;
    for await (const l of reader) if (l) lines++;
    expect(reader.summary().problems).to.deep.equal([]);
    expect(lines).to.equal(6);
    expect(reader.summary().totalDebit).to.equal(120000 + 100000 + 50000);

    await s.page.goto(`${s.baseUrl}/journal?exported=no`);
    expect(await s.page.textContent('#journal-count')).to.include('0 écriture');
  });
});
