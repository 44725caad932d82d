/**
 * Payment plan use cases: create one (the balance by default), approve or refuse one waiting above
 * the authority limit, read a dossier's plans with the state of their installments, and the daily
 * check that raises one intervention per missed installment and closes plans (completed / broken).
 */
import { DataSource, In } from 'typeorm';
import type { Role } from '../auth';
import { Db, inTransaction } from '../db/transactions';
import { dossierAccount } from '../dossier-account';
import { Dossier, recordDossierEvent, refreshDossierBalances, type Actor } from '../dossiers';
import { SYSTEM_ACTOR } from '../history';
import { addIntervention } from '../interventions';
import { dossierScenarioState, resumeScenario, suspendScenario } from '../scenarios';
import { readAppSetting, saveAuditedSetting } from '../settings';
import { AppError } from '../shared/errors';
import { translate, type Locale } from '../shared/i18n';
import type { Cents } from '../shared/money';
import { PaymentPlan, Periodicity, PlanInstallment, Settlement } from './payment-plan.entity';
import { agreementDate, buildSchedule, pastInstallments, planOutcome, scheduleProblems, scheduleSummary, trackInstallments, type TrackedInstallment } from './payment-plan.rules';

export const AUTHORITY_LIMIT_SETTING = 'approvals.authorityLimitCents';
export const DEFAULT_AUTHORITY_LIMIT: Cents = 5_000_000;

/** Balance above which a controller's plan or settlement waits for an administrator (50 000,00 € by default). */
export async function authorityLimit(db: Db): Promise<Cents> {
  const value = await readAppSetting(db, AUTHORITY_LIMIT_SETTING);
  const n = value !== null ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : DEFAULT_AUTHORITY_LIMIT;
}

export async function saveAuthorityLimit(db: Db, cents: Cents): Promise<void> {
  if (!Number.isSafeInteger(cents) || cents < 0) throw AppError.field('authorityLimit', 'validation.amount');
  await saveAuditedSetting(db, AUTHORITY_LIMIT_SETTING, String(cents));
}

/** Who may decide alone: administrators always; others only up to the limit. */
export const APPROVER_ROLES: Role[] = ['admin'];

export interface PlanInput {
  total: Cents | null;
  firstDate: string;
  periodicity: Periodicity;
  count: number | null;
  installmentAmount: Cents | null;
  interestRateHundredths: number;
  method: string;
  /** The day the plan was agreed, when it is recorded later (today by default). */
  agreedOn?: string | null;
}

/**
 * Records a plan. One agreed earlier may have its first installment in the past: it counts from the
 * day it was agreed, so the payments received since then pay its installments (those already due
 * are checked at once), and its total is by default what was owed that day. `pastInstallments`
 * tells the caller how many were already due, for its warning.
 */
export async function createPaymentPlan(db: Db, dossierId: number, input: PlanInput, actor: Actor & { role: Role }, at: string, today: string): Promise<PaymentPlan & { pastInstallments: number }> {
  return inTransaction(db, async (m) => {
    const dossier = await m.getRepository(Dossier).findOneBy({ id: dossierId });
    if (!dossier) throw AppError.notFound();
    if (await m.getRepository(PaymentPlan).existsBy({ dossierId, status: In(['active', 'pending']) })) throw new AppError('invalid_state', 'plans.errors.alreadyActive', 409);
    if (input.agreedOn && input.agreedOn > today) throw AppError.field('agreedOn', 'plans.errors.agreedInFuture');
    const account = await dossierAccount(m, dossierId, today);
    const balance = account.overview.balance;
    const agreed = agreementDate(input.firstDate, today, input.agreedOn ?? null);
    // Payments received since an earlier agreement already paid some of it (a payment of today, recorded before the plan, is in today's balance).
    const paidSinceAgreed = agreed < today
      ? account.lines.filter((l) => l.counted && l.kind === 'payment' && l.date >= agreed).reduce((sum, l) => sum + l.credit - l.debit, 0)
      : 0;
    const total = input.total ?? balance + paidSinceAgreed;
    const scheduleInput = { total, firstDate: input.firstDate, periodicity: input.periodicity, count: input.count, installmentAmount: input.installmentAmount, interestRateHundredths: input.interestRateHundredths };
    const problems = scheduleProblems(scheduleInput, today);
    if (Object.keys(problems).length) throw AppError.validation(Object.entries(problems).map(([field, message]) => ({ field, message })));
    const schedule = buildSchedule(scheduleInput);
    const needsApproval = !APPROVER_ROLES.includes(actor.role) && balance > (await authorityLimit(m));
    const plan = await m.getRepository(PaymentPlan).save(
      m.getRepository(PaymentPlan).create({
        dossierId, status: needsApproval ? 'pending' : 'active', total, interest: schedule.interest, interestRateHundredths: input.interestRateHundredths,
        startDate: agreed, firstDate: input.firstDate, periodicity: input.periodicity, installmentCount: schedule.installments.length, method: input.method,
        balanceAtCreation: balance + paidSinceAgreed, paymentsAtCreation: account.overview.payments - paidSinceAgreed,
        decidedAt: needsApproval ? null : at, decidedBy: needsApproval ? null : actor.userId, decisionReason: null, closedAt: null,
        createdAt: at, createdBy: actor.userId,
      }),
    );
    await m.getRepository(PlanInstallment).save(schedule.installments.map((i) => m.getRepository(PlanInstallment).create({ ...i, planId: plan.id, missedAt: null, interventionId: null })));
    await recordDossierEvent(m, actor, {
      dossierId, at, type: needsApproval ? 'planSubmitted' : 'planCreated', amount: total,
      details: { summary: scheduleSummary(schedule, 'fr'), count: schedule.installments.length, endDate: schedule.endDate },
    });
    return Object.assign(plan, { pastInstallments: pastInstallments(schedule, today).length });
  });
}

