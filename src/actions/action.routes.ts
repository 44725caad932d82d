import { type Router, type Request, type Response, type NextFunction } from 'express';
import { moduleRouter } from '../web/router';
import { z } from 'zod';
import { currentUser } from '../web/auth';
import { parseBusinessDate } from '../shared/business-date';
import { field, parseForm } from '../web/form';
import { flash, redirectTo } from '../web/middleware';
import type { ModuleContext } from '../web/context';
import {
  ACTION_TYPES, callList, completeActions, controllerOfUser, controllers, countActionsDue, dossierStatuses, listActions, printLetters, type ActionFilters,
} from './action.service';

const first = (v: unknown): string | undefined => (Array.isArray(v) ? first(v[0]) : typeof v === 'string' ? v : undefined);

/** Reads the list's filters from a query string or a form (invalid values are ignored, never an error page). */
async function filtersOf(ctx: ModuleContext, res: Response, source: Record<string, unknown>): Promise<{ filters: ActionFilters; controllerParam: string; mine: { id: number; name: string } | null }> {
  const user = currentUser(res);
  const mine = await controllerOfUser(ctx.dataSource, user.id);
  let controllerParam = first(source.controller) ?? (mine ? 'mine' : 'all');
  let controller: ActionFilters['controller'] = 'all';
  if (controllerParam === 'mine') {
    if (mine) controller = mine.id;
    else controllerParam = 'all';
  } else if (/^\d{1,9}$/.test(controllerParam)) controller = Number(controllerParam);
  else controllerParam = 'all';
  const type = first(source.type);
  const status = first(source.status);
  const page = Number(first(source.page) ?? '1');
  return {
    mine,
    controllerParam,
    filters: {
      controller,
      type: type && (ACTION_TYPES as readonly string[]).includes(type) ? type : null,
      dueBy: parseBusinessDate(first(source.dueBy) ?? '') ?? null,
      overdueOnly: ['1', 'on', 'true'].includes(first(source.overdue) ?? ''),
      statusId: status && /^\d{1,9}$/.test(status) ? Number(status) : null,
      page: Number.isInteger(page) && page > 0 ? page : 1,
      pageSize: ctx.config.pageSize,
    },
  };
}

const bulkSchema = z.object({ ids: field.idList(), result: field.requiredText(200), back: z.string().optional() });
const printSchema = z.object({ ids: field.idList() });

/** Keeps the list's filters across a bulk action (only our own query string, never another site). */
function backTo(back: unknown): string {
  const text = typeof back === 'string' ? back : '';
  return /^\?[A-Za-z0-9_=&%.+-]*$/.test(text) ? `/actions${text}` : '/actions';
}

/** The header's "Gestion des actions" badge, on every full page (not on htmx fragments or posts); mounted first so no page misses it. */
export function actionBadgeRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    const user = res.locals.user as { id: number } | undefined;
    if (req.method === 'GET' && user && !req.get('HX-Request')) {
      res.locals.actionsDueToday = await countActionsDue(ctx.dataSource, user.id, ctx.today());
    }
    next();
  });
  return router;
}

export function actionRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();


  router.get('/actions', async (req, res) => {
    const today = ctx.today();
    const { filters, controllerParam, mine } = await filtersOf(ctx, res, req.query as Record<string, unknown>);
    const result = await listActions(ctx.dataSource, filters, today);
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(req.query)) if (typeof v === 'string' && k !== 'page') q.set(k, v);
    res.render('actions/list', {
      title: res.locals.t('actions.title'),
      filters,
      controllerParam,
      mine,
      ...result,
      page: Math.min(filters.page, result.pages),
      types: ACTION_TYPES,
      statuses: await dossierStatuses(ctx.dataSource),
      controllers: await controllers(ctx.dataSource),
      queryString: q.toString(),
      errors: {},
    });
  });

  router.post('/actions/done', async (req, res) => {
    const parsed = bulkSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      // A bulk form: back to the list with the reason (the ticked rows are few clicks away).
      flash(req, 'danger', parsed.error.issues.some((i) => i.path[0] === 'result') ? 'actions.flash.resultRequired' : 'errors.validation');
      return redirectTo(res, backTo((req.body as Record<string, unknown> | undefined)?.back));
    }
    const form = parsed.data;
    const user = currentUser(res);
    if (form.ids.length === 0) {
      flash(req, 'warning', 'actions.flash.noneSelected');
      return redirectTo(res, backTo(form.back));
    }
    const outcome = await completeActions(ctx.dataSource, form.ids, form.result, ctx.today(), { userId: user.id, userName: user.displayName, role: user.role }, ctx.now().toISOString());
    flash(req, 'success', res.locals.t('actions.flash.done', { count: outcome.done }));
    if (outcome.submitted) flash(req, 'warning', res.locals.t('actions.flash.submitted', { count: outcome.submitted }));
    if (outcome.refused) flash(req, 'warning', res.locals.t('actions.flash.refused', { count: outcome.refused }));
    redirectTo(res, backTo(form.back));
  });

  router.post('/actions/letters', async (req, res) => {
    const form = parseForm(printSchema, req.body);
    const { filters } = await filtersOf(ctx, res, req.body as Record<string, unknown>);
    const printed = await printLetters(ctx.dataSource, form.ids, filters, ctx.today(), ctx.now());
    const t = res.locals.t as (k: string, p?: Record<string, unknown>) => string;
    if (printed.count === 0) {
      // Say why nothing printed: nothing due, only other kinds of actions ticked, letters without a template.
      const back = backTo((req.body as Record<string, unknown>).back);
      if (printed.noneDue) flash(req, 'info', t('actions.flash.noLettersDue'));
      else if (form.ids.length > 0 && printed.notLetters === form.ids.length) flash(req, 'info', t('actions.flash.noLettersSelected', { count: printed.notLetters }));
      else flash(req, 'info', 'actions.flash.noLetters');
      if (printed.withoutTemplate.length) {
        flash(req, 'warning', t('actions.flash.withoutTemplate', { list: printed.withoutTemplate.map((w) => `${w.label} (n° ${w.dossierNumber})`).join(', ') }));
      }
      return redirectTo(res, back);
    }
    res.type('html').send(printed.html);
  });

  router.post('/actions/calls', async (req, res) => {
    const form = parseForm(printSchema, req.body);
    const { filters } = await filtersOf(ctx, res, req.body as Record<string, unknown>);
    const calls = await callList(ctx.dataSource, form.ids, filters, ctx.today());
    res.render('actions/calls', { title: res.locals.t('actions.calls.title'), calls });
  });

  return router;
}
