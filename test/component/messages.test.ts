import { expect } from 'chai';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { makeDossier, makeThirdParty, ReferenceData, seedReferenceData } from '../support/factories';
import { DossierEvent } from '../../src/history/dossier-event.entity';
import { UserMessage } from '../../src/messages/message.entity';
import { CreditController } from '../../src/credit-controllers/credit-controller.entity';

const BASE = '/recouvrement';

describe('messages, notes in the Chrono and the recently updated dossiers', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let alice: SignedInAgent;
  let bob: SignedInAgent;
  const ds = () => t.db.dataSource;

  before(async () => {
    t = await createTestApp({ basePath: BASE });
    ref = await seedReferenceData(ds());
    alice = await signIn(t, 'alice', 'admin');
    bob = await signIn(t, 'bob', 'controller');

    // Controllers change only the dossiers assigned to them: this one works the dossiers of the first controller.
    await ds().getRepository(CreditController).update({ id: ref.controllers[0].id }, { userId: bob.userId });
  });
  after(() => t.close());

  const post = (who: SignedInAgent, path: string, form: Record<string, unknown>) => who.agent.post(`${BASE}${path}`).type('form').send({ _csrf: who.csrf, ...form });
  const unreadBadge = (html: string) => /data-unread-count="(\d+)"/.exec(html)?.[1] ?? null;

  it('sends a message about a dossier to its controller, counts it unread in the header until opened, and files it in the inbox and the outbox', async () => {
    const customer = await makeThirdParty(ds(), ref);
    const d = await makeDossier(ds(), ref, customer);
    await ds().getRepository(CreditController).update({ id: ref.controllers[0].id }, { userId: bob.userId });

    const form = await alice.agent.get(`${BASE}/messages/new?dossierId=${d.id}`).expect(200);
    expect(form.text, 'the dossier\'s controller is proposed').to.match(new RegExp(`<option value="${bob.userId}" selected>`));
    await post(alice, '/messages', { toUserId: String(bob.userId), dossierId: String(d.id), subject: 'Promesse de paiement', body: 'Le client promet un virement vendredi.', urgent: 'on', replyRequired: 'on' }).expect(303);
    await post(alice, '/messages', { toUserId: String(bob.userId), subject: 'Réunion', body: 'Point mensuel jeudi.' }).expect(303);

    let page = await bob.agent.get(`${BASE}/dossiers`).expect(200);
    expect(unreadBadge(page.text)).to.equal('2');
    const inbox = await bob.agent.get(`${BASE}/messages`).expect(200);
    expect(inbox.text).to.include('Promesse de paiement').and.include('Urgent').and.include('Réponse attendue');
    const filtered = await bob.agent.get(`${BASE}/messages?q=virement&unread=1`).expect(200);
    expect((filtered.text.match(/data-message="/g) ?? []).length).to.equal(1);

    const msg = await ds().getRepository(UserMessage).findOneByOrFail({ subject: 'Promesse de paiement' });
    const opened = await bob.agent.get(`${BASE}/messages/${msg.id}`).expect(200);
    expect(opened.text).to.include('Le client promet un virement vendredi.');
    expect(unreadBadge(opened.text)).to.equal('1');
    page = await bob.agent.get(`${BASE}/messages?unread=1`).expect(200);
    expect(page.text).not.to.include('Promesse de paiement');

    const reply = await bob.agent.get(`${BASE}/messages/new?replyTo=${msg.id}`).expect(200);
    expect(reply.text).to.include('value="RE: Promesse de paiement"');
    const outbox = await alice.agent.get(`${BASE}/messages?box=out`).expect(200);
    expect(outbox.text).to.include('Promesse de paiement').and.include('Réunion');
    // Nobody else reads it.
    const carol = await signIn(t, 'carol', 'controller');
    await carol.agent.get(`${BASE}/messages/${msg.id}`).expect(404);
  });

  it('refuses a message longer than 4 000 characters or without a recipient, at the field', async () => {
    const res = await post(alice, '/messages', { toUserId: '', subject: 'Long', body: 'x'.repeat(4001) }).expect(422);
    expect(res.text).to.include('data-field-error="toUserId"').and.include('data-field-error="body"');
    expect(await ds().getRepository(UserMessage).countBy({ subject: 'Long' })).to.equal(0);
  });

  it('a note goes into the dossier\'s Chrono; the dossier then shows among those updated in the last 48 hours', async () => {
    const customer = await makeThirdParty(ds(), ref, { name: 'Menuiserie Leroy' });
    const d = await makeDossier(ds(), ref, customer);
    const quiet = await makeDossier(ds(), ref, await makeThirdParty(ds(), ref, { name: 'Client Tranquille' }));
    await ds().getRepository(DossierEvent).save({ dossierId: quiet.id, at: '2026-11-19T08:00:00.000Z', userId: null, userName: null, type: 'note', details: '{"text":"ancienne"}', amount: null });

    await post(bob, `/dossiers/${d.id}/notes`, { note: 'Client rappelé, attend la facture rectifiée.' }).expect(303);
    const chrono = await bob.agent.get(`${BASE}/dossiers/${d.id}?tab=chrono`).expect(200);
    expect(chrono.text).to.include('Note : Client rappelé, attend la facture rectifiée.');
    const empty = await post(bob, `/dossiers/${d.id}/notes`, { note: '  ' }).expect(422);
    expect(empty.text).to.include('data-field-error="note"');
    const auditor = await signIn(t, 'audrey', 'auditor');
    await auditor.agent.post(`${BASE}/dossiers/${d.id}/notes`).type('form').send({ _csrf: auditor.csrf, note: 'x' }).expect(403);

    const recent = await bob.agent.get(`${BASE}/recent-dossiers`).expect(200);
    expect(recent.text).to.include(`data-dossier="${d.id}"`).and.include('Menuiserie Leroy');
    expect(recent.text).not.to.include(`data-dossier="${quiet.id}"`);
  });
});
