import { expect } from 'chai';
import { addYears, prescriptionOf, type Interruption } from '../../src/prescription/prescription.rules';

const options = (today: string) => ({ today, alertDays: 90 });
const invoice = { entryId: 1, dueDate: '2021-03-15' };
const ack = (date: string, source: Interruption['source'] = 'payment', entryId: number | null = 1): Interruption => ({ date, kind: 'acknowledgement', source, entryId });

describe('prescription of an invoice, day by day', () => {
  it('runs 5 years from the due date for a business customer, 2 years for a consumer (L110-4, L218-2)', () => {
    expect(prescriptionOf(invoice, 'business', [], options('2024-01-01'))).to.include({ runsFrom: '2021-03-15', date: '2026-03-15', alertDate: '2025-12-15' });
    expect(prescriptionOf(invoice, 'consumer', [], options('2022-01-01'))).to.include({ date: '2023-03-15' });
  });

  it('a partial payment on the invoice starts a new period of the same length from its date (C. civ. 2240, 2231)', () => {
    // Day 1: nothing but the invoice. Day 2 (2023-06-01): the debtor pays part of it.
    const before = prescriptionOf(invoice, 'business', [], options('2023-05-31'));
    expect(before.date).to.equal('2026-03-15');
    const after = prescriptionOf(invoice, 'business', [ack('2023-06-01')], options('2023-06-01'));
    expect(after).to.include({ runsFrom: '2023-06-01', date: '2028-06-01' });
    expect(after.lastInterruption?.source).to.equal('payment');
  });

  it('a promise to pay for the dossier interrupts every invoice; a later act moves it again; a future act is not a fact yet', () => {
    const promise = ack('2024-02-10', 'promise', null);
    expect(prescriptionOf(invoice, 'business', [promise], options('2024-02-10')).date).to.equal('2029-02-10');
    const claim: Interruption = { date: '2025-09-01', kind: 'court_claim', source: 'recorded', entryId: null };
    expect(prescriptionOf(invoice, 'business', [promise, claim], options('2025-09-01')).date).to.equal('2030-09-01');
    expect(prescriptionOf(invoice, 'business', [promise, claim], options('2025-08-31')).date, 'the claim is filed tomorrow').to.equal('2029-02-10');
  });

  it("another invoice's payment does not move this one", () => {
    expect(prescriptionOf(invoice, 'business', [ack('2023-06-01', 'payment', 2)], options('2024-01-01')).date).to.equal('2026-03-15');
  });

  it('counts 29 February to 28 February in a year without one', () => {
    expect(addYears('2024-02-29', 5)).to.equal('2029-02-28');
    expect(addYears('2024-02-29', 4)).to.equal('2028-02-29');
  });
});
