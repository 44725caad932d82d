/**
 * Late-payment charges (Code de commerce L441-10 and D441-5), as pure functions.
 *
 * Penalty = amount due (TTC) x annual rate x days late / 365, counted from the day after the due date.
 * The default rate is set per half-year (ECB rate on 1 January for H1, on 1 July for H2, + 10 points).
 * When the lateness spans several half-years, the days are split by half-year and each part takes
 * the rate of its own half-year: the law fixes the rate "in force" for each half-year, so the rate
 * follows the calendar rather than being frozen at the due date. The parts are summed exactly and
 * rounded once, to the cent (half away from zero). The divisor stays 365 in leap years, as the
 * statute's annual-rate wording and common practice have it.
 */
import { z } from 'zod';
import { AppError } from '../shared/errors';
import type { Cents } from '../shared/money';
import { addDays, daysBetween, isBusinessDate, type BusinessDate } from '../shared/business-date';
import bundledRates from './legal-rates.json';

/** D441-5: fixed recovery indemnity per late invoice, 40 €, no VAT. */
export const RECOVERY_INDEMNITY_CENTS: Cents = 4000;
const DAYS_PER_YEAR = 365;

function invalid(message: string): AppError {
  return new AppError('validation', message);
}

// ---------------------------------------------------------------------------------------------
// Half-years and the rate table

/** `2025-H2` */
export type HalfYear = `${number}-H${1 | 2}`;

export function halfYearOf(date: BusinessDate): HalfYear {
  const year = Number(date.slice(0, 4));
  return `${year}-H${date.slice(5, 7) <= '06' ? 1 : 2}` as HalfYear;
}

