/**
 * Promesses de règlement: record one (from the dossier page, or the debtor's own page), read a
 * dossier's promises, the daily check that closes them as kept or broken (a broken one raises ONE
 * "Promesse non tenue" intervention), and the hook the scenario engine reads to wait.
 */
import { In } from 'typeorm';
import { toNumber } from '../db/column-types';
import { Db, inTransaction, rawQuery } from '../db/transactions';
import { dossierAccount } from '../dossier-account';
import { Dossier, recordDossierEvent, type Actor } from '../dossiers';
import { SYSTEM_ACTOR } from '../history';
import { addIntervention } from '../interventions';
import { AppError } from '../shared/errors';
import { translate, type Locale } from '../shared/i18n';
import type { Cents } from '../shared/money';
import { PaymentPromise, type PromiseChannel } from './payment-promise.entity';
import { pauseEnd, promiseOutcome, promiseProblems } from './promise.rules';

export interface PromiseInput {
  promisedDate: string;
  amount: Cents;
  channel: PromiseChannel;
  comment: string | null;
}

/** Step code of a promise's "Promesse non tenue" intervention: with occurrence 1, the unique key makes it exactly once. */
export const brokenPromiseStepCode = (promiseId: number) => `promise:${promiseId}`;

/**
 * Records a promise; an open one on the same dossier is replaced (the debtor's latest word counts).
 * The scenario waits until the promised date plus `graceDays` (stored on the row, so a later change of
 * the setting does not move promises already taken).
 */
export async function recordPromise(db: Db, dossierId: number, input: PromiseInput, actor: Actor, at: string, today: string, graceDays: number): Promise<PaymentPromise> {
  const problems = promiseProblems(input, today);
  if (Object.keys(problems).length) throw AppError.validation(Object.entries(problems).map(([field, message]) => ({ field, message })));
  return inTransaction(db, async (m) => {
    const dossier = await m.getRepository(Dossier).findOneBy({ id: dossierId });
    if (!dossier) throw AppError.notFound();
    const account = await dossierAccount(m, dossierId, today);
    const replaced = await m.getRepository(PaymentPromise).update({ dossierId, status: 'open' }, { status: 'replaced', closedOn: today });
    const saved = await m.getRepository(PaymentPromise).save(
      m.getRepository(PaymentPromise).create({
        dossierId, status: 'open', promisedDate: input.promisedDate, amount: input.amount, channel: input.channel, takenOn: today,
        takenBy: actor.userId, takenByName: actor.userName, controllerId: dossier.controllerId, pauseUntil: pauseEnd(input.promisedDate, graceDays),
        paymentsAtCreation: account.overview.payments, comment: input.comment, closedOn: null, interventionId: null, createdAt: at,
      }),
    );
    await recordDossierEvent(m, actor, {
      dossierId, at, type: 'promiseRecorded', amount: input.amount,
      details: { promiseId: saved.id, promisedDate: input.promisedDate, channel: input.channel, pauseUntil: saved.pauseUntil, replaced: replaced.affected ?? 0 },
    });
    return saved;
  });
}

export async function dossierPromises(db: Db, dossierId: number): Promise<PaymentPromise[]> {
  return db.getRepository(PaymentPromise).find({ where: { dossierId }, order: { id: 'DESC' } });
}

/**
 * The scenario engine's hook: the dossiers (ids in [fromId, toId]) whose scenario waits on `today`
 * for an open promise. One query per chunk of the daily run.
 */
export async function promisePausedDossierIds(db: Db, range: { fromId: number; toId: number }, today: string): Promise<Set<number>> {
  const rows = await rawQuery<{ dossier_id: unknown }>(
    db,
    "SELECT DISTINCT dossier_id FROM payment_promise WHERE status = 'open' AND pause_until >= :today AND dossier_id BETWEEN :fromId AND :toId",
    { today, ...range },
  );
  return new Set(rows.map((r) => toNumber(r.dossier_id)));
}

/**
 * Daily check at `businessDate`: each open promise is closed as kept when the account shows the
 * payment, or as broken once its pause has ended unpaid. The conditional update on status claims
 * the change, and the intervention's (dossier, 'promise:<id>', 1) key is unique: run twice, or two
 * runs at once, raise one "Promesse non tenue" only.
 */
