import { expect } from 'chai';
import { loadConfig } from '../../src/config';
import { legalStepAfter, paymentOrderDeadlines, paymentOrderStatusOn, type PaymentOrderFacts } from '../../src/payment-orders/payment-order.rules';
import { paymentOrderDelays } from '../../src/payment-orders/payment-order.service';

/** The settings' defaults: the legal delays (CPC 1411, 1416, former 1423). */
const legal = paymentOrderDelays(loadConfig({}));

const base: PaymentOrderFacts = { status: 'prepared', filedDate: null, orderDate: null, servedDate: null, servedToPerson: true, oppositionDate: null };

describe('injonction de payer, its deadlines day by day', () => {
  it('filed on 2 December, ordered on 15 January: to serve by 15 July (CPC 1411), void the day after', () => {
    const filed = { ...base, status: 'filed' as const, filedDate: '2026-12-02' };
    expect(legalStepAfter('filed', filed, legal)).to.include({ code: 'IP-ORDONNANCE', dueDate: '2027-01-02' });
    const ordered = { ...filed, status: 'ordered' as const, orderDate: '2027-01-15' };
    expect(paymentOrderDeadlines(ordered, legal)).to.include({ serviceDeadline: '2027-07-15', oppositionDeadline: null, executoryFromStart: true });
    expect(legalStepAfter('ordered', ordered, legal)).to.include({ code: 'IP-SIGNIFICATION', dueDate: '2027-07-15' });
    expect(paymentOrderStatusOn(ordered, '2027-07-15', legal)).to.equal('ordered');
    expect(paymentOrderStatusOn(ordered, '2027-07-16', legal)).to.equal('void');
  });

  it('served in person on 1 February: opposition until 1 March (CPC 1416), final from 2 March without one (CPC 1422)', () => {
    const served: PaymentOrderFacts = { ...base, status: 'served', filedDate: '2026-12-02', orderDate: '2027-01-15', servedDate: '2027-02-01' };
    expect(paymentOrderDeadlines(served, legal)).to.include({ oppositionDeadline: '2027-03-01', finalFrom: '2027-03-02', formerEnforceabilityDeadline: null });
    expect(legalStepAfter('served', served, legal)).to.include({ code: 'IP-EXECUTION', dueDate: '2027-03-02' });
    expect(paymentOrderStatusOn(served, '2027-03-01', legal)).to.equal('served');
    expect(paymentOrderStatusOn(served, '2027-03-02', legal)).to.equal('final');
    expect(paymentOrderStatusOn({ ...served, status: 'opposed', oppositionDate: '2027-02-20' }, '2027-04-01', legal)).to.equal('opposed');
  });

  it('not served in person: the month runs from the first enforcement measure, so no final date by itself', () => {
    const served: PaymentOrderFacts = { ...base, status: 'served', orderDate: '2027-01-15', servedDate: '2027-02-01', servedToPerson: false };
    expect(paymentOrderDeadlines(served, legal)).to.include({ oppositionDeadline: null, finalFrom: null });
    expect(paymentOrderStatusOn(served, '2028-01-01', legal)).to.equal('served');
  });

  it('an order made before 1 March 2022 still needed the formule exécutoire within a month after the opposition period (former CPC 1423)', () => {
    const old: PaymentOrderFacts = { ...base, status: 'served', orderDate: '2022-01-10', servedDate: '2022-01-20' };
    expect(paymentOrderDeadlines(old, legal)).to.include({ executoryFromStart: false, oppositionDeadline: '2022-02-20', formerEnforceabilityDeadline: '2022-03-20' });
  });

  it('the delays are settings: shorter ones move the service deadline and the end of the opposition period', () => {
    const delays = paymentOrderDelays(loadConfig({ PAYMENT_ORDER_SERVICE_MONTHS: '3', PAYMENT_ORDER_OPPOSITION_MONTHS: '2' }));
    const ordered: PaymentOrderFacts = { ...base, status: 'ordered', orderDate: '2027-01-15' };
    expect(paymentOrderDeadlines(ordered, delays)).to.include({ serviceDeadline: '2027-04-15' });
    expect(paymentOrderStatusOn(ordered, '2027-04-16', delays)).to.equal('void');
    expect(legalStepAfter('ordered', ordered, delays)).to.include({ dueDate: '2027-04-15' });
    const served: PaymentOrderFacts = { ...ordered, status: 'served', servedDate: '2027-02-01' };
    expect(paymentOrderDeadlines(served, delays)).to.include({ oppositionDeadline: '2027-04-01', finalFrom: '2027-04-02' });
  });
});