export function halfYearBounds(halfYear: HalfYear): { start: BusinessDate; end: BusinessDate } {
  const [year, half] = halfYear.split('-H');
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

const twoDecimals = (v: number) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6;

const rowSchema = z.object({
  halfYear: z.string().regex(/^\d{4}-H[12]$/, 'must look like 2025-H1 or 2025-H2'),
  ratePercent: z.number().gt(0).max(100).refine(twoDecimals, 'at most two decimals'),
});
const tableSchema = z.object({ rates: z.array(rowSchema).min(1, 'the table has no rate') });

/**
 * Validates a rate table (the bundled JSON, or one an administrator extended). Rows may come in any
 * order and any number; a half-year listed twice (an overlap) or a missing half-year between the
 * first and the last (a gap) is refused with a message naming it.
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
    const expected = nextHalfYear(previous.halfYear);
    if (current.halfYear !== expected) {
      throw invalid(`Invalid legal rate table: no rate between ${previous.halfYear} and ${current.halfYear} (missing ${expected})`);
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

/** The contract may set its own rate (L441-10), at least 3 x the legal interest rate. */
export interface ContractRate {
  contractRatePercent: number;
}

export type PenaltyRateSource = LegalRateTable | ContractRate;

export function minimumContractRate(legalInterestRatePercent: number): number {
  return Math.round(legalInterestRatePercent * 300) / 100;
}

export function isContractRateAllowed(contractRatePercent: number, legalInterestRatePercent: number): boolean {
  return Math.round(contractRatePercent * 100) >= Math.round(legalInterestRatePercent * 300);
}

// ---------------------------------------------------------------------------------------------
// Penalties

export class MissingLegalRateError extends AppError {
  constructor(readonly missingHalfYears: HalfYear[], context: string) {
    super('invalid_state', `No late-payment rate for ${missingHalfYears.join(', ')} (${context}): add the half-year to the legal rate table`);
  }
}

export interface LateInvoice {
  amountDueTtc: Cents;
  dueDate: BusinessDate;
  pieceRef?: string;
}

export interface PenaltySegment {
  /** Half-year of the legal table; null for a contract rate. */
  halfYear: HalfYear | null;
  /** First and last day late in this segment, inclusive. */
  from: BusinessDate;
  to: BusinessDate;
  days: number;
  ratePercent: number;
  /** Share of the penalty; the segments add up to the penalty exactly. */
  penalty: Cents;
}

export interface InvoicePenalty {
  daysLate: number;
  segments: PenaltySegment[];
  penalty: Cents;
}

function checkInvoice(invoice: LateInvoice, asOf: BusinessDate): void {
  if (!Number.isSafeInteger(invoice.amountDueTtc)) throw invalid(`amountDueTtc must be an integer number of cents, got ${invoice.amountDueTtc}`);
  if (!isBusinessDate(invoice.dueDate)) throw invalid(`dueDate is not a date: ${JSON.stringify(invoice.dueDate)}`);
  if (!isBusinessDate(asOf)) throw invalid(`asOf is not a date: ${JSON.stringify(asOf)}`);
}

/** Splits the days late, from the day after the due date to `asOf` inclusive, by calendar half-year. */
export function lateDaysByHalfYear(dueDate: BusinessDate, asOf: BusinessDate): { halfYear: HalfYear; from: BusinessDate; to: BusinessDate; days: number }[] {
  const parts: { halfYear: HalfYear; from: BusinessDate; to: BusinessDate; days: number }[] = [];
  let from = addDays(dueDate, 1);
  while (from <= asOf) {
    const halfYear = halfYearOf(from);
    const end = halfYearBounds(halfYear).end;
    const to = end < asOf ? end : asOf;
    parts.push({ halfYear, from, to, days: daysBetween(from, to) + 1 });
    from = addDays(to, 1);
  }
  return parts;
}

function roundDiv(num: bigint, den: bigint): bigint {
  const negative = num < 0n;
  const abs = negative ? -num : num;
  const q = (abs * 2n + den) / (den * 2n);
  return negative ? -q : q;
}

/**
 * Penalty owed on one invoice at `asOf` (the payment date, or the day of the computation).
 * With a legal rate table, throws MissingLegalRateError naming every half-year the table lacks.
 */
export function penaltyForInvoice(invoice: LateInvoice, asOf: BusinessDate, rates: PenaltyRateSource): InvoicePenalty {
  checkInvoice(invoice, asOf);
  const parts = lateDaysByHalfYear(invoice.dueDate, asOf);
  const daysLate = parts.reduce((s, p) => s + p.days, 0);
  if (daysLate === 0 || invoice.amountDueTtc <= 0) return { daysLate, segments: [], penalty: 0 };

  let segments: Omit<PenaltySegment, 'penalty'>[];
  if ('contractRatePercent' in rates) {
    const rate = rates.contractRatePercent;
    if (!Number.isFinite(rate) || rate <= 0 || !twoDecimals(rate)) throw invalid(`contract rate must be a positive percentage with two decimals at most, got ${rate}`);
    segments = [{ halfYear: null, from: parts[0].from, to: parts[parts.length - 1].to, days: daysLate, ratePercent: rate }];
  } else {
    const missing = parts.filter((p) => rateForHalfYear(rates, p.halfYear) === undefined).map((p) => p.halfYear);
    if (missing.length > 0) {
      const which = invoice.pieceRef ? `invoice ${invoice.pieceRef}` : 'invoice';
      throw new MissingLegalRateError(missing, `${which} due ${invoice.dueDate}, late until ${asOf}`);
    }
    segments = parts.map((p) => ({ ...p, ratePercent: rateForHalfYear(rates, p.halfYear) as number }));
  }

  // amount x (rate in basis points / 10 000) x days / 365, summed as exact fractions, rounded once.
  const den = BigInt(10000 * DAYS_PER_YEAR);
  const amount = BigInt(invoice.amountDueTtc);
  const numerators = segments.map((s) => amount * BigInt(Math.round(s.ratePercent * 100)) * BigInt(s.days));
  const penalty = Number(roundDiv(numerators.reduce((a, b) => a + b, 0n), den));
  const shares = numerators.map((n) => Number(roundDiv(n, den)));
  shares[shares.length - 1] += penalty - shares.reduce((a, b) => a + b, 0);
  return { daysLate, segments: segments.map((s, i) => ({ ...s, penalty: shares[i] })), penalty };
}

/**
 * D441-5 indemnity: 40 € per late invoice, none when the invoice is not late, or when a collective
 * procedure forbids paying the debt (claims born before the opening judgment).
 */
export function recoveryIndemnity(daysLate: number, paymentForbiddenByCollectiveProcedure: boolean, amountCents: Cents = RECOVERY_INDEMNITY_CENTS): Cents {
  return daysLate > 0 && !paymentForbiddenByCollectiveProcedure ? amountCents : 0;
}

// ---------------------------------------------------------------------------------------------
// Summary

export interface LatePaymentInvoice extends LateInvoice {
  /** Overrides the option of the same name for this invoice. */
  paymentForbiddenByCollectiveProcedure?: boolean;
}

export interface LatePaymentOptions {
  /** Legal rate table; required unless a contract rate is given. */
  rates?: LegalRateTable;
  /** Rate agreed in the contract, replaces the legal table. */
  contractRatePercent?: number;
  /** Default for every invoice: a collective procedure forbids paying these debts. */
  paymentForbiddenByCollectiveProcedure?: boolean;
  /** 4000 cents by default (D441-5). */
  indemnityCents?: Cents;
}

export interface LatePaymentLine {
  pieceRef: string | null;
  amountDueTtc: Cents;
  dueDate: BusinessDate;
  daysLate: number;
  /** The rates applied, one per segment (several when lateness spans half-years). */
  rates: number[];
  segments: PenaltySegment[];
  /** null when a half-year rate is missing: see missingHalfYears. */
  penalty: Cents | null;
  indemnity: Cents;
  missingHalfYears: HalfYear[];
}

export interface LatePaymentSummary {
  asOf: BusinessDate;
  lines: LatePaymentLine[];
  totals: { amountDue: Cents; penalty: Cents; indemnity: Cents; total: Cents };
  /** True when some penalties could not be computed; the totals then leave them out. */
  incomplete: boolean;
  missingHalfYears: HalfYear[];
}

export function latePaymentSummary(invoices: LatePaymentInvoice[], asOf: BusinessDate, options: LatePaymentOptions): LatePaymentSummary {
  let source: PenaltyRateSource;
  if (options.contractRatePercent !== undefined) source = { contractRatePercent: options.contractRatePercent };
  else if (options.rates) source = options.rates;
  else throw invalid('late-payment summary: give the legal rate table or a contract rate');

  const missingAll = new Set<HalfYear>();
  const lines = invoices.map((invoice): LatePaymentLine => {
    const forbidden = invoice.paymentForbiddenByCollectiveProcedure ?? options.paymentForbiddenByCollectiveProcedure ?? false;
    const base = { pieceRef: invoice.pieceRef ?? null, amountDueTtc: invoice.amountDueTtc, dueDate: invoice.dueDate };
    try {
      const p = penaltyForInvoice(invoice, asOf, source);
      const late = p.daysLate > 0 && invoice.amountDueTtc > 0;
      return {
        ...base,
        daysLate: p.daysLate,
        rates: p.segments.map((s) => s.ratePercent),
        segments: p.segments,
        penalty: p.penalty,
        indemnity: recoveryIndemnity(late ? p.daysLate : 0, forbidden, options.indemnityCents),
        missingHalfYears: [],
      };
    } catch (err) {
      if (!(err instanceof MissingLegalRateError)) throw err;
      err.missingHalfYears.forEach((h) => missingAll.add(h));
      const daysLate = Math.max(0, daysBetween(invoice.dueDate, asOf));
      return {
        ...base,
        daysLate,
        rates: [],
        segments: [],
        penalty: null,
        indemnity: recoveryIndemnity(daysLate, forbidden, options.indemnityCents),
        missingHalfYears: err.missingHalfYears,
      };
    }
  });
  const penalty = lines.reduce((s, l) => s + (l.penalty ?? 0), 0);
  const indemnity = lines.reduce((s, l) => s + l.indemnity, 0);
  return {
    asOf,
    lines,
    totals: { amountDue: lines.reduce((s, l) => s + l.amountDueTtc, 0), penalty, indemnity, total: penalty + indemnity },
    incomplete: missingAll.size > 0,
    missingHalfYears: [...missingAll].sort(),
  };
}
