/**
 * Prescription (the date a claim becomes time-barred), as pure functions. The rules, in order:
 *
 *  1. The period: 5 years for a claim between traders, or of a trader on a non-trader who is not a
 *     consumer (Code de commerce L110-4); 2 years for a professional's claim on a consumer (Code de
 *     la consommation L218-2). The customer's type on its record decides. Both are settings with
 *     these legal values as defaults.
 *  2. It runs from the day the claim fell due: the invoice's original due date (a due date moved
 *     by "Décaler les échéances" is not used, so the alert never comes late; for an invoice issued
 *     late, Cass. com. 26 Feb 2020 no. 18-25.036 counts from the service date, which the ledger
 *     does not hold: the controller corrects by hand where it matters).
 *  3. What interrupts it, and starts a new period of the same length (Code civil 2231):
 *     - the debtor's acknowledgement (Code civil 2240): a payment on the invoice (a ledger line
 *       lettered with it), a payment received directly on the dossier, a promise to pay, an agreed
 *       payment plan, or an acknowledgement recorded by hand;
 *     - a claim in court, even in summary proceedings (2241) — an injonction de payer filed;
 *     - an enforcement measure or a protective measure (2244).
 *     A mise en demeure does not interrupt (it is none of these), nor does a reminder.
 *     A payment lettered with one invoice interrupts that invoice; what the debtor does for the
 *     whole dossier (a direct payment, a promise, a plan, a recorded act) interrupts each of its
 *     invoices. (A claim in court interrupts until the proceedings end, 2242; the module counts the
 *     new period from the date recorded, which is earlier and so safe.)
 *  4. The prescription date is the last start (due date or latest interruption) plus the period.
 *     An alert falls due `alertDays` days before it.
 * No clock, no database: today is a parameter.
 */
import { addDays, type BusinessDate } from '../shared/business-date';

export type CustomerType = 'business' | 'consumer';
export const CUSTOMER_TYPES: CustomerType[] = ['business', 'consumer'];
export type InterruptionKind = 'acknowledgement' | 'court_claim' | 'enforcement';
export const INTERRUPTION_KINDS: InterruptionKind[] = ['acknowledgement', 'court_claim', 'enforcement'];
/** Where an interruption was read from. */
export type InterruptionSource = 'payment' | 'direct_payment' | 'promise' | 'plan' | 'recorded';

export interface PrescriptionPeriods {
  /** L110-4: 5 years. */
  businessYears: number;
  /** L218-2: 2 years. */
  consumerYears: number;
}

export const LEGAL_PERIODS: PrescriptionPeriods = { businessYears: 5, consumerYears: 2 };

export interface Interruption {
  date: BusinessDate;
  kind: InterruptionKind;
  source: InterruptionSource;
  /** The invoice (ledger entry) it concerns; null: the whole dossier. */
  entryId: number | null;
}

export interface InvoiceClaim {
  entryId: number;
  dueDate: BusinessDate;
}

export interface Prescription {
  entryId: number;
  /** Start of the running period: the due date or the latest interruption. */
  runsFrom: BusinessDate;
  date: BusinessDate;
  /** The interruption the period runs from, if any. */
  lastInterruption: Interruption | null;
  alertDate: BusinessDate;
}

/** Adds whole years; 29 February goes to 28 February when the target year has none. */
export function addYears(date: BusinessDate, years: number): BusinessDate {
  const [y, m, d] = date.split('-').map(Number);
  const year = y + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function periodYears(type: CustomerType, periods: PrescriptionPeriods = LEGAL_PERIODS): number {
  return type === 'consumer' ? periods.consumerYears : periods.businessYears;
}

/**
 * The prescription of one invoice (rules 2 to 4). Interruptions after today are not facts yet and
 * are ignored; those before the due date do not move it (the claim was not running yet).
 */
export function prescriptionOf(claim: InvoiceClaim, type: CustomerType, interruptions: Interruption[], options: { today: BusinessDate; alertDays: number; periods?: PrescriptionPeriods }): Prescription {
  const relevant = interruptions
    .filter((i) => (i.entryId === null || i.entryId === claim.entryId) && i.date <= options.today && i.date >= claim.dueDate)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const last = relevant.length ? relevant[relevant.length - 1] : null;
  const runsFrom = last ? last.date : claim.dueDate;
  const date = addYears(runsFrom, periodYears(type, options.periods));
  return { entryId: claim.entryId, runsFrom, date, lastInterruption: last, alertDate: addDays(date, -options.alertDays) };
}

/** The invoices whose alert is due on `today` (its alert date reached, not yet time-barred or just so). */
export function claimsToAlert(prescriptions: Prescription[], today: BusinessDate): Prescription[] {
  return prescriptions.filter((p) => p.alertDate <= today);
}

/** The earliest candidate due date worth reading for an alert today: older ones may be at risk. */
export function oldestDueDateAtRisk(today: BusinessDate, alertDays: number, periods: PrescriptionPeriods = LEGAL_PERIODS): BusinessDate {
  // Without interruption a claim is at risk when due + period - alertDays <= today.
  return addDays(addYears(today, -Math.min(periods.businessYears, periods.consumerYears)), alertDays);
}
