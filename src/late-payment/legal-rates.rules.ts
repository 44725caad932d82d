/**
 * The legal rate tables, as pure functions: half-years, the validated table, the rate in force for a
 * half-year (carried over, provisionally, when the table lacks it), and the floor of a contract rate.
 */
import { z } from 'zod';
import { AppError } from '../shared/errors';
import type { BusinessDate } from '../shared/business-date';
import bundledRates from './legal-rates.json';

function invalid(message: string): AppError {
  return new AppError('validation', message);
}

/** `2025-H2` */
export type HalfYear = `${number}-H${1 | 2}`;

export function halfYearOf(date: BusinessDate): HalfYear {
  const year = Number(date.slice(0, 4));
  return `${year}-H${date.slice(5, 7) <= '06' ? 1 : 2}` as HalfYear;
}

export function halfYearBounds(halfYear: HalfYear): { start: BusinessDate; end: BusinessDate } {
  // `2026-H2` read by position (the late-payment rules call this for every invoice); anything else as split('-H') reads it.
  const wellFormed = /^\d{4}-H\d$/.test(halfYear);
  const year = wellFormed ? halfYear.slice(0, 4) : halfYear.split('-H')[0];
  const half = wellFormed ? halfYear.slice(6) : halfYear.split('-H')[1];
  return half === '1' ? { start: `${year}-01-01`, end: `${year}-06-30` } : { start: `${year}-07-01`, end: `${year}-12-31` };
}

export function nextHalfYear(halfYear: HalfYear): HalfYear {
  const [year, half] = halfYear.split('-H').map(Number);
  return (half === 1 ? `${year}-H2` : `${year + 1}-H1`) as HalfYear;
}

export interface LegalRateRow {
  halfYear: HalfYear;
  /** Annual rate in percent, two decimals at most (12.15 = 12,15 %). */
  ratePercent: number;
}

/** Validated, sorted and contiguous table of default penalty rates. */
export interface LegalRateTable {
  rows: LegalRateRow[];
}

/** At most two decimals (rates are kept in hundredths of a percent). */
export const twoDecimals = (v: number) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6;

const rowSchema = z.object({
  halfYear: z.string().regex(/^\d{4}-H[12]$/, 'must look like 2025-H1 or 2025-H2'),
  ratePercent: z.number().gt(0).max(100).refine(twoDecimals, 'at most two decimals'),
});
const tableSchema = z.object({ rates: z.array(rowSchema).min(1, 'the table has no rate') });

/**
 * Validates a rate table (the shipped JSON, or the rows an administrator maintains). Rows may come
 * in any order; a half-year listed twice is refused with a message naming it. A gap is allowed: the
 * half-years it leaves out are priced provisionally (see rateInForce) until someone fills them in.
 */
export function loadLegalRates(raw: unknown): LegalRateTable {
  const parsed = tableSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`Invalid legal rate table at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const rows = parsed.data.rates
    .map((r) => ({ halfYear: r.halfYear as HalfYear, ratePercent: r.ratePercent }))
    .sort((a, b) => (a.halfYear < b.halfYear ? -1 : a.halfYear > b.halfYear ? 1 : 0));
  for (let i = 1; i < rows.length; i++) {
    const previous = rows[i - 1];
    const current = rows[i];
    if (current.halfYear === previous.halfYear) {
      throw invalid(`Invalid legal rate table: ${current.halfYear} is listed twice (${previous.ratePercent} % and ${current.ratePercent} %)`);
    }
  }
  return { rows };
}

/** The table shipped in legal-rates.json. */
export function bundledLegalRates(): LegalRateTable {
  return loadLegalRates(bundledRates);
}

export function rateForHalfYear(table: LegalRateTable, halfYear: HalfYear): number | undefined {
  return table.rows.find((r) => r.halfYear === halfYear)?.ratePercent;
}

export interface RateInForce {
  ratePercent: number;
  /** The row the rate comes from: `halfYear` itself, or the nearest known one when it is missing. */
  fromHalfYear: HalfYear;
  provisional: boolean;
}

/**
 * The rate for a half-year: its own row; failing that, the latest known row before it (the usual
 * case: the half-year in force not entered yet), or the first row when it is older than the table.
 * Undefined only for an empty table.
 */
export function rateInForce(table: LegalRateTable, halfYear: HalfYear): RateInForce | undefined {
  const own = table.rows.find((r) => r.halfYear === halfYear);
  if (own) return { ratePercent: own.ratePercent, fromHalfYear: own.halfYear, provisional: false };
  const before = table.rows.filter((r) => r.halfYear < halfYear);
  const row = before.length > 0 ? before[before.length - 1] : table.rows[0];
  return row ? { ratePercent: row.ratePercent, fromHalfYear: row.halfYear, provisional: true } : undefined;
}

/** The half-years from `from` to `to` inclusive that the table lacks (what the administrator should fill in). */
export function missingHalfYearsBetween(table: LegalRateTable, from: HalfYear, to: HalfYear): HalfYear[] {
  const out: HalfYear[] = [];
  for (let h = from; h <= to; h = nextHalfYear(h)) if (rateForHalfYear(table, h) === undefined) out.push(h);
  return out;
}

/**
 * The contract may set its own rate (L441-10), never below 3 x the legal interest rate. With the
 * legal interest table, a contract rate below the floor of a half-year is raised to it there.
 */
export interface ContractRate {
  contractRatePercent: number;
  legalInterest?: LegalRateTable;
}

export type PenaltyRateSource = LegalRateTable | ContractRate;

export function minimumContractRate(legalInterestRatePercent: number): number {
  return Math.round(legalInterestRatePercent * 300) / 100;
}

export function isContractRateAllowed(contractRatePercent: number, legalInterestRatePercent: number): boolean {
  return Math.round(contractRatePercent * 100) >= Math.round(legalInterestRatePercent * 300);
}

/** The floor of a contract rate in a half-year: 3 x its legal interest rate, when that rate is known. */
export function contractRateFloor(legalInterest: LegalRateTable | undefined, halfYear: HalfYear): number | undefined {
  const rate = legalInterest ? rateForHalfYear(legalInterest, halfYear) : undefined;
  return rate === undefined ? undefined : minimumContractRate(rate);
}

export type ContractRateCheck =
  | { ok: true; floorPercent: number; halfYear: HalfYear }
  | { ok: false; floorPercent: number; halfYear: HalfYear }
  | { ok: true; floorPercent: null; halfYear: HalfYear };

/** Checks a contract rate typed today: refused below the floor of the half-year in force when it is known. */
export function checkContractRate(contractRatePercent: number, legalInterest: LegalRateTable, today: BusinessDate): ContractRateCheck {
  const halfYear = halfYearOf(today);
  const floor = contractRateFloor(legalInterest, halfYear);
  if (floor === undefined) return { ok: true, floorPercent: null, halfYear };
  return { ok: Math.round(contractRatePercent * 100) >= Math.round(floor * 100), floorPercent: floor, halfYear };
}

