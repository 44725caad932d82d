import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { REAL_FEC_DIR } from '../support/fec-samples';
import { Company } from '../../src/companies/company.entity';
import { DossierStatus } from '../../src/settings/reference-list.entities';
import { LedgerEntry } from '../../src/ledger/ledger-entry.entity';
import { Scenario } from '../../src/scenarios/scenario.entity';
import { makeScenario } from './daily-support';

const BASE = '/recouvrement';
const ROOT = path.resolve(__dirname, '../..');

describe("a company's first day with its own data", () => {
  describe('the set-up page', () => {
    let t: TestApp;
    let admin: SignedInAgent;
    const ds = () => t.db.dataSource;
    const post = (path: string, form: Record<string, string>) => admin.agent.post(`${BASE}${path}`).type('form').send({ _csrf: admin.csrf, ...form });

    before(async () => {
      t = await createTestApp({ basePath: BASE });
      admin = await signIn(t, 'alice', 'admin');
    });
    after(() => t.close());

    it("leads an administrator's home page to the set-up page while there is no company; others see their home page", async () => {
      const home = await admin.agent.get(`${BASE}/`).expect(303);
      expect(home.headers.location).to.equal(`${BASE}/setup`);
      const page = await admin.agent.get(`${BASE}/setup`).expect(200);
      expect(page.text).to.include('id="setup-company-form"');
      expect(page.text).to.include('Créez d&#39;abord la société');
      const controller = await signIn(t, 'claire', 'controller');
      await controller.agent.get(`${BASE}/`).expect(200);
      await controller.agent.get(`${BASE}/setup`).expect(403);
    });

    it('refuses a wrong SIREN or fiscal year start at the field, keeping what was typed', async () => {
      const res = await post('/setup/company', { name: 'Atlas Équipements', siren: '919 068 008', fiscalYearStart: '01/01' }).expect(422);
      expect(res.text).to.include('SIREN invalide');
      expect(res.text).to.include('value="Atlas Équipements"');
      const bad = await post('/setup/company', { name: 'Atlas Équipements', siren: '', fiscalYearStart: '31/04' }).expect(422);
      expect(bad.text).to.include('Date invalide');
      expect(await ds().getRepository(Company).count()).to.equal(0);
    });

    it('creates the company with its fiscal year, and the shipped statuses with their behaviour', async () => {
      await post('/setup/company', { name: 'Atlas Équipements', siren: '919 068 007', address: '18 allée des Frères Lumière', postalCode: '69800', city: 'Saint-Priest', fiscalYearStart: '01/07' }).expect(303);
      const company = await ds().getRepository(Company).findOneByOrFail({ siren: '919068007' });
      expect(company).to.include({ name: 'Atlas Équipements', fiscalYearStart: '07-01', city: 'Saint-Priest', parentId: null });
      const kinds = (await ds().getRepository(DossierStatus).find()).map((s) => s.kind);
      expect(kinds).to.include.members(['open', 'legal', 'closed']);
      // The home page is the dashboard again, and the page says the step is done.
      await admin.agent.get(`${BASE}/`).expect(200);
      const page = await admin.agent.get(`${BASE}/setup`).expect(200);
      expect(page.text).to.match(/data-step-done="true"[^]*La société/);
      expect(page.text).to.include('id="setup-import-form"');
      // Saving again edits the same company.
      await post('/setup/company', { name: 'Atlas Équipements SAS', siren: '919068007', fiscalYearStart: '01/07' }).expect(303);
      expect(await ds().getRepository(Company).count()).to.equal(1);
    });

    it('saves the default scenario, which a new dossier then proposes', async () => {
      const id = await makeScenario(ds(), [{ code: 'APPEL', label: 'Appel', actionType: 'call', anchor: 'oldest_due', offsetDays: 5 }]);
      const scenario = await ds().getRepository(Scenario).findOneByOrFail({ id });
      await post('/setup/scenario', { scenarioId: String(id) }).expect(303);
      const form = await admin.agent.get(`${BASE}/dossiers/new`).expect(200);
      expect(form.text).to.match(new RegExp(`id="f-scenarioId"[\\s\\S]*?<option value="${id}" selected>${scenario.name}`));
    });

    it('finishes, and the home page is the dashboard', async () => {
      const res = await post('/setup/done', {}).expect(303);
      expect(res.headers.location).to.equal(`${BASE}/`);
      expect((await admin.agent.get(`${BASE}/setup`).expect(200)).text).to.include('Mise en route terminée');
    });
  });

  describe('npm run import:fec into a database with no company', () => {
    let db: TestDatabase;
    let dir: string;
    before(async () => {
      db = await createTestDatabase();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setup-fec-'));
    });
    after(async () => {
      await db.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'src/cli/import-fec.ts', ...args], {
          cwd: ROOT, env: { ...process.env, ...db.env, LOAD_DEMO: 'false', SCHEDULER: 'false', LOG_LEVEL: 'error' }, stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    }

    it('without a name to give the company, says how instead of importing', async function () {
      this.timeout(60000);
      const file = path.join(dir, '919068007FEC20250630.txt');
      fs.copyFileSync(path.join(REAL_FEC_DIR, '000000000FEC20231231.txt'), file);
      const res = await cli([file]);
      expect(res.code).to.equal(2);
      expect(res.stderr).to.include('--name');
      expect(await db.dataSource.getRepository(Company).count()).to.equal(0);
    });

    it('creates the company from the file (SIREN and fiscal year from its name, the name from --name) and imports into it', async function () {
      this.timeout(60000);
      const file = path.join(dir, '919068007FEC20250630.txt');
      const res = await cli([file, '--name', 'Atlas Équipements']);
      expect(res.code, res.stderr).to.equal(0);
      expect(res.stdout).to.include('Company created: Atlas Équipements (SIREN 919068007)');
      expect(res.stdout).to.include('Imported 919068007FEC20250630.txt');
      const company = await db.dataSource.getRepository(Company).findOneByOrFail({ siren: '919068007' });
      expect(company).to.include({ name: 'Atlas Équipements', fiscalYearStart: '07-01' });
      expect(await db.dataSource.getRepository(LedgerEntry).countBy({ companyId: company.id })).to.equal(2102);
      expect(await db.dataSource.getRepository(DossierStatus).count()).to.be.above(0);
    });
  });
});
