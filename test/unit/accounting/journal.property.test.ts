import { expect } from 'chai';
import {
  isBalanced,
  recoveryAfterWriteOff,
  transferToDoubtful,
  writeOff,
  type JournalEntry,
} from '../../../src/journal';
import { htBase, htBaseFromInvoices, paymentAfterTransfer, proposedProvision, provisionChange } from '../../../src/provisions';

/** mulberry32: small, seeded, reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// PROPERTY_SEQUENCES=20000 for a longer hunt; 500 by default keeps the suite fast.
const SEQUENCES = Number(process.env.PROPERTY_SEQUENCES ?? 500);
const MAX_STEPS = 20;
const AUX = '411CLIENT';

function balanceOf(entries: JournalEntry[], account: string): number {
  let balance = 0;
  for (const e of entries) for (const l of e.lines) if (l.account === account) balance += l.debit - l.credit;
  return balance;
}

describe('journal: property over random recovery histories', () => {
  it(`in ${SEQUENCES} random histories of up to ${MAX_STEPS} steps, every entry balances and the provision stays between 0 and the HT base`, () => {
    const stepsSeen = { status: 0, payment: 0, writeOff: 0, recovery: 0, fullPayment: 0 };
    for (let seed = 1; seed <= SEQUENCES; seed++) {
      const rand = prng(seed);
      const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
      const pick = <T>(items: T[]): T => items[Math.floor(rand() * items.length)];

      const ttc = int(1, 5_000_000) + 0;
      const vatRate = pick([20, 10, 5.5, 2.1, 0]);
      const invoice = { ttc, vat: ttc - htBase(ttc, vatRate) };
      let outstanding = ttc;
      let provision = 0;
      let writtenOff = false;
      let day = 1;
      const date = () => `2025-${String(1 + Math.floor(day / 28) % 12).padStart(2, '0')}-${String(1 + (day++ % 28)).padStart(2, '0')}`;
      const journal: JournalEntry[] = [];
      const context = (step: number) => `seed ${seed}, step ${step}, invoice ${JSON.stringify(invoice)}, outstanding ${outstanding}, provision ${provision}`;
      // Two coherent ways a caller knows the VAT still on 416: recomputed from the invoice's VAT line
      // at each step, or carried forward from the pro rata split each payment returns.
      const vatMode = pick(['invoice', 'tracked'] as const);
      let trackedVat = invoice.vat;
      const vatOf = () => (vatMode === 'invoice' ? outstanding - htBaseFromInvoices([{ ...invoice, outstanding }]) : trackedVat);
      const base = () => (writtenOff ? 0 : outstanding - vatOf());

      journal.push(...transferToDoubtful([{ auxiliaryAccount: AUX, pieceRef: 'FA1', amountTtc: ttc }], { date: '2025-01-01' }));
      const steps = int(1, MAX_STEPS);
      for (let step = 1; step <= steps; step++) {
        const ctx = { date: date(), pieceRef: `FA1-${step}` };
        const roll = rand();
        let produced: JournalEntry[] = [];
        if (writtenOff || outstanding === 0) {
          if (!writtenOff || roll < 0.3) continue;
          const amount = int(1, 1_000_000);
          const vat = rand() < 0.5 ? 0 : int(0, amount - 1);
          produced = recoveryAfterWriteOff({ ...ctx, amountReceived: amount, vatToRecollect: vat });
          stepsSeen.recovery++;
        } else if (roll < 0.5) {
          const pct = pick([0, 10, 25, 50, 75, 100, 100, 100, int(0, 10000) / 100]);
          const r = provisionChange(provision, proposedProvision(base(), pct), ctx);
          produced = r.entries;
          provision = r.provisionAfter;
          stepsSeen.status++;
        } else if (roll < 0.85) {
          const amountPaid = rand() < 0.2 ? outstanding : int(1, outstanding);
          const r = paymentAfterTransfer({
            ...ctx, auxiliaryAccount: AUX, amountPaid, outstandingTtc: outstanding, outstandingVat: vatOf(), currentProvision: provision,
            htBaseAfter: vatMode === 'invoice' ? htBaseFromInvoices([{ ...invoice, outstanding: outstanding - amountPaid }]) : undefined,
          });
          produced = r.entries;
          outstanding = r.outstandingTtcAfter;
          trackedVat = r.outstandingVatAfter;
          provision = r.provisionAfter;
          if (outstanding === 0) {
            expect(provision, context(step)).to.equal(0);
            stepsSeen.fullPayment++;
          }
          stepsSeen.payment++;
        } else {
          const rectified = rand() < 0.5;
          const r = writeOff({
            ...ctx, auxiliaryAccount: AUX, outstandingTtc: outstanding, outstandingVat: vatOf(), currentProvision: provision,
            invoiceDate: pick(['2024-11-15', '2025-01-01']), fiscalYearStart: '2025-01-01', rectifiedInvoiceIssued: rectified,
            vatWithoutRectifiedInvoice: pick(['keep-on-doubtful', 'expense'] as const),
          });
          produced = r.entries;
          provision = r.provisionAfter;
          outstanding = r.vatLeftOnDoubtful;
          writtenOff = true;
          stepsSeen.writeOff++;
        }
        journal.push(...produced);
        for (const e of produced) expect(isBalanced(e), `${context(step)}: ${JSON.stringify(e)}`).to.equal(true);
        const booked = -balanceOf(journal, '491');
        expect(booked, context(step)).to.equal(provision);
        expect(booked, context(step)).to.be.at.least(0);
        expect(booked, context(step)).to.be.at.most(base());
        expect(balanceOf(journal, '416'), context(step)).to.equal(outstanding);
      }
    }
    // The generator must really exercise every kind of step.
    for (const [kind, count] of Object.entries(stepsSeen)) expect(count, kind).to.be.greaterThan(50);
  });
});
