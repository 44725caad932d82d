/**
 * Issue 15's hooks into the scenario run (promises to pay, disputes), kept apart from the engine:
 * - `scenarioPausedIds`: the dossiers whose scenario waits today without being suspended by hand — an
 *   open promise to pay until its pause end, or an open dispute of the whole dossier. The engine treats
 *   them as suspended for the day (nothing raised, no closure proposal); the steps that fell due
 *   meanwhile are caught up, in order, once the wait is over.
 * - `scenarioBalance`: the balance the engine weighs — the stored balance, less what open disputes
 *   contest on the dossier's invoices (read by the balance rule, dossier-account's undisputedBalances).
 * - `openLinesFilterSql`: the condition the run's oldest-due query adds so that disputed invoices leave it.
 * - `isHeld`: a dossier whose undisputed balance is nothing while disputes are open waits for
 *   them instead of proposing its closure.
 */
import type { Db } from '../db/sql';
import { disputeHolds, notDisputedSql } from '../dispute-scope';
import { undisputedBalances } from '../dossier-account';
import { promisePausedDossierIds } from '../promises';
import type { Cents } from '../shared/money';
import { entrustedDossierIds } from '../handoff';

export interface ScenarioPauses {
  paused: Set<number>;
  withDisputedInvoices: Set<number>;
  /** For the dossiers with a disputed invoice: the balance without what the disputes contest. */
  undisputed: Map<number, Cents>;
}

export async function scenarioPausedIds(ds: Db, range: { fromId: number; toId: number }, today: string): Promise<ScenarioPauses> {
  const promised = await promisePausedDossierIds(ds, range, today);
  const disputes = await disputeHolds(ds, range);
  // Issue 16: a dossier entrusted to an agency waits until the agency returns it.
  const entrusted = await entrustedDossierIds(ds, range);
  const undisputed = await undisputedBalances(ds, [...disputes.someInvoices]);
  return { paused: new Set([...promised, ...disputes.wholeDossier, ...entrusted]), withDisputedInvoices: disputes.someInvoices, undisputed };
}

export function openLinesFilterSql(alias: string): string {
  return notDisputedSql(alias);
}

/** The balance the engine weighs: the stored one, or, with disputed invoices, the undisputed one. */
export function scenarioBalance(pauses: ScenarioPauses, dossierId: number, storedBalance: Cents): Cents {
  return pauses.undisputed.get(dossierId) ?? storedBalance;
}

export function isHeld(pauses: ScenarioPauses, dossierId: number, undisputedBalance: number): boolean {
  return pauses.paused.has(dossierId) || (pauses.withDisputedInvoices.has(dossierId) && undisputedBalance <= 0);
}
