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

/**
 * Why a schedule cannot be built, as field → i18n key; empty when it can. A first installment in the
 * past is allowed: a plan agreed earlier is recorded as it was agreed (see pastInstallments).
 */
export function scheduleProblems(input: ScheduleInput, _today: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (input.total <= 0) out.total = 'plans.errors.totalPositive';
  if (!input.count && !input.installmentAmount) out.count = 'plans.errors.countOrAmount';
  if (input.count && input.installmentAmount) out.installmentAmount = 'plans.errors.countOrAmount';
  if (input.count && (input.count < 1 || input.count > MAX_INSTALLMENTS)) out.count = 'plans.errors.tooMany';
  if (input.installmentAmount !== null && input.installmentAmount !== undefined) {
    if (input.installmentAmount <= 0) out.installmentAmount = 'plans.errors.totalPositive';
    else if (input.total > 0 && Math.ceil(input.total / input.installmentAmount) > MAX_INSTALLMENTS) out.installmentAmount = 'plans.errors.tooMany';
  }
  return out;
}

/** The installments already due at `today` of a plan recorded after it was agreed: the form warns, it does not refuse. */
export function pastInstallments(schedule: Pick<Schedule, 'installments'>, today: string): ScheduledInstallment[] {
  return schedule.installments.filter((i) => i.dueDate < today);
}

/**
 * The day from which payments count for a plan: the day it was agreed (today by default), never
 * after its first installment (a plan recorded late was agreed by then at the latest).
 */
export function agreementDate(firstDate: string, today: string, agreedOn: string | null): string {
  const agreed = agreedOn ?? today;
  return agreed < firstDate ? agreed : firstDate;
}

/**
 * One sentence for the Chrono and the plan panel: the total, the number of installments, the end
 * date, the interest, and the first and last installments with amount and date. Amounts read as
 * everywhere else in the UI (`1 000,00 €` / `€1,000.00`).
 */
export function scheduleSummary(schedule: Schedule, locale: 'fr' | 'en'): string {
  const first = schedule.installments[0];
  const last = schedule.installments[schedule.installments.length - 1];
  const a = (c: Cents) => formatMoney(c, locale, 'EUR');
  const d = (x: string) => formatBusinessDate(x, locale);
  const n = schedule.installments.length;
  if (locale === 'fr') {
    const head = `Échéancier de ${a(schedule.total)} en ${n} versement${n > 1 ? 's' : ''}, jusqu'au ${d(schedule.endDate)}, intérêts ${a(schedule.interest)}`;
    if (n === 1) return `${head} : versement unique de ${a(first.amount)} le ${d(first.dueDate)}.`;
    return `${head} : premier versement de ${a(first.amount)} le ${d(first.dueDate)}, dernier versement de ${a(last.amount)} le ${d(last.dueDate)}.`;
  }
  const head = `Schedule of ${a(schedule.total)} in ${n} installment${n > 1 ? 's' : ''}, until ${d(schedule.endDate)}, interest ${a(schedule.interest)}`;
  if (n === 1) return `${head}: a single installment of ${a(first.amount)} on ${d(first.dueDate)}.`;
  return `${head}: first installment of ${a(first.amount)} on ${d(first.dueDate)}, last installment of ${a(last.amount)} on ${d(last.dueDate)}.`;
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
