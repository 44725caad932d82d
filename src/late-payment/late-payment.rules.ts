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
 *
 * Never silently zero: a half-year the table lacks (the one in force, typically, before the
 * administrator has entered it) takes the latest known rate before it (or, before the table's first
 * row, the first one), and the figure is marked provisional with the half-years to fill in.
 */
import { AppError } from '../shared/errors';
import type { Cents } from '../shared/money';
import { addDays, daysBetween, isBusinessDate, type BusinessDate } from '../shared/business-date';
import {
  contractRateFloor, halfYearBounds, halfYearOf, rateInForce, twoDecimals, type HalfYear, type LegalRateTable, type PenaltyRateSource, type RateInForce,
} from './legal-rates.rules';

export * from './legal-rates.rules';

/** D441-5: fixed recovery indemnity per late invoice, 40 €, no VAT. */
export const RECOVERY_INDEMNITY_CENTS: Cents = 4000;
const DAYS_PER_YEAR = 365;

function invalid(message: string): AppError {
  return new AppError('validation', message);
}

// ---------------------------------------------------------------------------------------------
// Penalties

/** Only an empty table has no rate at all: a missing half-year is priced provisionally instead. */
export class MissingLegalRateError extends AppError {
  constructor(readonly missingHalfYears: HalfYear[], context: string) {
    super('invalid_state', `No late-payment rate for ${missingHalfYears.join(', ')} (${context}): the legal rate table is empty`);
  }
}

export interface LateInvoice {
  amountDueTtc: Cents;
  dueDate: BusinessDate;
  pieceRef?: string;
}

export interface PenaltySegment {
  halfYear: HalfYear;
  /** First and last day late in this segment, inclusive. */
  from: BusinessDate;
  to: BusinessDate;
  days: number;
  ratePercent: number;
  /** The half-year's own rate is not known yet: `ratePercent` is the latest known one. */
  provisional: boolean;
  /** The contract rate, raised to 3 x the legal interest rate of the half-year. */
  raisedToFloor?: boolean;
  /** Share of the penalty; the segments add up to the penalty exactly. */
  penalty: Cents;
}

