import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createTestApp, signIn, type TestApp } from '../support/test-app';
import { seedReferenceData, makeThirdParty, makeDossier, type ReferenceData } from '../support/factories';
import { BodaccNoticeRecord, BodaccProposal, bodaccFolderTask } from '../../src/bodacc';
import { Intervention } from '../../src/interventions';
import { loadConfig } from '../../src/config';

const SAMPLE = path.resolve(__dirname, '../support/bodacc/annonces-commerciales.json');
const SAMPLE_CSV = path.resolve(__dirname, '../support/bodacc/annonces-commerciales.csv');

describe('BODACC notices: import, one proposal per matching customer, the status dialog pre-filled', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let alpha: { dossierId: number };
  let beta: { first: number; second: number };

  beforeEach(async () => {
    t = await createTestApp({ today: '2026-11-22' });
    ref = await seedReferenceData(t.db.dataSource);
    const ds = t.db.dataSource;
    const a = await makeThirdParty(ds, ref, { name: 'Alpha Métaux', siren: '552 100 554' });
    alpha = { dossierId: (await makeDossier(ds, ref, a, { statusId: ref.statuses.EN_COURS.id })).id };
    const b = await makeThirdParty(ds, ref, { name: 'Bêta Logistique', siren: '498765432' });
    beta = { first: (await makeDossier(ds, ref, b, { statusId: ref.statuses.EN_COURS.id })).id, second: (await makeDossier(ds, ref, b, { statusId: ref.statuses.AMIABLE.id })).id };
    // Delta has no open dossier (its only one is closed); Gamma's notices are not collective or cancelled.
    const d = await makeThirdParty(ds, ref, { name: 'Delta Bois', siren: '777666555' });
    await makeDossier(ds, ref, d, { statusId: ref.statuses.TERMINE.id });
    await makeThirdParty(ds, ref, { name: 'Gamma Conseil', siren: '321654987' });
  });
  afterEach(() => t.close());

  const upload = async (file: string, role: 'controller' | 'auditor' = 'controller', username = `u-${role}`) => {
    const s = await signIn(t, username, role);
    const res = await s.agent.post(`/bodacc/import?_csrf=${encodeURIComponent(s.csrf)}`).attach('file', file);
    return { s, res };
  };

  it('makes exactly one proposal per matching customer, on its oldest open dossier and in Gestion des actions; re-imported, none more', async () => {
    const { s, res } = await upload(SAMPLE);
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('7 annonces lues, dont 0 déjà connue ; 4 nouvelles annonces de procédure collective ; 3 propositions');
    const proposals = await t.db.dataSource.getRepository(BodaccProposal).find({ order: { id: 'ASC' } });
    expect(proposals.map((p) => [p.procedure, p.dossierId, p.deadline, p.incomplete])).to.deep.equal([
      ['redressement', alpha.dossierId, '2027-01-18', false],
      ['liquidation', beta.first, '2027-01-18', false],
      ['sauvegarde', null, null, true],
    ]);
    const todo = await t.db.dataSource.getRepository(Intervention).findBy({ state: 'todo' });
    expect(todo.map((i) => [i.dossierId, i.label])).to.have.deep.members([
      [alpha.dossierId, "BODACC : Jugement d'ouverture d'une procédure de redressement judiciaire"],
      [beta.first, "BODACC : Jugement d'ouverture de liquidation judiciaire"],
    ]);
    const actions = await s.agent.get('/actions').expect(200);
    expect(actions.text).to.contain('BODACC : Jugement d&#39;ouverture de liquidation judiciaire');

    const again = await s.agent.post(`/bodacc/import?_csrf=${encodeURIComponent(s.csrf)}`).attach('file', SAMPLE_CSV);
    expect(again.text).to.contain('7 annonces lues, dont 7 déjà connues ; 0 nouvelle annonce');
    expect(await t.db.dataSource.getRepository(BodaccProposal).count()).to.equal(3);
    expect(await t.db.dataSource.getRepository(Intervention).countBy({ state: 'todo' })).to.equal(2);
    expect(await t.db.dataSource.getRepository(BodaccNoticeRecord).count()).to.equal(7);
  });

  it('shows the proposal on the dossier, and its button opens the status dialog pre-filled with the judgment, the publication and the deadline', async () => {
    const { s } = await upload(SAMPLE);
    const panel = await s.agent.get(`/dossiers/${alpha.dossierId}/bodacc`).expect(200);
    expect(panel.text).to.contain('Annonce BODACC : Redressement judiciaire');
    expect(panel.text).to.contain('18/01/2027');
    const href = /href="([^"]+\/status\?[^"]+)"/.exec(panel.text)![1].replace(/&amp;/g, '&');
    const dialog = await s.agent.get(href).expect(200);
    expect(dialog.text).to.match(new RegExp(`<option value="${ref.statuses.REDRESSEMENT_JUDICIAIRE.id}"[^>]*selected`));
    expect(dialog.text).to.match(/name="judgmentDate"[^>]*value="10\/11\/2026"/);
    expect(dialog.text).to.match(/name="bodaccDate"[^>]*value="18\/11\/2026"/);
    expect(dialog.text).to.match(/name="claimsDeclarationDeadline"[^>]*value="18\/01\/2027"/);
    // Beta's second dossier shows the customer's proposal too; dismissing it closes it for both.
    const second = await s.agent.get(`/dossiers/${beta.second}/bodacc`).expect(200);
    expect(second.text).to.contain('Liquidation judiciaire');
    const pid = /data-proposal="(\d+)"/.exec(second.text)![1];
    // Under the dossier's path (the route guard's dossier rules apply): a proposal of another customer is not found from it.
    await s.agent.post(`/dossiers/${alpha.dossierId}/bodacc/proposals/${pid}/dismiss`).type('form').send({ _csrf: s.csrf }).expect(404);
    await s.agent.post(`/dossiers/${beta.second}/bodacc/proposals/${pid}/dismiss`).type('form').send({ _csrf: s.csrf }).expect(303);
    expect((await s.agent.get(`/dossiers/${beta.first}/bodacc`)).text).not.to.contain('data-proposal');
  });

  it('refuses the upload to an auditor, and an empty or binary file with a message', async () => {
    const { res } = await upload(SAMPLE, 'auditor');
    expect(res.status).to.equal(403);
    expect(await t.db.dataSource.getRepository(BodaccNoticeRecord).count()).to.equal(0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bodacc-'));
    fs.writeFileSync(path.join(dir, 'binary.json'), Buffer.from([0x7b, 0x00, 0x01, 0x7d]));
    const s = await signIn(t, 'ctl', 'controller');
    const bad = await s.agent.post(`/bodacc/import?_csrf=${encodeURIComponent(s.csrf)}`).attach('file', path.join(dir, 'binary.json'));
    expect(bad.status).to.equal(303);
    expect((await s.agent.get('/bodacc')).text).to.contain("Ce fichier n&#39;est pas un export texte");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads the files dropped in BODACC_DIR once a day, moves them to done/, and processes each notice once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bodacc-dir-'));
    try {
      const config = loadConfig({ ...process.env, SESSION_SECRET: 'test-session-secret-0123456789', BODACC_DIR: dir });
      fs.copyFileSync(SAMPLE, path.join(dir, 'export-1.json'));
      fs.writeFileSync(path.join(dir, 'broken.csv'), 'not;a;bodacc\n1;2;3\n');
      const first = await bodaccFolderTask({ dataSource: t.db.dataSource, config }, '2026-11-22');
      expect(first).to.deep.equal({ files: 2, notices: 7, proposals: 3, failedFiles: 0 });
      expect(fs.readdirSync(path.join(dir, 'done')).sort()).to.deep.equal(['broken.csv', 'export-1.json']);
      // The same export dropped again the next day: nothing more.
      fs.copyFileSync(SAMPLE, path.join(dir, 'export-2.json'));
      const second = await bodaccFolderTask({ dataSource: t.db.dataSource, config }, '2026-11-23');
      expect(second).to.deep.equal({ files: 1, notices: 0, proposals: 0, failedFiles: 0 });
      expect(await t.db.dataSource.getRepository(BodaccProposal).count()).to.equal(3);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
