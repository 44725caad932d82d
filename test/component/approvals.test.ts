import { expect } from 'chai';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { CreditController } from '../../src/credit-controllers/credit-controller.entity';
import { makeDossier, makeThirdParty, ReferenceData, seedReferenceData } from '../support/factories';
import { Dossier } from '../../src/dossiers/dossier.entity';
import { DossierEvent } from '../../src/history/dossier-event.entity';
import { Intervention } from '../../src/interventions/intervention.entity';
import { ApprovalRequest } from '../../src/approvals/approval-request.entity';
import { DossierStatus } from '../../src/settings/reference-list.entities';
import { runDaily } from '../../src/jobs/run-daily';
import { makeScenario, makeScenarioDossier } from './daily-support';

const BASE = '/recouvrement';

describe('approvals: steps that start legal proceedings wait for an administrator', function () {
  this.timeout(60000);
  let t: TestApp;
  let ref: ReferenceData;
  let admin: SignedInAgent;
  let controller: SignedInAgent;
  let accountant: SignedInAgent;
  const ds = () => t.db.dataSource;

  before(async () => {
    t = await createTestApp({ basePath: BASE, env: { CONTROLLERS_EDIT_ALL: 'false', REOPEN_ROLES: 'admin,controller' } });
    ref = await seedReferenceData(ds());
    admin = await signIn(t, 'alice', 'admin');
    controller = await signIn(t, 'claire', 'controller');
    accountant = await signIn(t, 'paul', 'accountant');
    await ds().getRepository(CreditController).update({ id: ref.controllers[0].id }, { userId: controller.userId });
  });
  after(() => t.close());

  const post = (who: SignedInAgent, path: string, form: Record<string, unknown>) => who.agent.post(`${BASE}${path}`).type('form').send({ _csrf: who.csrf, ...form });
  const events = async (dossierId: number) => ds().getRepository(DossierEvent).find({ where: { dossierId }, order: { id: 'ASC' } });
  const details = (e: DossierEvent) => JSON.parse(String(e.details)) as Record<string, unknown>;
  const reload = (id: number) => ds().getRepository(Dossier).findOneByOrFail({ id });
  const flashOf = async (who: SignedInAgent, path: string) => (await who.agent.get(`${BASE}${path}`).expect(200)).text;
  async function ownDossier() {
    const customer = await makeThirdParty(ds(), ref);
    return makeDossier(ds(), ref, customer, { controllerId: ref.controllers[0].id, statusId: ref.statuses.AMIABLE.id });
  }
  const toContentieux = (d: Dossier, extra: Record<string, string> = {}) => ({ statusId: String(ref.statuses.CONTENTIEUX.id), version: String(d.version), lossPercentage: '60', comment: 'Injonction de payer', ...extra });

  it("a controller's change to Contentieux changes nothing on the dossier: a Chrono line and an \"en attente d'approbation\" badge", async () => {
    const d = await ownDossier();
    const dialog = await controller.agent.get(`${BASE}/dossiers/${d.id}/status?statusId=${ref.statuses.CONTENTIEUX.id}`).expect(200);
    expect(dialog.text, 'the dialog says the change will wait').to.include('id="approval-hint"');
    await post(controller, `/dossiers/${d.id}/status`, toContentieux(d)).expect(303);
    const page = await flashOf(controller, `/dossiers/${d.id}`);
    expect(page).to.include("soumise à l&#39;approbation d&#39;un administrateur");
    expect(page).to.include('data-pending-approval="statusChange"').and.include('en attente d&#39;approbation');
    const after = await reload(d.id);
    expect(after).to.include({ statusId: ref.statuses.AMIABLE.id, lossHundredths: d.lossHundredths, version: d.version });
    expect((await events(d.id)).map((e) => e.type)).to.deep.equal(['statusChangeRequested']);
    const req = await ds().getRepository(ApprovalRequest).findOneByOrFail({ dossierId: d.id });
    expect(req).to.include({ kind: 'statusChange', status: 'pending', statusId: ref.statuses.CONTENTIEUX.id, requestedBy: controller.userId });

    // A second request while one waits is refused.
    await post(controller, `/dossiers/${d.id}/status`, toContentieux(d, { comment: 'encore' })).expect(303);
    expect(await flashOf(controller, `/dossiers/${d.id}`)).to.include('Une demande est déjà en attente');
    expect(await ds().getRepository(ApprovalRequest).countBy({ dossierId: d.id })).to.equal(1);
  });

  it('a request the change would refuse is not recorded: the dialog shows the field error (422)', async () => {
    const d = await ownDossier();
    await post(controller, `/dossiers/${d.id}/status`, toContentieux(d, { version: String(d.version + 5) })).expect(422);
    expect(await ds().getRepository(ApprovalRequest).countBy({ dossierId: d.id })).to.equal(0);
    expect(await events(d.id)).to.have.length(0);
  });

  it('the administrators see the count in the header and the request in the inbox; an approval applies it as the controller entered it', async () => {
    const d = await ownDossier();
    await post(controller, `/dossiers/${d.id}/status`, toContentieux(d)).expect(303);
    const req = await ds().getRepository(ApprovalRequest).findOneByOrFail({ dossierId: d.id });

    const home = await admin.agent.get(`${BASE}/dossiers`).expect(200);
    const count = Number(/data-approvals-count="(\d+)"/.exec(home.text)?.[1]);
    expect(count).to.equal(await ds().getRepository(ApprovalRequest).countBy({ status: 'pending' }));
    expect((await controller.agent.get(`${BASE}/dossiers`).expect(200)).text, 'controllers have no approvals badge').not.to.include('data-approvals-count');
    const inbox = await admin.agent.get(`${BASE}/approvals`).expect(200);
    expect(inbox.text).to.include(`data-request="${req.id}"`).and.include('Contentieux').and.include('Injonction de payer');

    await post(admin, `/approvals/${req.id}/decision`, { decision: 'approve', reason: '' }).expect(303);
    const after = await reload(d.id);
    expect(after).to.include({ statusId: ref.statuses.CONTENTIEUX.id, lossHundredths: 6000 });
    const chrono = await events(d.id);
    expect(chrono.map((e) => e.type)).to.deep.equal(['statusChangeRequested', 'approvalGranted', 'statusChanged', 'fieldChanged']);
    expect(chrono[1].userId, 'the approval is the administrator\'s').to.equal(admin.userId);
    expect(chrono[2].userId, 'the change is the requester\'s, as if they had made it').to.equal(controller.userId);
    expect(details(chrono[2])).to.include({ to: 'Contentieux', comment: 'Injonction de payer' });
    expect(await ds().getRepository(ApprovalRequest).findOneByOrFail({ id: req.id })).to.include({ status: 'approved', decidedBy: admin.userId });
    const page = await controller.agent.get(`${BASE}/dossiers/${d.id}`).expect(200);
    expect(page.text).not.to.include('data-pending-approval');

    // Decided once: a second decision is refused and changes nothing.
    await post(admin, `/approvals/${req.id}/decision`, { decision: 'refuse', reason: 'trop tard' }).expect(303);
    expect(await ds().getRepository(ApprovalRequest).findOneByOrFail({ id: req.id })).to.include({ status: 'approved' });
  });

  it('approving a collective-procedure status flagged for approval applies its dates and raises its interventions', async () => {
    await ds().getRepository(DossierStatus).update({ id: ref.statuses.REDRESSEMENT_JUDICIAIRE.id }, { requiresApproval: true });
    try {
      const d = await ownDossier();
      await post(controller, `/dossiers/${d.id}/status`, { statusId: String(ref.statuses.REDRESSEMENT_JUDICIAIRE.id), version: String(d.version), judgmentDate: '10/11/2026', bodaccDate: '18/11/2026', claimsDeclarationDeadline: '', lossPercentage: '50' }).expect(303);
      expect(await ds().getRepository(Intervention).countBy({ dossierId: d.id }), 'nothing raised while pending').to.equal(0);
      const req = await ds().getRepository(ApprovalRequest).findOneByOrFail({ dossierId: d.id });
      await post(admin, `/approvals/${req.id}/decision`, { decision: 'approve' }).expect(303);
      expect(await reload(d.id)).to.include({ statusId: ref.statuses.REDRESSEMENT_JUDICIAIRE.id, judgmentDate: '2026-11-10', bodaccDate: '2026-11-18', claimsDeclarationDeadline: '2027-01-18' });
      expect(await ds().getRepository(Intervention).countBy({ dossierId: d.id, type: 'legal' })).to.equal(2);
    } finally {
      await ds().getRepository(DossierStatus).update({ id: ref.statuses.REDRESSEMENT_JUDICIAIRE.id }, { requiresApproval: false });
    }
  });

  it('a refusal needs a reason, keeps the dossier as it was and records the reason in the Chrono', async () => {
    const d = await ownDossier();
    await post(controller, `/dossiers/${d.id}/status`, toContentieux(d)).expect(303);
    const req = await ds().getRepository(ApprovalRequest).findOneByOrFail({ dossierId: d.id });
    await post(admin, `/approvals/${req.id}/decision`, { decision: 'refuse', reason: '' }).expect(303);
    expect(await flashOf(admin, '/approvals')).to.include('Indiquez le motif du refus.');
    expect(await ds().getRepository(ApprovalRequest).findOneByOrFail({ id: req.id })).to.include({ status: 'pending' });

    await post(admin, `/approvals/${req.id}/decision`, { decision: 'refuse', reason: 'Relancer encore à l\'amiable' }).expect(303);
    expect(await reload(d.id)).to.include({ statusId: ref.statuses.AMIABLE.id, version: d.version });
    const chrono = await events(d.id);
    expect(chrono.map((e) => e.type)).to.deep.equal(['statusChangeRequested', 'approvalRefused']);
    expect(details(chrono[1])).to.include({ what: 'Contentieux', reason: 'Relancer encore à l\'amiable' });
    const tab = await controller.agent.get(`${BASE}/dossiers/${d.id}?tab=chrono`).expect(200);
    expect(tab.text).to.include('Demande refusée : Contentieux — motif : Relancer encore à l&#39;amiable');
    expect(tab.text).not.to.include('data-pending-approval');
  });

  it('an administrator changing to Contentieux applies it at once; a controller asks, and neither a controller nor an accountant may decide', async () => {
    const d = await ownDossier();
    const dialog = await admin.agent.get(`${BASE}/dossiers/${d.id}/status?statusId=${ref.statuses.CONTENTIEUX.id}`).expect(200);
    expect(dialog.text).not.to.include('id="approval-hint"');
    await post(admin, `/dossiers/${d.id}/status`, toContentieux(d)).expect(303);
    expect(await reload(d.id)).to.include({ statusId: ref.statuses.CONTENTIEUX.id });
    expect(await ds().getRepository(ApprovalRequest).countBy({ dossierId: d.id })).to.equal(0);
    expect((await events(d.id)).map((e) => e.type)).to.include('statusChanged').and.not.include('statusChangeRequested');

    const other = await ownDossier();
    // Status changes are dossier work: an accountant may not ask for one (README, roles).
    await post(accountant, `/dossiers/${other.id}/status`, toContentieux(other)).expect(403);
    expect(await ds().getRepository(ApprovalRequest).countBy({ dossierId: other.id })).to.equal(0);
    await post(controller, `/dossiers/${other.id}/status`, toContentieux(other)).expect(303);
    const req = await ds().getRepository(ApprovalRequest).findOneByOrFail({ dossierId: other.id });
    expect(req.status).to.equal('pending');
    await post(accountant, `/approvals/${req.id}/decision`, { decision: 'approve' }).expect(403);
    await post(controller, `/approvals/${req.id}/decision`, { decision: 'approve' }).expect(403);
    await accountant.agent.get(`${BASE}/approvals`).expect(403);
    expect(await reload(other.id)).to.include({ statusId: ref.statuses.AMIABLE.id });
  });

  it('a controller allowed to reopen a closed dossier may not reopen it straight into Contentieux', async () => {
    const d = await ownDossier();
    await post(admin, `/dossiers/${d.id}/status`, { statusId: String(ref.statuses.TERMINE.id), version: String(d.version), endDate: '22/11/2026', resolutionId: String(Object.values(ref.resolutions)[0].id), resultId: String(Object.values(ref.results)[0].id) }).expect(303);
    const form = await controller.agent.get(`${BASE}/dossiers/${d.id}/reopen`).expect(200);
    expect(form.text).to.include(`value="${ref.statuses.EN_COURS.id}"`).and.not.include(`value="${ref.statuses.CONTENTIEUX.id}"`);
    const refused = await post(controller, `/dossiers/${d.id}/reopen`, { statusId: String(ref.statuses.CONTENTIEUX.id), reason: 'Nouvel impayé' }).expect(422);
    expect(refused.text).to.include('réservé aux administrateurs');
    expect(await reload(d.id)).to.include({ statusId: ref.statuses.TERMINE.id });
    await post(controller, `/dossiers/${d.id}/reopen`, { statusId: String(ref.statuses.EN_COURS.id), reason: 'Nouvel impayé' }).expect(303);
    expect(await reload(d.id)).to.include({ statusId: ref.statuses.EN_COURS.id });
  });

  it('the flag is the administrator\'s to set on each status: on for another status, off for Contentieux', async () => {
    const form = await admin.agent.get(`${BASE}/settings/statuses/${ref.statuses.CONTENTIEUX.id}/edit`).expect(200);
    expect(form.text).to.match(/id="f-requiresApproval" name="requiresApproval" checked/);
    const list = await admin.agent.get(`${BASE}/settings/statuses`).expect(200);
    expect(list.text).to.match(/data-item="CONTENTIEUX"[\s\S]*?data-field="requires-approval">Oui</);

    const edit = (s: DossierStatus, requiresApproval: boolean) =>
      post(admin, `/settings/statuses/${s.id}`, { code: s.code, label: s.label, position: String(s.position), active: 'on', kind: s.kind, proposedLoss: '', ...(requiresApproval ? { requiresApproval: 'on' } : {}) }).expect(303);
    try {
      await edit(ref.statuses.CONTENTIEUX, false);
      await edit(ref.statuses.EN_COURS, true);
      expect(await ds().getRepository(DossierStatus).findOneByOrFail({ id: ref.statuses.CONTENTIEUX.id })).to.include({ requiresApproval: false });

      const a = await ownDossier();
      await post(controller, `/dossiers/${a.id}/status`, toContentieux(a)).expect(303);
      expect(await reload(a.id), 'Contentieux no longer waits').to.include({ statusId: ref.statuses.CONTENTIEUX.id });
      const b = await ownDossier();
      await post(controller, `/dossiers/${b.id}/status`, { statusId: String(ref.statuses.EN_COURS.id), version: String(b.version), lossPercentage: '' }).expect(303);
      expect(await reload(b.id), 'En cours now waits').to.include({ statusId: ref.statuses.AMIABLE.id });
      expect(await ds().getRepository(ApprovalRequest).findOneByOrFail({ dossierId: b.id })).to.include({ statusId: ref.statuses.EN_COURS.id, status: 'pending' });
    } finally {
      await edit(ref.statuses.CONTENTIEUX, true);
      await edit(ref.statuses.EN_COURS, false);
    }
    expect(await ds().getRepository(DossierStatus).findOneByOrFail({ id: ref.statuses.CONTENTIEUX.id })).to.include({ requiresApproval: true });
  });

  it("a legal scenario step raised by the daily job and marked done by a controller waits for approval, in the dossier's tab and in Gestion des actions", async () => {
    const scenarioId = await makeScenario(ds(), [
      { code: 'APPEL', label: 'Appel de relance', actionType: 'call', anchor: 'oldest_due', offsetDays: 5 },
      { code: 'ASSIGNATION', label: 'Assignation en paiement', actionType: 'legal', anchor: 'oldest_due', offsetDays: 10 },
    ]);
    const one = await makeScenarioDossier(ds(), ref, scenarioId, { dueDate: '2026-10-01', overrides: { controllerId: ref.controllers[0].id } });
    const two = await makeScenarioDossier(ds(), ref, scenarioId, { dueDate: '2026-10-01', overrides: { controllerId: ref.controllers[0].id } });
    await runDaily({ dataSource: ds() }, '2026-11-22', { trigger: 'test' });
    const legalOf = (dossierId: number) => ds().getRepository(Intervention).findOneByOrFail({ dossierId, type: 'legal' });
    const callOf = (dossierId: number) => ds().getRepository(Intervention).findOneByOrFail({ dossierId, type: 'call' });
    const legal = await legalOf(one.id);
    expect(legal).to.include({ source: 'scenario', state: 'todo' });

    // The dossier's Interventions tab.
    const tab = await controller.agent.get(`${BASE}/dossiers/${one.id}?tab=interventions`).expect(200);
    expect(tab.text).to.include('data-approval-hint');
    await post(controller, `/dossiers/${one.id}/interventions/${legal.id}/done`, { result: 'Assignation délivrée', comment: 'Huissier Me Rigaud' }).expect(303);
    expect(await legalOf(one.id)).to.include({ state: 'todo', doneBy: null });
    const pendingTab = await controller.agent.get(`${BASE}/dossiers/${one.id}?tab=interventions`).expect(200);
    expect(pendingTab.text).to.include('data-pending-approval="legalAction"').and.include("Étape juridique soumise à l&#39;approbation");
    const req = await ds().getRepository(ApprovalRequest).findOneByOrFail({ interventionId: legal.id });
    expect(req).to.include({ kind: 'legalAction', status: 'pending' });
    await post(admin, `/approvals/${req.id}/decision`, { decision: 'approve' }).expect(303);
    expect(await legalOf(one.id)).to.include({ state: 'done', doneBy: controller.userId, result: 'Assignation délivrée', comment: 'Huissier Me Rigaud', doneDate: '2026-11-22' });
    expect((await events(one.id)).map((e) => e.type).slice(-3)).to.deep.equal(['legalActionRequested', 'approvalGranted', 'interventionDone']);

    // Gestion des actions, ticked in bulk: the call is done, the legal step waits.
    const legal2 = await legalOf(two.id);
    const call2 = await callOf(two.id);
    await post(controller, '/actions/done', { ids: [String(legal2.id), String(call2.id)], result: 'Fait', back: '' }).expect(303);
    const list = await controller.agent.get(`${BASE}/actions`).expect(200);
    expect(list.text).to.include('1 action marquée réalisée.').and.include("1 étape juridique soumise à l&#39;approbation d&#39;un administrateur.");
    expect(await callOf(two.id)).to.include({ state: 'done' });
    expect(await legalOf(two.id)).to.include({ state: 'todo' });
    const req2 = await ds().getRepository(ApprovalRequest).findOneByOrFail({ interventionId: legal2.id });
    await post(admin, `/approvals/${req2.id}/decision`, { decision: 'refuse', reason: 'Attendre la réponse au courrier' }).expect(303);
    expect(await legalOf(two.id)).to.include({ state: 'todo' });
    const last = (await events(two.id)).at(-1)!;
    expect(last.type).to.equal('approvalRefused');
    expect(details(last)).to.deep.equal({ what: 'Assignation en paiement', reason: 'Attendre la réponse au courrier' });

    // An administrator marks a legal step done at once.
    const three = await makeScenarioDossier(ds(), ref, scenarioId, { dueDate: '2026-10-01', overrides: { controllerId: ref.controllers[0].id } });
    await runDaily({ dataSource: ds() }, '2026-11-22', { trigger: 'test' });
    const legal3 = await legalOf(three.id);
    await post(admin, '/actions/done', { ids: [String(legal3.id)], result: 'Fait', back: '' }).expect(303);
    expect(await legalOf(three.id)).to.include({ state: 'done', doneBy: admin.userId });
  });
});