/** An administrator approves (the plan becomes active) or refuses a plan waiting above the authority limit; the reason goes to the Chrono. */
export async function decidePaymentPlan(db: Db, planId: number, decision: 'approve' | 'refuse', reason: string | null, actor: Actor & { role: Role }, at: string): Promise<PaymentPlan> {
  if (!APPROVER_ROLES.includes(actor.role)) throw new AppError('forbidden', 'errors.forbidden', 403);
  if (decision === 'refuse' && !reason) throw AppError.field('reason', 'validation.required');
  return inTransaction(db, async (m) => {
    const done = await m.getRepository(PaymentPlan).update(
      { id: planId, status: 'pending' },
      { status: decision === 'approve' ? 'active' : 'refused', decidedAt: at, decidedBy: actor.userId, decisionReason: reason, closedAt: decision === 'refuse' ? at : null },
    );
    if (!done.affected) throw new AppError('invalid_state', 'plans.errors.notPending', 409);
    const plan = await m.getRepository(PaymentPlan).findOneByOrFail({ id: planId });
    await recordDossierEvent(m, actor, { dossierId: plan.dossierId, at, type: decision === 'approve' ? 'planApproved' : 'planRefused', amount: plan.total, details: { reason: reason ?? '' } });
    return plan;
  });
}

/**
 * While a plan is honoured, the amicable reminders stop: an active plan suspends the dossier's
 * scenario (when it has one running) and remembers it did, so that the plan's end resumes it. Runs
 * after the plan's own transaction (the scenario's use cases open theirs).
 */
export async function suspendScenarioForPlan(ds: DataSource, planId: number, actor: Actor, at: string): Promise<boolean> {
  const plan = await ds.getRepository(PaymentPlan).findOneBy({ id: planId });
  if (!plan || plan.status !== 'active' || plan.suspendedScenario) return false;
  const state = await dossierScenarioState(ds, plan.dossierId);
  if (state.scenarioId === null || state.suspended) return false;
  await suspendScenario(ds, plan.dossierId, actor, at);
  await ds.getRepository(PaymentPlan).update({ id: planId }, { suspendedScenario: true });
  return true;
}

async function resumeScenarioAfterPlan(ds: DataSource, planId: number, at: string): Promise<boolean> {
  const plan = await ds.getRepository(PaymentPlan).findOneBy({ id: planId });
  if (!plan || !plan.suspendedScenario) return false;
  await resumeScenario(ds, plan.dossierId, SYSTEM_ACTOR, at);
  await ds.getRepository(PaymentPlan).update({ id: planId }, { suspendedScenario: false });
  return true;
}

export interface PlanView {
  plan: PaymentPlan;
  installments: (TrackedInstallment & { id: number; interventionId: number | null })[];
  summary: string;
  paid: Cents;
}

/**
 * Payments (not credit notes) received since the plan was agreed pay its installments: the account's
 * payments now, less those it had then. A direct payment later replaced by its ledger line counts once.
 */
