/**
 * Issue 15's hooks into the scenario run (promises to pay, disputes), kept apart from the engine:
 * - `scenarioPausedIds`: the dossiers whose scenario waits today without being suspended by hand — an
 *   open promise to pay until its pause end, or an open dispute of the whole dossier. The engine treats
 *   them as suspended for the day (nothing raised, no closure proposal); the steps that fell due
 *   meanwhile are caught up, in order, once the wait is over.
 * - `openLinesFilterSql`: the condition the run's money query adds so that disputed invoices leave the
 *   scenario's balance and oldest due date.
 * - `waitsForDisputes`: a dossier whose undisputed balance is nothing while disputes are open waits for
 *   them instead of proposing its closure.
 */
import type { DataSource } from 'typeorm';
import { disputeHolds, notDisputedSql } from '../disputes';
import { promisePausedDossierIds } from '../promises';
import { entrustedDossierIds } from '../handoff';

export interface ScenarioPauses {
  paused: Set<number>;
  withDisputedInvoices: Set<number>;
}

export async function scenarioPausedIds(ds: DataSource, range: { fromId: number; toId: number }, today: string): Promise<ScenarioPauses> {
  const promised = await promisePausedDossierIds(ds, range, today);
  const disputes = await disputeHolds(ds, range);
  // Issue 16: a dossier entrusted to an agency waits until the agency returns it.
  const entrusted = await entrustedDossierIds(ds, range);
  return { paused: new Set([...promised, ...disputes.wholeDossier, ...entrusted]), withDisputedInvoices: disputes.someInvoices };
}

export function openLinesFilterSql(alias: string): string {
  return notDisputedSql(alias);
}

export function isHeld(pauses: ScenarioPauses, dossierId: number, undisputedBalance: number): boolean {
  return pauses.paused.has(dossierId) || (pauses.withDisputedInvoices.has(dossierId) && undisputedBalance <= 0);
}