export async function checkPromises(db: Db, businessDate: string, locale: Locale, at: string): Promise<{ promisesExamined: number; promisesKept: number; promisesBroken: number }> {
  const counts = { promisesExamined: 0, promisesKept: 0, promisesBroken: 0 };
  const open = await db.getRepository(PaymentPromise).find({ where: { status: 'open' }, order: { id: 'ASC' } });
  for (const promise of open) {
    counts.promisesExamined++;
    await inTransaction(db, async (m) => {
      const account = await dossierAccount(m, promise.dossierId, businessDate);
      const outcome = promiseOutcome(promise, account.overview, businessDate);
      if (outcome === 'open') return;
      const claimed = await m.getRepository(PaymentPromise).update({ id: promise.id, status: 'open' }, { status: outcome, closedOn: businessDate });
      if (!claimed.affected) return;
      if (outcome === 'kept') {
        counts.promisesKept++;
        await recordDossierEvent(m, SYSTEM_ACTOR, { dossierId: promise.dossierId, at, type: 'promiseKept', amount: promise.amount, details: { promiseId: promise.id, promisedDate: promise.promisedDate } });
        return;
      }
      counts.promisesBroken++;
      const dossier = await m.getRepository(Dossier).findOneByOrFail({ id: promise.dossierId });
      const intervention = await addIntervention(m, {
        dossierId: promise.dossierId, type: 'call', label: translate(locale, 'promises.brokenLabel'), dueDate: businessDate, priority: dossier.priority,
        assigneeId: dossier.controllerId, source: 'system', stepCode: brokenPromiseStepCode(promise.id), occurrence: 1,
        comment: translate(locale, 'promises.brokenComment', { date: promise.promisedDate.split('-').reverse().join('/') }),
      }, SYSTEM_ACTOR, at);
      await m.getRepository(PaymentPromise).update({ id: promise.id }, { interventionId: intervention.id });
      await recordDossierEvent(m, SYSTEM_ACTOR, {
        dossierId: promise.dossierId, at, type: 'promiseBroken', amount: promise.amount - Math.max(0, account.overview.payments - promise.paymentsAtCreation),
        details: { promiseId: promise.id, promisedDate: promise.promisedDate, interventionId: intervention.id },
      });
    });
  }
  return counts;
}

export interface PromiseReportRow {
  controller: string;
  month: string;
  kept: number;
  broken: number;
  open: number;
  keptAmount: Cents;
  brokenAmount: Cents;
}

/** Promises per controller and per month of the promised date, between `from` and `to` (promised dates). */
export async function promiseReportRows(db: Db, period: { from: string; to: string }): Promise<PromiseReportRow[]> {
  const raw = await rawQuery<Record<string, unknown>>(
    db,
    `SELECT COALESCE(cc.name, '—') AS controller, SUBSTR(p.promised_date, 1, 7) AS month,
            SUM(CASE WHEN p.status = 'kept' THEN 1 ELSE 0 END) AS kept, SUM(CASE WHEN p.status = 'broken' THEN 1 ELSE 0 END) AS broken,
            SUM(CASE WHEN p.status = 'open' THEN 1 ELSE 0 END) AS open_count,
            SUM(CASE WHEN p.status = 'kept' THEN p.amount ELSE 0 END) AS kept_amount, SUM(CASE WHEN p.status = 'broken' THEN p.amount ELSE 0 END) AS broken_amount
       FROM payment_promise p LEFT JOIN credit_controller cc ON cc.id = p.controller_id
      WHERE p.status <> 'replaced' AND p.promised_date >= :from AND p.promised_date <= :to
      GROUP BY COALESCE(cc.name, '—'), SUBSTR(p.promised_date, 1, 7)
      ORDER BY COALESCE(cc.name, '—'), SUBSTR(p.promised_date, 1, 7)`,
    period,
  );
  return raw.map((r) => ({
    controller: String(r.controller), month: String(r.month), kept: toNumber(r.kept), broken: toNumber(r.broken), open: toNumber(r.open_count),
    keptAmount: toNumber(r.kept_amount), brokenAmount: toNumber(r.broken_amount),
  }));
}

/** Open promises of several dossiers (the dossier list and the debtor page show them). */
export async function openPromises(db: Db, dossierIds: number[]): Promise<PaymentPromise[]> {
  if (dossierIds.length === 0) return [];
  return db.getRepository(PaymentPromise).find({ where: { dossierId: In(dossierIds), status: 'open' }, order: { id: 'ASC' } });
}
