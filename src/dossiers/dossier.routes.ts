/**
 * Dossier workspace routes (thin: validate, call a use case, redirect 303 or render).
 * The dossier's tabs (interventions, contacts) have their own routers, mounted right after this
 * one in routes.ts (they live under /dossiers/:id).
 */
import { Request, Response, type Router } from 'express';
import { moduleRouter } from '../web/router';
import { resolveCustomer, type CustomerSuggestion } from '../third-parties';
import type { ModuleContext } from '../web/context';
import { parseForm, idParam } from '../web/form';
import { flash, redirectTo } from '../web/middleware';
import { Dossier } from './dossier.entity';
import { dossierSchema, entrySelectionSchema, toDossierInput, versionSchema } from './dossier.forms';
import { formOptions } from './dossier.page';
import { customerRiskCodeId, firstOpenStatusId, refreshRiskCode, valuesOf } from './dossier-form.page';
import { actorOf } from '../web/auth';
import { renderDossierPage, tabOf } from '../web/dossier-page';
import { dateInput, parsePage, parseSort, percentInput } from './dossier.rules';
import { createDossier, defaultCompanyId, getDossier, nextDossierNumber, updateDossier } from './dossier.service';
import { linkEntries, unlinkEntries } from './dossier-entries.service';
import { dossierListChoices, listDossiers } from './dossier-list.service';
import { defaultScenarioId } from '../setup';
import { ANSWERED, handleForm, translated } from '../web/form-action';

/**
 * A customer typed in the type-ahead but not picked from its list (no JavaScript, or typed fast):
 * the server picks it when the text names one customer; otherwise the form shows the candidates.
 */
async function resolveTypedCustomer(ctx: ModuleContext, values: Record<string, string>): Promise<{ error: string | null; candidates: CustomerSuggestion[] }> {
  const text = (values.thirdPartyIdQuery ?? '').trim();
  if (asId(values.thirdPartyId) || !text) return { error: null, candidates: [] };
  const { customer, candidates } = await resolveCustomer(ctx.dataSource, text, asId(values.companyId));
  if (customer) {
    values.thirdPartyId = String(customer.id);
    return { error: null, candidates: [] };
  }
  return { error: candidates.length ? 'customerPicker.errors.ambiguous' : 'customerPicker.errors.notFound', candidates };
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function asId(v: unknown): number | null {
  return typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : null;
}

async function renderForm(
  ctx: ModuleContext,
  req: Request,
  res: Response,
  mode: { dossier: Dossier | null },
  values: Record<string, string>,
  extra: { status?: number; errors?: Record<string, string>; conflict?: string | null; candidates?: CustomerSuggestion[] } = {},
): Promise<void> {
  const options = await formOptions(ctx.dataSource, {
    companyId: asId(values.companyId),
    thirdPartyId: asId(values.thirdPartyId),
    dossierId: mode.dossier?.id ?? null,
  });
  // The type-ahead shows what was typed while no customer is chosen, else the chosen customer.
  const customerText = options.customer && !extra.candidates?.length ? options.customer.label : (values.thirdPartyIdQuery ?? '');
  const t = res.locals.t as (k: string, p?: Record<string, unknown>) => string;
  res.status(extra.status ?? 200).render('dossiers/form', {
    title: mode.dossier ? `${t('dossiers.edit.title')} ${mode.dossier.number}` : t('dossiers.new.title'),
    dossier: mode.dossier,
    values,
    errors: extra.errors ?? {},
    conflict: extra.conflict ?? null,
    customerText,
    candidates: extra.candidates ?? [],
    ...options,
  });
}

/** Values of a form refreshed through GET (the customer select reloads its risk code and contacts). */
function queryValues(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.query)) if (typeof v === 'string') out[k] = v;
  return out;
}

function bodyValues(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}

