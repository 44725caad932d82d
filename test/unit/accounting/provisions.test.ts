import { expect } from 'chai';
import {
  htBase,
  htBaseFromInvoices,
  outstandingVat,
  proposedProvision,
  provisionMovement,
  provisionReversalOnPayment,
  provisionState,
  type ProvisionMovementRecord,
} from '../../../src/provisions';
import { AppError } from '../../../src/shared/errors';

describe('provisions: HT base', () => {
  it('takes the VAT out of the outstanding TTC amount at one rate', () => {
    expect(htBase(120000, 20)).to.equal(100000);
    expect(htBase(105500, 5.5)).to.equal(100000);
    expect(htBase(100, 20)).to.equal(83);
    expect(htBase(50000, 0)).to.equal(50000);
    expect(htBase(-12000, 20)).to.equal(-10000);
  });

  it('refuses a VAT rate that is not a percentage', () => {
    expect(() => htBase(100, -1)).to.throw(AppError, /between 0 and 100/);
    expect(() => htBase(100, 20.123)).to.throw(AppError, /two decimals/);
    expect(() => htBase(1.5, 20)).to.throw(AppError, /integer number of cents/);
  });

  it('with the invoices\' own VAT, removes the VAT share of the outstanding part, pro rata', () => {
    // Mixed rates: 1 000 HT at 20 % + 1 000 HT at 5,5 %, half unpaid.
    const invoice = { ttc: 222000 + 5500, vat: 20000 + 5500 };
    expect(outstandingVat({ ...invoice, outstanding: invoice.ttc / 2 })).to.equal(12750);
    expect(htBaseFromInvoices([{ ...invoice, outstanding: invoice.ttc / 2 }])).to.equal(113750 - 12750);
    expect(htBaseFromInvoices([{ ttc: 120000, vat: 20000 }, { ttc: 60000, vat: 10000, outstanding: 30000 }])).to.equal(100000 + 25000);
  });

  it('counts a credit note as a negative base', () => {
    expect(htBaseFromInvoices([{ ttc: 120000, vat: 20000 }, { ttc: -12000, vat: -2000 }])).to.equal(90000);
  });

  it('refuses an outstanding amount larger than the invoice', () => {
    expect(() => htBaseFromInvoices([{ ttc: 100, vat: 20, outstanding: 101 }])).to.throw(AppError, /between 0 and the invoice total/);
  });
});

describe('provisions: proposed provision and movement', () => {
  it('proposes the loss percentage of the HT base, to the cent', () => {
    expect(proposedProvision(100000, 50)).to.equal(50000);
    expect(proposedProvision(33333, 33.33)).to.equal(11110);
    expect(proposedProvision(100000, 0)).to.equal(0);
    expect(proposedProvision(-5000, 100)).to.equal(0);
  });

  it('refuses a loss percentage outside 0 to 100', () => {
    expect(() => proposedProvision(100, 100.01)).to.throw(AppError, /lossPercentage/);
  });

  it('names each movement: charge from zero, increase, decrease, reversal to zero, none', () => {
    expect(provisionMovement(0, 500)).to.deep.equal({ kind: 'charge', amount: 500 });
    expect(provisionMovement(500, 1000)).to.deep.equal({ kind: 'increase', amount: 500 });
    expect(provisionMovement(1000, 300)).to.deep.equal({ kind: 'decrease', amount: 700 });
    expect(provisionMovement(300, 0)).to.deep.equal({ kind: 'reversal', amount: 300 });
    expect(provisionMovement(300, 300)).to.deep.equal({ kind: 'none', amount: 0 });
    expect(() => provisionMovement(0, -1)).to.throw(AppError, /must not be negative/);
  });
});

describe('provisions: reversal when a doubtful receivable is paid', () => {
  it('reverses the paid share of the provision, so the loss rate on the rest does not change', () => {
    const r = provisionReversalOnPayment({ currentProvision: 30000, outstandingTtc: 120000, outstandingVat: 20000, amountPaid: 40000 });
    expect(r).to.deep.equal({ reversal: 10000, provisionAfter: 20000, outstandingTtcAfter: 80000, outstandingVatAfter: 13333, htBaseAfter: 66667 });
  });

  it('reverses everything on a full payment', () => {
    expect(provisionReversalOnPayment({ currentProvision: 77777, outstandingTtc: 120000, outstandingVat: 20000, amountPaid: 120000 }).provisionAfter).to.equal(0);
  });

  it('reverses more than the paid share when the provision would otherwise exceed the base left', () => {
    // 900,00 provisioned on 1 000,00, 500,00 paid: the paid share alone (450,00) would leave 450,00,
    // but the caller's invoice-based HT base after payment is 400,00, so 500,00 is reversed.
    const r = provisionReversalOnPayment({ currentProvision: 90000, outstandingTtc: 100000, outstandingVat: 0, amountPaid: 50000, htBaseAfter: 40000 });
    expect(r.reversal).to.equal(50000);
    expect(r.provisionAfter).to.equal(40000);
  });
});

describe('provisions: État des provisions', () => {
  const movements: ProvisionMovementRecord[] = [
    { date: '2024-10-01', kind: 'charge', amount: 50000, key: 'D-001' },
    { date: '2024-12-31', kind: 'increase', amount: 50000, key: 'D-001' },
    { date: '2025-02-01', kind: 'decrease', amount: 70000, key: 'D-001' },
    { date: '2025-03-15', kind: 'charge', amount: 20000, key: 'D-002' },
    { date: '2025-06-30', kind: 'reversal', amount: 30000, key: 'D-001' },
    { date: '2026-01-05', kind: 'charge', amount: 99999, key: 'D-003' },
  ];

  it('gives the opening balance, the movements of the period and the closing balance', () => {
    const state = provisionState(movements, '2025-01-01', '2025-12-31');
    expect(state.opening).to.equal(100000);
    expect(state.allowances).to.equal(20000);
    expect(state.reversals).to.equal(100000);
    expect(state.closing).to.equal(20000);
    expect(state.movements.map((m) => m.date)).to.deep.equal(['2025-02-01', '2025-03-15', '2025-06-30']);
    expect(state.lines).to.deep.equal([
      { key: 'D-001', opening: 100000, allowances: 0, reversals: 100000, closing: 0 },
      { key: 'D-002', opening: 0, allowances: 20000, reversals: 0, closing: 20000 },
    ]);
  });

  it('at a date inside the period, ignores later movements', () => {
    const state = provisionState(movements, '2025-01-01', '2025-03-01');
    expect(state.closing).to.equal(30000);
    expect(state.lines.map((l) => l.key)).to.deep.equal(['D-001']);
  });

  it('refuses a period that ends before it starts', () => {
    expect(() => provisionState(movements, '2025-01-01', '2024-12-31')).to.throw(AppError, /before periodStart/);
  });
});
