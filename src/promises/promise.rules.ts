/**
 * Promesses de règlement, as pure rules: how long the scenario waits, and what became of a promise
 * at a business date. Today is always a parameter.
 */
import { addDays, type BusinessDate } from '../shared/business-date';
import type { Cents } from '../shared/money';

export interface PromiseFacts {
  status: 'open' | 'kept' | 'broken' | 'replaced';
  promisedDate: BusinessDate;
  amount: Cents;
  pauseUntil: BusinessDate;
  paymentsAtCreation: Cents;
}

/** The last day the scenario waits for a promise: the promised date plus the grace period. */
export function pauseEnd(promisedDate: BusinessDate, graceDays: number): BusinessDate {
  return addDays(promisedDate, graceDays);
}

/** Whether an open promise holds the dossier's scenario on `today` (until its pause end, included). */
export function holdsScenario(p: Pick<PromiseFacts, 'status' | 'pauseUntil'>, today: BusinessDate): boolean {
  return p.status === 'open' && today <= p.pauseUntil;
}

/** The date until which the dossier's scenario waits (the latest open promise), or null when nothing holds it. */
export function pausedUntil(promises: Pick<PromiseFacts, 'status' | 'pauseUntil'>[], today: BusinessDate): BusinessDate | null {
  let until: BusinessDate | null = null;
  for (const p of promises) if (holdsScenario(p, today) && (until === null || p.pauseUntil > until)) until = p.pauseUntil;
  return until;
}

export type PromiseOutcome = 'open' | 'kept' | 'broken';

/**
 * What the account says of an open promise at `today`. Kept: the payments counted since it was taken
 * reach its amount, or nothing is owed any more (the balance rule's figures). Broken: neither, once
 * its pause end has passed. Otherwise still open. A promise already decided keeps its outcome.
 */
export function promiseOutcome(p: PromiseFacts, account: { payments: Cents; balance: Cents }, today: BusinessDate): PromiseOutcome {
  if (p.status === 'kept' || p.status === 'broken') return p.status;
  if (p.status === 'replaced') return 'open';
  if (account.payments - p.paymentsAtCreation >= p.amount || account.balance <= 0) return 'kept';
  return today > p.pauseUntil ? 'broken' : 'open';
}

/** Field problems of a new promise (i18n keys by field). */
export function promiseProblems(input: { promisedDate: BusinessDate; amount: Cents }, today: BusinessDate): Record<string, string> {
  const out: Record<string, string> = {};
  if (input.promisedDate < today) out.promisedDate = 'promises.errors.past';
  if (input.amount <= 0) out.amount = 'promises.errors.positive';
  return out;
}