function paidSince(overview: { payments: Cents }, plan: Pick<PaymentPlan, 'paymentsAtCreation'>): Cents {
  return Math.max(0, overview.payments - plan.paymentsAtCreation);
}

export async function dossierPlans(db: Db, dossierId: number, today: string, locale: Locale): Promise<PlanView[]> {
  const plans = await db.getRepository(PaymentPlan).find({ where: { dossierId }, order: { id: 'DESC' } });
  if (plans.length === 0) return [];
  const account = await dossierAccount(db, dossierId, today);
  const rows = await db.getRepository(PlanInstallment).find({ where: { planId: In(plans.map((p) => p.id)) }, order: { seq: 'ASC' } });
  return plans.map((plan) => {
    const mine = rows.filter((r) => r.planId === plan.id);
    const tracked = trackInstallments(mine, paidSince(account.overview, plan), today);
    return {
      plan,
      installments: tracked.map((t, i) => ({ ...t, id: mine[i].id, interventionId: mine[i].interventionId })),
      summary: scheduleSummary({ installments: mine, total: plan.total, interest: plan.interest, endDate: mine[mine.length - 1]?.dueDate ?? plan.firstDate }, locale),
      paid: tracked.reduce((s, t) => s + t.paid, 0),
    };
  });
}

/**
 * Daily check at `businessDate`: for every active plan, each installment missed (unpaid after the
 * grace days) raises ONE intervention — the installment is claimed by a conditional update of
 * missed_at, and the intervention's (dossier, 'plan:<id>', seq) key is unique — then the plan is
 * marked broken; a fully paid plan is completed. Missed days are caught up: the intervention is
 * due on the day the installment became missed.
 */
export async function checkPaymentPlans(db: Db, businessDate: string, locale: Locale, at: string): Promise<{ plansExamined: number; installmentsMissed: number; plansBroken: number; plansCompleted: number; scenariosResumed: number }> {
  const counts = { plansExamined: 0, installmentsMissed: 0, plansBroken: 0, plansCompleted: 0, scenariosResumed: 0 };
  const plans = await db.getRepository(PaymentPlan).find({ where: { status: 'active' }, order: { id: 'ASC' } });
  for (const plan of plans) {
    counts.plansExamined++;
    const ended = await inTransaction(db, async (m) => {
      const dossier = await m.getRepository(Dossier).findOneByOrFail({ id: plan.dossierId });
      const account = await dossierAccount(m, plan.dossierId, businessDate);
      const rows = await m.getRepository(PlanInstallment).find({ where: { planId: plan.id }, order: { seq: 'ASC' } });
      const tracked = trackInstallments(rows, paidSince(account.overview, plan), businessDate);
      for (const [i, t] of tracked.entries()) {
        if (!t.missed || rows[i].missedAt) continue;
        const claimed = await m.getRepository(PlanInstallment).createQueryBuilder().update().set({ missedAt: at }).where('id = :id AND missed_at IS NULL', { id: rows[i].id }).execute();
        if (!claimed.affected) continue;
        const intervention = await addIntervention(m, {
          dossierId: plan.dossierId, type: 'call', label: translate(locale, 'plans.missedLabel', { seq: t.seq, count: rows.length, dueDate: t.dueDate.split('-').reverse().join('/') }).slice(0, 200),
          dueDate: t.missedOn > businessDate ? businessDate : t.missedOn, priority: dossier.priority, assigneeId: dossier.controllerId, source: 'system', stepCode: `plan:${plan.id}`, occurrence: t.seq,
        }, SYSTEM_ACTOR, at);
        await m.getRepository(PlanInstallment).update({ id: rows[i].id }, { interventionId: intervention.id });
        await recordDossierEvent(m, SYSTEM_ACTOR, { dossierId: plan.dossierId, at, type: 'installmentMissed', amount: t.amount - t.paid, details: { seq: t.seq, dueDate: t.dueDate } });
        counts.installmentsMissed++;
      }
      const outcome = planOutcome(tracked);
      if (outcome !== 'active') {
        const done = await m.getRepository(PaymentPlan).update({ id: plan.id, status: 'active' }, { status: outcome, closedAt: at });
        if (done.affected) {
          await recordDossierEvent(m, SYSTEM_ACTOR, { dossierId: plan.dossierId, at, type: outcome === 'broken' ? 'planBroken' : 'planCompleted', amount: plan.total, details: {} });
          if (outcome === 'broken') counts.plansBroken++;
          else counts.plansCompleted++;
          return true;
        }
      }
      return false;
    });
    // The plan is over: the scenario it suspended takes the dossier back (its reminders, or its closure proposal).
    if (ended && db instanceof DataSource && (await resumeScenarioAfterPlan(db, plan.id, at))) counts.scenariosResumed++;
  }
  return counts;
}

