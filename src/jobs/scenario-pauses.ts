/**
 * Issue 15's one hook into the scenario run: the dossiers whose scenario waits today, without being
 * suspended by hand — an open promise to pay until its pause end. The engine treats them as
 * suspended for the day (nothing raised, no closure proposal); the steps that fell due meanwhile are
 * caught up, in order, once the wait is over.
 */
import type { DataSource } from 'typeorm';
import { promisePausedDossierIds } from '../promises';

export async function scenarioPausedIds(ds: DataSource, range: { fromId: number; toId: number }, today: string): Promise<Set<number>> {
  return promisePausedDossierIds(ds, range, today);
}
