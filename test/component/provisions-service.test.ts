import { expect } from 'chai';
import { createTestDatabase, TestDatabase } from '../support/test-db';
import { ReferenceData, seedReferenceData } from '../support/factories';
import { bookedLines, transfer, workedExampleDossier } from './provisions-support';
import {
  currentProvision, dossierExposure, recordDoubtfulPayment, recordRecoveryAfterWriteOff, setProvision, settleProvisionOnClosure,
} from '../../src/provisions';
import { ProvisionMovementRow } from '../../src/provisions/provision-movement.entity';
import { DossierEvent } from '../../src/history/dossier-event.entity';
import { AppError } from '../../src/shared/errors';

const ACTOR = { userId: null, userName: 'Comptable' };
const AT = '2026-11-22T09:00:00.000Z';

describe('provisions through the services (worked example of DOMAIN-FR.md, rows in the database)', () => {
  let db: TestDatabase;
  let ref: ReferenceData;
  const ds = () => db.dataSource;

  before(async () => {
    db = await createTestDatabase();
    ref = await seedReferenceData(ds());
  });
  after(() => db.drop());

  it('computes the HT base from the invoice\'s VAT line (4457x of the same piece)', async () => {
    const { dossier } = await workedExampleDossier(ds(), ref);
    const x = await dossierExposure(ds(), dossier.id, 5.5);
    expect(x).to.include({ outstandingTtc: 120000, outstandingVat: 20000, base: 100000, vatSource: 'ledger', provision: 0 });
  });

  it('falls back on the default VAT rate when the ledger has no VAT line for the piece', async () => {
    const { dossier } = await workedExampleDossier(ds(), ref, { vatLine: false });
    const x = await dossierExposure(ds(), dossier.id, 20);
    expect(x).to.include({ outstandingTtc: 120000, outstandingVat: 20000, base: 100000, vatSource: 'default' });
    const x55 = await dossierExposure(ds(), dossier.id, 5.5);
    expect(x55.base).to.equal(113744); // 1 200,00 / 1,055 = 1 137,44
  });

  it('books transfer, 50 %, 100 %, lowering, write-off with VAT and the recovery, line for line', async () => {
    const { dossier, customer } = await workedExampleDossier(ds(), ref);
    const aux = customer.auxiliaryAccount;
    await transfer(ds(), dossier, customer, '2026-09-01');
    await setProvision(ds(), { dossierId: dossier.id, date: '2026-09-30', amount: null, lossPercentage: 50, actor: ACTOR, at: AT });
    await setProvision(ds(), { dossierId: dossier.id, date: '2026-10-31', amount: null, lossPercentage: 100, actor: ACTOR, at: AT });
    await setProvision(ds(), { dossierId: dossier.id, date: '2026-11-15', amount: 80000, actor: ACTOR, at: AT });
    const settled = await settleProvisionOnClosure(ds(), { dossierId: dossier.id, date: '2026-11-30', lost: true, rectifiedInvoiceIssued: true, actor: ACTOR, at: AT });
    expect(settled).to.include({ writtenOff: 100000, vatRecovered: 20000, reversed: 80000, lossAccount: '6541' });
    await recordRecoveryAfterWriteOff(ds(), { dossierId: dossier.id, date: '2026-12-10', amount: 30000, actor: ACTOR, at: AT });

    const booked = await bookedLines(ds(), dossier.id);
    expect(booked.map((e) => e.lines)).to.deep.equal([
      [{ account: '416', aux, debit: 120000, credit: 0 }, { account: '411', aux, debit: 0, credit: 120000 }],
      [{ account: '68174', aux: null, debit: 50000, credit: 0 }, { account: '491', aux: null, debit: 0, credit: 50000 }],
      [{ account: '68174', aux: null, debit: 50000, credit: 0 }, { account: '491', aux: null, debit: 0, credit: 50000 }],
      [{ account: '491', aux: null, debit: 20000, credit: 0 }, { account: '78174', aux: null, debit: 0, credit: 20000 }],
      [{ account: '6541', aux: null, debit: 100000, credit: 0 }, { account: '44571', aux: null, debit: 20000, credit: 0 }, { account: '416', aux, debit: 0, credit: 120000 }],
      [{ account: '491', aux: null, debit: 80000, credit: 0 }, { account: '78174', aux: null, debit: 0, credit: 80000 }],
      [{ account: '512', aux: null, debit: 30000, credit: 0 }, { account: '7714', aux: null, debit: 0, credit: 30000 }],
    ]);
    expect(booked.map((e) => e.date)).to.deep.equal(['2026-09-01', '2026-09-30', '2026-10-31', '2026-11-15', '2026-11-30', '2026-11-30', '2026-12-10']);
    const numbers = booked.map((e) => Number(e.number));
    expect(numbers).to.deep.equal([...numbers].sort((a, b) => a - b));

    const movements = await ds().getRepository(ProvisionMovementRow).find({ where: { dossierId: dossier.id }, order: { id: 'ASC' } });
    expect(movements.map((m) => [m.kind, m.amount, m.provisionAfter, m.reason])).to.deep.equal([
      ['charge', 50000, 50000, 'manual'], ['increase', 50000, 100000, 'manual'], ['decrease', 20000, 80000, 'manual'], ['reversal', 80000, 0, 'writeOff'],
    ]);
    expect(movements[0]).to.include({ base: 100000, lossHundredths: 5000 });
    expect(await currentProvision(ds(), dossier.id)).to.equal(0);
    const types = (await ds().getRepository(DossierEvent).find({ where: { dossierId: dossier.id }, order: { id: 'ASC' } })).map((e) => e.type);
    expect(types).to.deep.equal(['provisionChanged', 'provisionChanged', 'provisionChanged', 'writtenOff', 'recoveryAfterWriteOff']);
  });

  it('on payment after all: 512 / 416 for the amount received, then 491 / 78174 for what remains provisioned', async () => {
    const { dossier, customer } = await workedExampleDossier(ds(), ref);
    await transfer(ds(), dossier, customer, '2026-09-01');
    await setProvision(ds(), { dossierId: dossier.id, date: '2026-09-30', amount: null, lossPercentage: 50, actor: ACTOR, at: AT });
    await recordDoubtfulPayment(ds(), { dossierId: dossier.id, date: '2026-10-15', amount: 120000, actor: ACTOR, at: AT });
    const booked = await bookedLines(ds(), dossier.id);
    expect(booked.slice(2).map((e) => e.lines)).to.deep.equal([
      [{ account: '512', aux: null, debit: 120000, credit: 0 }, { account: '416', aux: customer.auxiliaryAccount, debit: 0, credit: 120000 }],
      [{ account: '491', aux: null, debit: 50000, credit: 0 }, { account: '78174', aux: null, debit: 0, credit: 50000 }],
    ]);
    const x = await dossierExposure(ds(), dossier.id);
    expect(x).to.include({ outstandingTtc: 0, provision: 0 });
  });

  it('when a dossier ends without loss, what is left of the provision is reversed (491 / 78174)', async () => {
    const { dossier } = await workedExampleDossier(ds(), ref);
    await setProvision(ds(), { dossierId: dossier.id, date: '2026-09-30', amount: 25000, actor: ACTOR, at: AT });
    const r = await settleProvisionOnClosure(ds(), { dossierId: dossier.id, date: '2026-11-30', lost: false, actor: ACTOR, at: AT });
    expect(r).to.include({ reversed: 25000, writtenOff: 0 });
    const booked = await bookedLines(ds(), dossier.id);
    expect(booked[1].lines).to.deep.equal([{ account: '491', aux: null, debit: 25000, credit: 0 }, { account: '78174', aux: null, debit: 0, credit: 25000 }]);
    const last = await ds().getRepository(ProvisionMovementRow).findOneOrFail({ where: { dossierId: dossier.id }, order: { id: 'DESC' } });
    expect(last).to.include({ kind: 'reversal', amount: 25000, reason: 'closure', provisionAfter: 0 });
  });

  it('a lost dossier never transferred to doubtful is written off against 411; without a rectified invoice the VAT stays on it', async () => {
    const { dossier, customer } = await workedExampleDossier(ds(), ref, { invoiceDate: '2025-06-01' });
    await setProvision(ds(), { dossierId: dossier.id, date: '2026-09-30', amount: null, lossPercentage: 100, actor: ACTOR, at: AT });
    const r = await settleProvisionOnClosure(ds(), { dossierId: dossier.id, date: '2026-11-30', lost: true, actor: ACTOR, at: AT });
    expect(r).to.include({ writtenOff: 100000, vatRecovered: 0, lossAccount: '6544' });
    const booked = await bookedLines(ds(), dossier.id);
    expect(booked.slice(1).map((e) => e.lines)).to.deep.equal([
      [{ account: '6544', aux: null, debit: 100000, credit: 0 }, { account: '411', aux: customer.auxiliaryAccount, debit: 0, credit: 100000 }],
      [{ account: '491', aux: null, debit: 100000, credit: 0 }, { account: '78174', aux: null, debit: 0, credit: 100000 }],
    ]);
  });

  it('a closure with neither provision nor loss books nothing', async () => {
    const { dossier } = await workedExampleDossier(ds(), ref);
    const r = await settleProvisionOnClosure(ds(), { dossierId: dossier.id, date: '2026-11-30', lost: false, actor: ACTOR, at: AT });
    expect(r.entries).to.have.length(0);
    expect(await bookedLines(ds(), dossier.id)).to.have.length(0);
  });

  it('a refused provision (above the HT base) leaves no entry and no movement', async () => {
    const { dossier } = await workedExampleDossier(ds(), ref);
    let error: unknown;
    try {
      await setProvision(ds(), { dossierId: dossier.id, date: '2026-09-30', amount: 100001, actor: ACTOR, at: AT });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(AppError);
    expect((error as AppError).fieldErrors[0]).to.include({ field: 'amount', message: 'provisions.errors.amountAboveBase' });
    expect(await bookedLines(ds(), dossier.id)).to.have.length(0);
    expect(await ds().getRepository(ProvisionMovementRow).countBy({ dossierId: dossier.id })).to.equal(0);
  });

  it('inside a caller\'s transaction that fails, the closure leaves nothing behind', async () => {
    const { dossier } = await workedExampleDossier(ds(), ref);
    await setProvision(ds(), { dossierId: dossier.id, date: '2026-09-30', amount: 25000, actor: ACTOR, at: AT });
    await ds().transaction(async (m) => {
      await settleProvisionOnClosure(m, { dossierId: dossier.id, date: '2026-11-30', lost: true, actor: ACTOR, at: AT });
      throw new Error('status change refused');
    }).catch(() => undefined);
    expect(await bookedLines(ds(), dossier.id)).to.have.length(1);
    expect(await currentProvision(ds(), dossier.id)).to.equal(25000);
  });
});
