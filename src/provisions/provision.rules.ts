/**
 * Provision (dépréciation) rules: pure, integer cents, no I/O.
 *
 * The provision is always computed on the amount excluding VAT (HT): the VAT on a lost receivable
 * is recovered from the State (CGI art. 272-1), so it is never part of the loss.
 */
import { AppError } from '../shared/errors';
import { applyPercentage, type Cents } from '../shared/money';
import { isBusinessDate, type BusinessDate } from '../shared/business-date';

function invalid(message: string): AppError {
  return new AppError('validation', message);
}

export function assertCents(value: number, name: string, { allowNegative = false } = {}): void {
  if (!Number.isSafeInteger(value)) throw invalid(`${name} must be an integer number of cents, got ${value}`);
  if (!allowNegative && value < 0) throw invalid(`${name} must not be negative, got ${value}`);
}

/**
 * round(a x b / c), half away from zero, computed exactly with BigInt: the product of two cent
 * amounts can exceed Number.MAX_SAFE_INTEGER long before the result does.
 */
export function mulDivRound(a: number, b: number, c: number): number {
  if (c === 0) throw new AppError('internal', 'mulDivRound: division by zero');
  let num = BigInt(a) * BigInt(b);
  let den = BigInt(c);
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const negative = num < 0n;
  const abs = negative ? -num : num;
  const rounded = (abs * 2n + den) / (den * 2n);
  return Number(negative ? -rounded : rounded);
}

function basisPoints(percent: number, name: string): number {
  const bp = Math.round(percent * 100);
  if (!Number.isFinite(percent) || Math.abs(bp - percent * 100) > 1e-6) {
    throw invalid(`${name} must be a percentage with at most two decimals, got ${percent}`);
  }
  return bp;
}

/**
 * Amount excluding VAT of an outstanding TTC amount at a single VAT rate:
 * HT = TTC x 100 / (100 + rate), rounded to the cent. Used when the ledger has no VAT lines.
 */
export function htBase(outstandingTtc: Cents, vatRatePercent: number): Cents {
  assertCents(outstandingTtc, 'outstandingTtc', { allowNegative: true });
  const bp = basisPoints(vatRatePercent, 'vatRatePercent');
  if (bp < 0 || bp > 10000) throw invalid(`vatRatePercent must be between 0 and 100, got ${vatRatePercent}`);
  return mulDivRound(outstandingTtc, 10000, 10000 + bp);
}

/** One invoice as the ledger knows it: its TTC total, its VAT, and what is still unpaid (TTC). */
export interface InvoiceVatShare {
  ttc: Cents;
  vat: Cents;
  /** Unpaid part, TTC; the whole invoice when omitted. */
  outstanding?: Cents;
}

/** VAT contained in the outstanding part of one invoice, pro rata of its TTC total. */
export function outstandingVat(invoice: InvoiceVatShare): Cents {
  const { ttc, vat } = invoice;
  const outstanding = invoice.outstanding ?? ttc;
  assertCents(ttc, 'ttc', { allowNegative: true });
  assertCents(vat, 'vat', { allowNegative: true });
  assertCents(outstanding, 'outstanding', { allowNegative: true });
  if (ttc === 0) {
    if (outstanding !== 0) throw invalid('an invoice of 0 cannot have an outstanding amount');
    return 0;
  }
  // Credit notes carry negative amounts: the outstanding part must lie between 0 and the total.
  if (Math.sign(outstanding) * Math.sign(ttc) < 0 || Math.abs(outstanding) > Math.abs(ttc)) {
    throw invalid(`outstanding ${outstanding} must lie between 0 and the invoice total ${ttc}`);
  }
  if (Math.sign(vat) * Math.sign(ttc) < 0 || Math.abs(vat) > Math.abs(ttc)) {
    throw invalid(`VAT ${vat} must lie between 0 and the invoice total ${ttc}`);
  }
  return mulDivRound(vat, outstanding, ttc);
}

/**
 * HT base from the invoices' own VAT amounts (exact when rates are mixed):
 * sum over invoices of (outstanding - VAT share of the outstanding part, pro rata).
 */
