/** The Chrono tab's filters: date range, amount range, event type, action and free text. */
import { expect } from 'chai';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { makeDossier, makeThirdParty, ReferenceData, seedReferenceData } from '../support/factories';
import { recordDossierEvent } from '../../src/history';

const BASE = '/recouvrement';

describe('the Chrono filters', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let s: SignedInAgent;
  let dossierId: number;

  before(async () => {
    t = await createTestApp({ basePath: BASE });
    ref = await seedReferenceData(t.db.dataSource);
    s = await signIn(t, 'claire', 'controller');
    const customer = await makeThirdParty(t.db.dataSource, ref);
    dossierId = (await makeDossier(t.db.dataSource, ref, customer, { number: 9100 })).id;
    const actor = { userId: null, userName: 'Paul Martin' };
    await t.db.dataSource.transaction(async (m) => {
      const add = (at: string, type: string, details: Record<string, unknown>, amount: number | null = null) => recordDossierEvent(m, actor, { dossierId, at, type, details, amount });
      await add('2026-10-02T09:00:00.000Z', 'entryLinked', { pieceRef: 'FA-100', label: 'Facture 100' }, 120000);
      await add('2026-10-15T09:00:00.000Z', 'interventionDone', { kind: 'call', label: 'Appel du gérant', result: 'Promesse de paiement' });
      await add('2026-11-03T09:00:00.000Z', 'interventionDone', { kind: 'letter', label: 'Mise en demeure 100%_net' });
      await add('2026-11-20T09:00:00.000Z', 'entryLinked', { pieceRef: 'FA-200', label: 'Facture 200' }, 45000);
    });
  });
  after(() => t.close());

  const rowsOf = async (query: string) => {
    const res = await s.agent.get(`${BASE}/dossiers/${dossierId}?tab=chrono&${query}`).expect(200);
    return { text: res.text, labels: [...res.text.matchAll(/<tr data-event="([a-zA-Z]+)">/g)].map((m) => m[1]) };
  };

  it('shows every event without a filter, newest first', async () => {
    expect((await rowsOf('')).labels).to.deep.equal(['entryLinked', 'interventionDone', 'interventionDone', 'entryLinked']);
  });

  it('narrows by date range (both ends included) and by amount range', async () => {
    expect((await rowsOf('from=15/10/2026&to=03/11/2026')).labels).to.deep.equal(['interventionDone', 'interventionDone']);
    expect((await rowsOf('minAmount=1000&maxAmount=1 500,00')).text).to.contain('FA-100').and.not.contain('FA-200');
  });

  it('narrows by event type and by the action an event is about', async () => {
    expect((await rowsOf('type=entryLinked')).labels).to.deep.equal(['entryLinked', 'entryLinked']);
    const calls = await rowsOf('action=call');
    expect(calls.labels).to.deep.equal(['interventionDone']);
    expect(calls.text).to.contain('Appel du gérant').and.contain('1 événement');
  });

  it('finds free text in the details and the author, case-insensitively, with % as the only wildcard', async () => {
    expect((await rowsOf('q=PROMESSE')).labels).to.deep.equal(['interventionDone']);
    expect((await rowsOf('q=paul')).labels).to.have.length(4);
    expect((await rowsOf('q=100%25_net')).labels).to.deep.equal(['interventionDone']);
    expect((await rowsOf('q=100_')).labels).to.deep.equal([]);
    expect((await rowsOf("q=' OR 1=1 --")).labels).to.deep.equal([]);
  });

  it('keeps a bad date in the field with a message, and still shows the rest', async () => {
    const res = await rowsOf('from=31/02/2026&type=entryLinked');
    expect(res.text).to.contain('data-field-error="from"').and.contain('value="31/02/2026"');
    expect(res.labels).to.deep.equal(['entryLinked', 'entryLinked']);
  });
});
