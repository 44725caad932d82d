import { expect } from 'chai';
import { createTestDatabase, TestDatabase } from '../support/test-db';
import { makeDossier, makeEntry, makeThirdParty, ReferenceData, seedReferenceData } from '../support/factories';
import {
  currentProvision, dossierExposure, recordDoubtfulPayment, setProvision, settleProvisionOnClosure,
} from '../../src/provisions';
import { bookJournalEntries, journalAccounts, transferToDoubtful } from '../../src/journal';
import { DossierEntry } from '../../src/dossiers/dossier.entity';
import { rawQuery } from '../../src/db/transactions';
import { toNumber } from '../../src/db/column-types';
import { isAppError } from '../../src/shared/errors';

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

// PROPERTY_DB_SEQUENCES=500 for a longer hunt; 40 by default keeps the suite fast (each step is real SQL).
const SEQUENCES = Number(process.env.PROPERTY_DB_SEQUENCES ?? 40);
const ACTOR = { userId: null, userName: 'Propriété' };
const AT = '2026-11-22T09:00:00.000Z';

describe('provisions property: random provision changes, payments and closures through the services', () => {
  let db: TestDatabase;
  let ref: ReferenceData;
  const ds = () => db.dataSource;

  before(async () => {
    db = await createTestDatabase();
    ref = await seedReferenceData(ds());
  });
  after(() => db.drop());

  async function unbalancedEntries(dossierId: number): Promise<number> {
    const rows = await rawQuery<{ n: unknown }>(ds(),
      `SELECT COUNT(*) AS n FROM (SELECT je.id FROM journal_entry je JOIN journal_line jl ON jl.journal_entry_id = je.id
        WHERE je.dossier_id = :dossierId GROUP BY je.id HAVING SUM(jl.debit) <> SUM(jl.credit) OR COUNT(*) < 2) x`, { dossierId });
    return toNumber(rows[0]?.n);
  }

  async function allowanceBalance(dossierId: number): Promise<number> {
    const [row] = await rawQuery<{ b: unknown }>(ds(),
      `SELECT SUM(jl.credit - jl.debit) AS b FROM journal_line jl JOIN journal_entry je ON je.id = jl.journal_entry_id
        WHERE je.dossier_id = :dossierId AND jl.account = '491'`, { dossierId });
    return toNumber(row?.b);
  }

  it(`over ${SEQUENCES} random sequences, every booked entry balances and the 491 balance equals the provision`, async function () {
    this.timeout(300000);
    const seed = Number(process.env.PROPERTY_SEED ?? 20261122);
    const rnd = prng(seed);
    const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
    const accounts = await journalAccounts(ds());
    let steps = 0;
    let refusals = 0;
    for (let s = 0; s < SEQUENCES; s++) {
      const customer = await makeThirdParty(ds(), ref);
      const dossier = await makeDossier(ds(), ref, customer, { lossHundredths: int(0, 100) * 100 });
      for (let i = int(1, 3); i > 0; i--) {
        const ttc = int(1, 500000);
        const invoice = await makeEntry(ds(), ref, customer, { debit: ttc });
        if (rnd() < 0.5) {
          const vat = Math.floor(ttc * [0.2, 0.1, 0.055, 0][int(0, 3)] / (1 + 0.2));
          if (vat > 0) {
            await makeEntry(ds(), ref, customer, { account: '445710', auxiliaryAccount: null, thirdPartyId: null, debit: 0, credit: vat, pieceRef: invoice.pieceRef, dueDate: null });
          }
        }
        await ds().getRepository(DossierEntry).save({ dossierId: dossier.id, ledgerEntryId: invoice.id, linkedAt: AT, linkedBy: null });
      }
      let day = 1;
      const date = () => `2026-${String(1 + Math.floor(day / 28)).padStart(2, '0')}-${String(1 + (day % 28)).padStart(2, '0')}`;
      let transferred = false;
      const context = () => `seed ${seed}, sequence ${s}, step ${steps}`;
      for (let n = int(1, 12); n > 0; n--) {
        day += int(0, 5);
        steps++;
        const x = await dossierExposure(ds(), dossier.id, 20);
        const choice = rnd();
        try {
          if (choice < 0.15 && !transferred && x.outstandingTtc > 0) {
            await bookJournalEntries(ds(), transferToDoubtful([{ auxiliaryAccount: customer.auxiliaryAccount, pieceRef: `REC${dossier.number}`, amountTtc: x.outstandingTtc }], { date: date(), accounts }),
              { companyId: dossier.companyId, dossierId: dossier.id });
            transferred = true;
          } else if (choice < 0.6) {
            const byHand = rnd() < 0.4;
            await setProvision(ds(), {
              dossierId: dossier.id, date: date(), amount: byHand ? int(0, Math.max(0, x.base)) : null, lossPercentage: int(0, 10000) / 100, actor: ACTOR, at: AT,
            });
            const after = await dossierExposure(ds(), dossier.id, 20);
            expect(after.provision, context()).to.be.at.most(Math.max(0, after.base));
          } else if (choice < 0.9 && x.outstandingTtc > 0) {
            await recordDoubtfulPayment(ds(), { dossierId: dossier.id, date: date(), amount: int(1, x.outstandingTtc), actor: ACTOR, at: AT });
          } else {
            await settleProvisionOnClosure(ds(), { dossierId: dossier.id, date: date(), lost: rnd() < 0.5, rectifiedInvoiceIssued: rnd() < 0.5, actor: ACTOR, at: AT });
            expect(await currentProvision(ds(), dossier.id), context()).to.equal(0);
            n = 0;
          }
        } catch (err) {
          // A refusal (no change, nothing to write off) is a field or state error, never a half-written action.
          if (!isAppError(err) || !['validation', 'invalid_state'].includes(err.code)) throw err;
          refusals++;
        }
        expect(await unbalancedEntries(dossier.id), context()).to.equal(0);
        const provision = await currentProvision(ds(), dossier.id);
        expect(provision, context()).to.be.at.least(0);
        expect(await allowanceBalance(dossier.id), context()).to.equal(provision);
      }
    }
    expect(steps).to.be.greaterThan(SEQUENCES);
    expect(refusals).to.be.lessThan(steps);
  });
});