export function htBaseFromInvoices(invoices: InvoiceVatShare[]): Cents {
  let base = 0;
  for (const invoice of invoices) base += (invoice.outstanding ?? invoice.ttc) - outstandingVat(invoice);
  return base;
}

/** Provision proposed for an HT base and a loss percentage (0 to 100, two decimals). */
export function proposedProvision(base: Cents, lossPercentage: number): Cents {
  assertCents(base, 'base', { allowNegative: true });
  const bp = basisPoints(lossPercentage, 'lossPercentage');
  if (bp < 0 || bp > 10000) throw invalid(`lossPercentage must be between 0 and 100, got ${lossPercentage}`);
  // A negative base (credit balance) carries no risk of loss.
  if (base <= 0) return 0;
  return applyPercentage(base, lossPercentage);
}

export type ProvisionMovementKind = 'charge' | 'increase' | 'decrease' | 'reversal' | 'none';

export interface ProvisionMovement {
  kind: ProvisionMovementKind;
  /** Always positive (or 0 for 'none'); the kind gives the direction. */
  amount: Cents;
}

/**
 * What to book to move the provision from `current` to `target`:
 * charge = first allowance (from 0), increase = raise an existing provision,
 * decrease = partial reversal, reversal = back to 0.
 */
export function provisionMovement(current: Cents, target: Cents): ProvisionMovement {
  assertCents(current, 'current provision');
  assertCents(target, 'target provision');
  if (target === current) return { kind: 'none', amount: 0 };
  if (target > current) return { kind: current === 0 ? 'charge' : 'increase', amount: target - current };
  return { kind: target === 0 ? 'reversal' : 'decrease', amount: current - target };
}

/** True for movements that credit the allowance account (491): charge and increase. */
export function isAllowance(kind: ProvisionMovementKind): boolean {
  return kind === 'charge' || kind === 'increase';
}

export interface PaymentReversalInput {
  currentProvision: Cents;
  /** Balance of the receivable on 416 before the payment, TTC. */
  outstandingTtc: Cents;
  /** VAT contained in `outstandingTtc`. */
  outstandingVat: Cents;
  /** Amount received, TTC. */
  amountPaid: Cents;
  /**
   * HT base once the payment is booked, when the caller recomputes it from the invoices' VAT lines
   * (htBaseFromInvoices); otherwise the VAT is split pro rata of the payment.
   */
  htBaseAfter?: Cents;
}

export interface PaymentReversal {
  reversal: Cents;
  provisionAfter: Cents;
  outstandingTtcAfter: Cents;
  outstandingVatAfter: Cents;
  htBaseAfter: Cents;
}

/**
 * Provision to reverse when a doubtful receivable is partly or fully paid.
 *
 * Choice: a payment settles HT and VAT in proportion, so the HT share paid is
 * amountPaid / outstandingTtc; the reversal is that share of the current provision, so the
 * loss rate on what remains is unchanged. Two bounds apply: the reversal never exceeds the current
 * provision, and it is raised when needed so that the remaining provision never exceeds the
 * remaining HT base (a rounding cent, or a provision entered by hand above the new base).
 * A full payment reverses the whole provision.
 */