export interface InvoicePenalty {
  daysLate: number;
  segments: PenaltySegment[];
  penalty: Cents;
  /** Half-years priced at a provisional rate (empty when every rate is known). */
  provisionalHalfYears: HalfYear[];
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

/**
 * The segment with its share, keys in the order a spread would give. Written out because object
 * spread costs about a microsecond an object here, and letters compute penalties for every invoice.
 */
function withPenalty(s: Omit<PenaltySegment, 'penalty'>, penalty: Cents): PenaltySegment {
  if (s.raisedToFloor === undefined) return { halfYear: s.halfYear, from: s.from, to: s.to, days: s.days, ratePercent: s.ratePercent, provisional: s.provisional, penalty };
  return { halfYear: s.halfYear, from: s.from, to: s.to, days: s.days, ratePercent: s.ratePercent, provisional: s.provisional, raisedToFloor: s.raisedToFloor, penalty };
}

function roundDiv(num: bigint, den: bigint): bigint {
  const negative = num < 0n;
  const abs = negative ? -num : num;
  const q = (abs * 2n + den) / (den * 2n);
  return negative ? -q : q;
}

/**
 * Penalty owed on one invoice at `asOf` (the payment date, or the day of the computation). A
 * half-year missing from the legal table is priced at the latest known rate, marked provisional.
 * Throws MissingLegalRateError only when the legal table has no row at all.
 */
export function penaltyForInvoice(invoice: LateInvoice, asOf: BusinessDate, rates: PenaltyRateSource): InvoicePenalty {
  checkInvoice(invoice, asOf);
  const parts = lateDaysByHalfYear(invoice.dueDate, asOf);
  const daysLate = parts.reduce((s, p) => s + p.days, 0);
  if (daysLate === 0 || invoice.amountDueTtc <= 0) return { daysLate, segments: [], penalty: 0, provisionalHalfYears: [] };

  let segments: Omit<PenaltySegment, 'penalty'>[];
  if ('contractRatePercent' in rates) {
    const rate = rates.contractRatePercent;
    if (!Number.isFinite(rate) || rate <= 0 || !twoDecimals(rate)) throw invalid(`contract rate must be a positive percentage with two decimals at most, got ${rate}`);
    segments = parts.map((p) => {
      const floor = contractRateFloor(rates.legalInterest, p.halfYear);
      const raised = floor !== undefined && Math.round(rate * 100) < Math.round(floor * 100);
      const segment: Omit<PenaltySegment, 'penalty'> = { halfYear: p.halfYear, from: p.from, to: p.to, days: p.days, ratePercent: raised ? (floor as number) : rate, provisional: false };
      if (raised) segment.raisedToFloor = true;
      return segment;
    });
  } else {
    if (rates.rows.length === 0) {
      const which = invoice.pieceRef ? `invoice ${invoice.pieceRef}` : 'invoice';
      throw new MissingLegalRateError([...new Set(parts.map((p) => p.halfYear))], `${which} due ${invoice.dueDate}, late until ${asOf}`);
    }
    segments = parts.map((p) => {
      const r = rateInForce(rates, p.halfYear) as RateInForce;
      return { halfYear: p.halfYear, from: p.from, to: p.to, days: p.days, ratePercent: r.ratePercent, provisional: r.provisional };
    });
  }

  // amount x (rate in basis points / 10 000) x days / 365, summed as exact fractions, rounded once.
  const den = BigInt(10000 * DAYS_PER_YEAR);
  const amount = BigInt(invoice.amountDueTtc);
  const numerators = segments.map((s) => amount * BigInt(Math.round(s.ratePercent * 100)) * BigInt(s.days));
  const penalty = Number(roundDiv(numerators.reduce((a, b) => a + b, 0n), den));
  const shares = numerators.map((n) => Number(roundDiv(n, den)));
  shares[shares.length - 1] += penalty - shares.reduce((a, b) => a + b, 0);
  const provisionalHalfYears = segments.filter((s) => s.provisional).map((s) => s.halfYear);
  return { daysLate, segments: segments.map((s, i) => withPenalty(s, shares[i])), penalty, provisionalHalfYears };
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
  /** Legal interest rates (taux d'intérêt légal): the floor of a contract rate is 3 x theirs. */
  legalInterest?: LegalRateTable;
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
  /** The distinct rates applied, in the order of the segments (several when lateness spans half-years). */
  rates: number[];
  segments: PenaltySegment[];
  /** null only when the legal table is empty: see missingHalfYears. */
  penalty: Cents | null;
  indemnity: Cents;
  /** Computed with a rate carried over from an earlier half-year. */
  provisional: boolean;
  missingHalfYears: HalfYear[];
}

export interface LatePaymentSummary {
  asOf: BusinessDate;
  lines: LatePaymentLine[];
  totals: { amountDue: Cents; penalty: Cents; indemnity: Cents; total: Cents };
  /** Some penalty uses a rate carried over from an earlier half-year (see missingHalfYears). */
  provisional: boolean;
  /** True only when the legal table is empty and penalties could not be computed at all. */
  incomplete: boolean;
  /** The half-years the rate table lacks for these figures: what the administrator should fill in. */
  missingHalfYears: HalfYear[];
}

export function latePaymentSummary(invoices: LatePaymentInvoice[], asOf: BusinessDate, options: LatePaymentOptions): LatePaymentSummary {
  let source: PenaltyRateSource;
  if (options.contractRatePercent !== undefined && options.contractRatePercent !== null) {
    source = { contractRatePercent: options.contractRatePercent, legalInterest: options.legalInterest };
  } else if (options.rates) source = options.rates;
  else throw invalid('late-payment summary: give the legal rate table or a contract rate');

  const missingAll = new Set<HalfYear>();
  let incomplete = false;
  const lines = invoices.map((invoice): LatePaymentLine => {
    const forbidden = invoice.paymentForbiddenByCollectiveProcedure ?? options.paymentForbiddenByCollectiveProcedure ?? false;
    const pieceRef = invoice.pieceRef ?? null;
    try {
      const p = penaltyForInvoice(invoice, asOf, source);
      const late = p.daysLate > 0 && invoice.amountDueTtc > 0;
      p.provisionalHalfYears.forEach((h) => missingAll.add(h));
      return {
        pieceRef,
        amountDueTtc: invoice.amountDueTtc,
        dueDate: invoice.dueDate,
        daysLate: p.daysLate,
        rates: p.segments.map((s) => s.ratePercent).filter((r, i, all) => all.indexOf(r) === i),
        segments: p.segments,
        penalty: p.penalty,
        indemnity: recoveryIndemnity(late ? p.daysLate : 0, forbidden, options.indemnityCents),
        provisional: p.provisionalHalfYears.length > 0,
        missingHalfYears: p.provisionalHalfYears,
      };
    } catch (err) {
      if (!(err instanceof MissingLegalRateError)) throw err;
      incomplete = true;
      err.missingHalfYears.forEach((h) => missingAll.add(h));
      const daysLate = Math.max(0, daysBetween(invoice.dueDate, asOf));
      return {
        pieceRef,
        amountDueTtc: invoice.amountDueTtc,
        dueDate: invoice.dueDate,
        daysLate,
        rates: [],
        segments: [],
        penalty: null,
        indemnity: recoveryIndemnity(daysLate, forbidden, options.indemnityCents),
        provisional: true,
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
    provisional: missingAll.size > 0,
    incomplete,
    missingHalfYears: [...missingAll].sort(),
  };
}
