/** The settings audit page (/audit), and the per-request author of settings changes. */
import { type Router } from 'express';
import { moduleRouter } from '../web/router';
import { z } from 'zod';
import { usersByUsername, type User } from '../auth';
import { parseBusinessDate } from '../shared/business-date';
import type { ModuleContext } from '../web/context';
import { AUDIT_AREAS, changedFields, listSettingChanges, runAsActor } from './audit.service';

const filterSchema = z.object({
  area: z.enum(AUDIT_AREAS).optional().catch(undefined),
  userId: z.coerce.number().int().positive().optional().catch(undefined),
  from: z.string().optional().catch(undefined),
  to: z.string().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100000).optional().catch(undefined),
});

export function auditRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();

  // Every settings change made while handling this request is signed by the signed-in user.
  router.use((_req, res, next) => {
    const user = res.locals.user as User | undefined;
    if (!user) return next();
    runAsActor({ userId: user.id, name: user.username }, () => next());
  });

  router.get('/audit', async (req, res) => {
    const f = filterSchema.parse(req.query);
    const from = f.from ? parseBusinessDate(f.from) : null;
    const to = f.to ? parseBusinessDate(f.to) : null;
    const page = f.page ?? 1;
    const { rows, total } = await listSettingChanges(ctx.dataSource, { area: f.area, userId: f.userId, from, to, page });
    const users = await usersByUsername(ctx.dataSource);
    res.render('audit/list', {
      title: res.locals.t('audit.title'),
      rows: rows.map((r) => ({ ...r, changes: changedFields(r.beforeJson, r.afterJson) })),
      total,
      page,
      pages: Math.max(1, Math.ceil(total / 50)),
      areas: AUDIT_AREAS,
      users,
      filter: { area: f.area ?? '', userId: f.userId ? String(f.userId) : '', from: from ?? '', to: to ?? '' },
    });
  });

  return router;
}