export function provisionReversalOnPayment(input: PaymentReversalInput): PaymentReversal {
  const { currentProvision, outstandingTtc, outstandingVat: vat, amountPaid } = input;
  assertCents(currentProvision, 'currentProvision');
  assertCents(outstandingTtc, 'outstandingTtc');
  assertCents(vat, 'outstandingVat');
  assertCents(amountPaid, 'amountPaid');
  if (amountPaid === 0) throw invalid('amountPaid must be positive');
  if (vat > outstandingTtc) throw invalid(`outstandingVat ${vat} exceeds outstandingTtc ${outstandingTtc}`);
  if (amountPaid > outstandingTtc) {
    throw invalid(`payment ${amountPaid} exceeds the doubtful balance ${outstandingTtc}: book the surplus separately`);
  }
  const outstandingTtcAfter = outstandingTtc - amountPaid;
  let outstandingVatAfter = outstandingTtcAfter === 0 ? 0 : vat - mulDivRound(vat, amountPaid, outstandingTtc);
  if (input.htBaseAfter !== undefined) {
    assertCents(input.htBaseAfter, 'htBaseAfter');
    if (input.htBaseAfter > outstandingTtcAfter) throw invalid(`htBaseAfter ${input.htBaseAfter} exceeds the balance left ${outstandingTtcAfter}`);
    outstandingVatAfter = outstandingTtcAfter - input.htBaseAfter;
  }
  const htBaseAfter = outstandingTtcAfter - outstandingVatAfter;
  const proportional = mulDivRound(currentProvision, amountPaid, outstandingTtc);
  const reversal = Math.min(currentProvision, Math.max(proportional, currentProvision - htBaseAfter));
  return { reversal, provisionAfter: currentProvision - reversal, outstandingTtcAfter, outstandingVatAfter, htBaseAfter };
}

/** One booked provision movement, as the "État des provisions" reads it. */
export interface ProvisionMovementRecord {
  date: BusinessDate;
  kind: Exclude<ProvisionMovementKind, 'none'>;
  amount: Cents;
  /** What the provision is about (dossier number, auxiliary account…); groups the report lines. */
  key?: string;
  label?: string;
}

export interface ProvisionStateLine {
  key: string;
  opening: Cents;
  allowances: Cents;
  reversals: Cents;
  closing: Cents;
}

export interface ProvisionState {
  periodStart: BusinessDate;
  asOf: BusinessDate;
  opening: Cents;
  /** Charges and increases of the period (dotations). */
  allowances: Cents;
  /** Decreases and reversals of the period (reprises). */
  reversals: Cents;
  closing: Cents;
  /** Movements dated within [periodStart, asOf], in date order. */
  movements: ProvisionMovementRecord[];
  /** One line per key, sorted by key. Movements without a key are grouped under "". */
  lines: ProvisionStateLine[];
}

/**
 * "État des provisions" at `asOf`: opening balance at `periodStart` (movements dated before it),
 * the movements of the period, and the closing balance. Movements after `asOf` are ignored.
 */
export function provisionState(movements: ProvisionMovementRecord[], periodStart: BusinessDate, asOf: BusinessDate): ProvisionState {
  if (!isBusinessDate(periodStart)) throw invalid(`periodStart is not a date: ${periodStart}`);
  if (!isBusinessDate(asOf)) throw invalid(`asOf is not a date: ${asOf}`);
  if (asOf < periodStart) throw invalid(`asOf ${asOf} is before periodStart ${periodStart}`);
  const byKey = new Map<string, ProvisionStateLine>();
  const inPeriod: ProvisionMovementRecord[] = [];
  for (const m of movements) {
    if (!isBusinessDate(m.date)) throw invalid(`provision movement has no valid date: ${m.date}`);
    assertCents(m.amount, 'provision movement amount');
    if (m.date > asOf) continue;
    const key = m.key ?? '';
    const line = byKey.get(key) ?? { key, opening: 0, allowances: 0, reversals: 0, closing: 0 };
    byKey.set(key, line);
    const signed = isAllowance(m.kind) ? m.amount : -m.amount;
    if (m.date < periodStart) line.opening += signed;
    else {
      inPeriod.push(m);
      if (signed >= 0) line.allowances += m.amount;
      else line.reversals += m.amount;
    }
  }
  const lines = [...byKey.values()]
    .map((l) => ({ ...l, closing: l.opening + l.allowances - l.reversals }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  inPeriod.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const total = (pick: (l: ProvisionStateLine) => number) => lines.reduce((s, l) => s + pick(l), 0);
  return {
    periodStart,
    asOf,
    opening: total((l) => l.opening),
    allowances: total((l) => l.allowances),
    reversals: total((l) => l.reversals),
    closing: total((l) => l.closing),
    movements: inPeriod,
    lines,
  };
}
