/**
 * Collective procedures (sauvegarde, redressement, liquidation judiciaire): deadlines and the claim
 * to declare, as pure functions.
 *
 * Month deadlines end on the same day number (the last day of the month when there is none, as
 * date-fns addMonths does, and as CPC art. 641 counts). The extension of a deadline ending on a
 * Saturday, Sunday or public holiday (CPC art. 642) is deliberately not applied: the date is a
 * proposal the user may edit, and declaring before it is always safe.
 */
import { AppError } from '../shared/errors';
import type { Cents } from '../shared/money';
import { addDays, addMonths, isBusinessDate, type BusinessDate } from '../shared/business-date';

function invalid(message: string): AppError {
  return new AppError('validation', message);
}

function checkDate(value: BusinessDate, name: string): void {
  if (!isBusinessDate(value)) throw invalid(`${name} is not a date: ${JSON.stringify(value)}`);
}

/** The claims-declaration delays, in months, from the settings CLAIMS_DECLARATION_MONTHS(_ABROAD) (legal values 2 and 4). */
export interface DeclarationDelays {
  months: number;
  monthsAbroad: number;
}

export function declarationDelays(config: { claimsDeclarationMonths: number; claimsDeclarationMonthsAbroad: number }): DeclarationDelays {
  return { months: config.claimsDeclarationMonths, monthsAbroad: config.claimsDeclarationMonthsAbroad };
}

/**
 * Deadline to declare a claim to the mandataire judiciaire (R622-24; L631-14 and L641-3 for
 * redressement and liquidation): 2 months from the BODACC publication of the opening judgment,
 * 4 months for a creditor established outside metropolitan France (the delays are settings, the
 * legal values their defaults).
 */
export function claimsDeclarationDeadline(bodaccPublicationDate: BusinessDate, establishedOutsideMetropolitanFrance: boolean, delays: DeclarationDelays): BusinessDate {
  checkDate(bodaccPublicationDate, 'bodaccPublicationDate');
  return addMonths(bodaccPublicationDate, establishedOutsideMetropolitanFrance ? delays.monthsAbroad : delays.months);
}

/** Last day to ask for a relevé de forclusion (L622-26): 6 months from the BODACC publication. */
export function foreclosureReliefDeadline(bodaccPublicationDate: BusinessDate): BusinessDate {
  checkDate(bodaccPublicationDate, 'bodaccPublicationDate');
  return addMonths(bodaccPublicationDate, 6);
}

/** Date of the reminder to send the declaration, `daysBefore` days before the deadline. */
export function declarationReminderDate(deadline: BusinessDate, daysBefore: number): BusinessDate {
  checkDate(deadline, 'deadline');
  if (!Number.isSafeInteger(daysBefore) || daysBefore < 0) throw invalid(`daysBefore must be a whole number of days, 0 or more, got ${daysBefore}`);
  return addDays(deadline, -daysBefore);
}

export interface ClaimEntry {
  pieceRef: string;
  /** Open balance, TTC: positive for an invoice, negative for a credit note or an unallocated payment. */
  amount: Cents;
  /** null = payable at once (treated as due). */
  dueDate: BusinessDate | null;
  /** Date the claim was born (invoice date); when after the judgment, the entry is not declared. */
  date?: BusinessDate | null;
}

export interface NotYetDueClaim {
  pieceRef: string;
  amount: Cents;
  dueDate: BusinessDate;
}

export interface ClaimAtJudgment {
  judgmentDate: BusinessDate;
  /** Amount due on the day of the judgment (due dates on or before it, credits included). */
  dueAtJudgment: { total: Cents; entries: ClaimEntry[] };
  /** Sums not yet due, with their due dates, in due-date order (L622-25). */
  notYetDue: { total: Cents; entries: NotYetDueClaim[]; byDueDate: { dueDate: BusinessDate; amount: Cents }[] };
  /** Total to declare. */
  total: Cents;
  /** Entries born after the judgment: not part of the declaration (post-judgment claims). */
  postJudgment: ClaimEntry[];
}

/** Splits the open entries into what the déclaration de créances lists as due and as not yet due. */
export function claimAtJudgment(entries: ClaimEntry[], judgmentDate: BusinessDate): ClaimAtJudgment {
  checkDate(judgmentDate, 'judgmentDate');
  const due: ClaimEntry[] = [];
  const notYetDue: NotYetDueClaim[] = [];
  const postJudgment: ClaimEntry[] = [];
  for (const e of entries) {
    if (!Number.isSafeInteger(e.amount)) throw invalid(`amount of ${e.pieceRef} must be an integer number of cents, got ${e.amount}`);
    if (e.dueDate !== null) checkDate(e.dueDate, `due date of ${e.pieceRef}`);
    if (e.date !== undefined && e.date !== null) checkDate(e.date, `date of ${e.pieceRef}`);
    if (e.date && e.date > judgmentDate) postJudgment.push(e);
    else if (e.dueDate === null || e.dueDate <= judgmentDate) due.push(e);
    else notYetDue.push({ pieceRef: e.pieceRef, amount: e.amount, dueDate: e.dueDate });
  }
  notYetDue.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
  const byDueDate: { dueDate: BusinessDate; amount: Cents }[] = [];
  for (const e of notYetDue) {
    const last = byDueDate[byDueDate.length - 1];
    if (last && last.dueDate === e.dueDate) last.amount += e.amount;
    else byDueDate.push({ dueDate: e.dueDate, amount: e.amount });
  }
  const dueTotal = due.reduce((s, e) => s + e.amount, 0);
  const notYetDueTotal = notYetDue.reduce((s, e) => s + e.amount, 0);
  return {
    judgmentDate,
    dueAtJudgment: { total: dueTotal, entries: due },
    notYetDue: { total: notYetDueTotal, entries: notYetDue, byDueDate },
    total: dueTotal + notYetDueTotal,
    postJudgment,
  };
}