export function dossierRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;

  router.get('/dossiers', async (req, res) => {
    const { sort, dir } = parseSort(req.query.sort, req.query.dir);
    const page = parsePage(req.query.page);
    const statusId = asId(req.query.status);
    const search = str(req.query.q).slice(0, 200);
    const result = await listDossiers(ds, { search, statusId, sort, dir, page, pageSize: ctx.config.pageSize });
    const choices = await dossierListChoices(ds);
    const statuses = choices.statuses;
    // The bulk bar's actions (dossier-bulk.routes.ts), each shown to the roles its route's rule lets in.
    const can = res.locals.can as (routeKey: string) => boolean;
    const actions = {
      controller: can('POST /dossier-selection/controller'),
      scenario: can('POST /dossier-selection/scenario'),
      status: can('POST /dossier-selection/status'),
      print: can('POST /dossier-selection/print'),
    };
    const bulk = !Object.values(actions).some(Boolean) ? null : {
      actions,
      controllers: actions.controller ? choices.controllers : [],
      scenarios: actions.scenario ? choices.scenarios : [],
    };
    res.render('dossiers/list', {
      bulk,
      title: res.locals.t('dossiers.list.title'),
      ...result,
      statuses,
      filters: { q: search, status: statusId, sort, dir, page },
      pages: Math.max(1, Math.ceil(result.total / ctx.config.pageSize)),
    });
  });

  router.get('/dossiers/new', async (req, res) => {
    const values = queryValues(req);
    const companyId = asId(values.companyId) ?? (await defaultCompanyId(ds));
    values.companyId = companyId ? String(companyId) : '';
    // A new company (or a first visit) gets that company's next number.
    if (companyId && (!values.number || values.numberFor !== String(companyId))) values.number = String(await nextDossierNumber(ds, companyId));
    values.numberFor = values.companyId;
    values.startDate ||= dateInput(ctx.today());
    values.priority ||= '0';
    values.lossPercentage ??= percentInput(0, res.locals.lang);
    values.currency ||= 'EUR';
    if (!values.statusId) {
      const first = await firstOpenStatusId(ds);
      if (first) values.statusId = String(first);
    }
    // The scenario chosen at set-up, on a first visit only (an emptied field stays empty).
    if (values.scenarioId === undefined) {
      const scenarioId = await defaultScenarioId(ds);
      if (scenarioId) values.scenarioId = String(scenarioId);
    }
    const typed = await resolveTypedCustomer(ctx, values);
    await refreshRiskCode(ds, values);
    await renderForm(ctx, req, res, { dossier: null }, values, typed.error ? { errors: { thirdPartyId: typed.error }, candidates: typed.candidates } : {});
  });

  router.post('/dossiers', async (req, res) => {
    const values = bodyValues(req);
    const typed = await resolveTypedCustomer(ctx, values);
    if (typed.error) {
      await renderForm(ctx, req, res, { dossier: null }, values, { status: 422, errors: { thirdPartyId: typed.error }, candidates: typed.candidates });
      return;
    }
    await handleForm(req, res, {
      run: async () => {
        const form = parseForm(dossierSchema, values);
        const dossier = await createDossier(ds, toDossierInput(form, await customerRiskCodeId(ds, form.thirdPartyId)), actorOf(res), ctx.now().toISOString());
        flash(req, 'success', 'dossiers.flash.created');
        redirectTo(res, `/dossiers/${dossier.id}`);
        return ANSWERED;
      },
      back: '/dossiers',
      rerender: (_req, _res, errors) => renderForm(ctx, req, res, { dossier: null }, values, { status: 422, errors }),
      refused: false,
    });
  });

  router.get('/dossiers/:id', async (req, res) => {
    await renderDossierPage(ctx, res, idParam(req.params.id), tabOf(req.query.tab), { query: req.query as Record<string, unknown> });
  });

  router.get('/dossiers/:id/edit', async (req, res) => {
    const dossier = await getDossier(ds, idParam(req.params.id));
    // ?refresh=1: the form reloads itself (htmx) after the customer changed, keeping what the user typed.
    const values = req.query.refresh ? queryValues(req) : await valuesOf(ds, dossier, res.locals.lang);
    values.version ||= String(dossier.version);
    await refreshRiskCode(ds, values);
    await renderForm(ctx, req, res, { dossier }, values);
  });

  router.post('/dossiers/:id', async (req, res) => {
    const id = idParam(req.params.id);
    const dossier = await getDossier(ds, id);
    const values = bodyValues(req);
    const typed = await resolveTypedCustomer(ctx, values);
    if (typed.error) {
      await renderForm(ctx, req, res, { dossier }, values, { status: 422, errors: { thirdPartyId: typed.error }, candidates: typed.candidates });
      return;
    }
    await handleForm(req, res, {
      run: async () => {
        const { version } = parseForm(versionSchema, req.body);
        const form = parseForm(dossierSchema, values);
        await updateDossier(ds, id, version, toDossierInput(form, await customerRiskCodeId(ds, form.thirdPartyId)), actorOf(res), ctx.now().toISOString());
        return 'dossiers.flash.saved';
      },
      back: `/dossiers/${id}`,
      rerender: (_req, _res, errors, err) => renderForm(ctx, req, res, { dossier }, values, { status: err.httpStatus, errors, conflict: err.code === 'conflict' ? translated(err, res) : null }),
      rerenderConflict: true,
      refused: false,
    });
  });

  const entryAction = (action: typeof linkEntries) => async (req: Request, res: Response) => {
    const id = idParam(req.params.id);
    const { entryIds } = parseForm(entrySelectionSchema, req.body);
    await handleForm(req, res, {
      run: async () => {
        if (entryIds.length === 0) return flash(req, 'warning', 'dossiers.flash.noEntrySelected');
        await action(ds, id, entryIds, actorOf(res), ctx.now().toISOString());
        return action === linkEntries ? 'dossiers.flash.linked' : 'dossiers.flash.unlinked';
      },
      back: `/dossiers/${id}?tab=entries`,
    });
  };
  router.post('/dossiers/:id/entries/link', entryAction(linkEntries));
  router.post('/dossiers/:id/entries/unlink', entryAction(unlinkEntries));
  return router;
}
