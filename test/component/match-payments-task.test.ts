/**
 * The daily payment-matching task dates its matches by the business date it is given, not by the
 * clock (issue 13): a catch-up run for a missed day writes that day.
 */
import { expect } from 'chai';
import { createTestDatabase, TestDatabase } from '../support/test-db';
import { makeDossier, makeEntry, makeThirdParty, ReferenceData, seedReferenceData } from '../support/factories';
import { recordDirectPayment } from '../../src/dossier-account';
import { DirectPayment } from '../../src/dossier-account/dossier-account.entity';
import { DossierEvent } from '../../src/history/dossier-event.entity';
import { matchPaymentsTask } from '../../src/jobs/match-payments.task';

describe('the payment-matching task and the business date', () => {
  let db: TestDatabase;
  let ref: ReferenceData;

  before(async () => {
    db = await createTestDatabase();
    ref = await seedReferenceData(db.dataSource);
  });
  after(() => db.drop());

  it('stamps the match and its Chrono event with the business date of the run', async () => {
    const ds = db.dataSource;
    const customer = await makeThirdParty(ds, ref);
    const d = await makeDossier(ds, ref, customer);
    const actor = { userId: null, userName: 'test' };
    await recordDirectPayment(ds, d.id, {
      paymentDate: '2026-11-10', receivedDate: '2026-11-10', amount: 25000, method: 'transfer', receivedBy: 'agency', reference: 'VIR-9', comment: null,
    }, actor, '2026-11-10T09:00:00.000Z', '2026-11-10');
    await makeEntry(ds, ref, customer, { journalCode: 'BQ', journalLabel: 'Banque', debit: 0, credit: 25000, entryDate: '2026-11-14', pieceRef: 'VIR-9', dueDate: null });

    // A catch-up of 22 November, run on another day: the clock's date is not what is written.
    expect(await matchPaymentsTask({ dataSource: ds }, '2026-11-22')).to.deep.equal({ paymentsMatched: 1 });
    const payment = await ds.getRepository(DirectPayment).findOneByOrFail({ dossierId: d.id });
    expect(payment.matchedAt).to.equal('2026-11-22T00:00:00.000Z');
    const event = await ds.getRepository(DossierEvent).findOneByOrFail({ dossierId: d.id, type: 'paymentMatched' });
    expect(event.at).to.equal('2026-11-22T00:00:00.000Z');
  });

  it('refuses what is not a business date', async () => {
    let error: unknown;
    try {
      await matchPaymentsTask({ dataSource: db.dataSource }, '22/11/2026');
    } catch (err) {
      error = err;
    }
    expect(String(error)).to.include('not a business date');
  });
});