/**
 * Proposes a settlement pour solde de tout compte: the debtor pays `amount` (less than the balance)
 * and the rest is given up. A controller decides alone up to the authority limit (of balance); above
 * it the settlement waits for an administrator. The amount given up is recorded on the settlement.
 */
export async function proposeSettlement(db: Db, dossierId: number, input: { amount: Cents; comment: string | null }, actor: Actor & { role: Role }, at: string, today: string): Promise<Settlement> {
  return inTransaction(db, async (m) => {
    if (!(await m.getRepository(Dossier).existsBy({ id: dossierId }))) throw AppError.notFound();
    if (await m.getRepository(Settlement).existsBy({ dossierId, status: In(['pending', 'accepted']) })) throw new AppError('invalid_state', 'plans.settlement.errors.already', 409);
    const balance = (await dossierAccount(m, dossierId, today)).overview.balance;
    if (input.amount <= 0) throw AppError.field('amount', 'plans.errors.totalPositive');
    if (input.amount >= balance) throw AppError.field('amount', 'plans.settlement.errors.notBelowBalance');
    const needsApproval = !APPROVER_ROLES.includes(actor.role) && balance > (await authorityLimit(m));
    const saved = await m.getRepository(Settlement).save(
      m.getRepository(Settlement).create({
        dossierId, status: needsApproval ? 'pending' : 'accepted', balance, amount: input.amount, givenUp: balance - input.amount, comment: input.comment,
        decidedAt: needsApproval ? null : at, decidedBy: needsApproval ? null : actor.userId, decisionReason: null, createdAt: at, createdBy: actor.userId,
      }),
    );
    await recordDossierEvent(m, actor, {
      dossierId, at, type: needsApproval ? 'settlementSubmitted' : 'settlementAccepted', amount: balance - input.amount, details: { balance, givenUp: balance - input.amount, reason: '' },
    });
    await refreshDossierBalances(m, { dossierIds: [dossierId] });
    return saved;
  });
}

export async function decideSettlement(db: Db, settlementId: number, decision: 'approve' | 'refuse', reason: string | null, actor: Actor & { role: Role }, at: string): Promise<Settlement> {
  if (!APPROVER_ROLES.includes(actor.role)) throw new AppError('forbidden', 'errors.forbidden', 403);
  if (decision === 'refuse' && !reason) throw AppError.field('reason', 'validation.required');
  return inTransaction(db, async (m) => {
    const done = await m.getRepository(Settlement).update(
      { id: settlementId, status: 'pending' },
      { status: decision === 'approve' ? 'accepted' : 'refused', decidedAt: at, decidedBy: actor.userId, decisionReason: reason },
    );
    if (!done.affected) throw new AppError('invalid_state', 'plans.errors.notPending', 409);
    const s = await m.getRepository(Settlement).findOneByOrFail({ id: settlementId });
    await recordDossierEvent(m, actor, {
      dossierId: s.dossierId, at, type: decision === 'approve' ? 'settlementAccepted' : 'settlementRefused', amount: s.givenUp, details: { balance: s.balance, givenUp: s.givenUp, reason: reason ?? '' },
    });
    await refreshDossierBalances(m, { dossierIds: [s.dossierId] });
    return s;
  });
}

export async function dossierSettlements(db: Db, dossierId: number): Promise<Settlement[]> {
  return db.getRepository(Settlement).find({ where: { dossierId }, order: { id: 'DESC' } });
}

/** The plan a decision is about, or "not found". */
export async function getPaymentPlan(db: Db, id: number): Promise<PaymentPlan> {
  const plan = await db.getRepository(PaymentPlan).findOneBy({ id });
  if (!plan) throw AppError.notFound();
  return plan;
}

/** The settlement a decision is about, or "not found". */
export async function getSettlement(db: Db, id: number): Promise<Settlement> {
  const s = await db.getRepository(Settlement).findOneBy({ id });
  if (!s) throw AppError.notFound();
  return s;
}
