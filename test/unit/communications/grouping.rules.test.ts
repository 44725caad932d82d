/**
 * One communication per customer, as pure rules: two dossiers of one customer followed day by day
 * with DossierStory; each day, the letters their steps raise are planned together or alone.
 */
import { expect } from 'chai';
import { aScenario, aStep, day, DossierStory } from '../scenarios/scenario-test-kit';
import { levelOfTemplate, planCommunications, type PendingStep } from '../../../src/communications';
import { buildGroupedContext } from '../../../src/documents';
import { buildContextFromSource, type DossierContextSource, type EntrySource } from '../../../src/documents/document-context.rules';
import { bundledLegalRates } from '../../../src/late-payment';
import type { BusinessDate } from '../../../src/shared/business-date';

const letters = aScenario([
  aStep('RAPPEL', { actionType: 'letter', offsetDays: 10, templateCode: 'relance-simple', priority: 100 }),
  aStep('RELANCE', { actionType: 'letter', offsetDays: 25, templateCode: 'relance-ferme', priority: 200 }),
  aStep('MISE_EN_DEMEURE', { actionType: 'letter', offsetDays: 40, templateCode: 'mise-en-demeure', priority: 300 }),
]);

/** A customer's dossiers, each a DossierStory; `runOn(date)` gives the day's pending letters as the daily job reads them. */
class CustomerStory {
  private ids = 0;
  constructor(private readonly dossiers: { id: number; story: DossierStory }[]) {}

  runOn(today: BusinessDate): PendingStep[] {
    const out: PendingStep[] = [];
    for (const { id, story } of this.dossiers) {
      for (const s of story.runOn(today).toRaise) {
        if (!s.templateCode) continue;
        const position = story.scenario.steps.findIndex((x) => x.code === s.stepCode) + 1;
        out.push({
          interventionId: ++this.ids, dossierId: id, dossierNumber: id, thirdPartyId: 7, channel: s.actionType === 'email' ? 'email' : 'letter',
          templateCode: s.templateCode, label: s.label, priority: s.priority, dueDate: s.dueDate, stepPosition: position,
        });
      }
    }
    return out;
  }
}

const summary = (pending: PendingStep[], grouping: 'customer' | 'dossier' = 'customer') =>
  planCommunications(pending, grouping).map((c) => ({
    lead: `${c.lead.dossierId}:${c.lead.templateCode}`, level: c.level, dossiers: c.dossierCount,
    parts: c.parts.map((p) => `${p.step.dossierId}:${p.step.templateCode}@${p.level}${p.listsDossier ? '' : ' (same dossier)'}`),
  }));

describe('one communication per customer (rules)', () => {
  it('two dossiers at different levels go out as one letter on the day both have a step, in the tone of the most advanced', () => {
    // Dossier 1's oldest invoice is due on day 0, dossier 2's on day 30.
    const customer = new CustomerStory([
      { id: 1, story: new DossierStory(letters, { entryDueDates: [day(0)] }) },
      { id: 2, story: new DossierStory(letters, { entryDueDates: [day(30)] }) },
    ]);
    expect(summary(customer.runOn(day(9))), 'day 9: nothing due').to.deep.equal([]);
    const day10 = customer.runOn(day(10));
    expect(day10.map((p) => p.templateCode)).to.deep.equal(['relance-simple']);
    expect(summary(day10), 'day 10: one step, its own letter').to.deep.equal([]);
    expect(summary(customer.runOn(day(25))), 'day 25: one step again').to.deep.equal([]);

    const day40 = customer.runOn(day(40));
    expect(summary(day40)).to.deep.equal([{ lead: '1:mise-en-demeure', level: 3, dossiers: 2, parts: ['1:mise-en-demeure@3', '2:relance-simple@1'] }]);
    expect(summary(day40, 'dossier'), 'per dossier: nothing grouped').to.deep.equal([]);

    // Day 55: dossier 2 reaches its firm reminder alone.
    expect(summary(customer.runOn(day(55)))).to.deep.equal([]);
    // Day 70: dossier 2's mise en demeure, alone again.
    expect(customer.runOn(day(70)).map((p) => p.templateCode)).to.deep.equal(['mise-en-demeure']);
  });

  it('a dossier catching up several letters in one run sends one, at its most advanced level', () => {
    const customer = new CustomerStory([{ id: 1, story: new DossierStory(letters, { entryDueDates: [day(0)] }) }]);
    expect(summary(customer.runOn(day(30)))).to.deep.equal([{ lead: '1:relance-ferme', level: 2, dossiers: 1, parts: ['1:relance-ferme@2', '1:relance-simple@2 (same dossier)'] }]);
  });

  it('letters and e-mails are separate channels: one of each', () => {
    const mixed = aScenario([aStep('EMAIL', { actionType: 'email', offsetDays: 3, templateCode: 'relance-amiable' }), aStep('LETTRE', { actionType: 'letter', offsetDays: 3, templateCode: 'relance-simple' })]);
    const customer = new CustomerStory([
      { id: 1, story: new DossierStory(mixed, { entryDueDates: [day(0)] }) },
      { id: 2, story: new DossierStory(mixed, { entryDueDates: [day(0)] }) },
    ]);
    const plan = planCommunications(customer.runOn(day(3)), 'customer');
    expect(plan.map((c) => [c.channel, c.parts.length, c.dossierCount])).to.deep.equal([['email', 2, 2], ['letter', 2, 2]]);
  });

  it('an administrator\'s own template is a firm reminder, never a mise en demeure', () => {
    expect([levelOfTemplate('relance-simple'), levelOfTemplate('relance-amiable'), levelOfTemplate('relance-ferme'), levelOfTemplate('mise-en-demeure'), levelOfTemplate('ma-lettre')]).to.deep.equal([1, 1, 2, 3, 2]);
  });
});

