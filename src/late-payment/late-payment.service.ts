/**
 * The legal rate tables as data: read by every figure (Compte dossier, letters, prints), maintained
 * by administrators, each change logged in the settings audit in the same transaction.
 */
import { recordSettingChange } from '../audit';
import { Db, inTransaction } from '../db/transactions';
import { AppError } from '../shared/errors';
import { nowIso, type BusinessDate } from '../shared/business-date';
import { LatePaymentRate, type RateKind } from './late-payment-rate.entity';
import { halfYearOf, type HalfYear, type LegalRateTable } from './late-payment.rules';
import { percentOf } from '../shared/money';

export interface RateTables {
  penalty: LegalRateTable;
  legalInterest: LegalRateTable;
}

const toTable = (rows: LatePaymentRate[], kind: RateKind): LegalRateTable => ({
  rows: rows
    .filter((r) => r.kind === kind)
    .map((r) => ({ halfYear: r.halfYear as HalfYear, ratePercent: percentOf(r.rateHundredths) }))
    .sort((a, b) => (a.halfYear < b.halfYear ? -1 : a.halfYear > b.halfYear ? 1 : 0)),
});

/** Both tables, as the rules take them (one small query: a row per half-year). */
export async function loadRateTables(db: Db): Promise<RateTables> {
  const rows = await db.getRepository(LatePaymentRate).find();
  return { penalty: toTable(rows, 'penalty'), legalInterest: toTable(rows, 'legalInterest') };
}

export async function listRates(db: Db): Promise<LatePaymentRate[]> {
  return db.getRepository(LatePaymentRate).find({ order: { kind: 'ASC', halfYear: 'DESC' } });
}

export interface RateInput {
  kind: RateKind;
  halfYear: HalfYear;
  rateHundredths: number;
  source: string | null;
}

const snapshot = (r: LatePaymentRate) => ({ kind: r.kind, halfYear: r.halfYear, rate: percentOf(r.rateHundredths), source: r.source });

/** Adds a half-year's rate, or corrects it when the half-year is already there. */
export async function saveRate(db: Db, input: RateInput): Promise<LatePaymentRate> {
  if (input.rateHundredths <= 0) throw AppError.field('rate', 'latePayment.errors.positive');
  return inTransaction(db, async (m) => {
    const repo = m.getRepository(LatePaymentRate);
    const existing = await repo.findOneBy({ kind: input.kind, halfYear: input.halfYear });
    const before = existing ? snapshot(existing) : null;
    const row = existing ?? repo.create({ kind: input.kind, halfYear: input.halfYear });
    row.rateHundredths = input.rateHundredths;
    row.source = input.source;
    row.updatedAt = nowIso();
    const saved = await repo.save(row);
    await recordSettingChange(m, null, { area: 'late-payment-rates', entityId: `${input.kind}:${input.halfYear}`, before, after: snapshot(saved) });
    return saved;
  });
}

/** Removes a row entered by mistake; the penalty table keeps at least one row, or nothing could be priced. */
export async function deleteRate(db: Db, id: number): Promise<void> {
  await inTransaction(db, async (m) => {
    const repo = m.getRepository(LatePaymentRate);
    const row = await repo.findOneBy({ id });
    if (!row) throw AppError.notFound();
    if (row.kind === 'penalty' && (await repo.countBy({ kind: 'penalty' })) <= 1) throw new AppError('invalid_state', 'latePayment.errors.lastRow');
    await repo.delete({ id });
    await recordSettingChange(m, null, { area: 'late-payment-rates', entityId: `${row.kind}:${row.halfYear}`, before: snapshot(row), after: null });
  });
}

export interface MissingRate {
  kind: RateKind;
  halfYear: HalfYear;
}

/** The rates of the half-year in force that nobody has entered yet: the administrators' banner. */
export async function missingRatesInForce(db: Db, today: BusinessDate): Promise<MissingRate[]> {
  const halfYear = halfYearOf(today);
  const present = await db.getRepository(LatePaymentRate).find({ where: { halfYear }, select: { kind: true } });
  return (['penalty', 'legalInterest'] as const).filter((k) => !present.some((p) => p.kind === k)).map((kind) => ({ kind, halfYear }));
}
