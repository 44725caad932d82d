/**
 * The set-up page (/setup, administrators): a company's first day with its own data. While there is
 * no company, an administrator's home page leads here. Thin: validate, call setup.service, redirect.
 */
import type { Response, Router } from 'express';
import { z } from 'zod';
import { AppError } from '../shared/errors';
import type { ModuleContext } from '../web/context';
import { field, parseForm } from '../web/form';
import { flash, redirectTo } from '../web/middleware';
import { moduleRouter } from '../web/router';
import { completeSetup, setupCompleted, createFirstCompany, needsCompany, setDefaultScenario, setupStatus, updateFirstCompany } from './setup.service';
import { fiscalYearStartInput, parseFiscalYearStart } from './setup.rules';
import { ANSWERED, formAction, handleForm } from '../web/form-action';

const companySchema = z.object({
  name: field.requiredText(200),
  siren: z.preprocess((v) => (typeof v === 'string' ? v.replace(/\s/g, '') : v), field.optionalText(9)),
  address: field.optionalText(300),
  postalCode: field.optionalText(20),
  city: field.optionalText(100),
  fiscalYearStart: field.optionalText(5),
});

export function setupRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;
  /** Whoever may use the set-up page (src/access/route-policy.ts): the administrators. */
  const mayRunSetup = (res: Response) => Boolean(res.locals.user) && (res.locals.can as (routeKey: string) => boolean)('GET /setup');

  // Until the set-up is finished, an administrator's pages offer the way back to it (the import page does).
  router.use(async (req, res, next) => {
    if (req.method === 'GET' && mayRunSetup(res)) res.locals.setupPending = !(await setupCompleted(ds));
    next();
  });

  // No company yet: the administrator's home page is the set-up page.
  router.get('/', async (_req, res, next) => {
    if (mayRunSetup(res) && (await needsCompany(ds))) return redirectTo(res, '/setup');
    next();
  });

  async function render(res: Response, values: Record<string, string> | null, errors: Record<string, string> = {}, status = 200) {
    const state = await setupStatus(ds);
    const c = state.company;
    const shown = values ?? {
      name: c?.name ?? '', siren: c?.siren ?? '', address: c?.address ?? '', postalCode: c?.postalCode ?? '', city: c?.city ?? '',
      fiscalYearStart: c ? fiscalYearStartInput(c.fiscalYearStart) : '01/01',
    };
    res.status(status).render('setup/index', { title: res.locals.t('setup.title'), state, values: shown, errors, maxMb: ctx.config.fecImportMaxMb });
  }

  router.get('/setup', async (_req, res) => {
    await render(res, null);
  });

  router.post('/setup/company', async (req, res) => {
    const values: Record<string, string> = {};
    for (const k of ['name', 'siren', 'address', 'postalCode', 'city', 'fiscalYearStart']) values[k] = typeof req.body?.[k] === 'string' ? req.body[k] : '';
    await handleForm(req, res, {
      run: async () => {
        const form = parseForm(companySchema, req.body);
        const fiscalYearStart = form.fiscalYearStart ? parseFiscalYearStart(form.fiscalYearStart) : null;
        if (form.fiscalYearStart && !fiscalYearStart) throw AppError.field('fiscalYearStart', 'setup.errors.fiscalYearStart');
        const input = { ...form, fiscalYearStart };
        const { company } = await setupStatus(ds);
        if (company) await updateFirstCompany(ds, company.id, input);
        else await createFirstCompany(ds, input);
        return 'setup.flash.company';
      },
      back: '/setup#step-import',
      rerender: (_req, _res, errors) => render(res, values, errors, 422),
      refused: false,
    });
  });

  router.post('/setup/scenario', formAction({
    run: async (req) => {
      const { scenarioId } = parseForm(z.object({ scenarioId: field.optionalId() }), req.body);
      await setDefaultScenario(ds, scenarioId);
      return 'setup.flash.scenario';
    },
    back: '/setup#step-scenario',
    rerender: (_req, res, errors) => render(res, null, errors, 422),
    refused: false,
  }));

  router.post('/setup/done', formAction({
    run: async (req, res) => {
      await completeSetup(ds);
      flash(req, 'success', 'setup.flash.done');
      redirectTo(res, '/');
      return ANSWERED;
    },
    back: '/setup',
  }));

  return router;
}