let nextId = 1;
const entry = (amount: number, dueDate: string): EntrySource => {
  const id = nextId++;
  return { id, pieceRef: `FA-${id}`, pieceDate: dueDate, entryDate: dueDate, label: `Facture ${id}`, debit: amount, credit: 0, dueDate, originalDueDate: null, lettering: null };
};
const source = (number: number, entries: EntrySource[], asOf: string): DossierContextSource => ({
  asOf,
  creditor: { name: 'Atlas Équipements', city: 'Lyon' },
  customer: { name: 'Dupont SARL', auxiliaryAccount: '411DUPONT' },
  contacts: [],
  contactId: null,
  controller: null,
  dossier: { id: number, number, startDate: '2025-11-01', creditorReference: null, currency: 'EUR' },
  status: { code: 'EN_COURS', label: 'En cours', kind: 'open' },
  entries,
  rates: bundledLegalRates(),
});

describe('the grouped letter\'s context', () => {
  it('puts each invoice with its dossier\'s level and its own penalty and indemnity, read from the dossier context; totals add up the dossiers', () => {
    const a = buildContextFromSource(source(12, [entry(120000, '2025-10-23'), entry(30000, '2025-11-02')], '2025-11-22'));
    const b = buildContextFromSource(source(15, [entry(50000, '2025-11-12')], '2025-11-22'));
    const g = buildGroupedContext([
      { context: a, level: 3, stepLabel: 'Mise en demeure', templateCode: 'mise-en-demeure' },
      { context: b, level: 1, stepLabel: 'Rappel', templateCode: 'relance-simple' },
    ]);
    expect(g.tone).to.deep.include({ level: 3, formalNotice: true, courteous: false, templateCode: 'mise-en-demeure' });
    expect(g.summary).to.equal('2 dossiers, 3 factures');
    expect(g.invoices.map((i) => [i.dossierNumber, i.levelText, i.dueDateText, i.penaltyText, i.indemnityText])).to.deep.equal([
      ...a.latePayment.lines.map((l) => [12, 'Mise en demeure', l.dueDateText, l.penaltyText, l.indemnityText]),
      ...b.latePayment.lines.map((l) => [15, 'Rappel', l.dueDateText, l.penaltyText, l.indemnityText]),
    ]);
    expect(g.totals.penalty).to.equal(a.latePayment.totals.penalty + b.latePayment.totals.penalty);
    expect(g.totals.claimed).to.equal(a.latePayment.totals.claimed + b.latePayment.totals.claimed);
    expect(g.totals.balance).to.equal(a.totals.balance + b.totals.balance);
    expect(g.customer.name).to.equal('Dupont SARL');
  });
});
