/**
 * A credit controller works the dossiers assigned to them; other dossiers are read-only for them unless
 * CONTROLLERS_EDIT_ALL=true. One guard, mounted before every component router (app.ts), so that every
 * route that writes to a dossier — the forms under /dossiers/:id of every component, the provision
 * forms, the bulk "Réalisée" of Gestion des actions — applies the same rule.
 */
import { NextFunction, Request, Response, Router } from 'express';
import { rawQuery } from '../db/transactions';
import { AppError } from '../shared/errors';
import type { ModuleContext } from '../web/context';
import type { User } from './user.entity';

const ID = /^\d{1,9}$/;

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

export function dossierAssignmentGuard(ctx: ModuleContext): Router {
  const router = Router();
  const refuse = async (res: Response, next: NextFunction, dossierIds: number[]) => {
    const user = res.locals.user as User | undefined;
    if (!user) return next();
    if ((await dossiersNotWritableBy(ctx, user, dossierIds)).length > 0) return next(new AppError('forbidden', 'errors.forbidden'));
    next();
  };
  // Forms and their posts: every POST under /dossiers/:id, and the GET pages that only show a form.
  const formPage = /^\/(edit|status|reopen|contacts\/[^/]+\/edit)$/;
  router.use('/dossiers/:id', (req: Request, res: Response, next: NextFunction) => {
    if (!ID.test(String(req.params.id))) return next();
    const writes = req.method === 'POST' || (req.method === 'GET' && formPage.test(req.path));
    if (writes) return void refuse(res, next, [Number(req.params.id)]).catch(next);
    // Pages that only show the dossier: say it is read-only for this user, so that they hide its buttons.
    const user = res.locals.user as User | undefined;
    if (req.method !== 'GET' || !user) return next();
    dossiersNotWritableBy(ctx, user, [Number(req.params.id)])
      .then((ids) => {
        res.locals.dossierReadOnlyForUser = ids.length > 0;
        next();
      })
      .catch(next);
  });
  router.use('/provisions/dossiers/:id', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || !ID.test(String(req.params.id))) return next();
    void refuse(res, next, [Number(req.params.id)]).catch(next);
  });
  // Bulk actions on interventions: refused as a whole when one of them belongs to another's dossier.
  router.post('/actions/done', (req: Request, res: Response, next: NextFunction) => {
    const raw = (req.body as Record<string, unknown> | undefined)?.ids;
    const ids = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string' && ID.test(v)).map(Number);
    if (ids.length === 0) return next();
    rawQuery<{ dossier_id: number }>(ctx.dataSource, 'SELECT DISTINCT dossier_id FROM intervention WHERE id IN (:...ids)', { ids })
      .then((rows) => refuse(res, next, rows.map((r) => Number(r.dossier_id))))
      .catch(next);
  });
  return router;
}
