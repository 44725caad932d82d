/**
 * A credit controller works the dossiers assigned to them; other dossiers are read-only for them unless
 * CONTROLLERS_EDIT_ALL=true. The route guard (src/access) applies this rule to every route that writes
 * to a dossier (dossierScope in the policy table): the forms under /dossiers/:id of every component, the
 * provision forms, the bulk "Réalisée" of Gestion des actions.
 */
import { rawQuery } from '../db/transactions';
import type { ModuleContext } from '../web/context';
import type { User } from './user.entity';

/** Ids of the dossiers (among `dossierIds`) that the user may not change. */
export async function dossiersNotWritableBy(ctx: ModuleContext, user: Pick<User, 'id' | 'role'>, dossierIds: number[]): Promise<number[]> {
  if (user.role !== 'controller' || ctx.config.controllersEditAll || dossierIds.length === 0) return [];
  const rows = await rawQuery<{ id: number }>(
    ctx.dataSource,
    `SELECT d.id FROM dossier d WHERE d.id IN (:...ids)
       AND (d.controller_id IS NULL OR d.controller_id NOT IN (SELECT c.id FROM credit_controller c WHERE c.user_id = :userId))`,
    { ids: dossierIds, userId: user.id },
  );
  return rows.map((r) => Number(r.id));
}

/** The dossiers of some interventions (a bulk form names interventions). */
export async function dossiersOfInterventions(ctx: ModuleContext, interventionIds: number[]): Promise<number[]> {
  if (interventionIds.length === 0) return [];
  const rows = await rawQuery<{ dossier_id: number }>(ctx.dataSource, 'SELECT DISTINCT dossier_id FROM intervention WHERE id IN (:...ids)', { ids: interventionIds });
  return rows.map((r) => Number(r.dossier_id));
}
