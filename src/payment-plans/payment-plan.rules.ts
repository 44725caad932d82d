/**
 * Accords de paiement, as pure functions: the schedule (installments that add up to the total
 * exactly), its summary sentence, and the state of each installment from the payments received.
 */
import { addDays, addMonths, formatBusinessDate } from '../shared/business-date';
import { allocate, formatMoney, type Cents } from '../shared/money';
import type { Periodicity } from './payment-plan.entity';

export const PERIODS_PER_YEAR: Record<Periodicity, number> = { weekly: 52, monthly: 12, quarterly: 4 };
/** Days after its due date before an unpaid installment counts as missed (a transfer takes a few days). */
export const MISSED_GRACE_DAYS = 5;
export const MAX_INSTALLMENTS = 120;

export interface ScheduleInput {
  total: Cents;
  firstDate: string;
  periodicity: Periodicity;
  /** Either a number of installments… */
  count?: number | null;
  /** …or the amount of each installment (principal); the last one takes what is left. */
  installmentAmount?: Cents | null;
  /** Annual rate in hundredths of a percent (350 = 3,5 %). */
  interestRateHundredths: number;
}

export interface ScheduledInstallment {
  seq: number;
  dueDate: string;
  principal: Cents;
  interest: Cents;
  amount: Cents;
}

export interface Schedule {
  installments: ScheduledInstallment[];
  total: Cents;
  interest: Cents;
  endDate: string;
}

export function dueDateOf(firstDate: string, periodicity: Periodicity, index: number): string {
  // From the first date each time (not from the previous one), so 31 Jan → 28 Feb → 31 Mar, never drifting to the 28th.
  if (periodicity === 'weekly') return addDays(firstDate, 7 * index);
  return addMonths(firstDate, (periodicity === 'monthly' ? 1 : 3) * index);
}

function roundHalfUp(numerator: number, denominator: number): number {
  return Math.floor((numerator * 2 + denominator) / (denominator * 2));
}

/**
 * The principal is split in equal parts truncated to the cent, the rounding difference on the last
 * part, so the installments' principal adds up to the total exactly (1 000,00 in 3 = 333,33 + 333,33 + 333,34).
 * Interest is simple interest per period on the principal still owed before each installment
 * (annual rate / periods per year), rounded to the cent, and added to the installment.
 */
export function buildSchedule(input: ScheduleInput): Schedule {
  let principals: Cents[];
  if (input.count) {
    principals = allocate(input.total, Array.from({ length: input.count }, () => 1));
  } else {
    const each = input.installmentAmount as Cents;
    const n = Math.ceil(input.total / each);
    principals = Array.from({ length: n }, (_, i) => (i === n - 1 ? input.total - each * (n - 1) : each));
  }
  let owed = input.total;
  const perYear = PERIODS_PER_YEAR[input.periodicity];
  const installments = principals.map((principal, i) => {
    const interest = input.interestRateHundredths > 0 ? roundHalfUp(owed * input.interestRateHundredths, 10000 * perYear) : 0;
    owed -= principal;
    return { seq: i + 1, dueDate: dueDateOf(input.firstDate, input.periodicity, i), principal, interest, amount: principal + interest };
  });
  return { installments, total: input.total, interest: installments.reduce((s, i) => s + i.interest, 0), endDate: installments[installments.length - 1].dueDate };
}

/** Why a schedule cannot be built, as field → i18n key; empty when it can. */
export function scheduleProblems(input: ScheduleInput, today: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (input.total <= 0) out.total = 'plans.errors.totalPositive';
  if (input.firstDate < today) out.firstDate = 'plans.errors.firstDatePast';
  if (!input.count && !input.installmentAmount) out.count = 'plans.errors.countOrAmount';
  if (input.count && input.installmentAmount) out.installmentAmount = 'plans.errors.countOrAmount';
  if (input.count && (input.count < 1 || input.count > MAX_INSTALLMENTS)) out.count = 'plans.errors.tooMany';
  if (input.installmentAmount !== null && input.installmentAmount !== undefined) {
    if (input.installmentAmount <= 0) out.installmentAmount = 'plans.errors.totalPositive';
    else if (input.total > 0 && Math.ceil(input.total / input.installmentAmount) > MAX_INSTALLMENTS) out.installmentAmount = 'plans.errors.tooMany';
  }
  return out;
}

/** `1 000,00 EUR` (fr) / `1,000.00 EUR` (en): the sentence names the currency by its code. */
function amountText(cents: Cents, locale: 'fr' | 'en'): string {
  return `${formatMoney(cents, locale, 'EUR').replace(/\u00a0?€/, '')} EUR`;
}

export function scheduleSummary(schedule: Schedule, locale: 'fr' | 'en'): string {
  const first = schedule.installments[0];
  const a = (c: Cents) => amountText(c, locale);
  const d = (x: string) => (locale === 'fr' ? formatBusinessDate(x, 'fr') : formatBusinessDate(x, 'en'));
  const n = schedule.installments.length;
  if (locale === 'fr') {
    return `L'échéancier pour ${a(schedule.total)} en ${n} versement${n > 1 ? 's' : ''} dont la fin est le ${d(schedule.endDate)} et dont l'intérêt est ${a(schedule.interest)}. `
      + `Le montant du premier versement est ${a(first.amount)} à la date ${d(first.dueDate)}.`;
  }
  return `The schedule for ${a(schedule.total)} in ${n} installment${n > 1 ? 's' : ''} ends on ${d(schedule.endDate)} and its interest is ${a(schedule.interest)}. `
    + `The first installment is ${a(first.amount)} on ${d(first.dueDate)}.`;
}

export type InstallmentState = 'paid' | 'partial' | 'unpaid';

export interface TrackedInstallment extends ScheduledInstallment {
  paid: Cents;
  state: InstallmentState;
  /** Unpaid (or partly paid) and more than MISSED_GRACE_DAYS past its due date at `today`. */
  missed: boolean;
  /** The business date from which it counts as missed. */
  missedOn: string;
}

/** The payments received since the plan started pay its installments in order. */
export function trackInstallments(installments: ScheduledInstallment[], paidSinceStart: Cents, today: string): TrackedInstallment[] {
  let left = Math.max(0, paidSinceStart);
  return installments.map((i) => {
    const paid = Math.min(left, i.amount);
    left -= paid;
    const state: InstallmentState = paid >= i.amount ? 'paid' : paid > 0 ? 'partial' : 'unpaid';
    const missedOn = addDays(i.dueDate, MISSED_GRACE_DAYS + 1);
    return { ...i, paid, state, missed: state !== 'paid' && today >= missedOn, missedOn };
  });
}

export function planOutcome(tracked: TrackedInstallment[]): 'completed' | 'broken' | 'active' {
  if (tracked.every((i) => i.state === 'paid')) return 'completed';
  if (tracked.some((i) => i.missed)) return 'broken';
  return 'active';
}
