import { expect } from 'chai';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { makeDossier, makeThirdParty, ReferenceData, seedReferenceData } from '../support/factories';
import { listStatuses, referenceLists, statusByCode } from '../../src/settings';
import { controllerOfUser, listControllers } from '../../src/credit-controllers';
import { DossierStatus, RiskCode } from '../../src/settings/reference-list.entities';
import { CreditController } from '../../src/credit-controllers/credit-controller.entity';
import { Company } from '../../src/companies/company.entity';

const BASE = '/recouvrement';

function fieldError(html: string, name: string): string | null {
  return new RegExp(`data-field-error="${name}">([^<]*)<`).exec(html)?.[1] ?? null;
}

describe('settings lists', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let admin: SignedInAgent;

  before(async () => {
    t = await createTestApp({ basePath: BASE });
    ref = await seedReferenceData(t.db.dataSource);
    admin = await signIn(t, 'admin1', 'admin');
  });
  after(() => t.close());

  describe('access', () => {
    it('shows the Paramètres menu entry to an administrator only', async () => {
      const adminPage = await admin.agent.get(`${BASE}/dossiers`).expect(200);
      expect(adminPage.text).to.include(`href="${BASE}/settings"`);
      expect(adminPage.text).to.include('Paramètres');
      const controller = await signIn(t, 'claire', 'controller');
      const page = await controller.agent.get(`${BASE}/dossiers`).expect(200);
      expect(page.text).not.to.include(`href="${BASE}/settings"`);
    });

    it('answers 403 to a credit controller, for reading and for writing', async () => {
      const controller = await signIn(t, 'paul', 'controller');
      for (const path of ['/settings', '/settings/statuses', '/settings/risk-codes/new', '/settings/controllers', '/settings/companies']) {
        await controller.agent.get(`${BASE}${path}`).expect(403);
      }
      await controller.agent.post(`${BASE}/settings/risk-codes`).type('form').send({ _csrf: controller.csrf, code: 'HACK', label: 'Hack' }).expect(403);
      await controller.agent.post(`${BASE}/settings/controllers`).type('form').send({ _csrf: controller.csrf, code: 'X', name: 'X' }).expect(403);
      await controller.agent.post(`${BASE}/settings/companies/${ref.company.id}/delete`).type('form').send({ _csrf: controller.csrf }).expect(403);
      expect(await t.db.dataSource.getRepository(RiskCode).findOneBy({ code: 'HACK' })).to.equal(null);
    });
  });

  describe('statuses and the other lists', () => {
    it('creates, edits, deactivates and reactivates a status', async () => {
      await admin.agent
        .post(`${BASE}/settings/statuses`)
        .type('form')
        .send({ _csrf: admin.csrf, code: 'plan_de_cession', label: 'Plan de cession', kind: 'legal', proposedLoss: '12,5', position: '20', active: 'on' })
        .expect(303)
        .expect('location', `${BASE}/settings/statuses`);
      const created = await t.db.dataSource.getRepository(DossierStatus).findOneByOrFail({ code: 'PLAN_DE_CESSION' });
      expect(created).to.include({ label: 'Plan de cession', kind: 'legal', proposedLossHundredths: 1250, position: 20, active: true });
      const list = await admin.agent.get(`${BASE}/settings/statuses`).expect(200);
      expect(list.text).to.include('Plan de cession');
      expect(list.text).to.include('12,5\u00a0%');

      const form = await admin.agent.get(`${BASE}/settings/statuses/${created.id}/edit`).expect(200);
      expect(form.text).to.include('value="12,5"');
      await admin.agent
        .post(`${BASE}/settings/statuses/${created.id}`)
        .type('form')
        .send({ _csrf: admin.csrf, code: 'PLAN_DE_CESSION', label: 'Plan de cession totale', kind: 'legal', proposedLoss: '', position: '20', active: 'on' })
        .expect(303);
      expect(await t.db.dataSource.getRepository(DossierStatus).findOneByOrFail({ id: created.id })).to.include({ label: 'Plan de cession totale', proposedLossHundredths: null });

      await admin.agent.post(`${BASE}/settings/statuses/${created.id}/active`).type('form').send({ _csrf: admin.csrf, active: 'false' }).expect(303);
      expect((await listStatuses(t.db.dataSource)).map((s) => s.code)).not.to.include('PLAN_DE_CESSION');
      expect((await listStatuses(t.db.dataSource, { includeInactive: true })).map((s) => s.code)).to.include('PLAN_DE_CESSION');
      expect((await statusByCode(t.db.dataSource, 'PLAN_DE_CESSION'))?.active).to.equal(false);
      await admin.agent.post(`${BASE}/settings/statuses/${created.id}/active`).type('form').send({ _csrf: admin.csrf, active: 'true' }).expect(303);
      expect((await listStatuses(t.db.dataSource)).map((s) => s.code)).to.include('PLAN_DE_CESSION');
    });

    it('keeps the input and shows the message at the field for bad values', async () => {
      const res = await admin.agent
        .post(`${BASE}/settings/statuses`)
        .type('form')
        .send({ _csrf: admin.csrf, code: 'EN_COURS', label: '', kind: 'open', proposedLoss: '150', position: 'deux' })
        .expect(422);
      expect(fieldError(res.text, 'label')).to.equal('Ce champ est obligatoire.');
      expect(fieldError(res.text, 'proposedLoss')).to.equal('Pourcentage entre 0 et 100, deux décimales au plus.');
      expect(fieldError(res.text, 'position')).to.equal('Nombre entier attendu.');
      expect(res.text).to.include('value="150"');
      const duplicate = await admin.agent.post(`${BASE}/settings/statuses`).type('form').send({ _csrf: admin.csrf, code: 'en_cours', label: 'Doublon', kind: 'open' }).expect(422);
      expect(fieldError(duplicate.text, 'code')).to.equal('Ce code existe déjà.');
      expect(duplicate.text).to.include('value="Doublon"');
      const badCode = await admin.agent.post(`${BASE}/settings/risk-codes`).type('form').send({ _csrf: admin.csrf, code: 'a b', label: 'Espace' }).expect(422);
      expect(fieldError(badCode.text, 'code')).to.match(/^Code invalide/);
    });

    it('creates and deletes an unused item of each simple list', async () => {
      for (const [slug, entityCode] of [['risk-codes', 'R9'], ['dispute-reasons', 'QUALITE'], ['resolutions', 'AVOIR'], ['results', 'PARTIEL']]) {
        await admin.agent.post(`${BASE}/settings/${slug}`).type('form').send({ _csrf: admin.csrf, code: entityCode, label: `Libellé ${entityCode}`, position: '9', active: 'on' }).expect(303);
        const list = await admin.agent.get(`${BASE}/settings/${slug}`).expect(200);
        const id = new RegExp(`/settings/${slug}/(\\d+)/edit"[^]*?`).exec(list.text.slice(list.text.indexOf(`data-item="${entityCode}"`)))?.[1];
        expect(id, slug).to.be.a('string');
        await admin.agent.post(`${BASE}/settings/${slug}/${id}/delete`).type('form').send({ _csrf: admin.csrf }).expect(303);
        const after = await admin.agent.get(`${BASE}/settings/${slug}`).expect(200);
        expect(after.text).to.include('Élément supprimé.');
        expect(after.text).not.to.include(`data-item="${entityCode}"`);
      }
    });

    it('gives other components the active items of every list, by position', async () => {
      const lists = await referenceLists(t.db.dataSource);
      expect(lists.riskCodes.map((r) => r.code)).to.deep.equal(['R1', 'R2', 'R3']);
      expect(lists.disputeReasons.map((r) => r.code)).to.deep.equal(['CONTESTEE', 'DIFFICULTES']);
      expect(lists.statuses[0].code).to.equal('EN_COURS');
      expect(lists.resolutions).to.have.length(2);
      expect(lists.results).to.have.length(2);
    });

    it('shows an item label as text', async () => {
      await admin.agent.post(`${BASE}/settings/results`).type('form').send({ _csrf: admin.csrf, code: 'XSS', label: '<img src=x onerror=alert(1)>', active: 'on' }).expect(303);
      const list = await admin.agent.get(`${BASE}/settings/results`).expect(200);
      expect(list.text).to.include('&lt;img src=x onerror=alert(1)&gt;');
      expect(list.text).not.to.include('<img src=x');
    });

    it('speaks English', async () => {
      const en = await admin.agent.get(`${BASE}/settings/statuses?lang=en`).expect(200);
      expect(en.text).to.include('Statuses');
      expect(en.text).to.include('Credit controllers');
      await admin.agent.get(`${BASE}/settings/statuses?lang=fr`).expect(200);
    });
  });

  describe('items in use', () => {
    it('refuses to delete a risk code that a customer has, and says why', async () => {
      await makeThirdParty(t.db.dataSource, ref, { riskCodeId: ref.riskCodes.R2.id });
      const list = await admin.agent.get(`${BASE}/settings/risk-codes`).expect(200);
      expect(list.text).to.include('Utilisé (1)');
      await admin.agent.post(`${BASE}/settings/risk-codes/${ref.riskCodes.R2.id}/delete`).type('form').send({ _csrf: admin.csrf }).expect(303);
      expect(await t.db.dataSource.getRepository(RiskCode).findOneBy({ id: ref.riskCodes.R2.id })).not.to.equal(null);
      const after = await admin.agent.get(`${BASE}/settings/risk-codes`).expect(200);
      expect(after.text).to.include('« R2 » est utilisé (1) : il ne peut pas être supprimé.');
    });

    it('keeps the code and the kind of a status that dossiers have, but lets it be deactivated', async () => {
      const customer = await makeThirdParty(t.db.dataSource, ref);
      await makeDossier(t.db.dataSource, ref, customer, { statusId: ref.statuses.CONTENTIEUX.id });
      const id = ref.statuses.CONTENTIEUX.id;
      await admin.agent.post(`${BASE}/settings/statuses/${id}/delete`).type('form').send({ _csrf: admin.csrf }).expect(303);
      expect(await t.db.dataSource.getRepository(DossierStatus).findOneBy({ id })).not.to.equal(null);

      const kind = await admin.agent.post(`${BASE}/settings/statuses/${id}`).type('form').send({ _csrf: admin.csrf, code: 'CONTENTIEUX', label: 'Contentieux', kind: 'closed', active: 'on' }).expect(422);
      expect(fieldError(kind.text, 'kind')).to.equal('Des dossiers ont ce statut : sa nature ne peut plus changer.');
      const code = await admin.agent.post(`${BASE}/settings/statuses/${id}`).type('form').send({ _csrf: admin.csrf, code: 'CTX', label: 'Contentieux', kind: 'open', active: 'on' }).expect(422);
      expect(fieldError(code.text, 'code')).to.match(/^Ce code est déjà utilisé/);
      // Renaming the label and deactivating are fine: existing dossiers keep their status.
      await admin.agent.post(`${BASE}/settings/statuses/${id}`).type('form').send({ _csrf: admin.csrf, code: 'CONTENTIEUX', label: 'Contentieux judiciaire', kind: 'open', proposedLoss: '50', active: '' }).expect(303);
      expect(await t.db.dataSource.getRepository(DossierStatus).findOneByOrFail({ id })).to.include({ label: 'Contentieux judiciaire', active: false });
    });

    it('keeps the last active open status active, since new dossiers start in it', async () => {
      const repo = t.db.dataSource.getRepository(DossierStatus);
      const open = await repo.findBy({ kind: 'open', active: true });
      const [last, ...others] = open;
      await repo.update(others.map((s) => s.id), { active: false });
      try {
        await admin.agent.post(`${BASE}/settings/statuses/${last.id}/active`).type('form').send({ _csrf: admin.csrf, active: 'false' }).expect(303);
        expect((await repo.findOneByOrFail({ id: last.id })).active).to.equal(true);
        const page = await admin.agent.get(`${BASE}/settings/statuses`).expect(200);
        expect(page.text).to.include('C&#39;est le dernier statut « en cours » actif');
        const viaForm = await admin.agent.post(`${BASE}/settings/statuses/${last.id}`).type('form').send({ _csrf: admin.csrf, code: last.code, label: last.label, kind: 'open', active: '' }).expect(422);
        expect(fieldError(viaForm.text, 'active')).to.match(/dernier statut/);
      } finally {
        await repo.update(others.map((s) => s.id), { active: true });
      }
    });
  });

  describe('credit controllers', () => {
    it('creates a controller linked to a user, and finds it from the user', async () => {
      const user = await signIn(t, 'lucie', 'controller');
      await admin.agent
        .post(`${BASE}/settings/controllers`)
        .type('form')
        .send({ _csrf: admin.csrf, code: 'lm', name: 'Lucie Moreau', email: 'lucie@atlas.test', phone: '06 00 00 00 00', userId: String(user.userId), active: 'on' })
        .expect(303);
      const c = await controllerOfUser(t.db.dataSource, user.userId);
      expect(c).to.include({ code: 'LM', name: 'Lucie Moreau', email: 'lucie@atlas.test' });
      expect((await listControllers(t.db.dataSource)).map((x) => x.code)).to.include('LM');

      const twice = await admin.agent.post(`${BASE}/settings/controllers`).type('form').send({ _csrf: admin.csrf, code: 'LM2', name: 'Autre', userId: String(user.userId), active: 'on' }).expect(422);
      expect(fieldError(twice.text, 'userId')).to.equal('Cet utilisateur est déjà lié au chargé « Lucie Moreau ».');
      const badEmail = await admin.agent.post(`${BASE}/settings/controllers`).type('form').send({ _csrf: admin.csrf, code: 'ZZ', name: 'Zoé', email: 'zoé@', active: 'on' }).expect(422);
      expect(fieldError(badEmail.text, 'email')).to.equal('Adresse e-mail invalide.');

      await admin.agent.post(`${BASE}/settings/controllers/${c!.id}/active`).type('form').send({ _csrf: admin.csrf, active: 'false' }).expect(303);
      expect(await controllerOfUser(t.db.dataSource, user.userId)).to.equal(null);
      expect((await listControllers(t.db.dataSource)).map((x) => x.code)).not.to.include('LM');
      await admin.agent.post(`${BASE}/settings/controllers/${c!.id}/delete`).type('form').send({ _csrf: admin.csrf }).expect(303);
      expect(await t.db.dataSource.getRepository(CreditController).findOneBy({ id: c!.id })).to.equal(null);
    });

    it('refuses to delete a controller who works dossiers', async () => {
      const customer = await makeThirdParty(t.db.dataSource, ref);
      await makeDossier(t.db.dataSource, ref, customer, { controllerId: ref.controllers[1].id });
      await admin.agent.post(`${BASE}/settings/controllers/${ref.controllers[1].id}/delete`).type('form').send({ _csrf: admin.csrf }).expect(303);
      expect(await t.db.dataSource.getRepository(CreditController).findOneBy({ id: ref.controllers[1].id })).not.to.equal(null);
      expect((await admin.agent.get(`${BASE}/settings/controllers`).expect(200)).text).to.include('« PD » est utilisé');
    });
  });

  describe('companies', () => {
    it('creates a subsidiary of the creditor and edits it', async () => {
      await admin.agent
        .post(`${BASE}/settings/companies`)
        .type('form')
        .send({ _csrf: admin.csrf, code: 'atlas-sud', name: 'Atlas Sud', legalForm: 'SAS', city: 'Marseille', country: 'fr', siren: '303 265 045', vatNumber: 'FR40303265045', parentId: String(ref.company.id) })
        .expect(303);
      const sub = await t.db.dataSource.getRepository(Company).findOneByOrFail({ code: 'ATLAS-SUD' });
      expect(sub).to.include({ parentId: ref.company.id, siren: '303265045', country: 'FR' });
      const list = await admin.agent.get(`${BASE}/settings/companies`).expect(200);
      expect(list.text).to.include('Atlas Sud');

      const bad = await admin.agent
        .post(`${BASE}/settings/companies/${sub.id}`)
        .type('form')
        .send({ _csrf: admin.csrf, code: 'ATLAS-SUD', name: 'Atlas Sud', country: 'FR', siren: '123456789', parentId: String(ref.company.id) })
        .expect(422);
      expect(fieldError(bad.text, 'siren')).to.match(/^SIREN invalide/);
      expect(bad.text).to.include('value="123456789"');

      // The creditor cannot become a subsidiary of its own subsidiary.
      const loop = await admin.agent
        .post(`${BASE}/settings/companies/${ref.company.id}`)
        .type('form')
        .send({ _csrf: admin.csrf, code: ref.company.code, name: ref.company.name, country: 'FR', parentId: String(sub.id) })
        .expect(422);
      expect(fieldError(loop.text, 'parentId')).to.equal('Une société ne peut pas dépendre d&#39;une de ses filiales.');

      await admin.agent.post(`${BASE}/settings/companies/${sub.id}/delete`).type('form').send({ _csrf: admin.csrf }).expect(303);
      expect(await t.db.dataSource.getRepository(Company).findOneBy({ id: sub.id })).to.equal(null);
    });

    it('refuses to delete the company that holds customers', async () => {
      await makeThirdParty(t.db.dataSource, ref);
      await admin.agent.post(`${BASE}/settings/companies/${ref.company.id}/delete`).type('form').send({ _csrf: admin.csrf }).expect(303);
      expect(await t.db.dataSource.getRepository(Company).findOneBy({ id: ref.company.id })).not.to.equal(null);
      expect((await admin.agent.get(`${BASE}/settings/companies`).expect(200)).text).to.include('il ne peut pas être supprimé');
    });
  });
});
