/**
 * Gestion des actions counts the actions it shows in two ways (src/actions/action.service.ts): for one
 * controller with SHOWN_ONCE_SQL, for all of them as every to-do intervention less the hidden parts
 * (HIDDEN_PART_IDS_SQL). Both must give the number of rows the pages list, whatever the filters, with
 * grouped letters whose first parts are done, whose parts are all done, or split across controllers.
 */
import { expect } from 'chai';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { makeDossier, makeThirdParty, seedReferenceData, type ReferenceData } from '../support/factories';
import { addIntervention } from '../../src/interventions';
import { SYSTEM_ACTOR } from '../../src/history';
import { listActions, type ActionFilters } from '../../src/actions/action.service';
import { CustomerCommunication, CustomerCommunicationPart } from '../../src/communications';
import type { Intervention } from '../../src/interventions/intervention.entity';

const TODAY = '2026-11-22';

describe('Gestion des actions: the number of actions', () => {
  let db: TestDatabase;
  let ref: ReferenceData;

  beforeEach(async () => {
    db = await createTestDatabase();
    ref = await seedReferenceData(db.dataSource);
  });
  afterEach(() => db.drop());

  async function action(dossierId: number, f: { type?: Intervention['type']; dueDate?: string; assignee?: number; done?: boolean }): Promise<number> {
    const i = await addIntervention(
      db.dataSource,
      {
        dossierId, type: f.type ?? 'letter', label: `Action ${f.type ?? 'letter'}`, dueDate: f.dueDate ?? TODAY, priority: 100,
        assigneeId: ref.controllers[f.assignee ?? 0].id, ...(f.done ? { doneDate: TODAY, result: 'Fait' } : {}),
      },
      SYSTEM_ACTOR,
      `${TODAY}T08:00:00.000Z`,
    );
    return i.id;
  }

  /** A grouped letter over these interventions, in this order (the first is its lead). */
  async function communication(thirdPartyId: number, interventionIds: number[], dossierIds: number[], businessDate = TODAY): Promise<void> {
    const c = await db.dataSource.getRepository(CustomerCommunication).save({
      thirdPartyId, businessDate, channel: 'letter', templateCode: 'courrier-groupe', toneTemplateCode: 'relance-simple', level: 1,
      leadInterventionId: interventionIds[0], dossierCount: new Set(dossierIds).size, invoiceCount: interventionIds.length, partCount: interventionIds.length,
      documentId: null, outboxMessageId: null, createdAt: `${TODAY}T08:00:00.000Z`,
    });
    await db.dataSource.getRepository(CustomerCommunicationPart).save(
      interventionIds.map((interventionId, position) => ({ communicationId: c.id, interventionId, dossierId: dossierIds[position], position, level: 1 })),
    );
  }

  it('is the number of rows listed, for every controller and for one, whatever the filters', async () => {
    const a = await makeThirdParty(db.dataSource, ref, { name: 'Garage des Alpes' });
    const b = await makeThirdParty(db.dataSource, ref, { name: 'Boulangerie Martin' });
    const d1 = await makeDossier(db.dataSource, ref, a);
    const d2 = await makeDossier(db.dataSource, ref, a, { statusId: ref.statuses.CONTENTIEUX.id });
    const d3 = await makeDossier(db.dataSource, ref, b);
    // Three parts all to do: shown once, on the lead.
    await communication(a.id, [await action(d1.id, {}), await action(d2.id, { assignee: 1 }), await action(d1.id, { dueDate: '2026-11-01' })], [d1.id, d2.id, d1.id]);
    // The lead done: the next part shows, the last stays hidden.
    await communication(b.id, [await action(d3.id, { done: true }), await action(d3.id, { assignee: 1, dueDate: '2026-11-02' }), await action(d3.id, {})], [d3.id, d3.id, d3.id]);
    // Every part done: nothing shows.
    await communication(b.id, [await action(d3.id, { done: true }), await action(d3.id, { done: true })], [d3.id, d3.id], '2026-11-21');
    // Actions of no communication.
    await action(d1.id, { type: 'call' });
    await action(d2.id, { type: 'call', assignee: 1, dueDate: '2026-12-15' });
    await action(d3.id, { type: 'email', dueDate: '2026-10-30' });

    const base: ActionFilters = { controller: 'all', type: null, dueBy: null, overdueOnly: false, statusId: null, page: 1, pageSize: 1000 };
    const variants: Partial<ActionFilters>[] = [
      {}, { type: 'letter' }, { type: 'call' }, { dueBy: '2026-11-15' }, { overdueOnly: true }, { statusId: ref.statuses.CONTENTIEUX.id },
      { type: 'letter', overdueOnly: true },
    ];
    const seen: number[] = [];
    for (const controller of ['all', ref.controllers[0].id, ref.controllers[1].id] as const) {
      for (const v of variants) {
        const filters = { ...base, controller, ...v };
        const list = await listActions(db.dataSource, filters, TODAY);
        expect(list.total, JSON.stringify({ controller, ...v })).to.equal(list.rows.length);
        if (controller === 'all') seen.push(list.total);
      }
    }
    // All controllers: 2 grouped letters shown once each, 3 actions of no communication; the other figures follow.
    expect(seen).to.deep.equal([5, 2, 2, 2, 2, 1, 1]);
    // Paged, the count is the whole, not the page.
    const paged = await listActions(db.dataSource, { ...base, pageSize: 2 }, TODAY);
    expect([paged.total, paged.pages, paged.rows.length]).to.deep.equal([5, 3, 2]);
  });
});
