/**
 * The host ERP's API, /api/v1: JSON in and out, bearer API keys, errors as application/problem+json
 * (the one error handler answers that way under /api/). Mounted by app.ts BEFORE the session, CSRF
 * and login middleware: an API call never creates a session nor sets a cookie.
 */
import express, { NextFunction, Request, Response, type Router } from 'express';
import { moduleRouter } from '../web/router';
import type { z } from 'zod';
import { formatterFor } from '../shared/i18n';
import { AppError } from '../shared/errors';
import type { ModuleContext } from '../web/context';
import { apiKeyOf, requireApiKey } from './api.auth';
import { apiFieldErrors } from './api.rules';
import {
  auxiliaryAccountParam, dossierListQuery, invoiceStatusInput, dossierNumberParam, journalQuery, ledgerPostInput, letteringInput, thirdPartyInput,
} from './api.schemas';
import { dossierDetail, journalEntriesSince, listDossiers } from './api.service';
import { postLedgerLines, updateLettering } from './api-ledger.service';
import { thirdPartyDetail, thirdPartySummary, upsertThirdParty } from './api-third-parties.service';
import { runWrite } from './idempotency';
import { recordInvoiceStatus } from './invoice-status.service';
import { openApiDocument } from './openapi';

export const API_PREFIX = '/api/v1';
/** Big enough for a 5,000-line batch of ledger lines. */
const BODY_LIMIT = '4mb';

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (body === undefined) throw new AppError('validation', 'api.errors.contentType', 415, [{ field: 'Content-Type', message: 'api.errors.contentType' }]);
  const result = schema.safeParse(body);
  if (!result.success) throw AppError.validation(apiFieldErrors(result.error.issues, 'body'));
  return result.data;
}

function parseParams<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw AppError.validation(apiFieldErrors(result.error.issues, 'param'));
  return result.data;
}

function pathParam<S extends z.ZodType>(name: string, schema: S, req: Request): z.output<S> {
  const result = schema.safeParse(req.params[name]);
  if (!result.success) throw AppError.validation(result.error.issues.map((i) => ({ field: name, message: i.message.startsWith('validation.') ? i.message : 'validation.invalid' })));
  return result.data;
}

/** Errors of the JSON parser as problems the caller can act on (it would otherwise be a 500). */
function bodyParserErrors(err: unknown, _req: Request, _res: Response, next: NextFunction): void {
  const type = (err as { type?: string } | null)?.type;
  if (type === 'entity.parse.failed') return next(new AppError('validation', 'api.errors.malformedJson', 400, [{ field: '', message: 'api.errors.malformedJson' }]));
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return next(new AppError('validation', 'api.errors.contentType', 415, [{ field: 'Content-Type', message: 'api.errors.contentType' }]));
  next(err);
}

/** The routes of /api/v1 (exported on its own so a test can compare them with the OpenAPI document). */
export function apiV1Router(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;

  router.use((req, res, next) => {
    // Problems in the caller's language (French unless Accept-Language prefers English); never cached.
    const locale = req.acceptsLanguages('fr', 'en') === 'en' ? 'en' : ctx.config.defaultLocale;
    res.locals.fmt = formatterFor(locale, ctx.config.timeZone);
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument(ctx.basePath));
  });

  router.use(requireApiKey(ctx));
  router.use(express.json({ limit: BODY_LIMIT, strict: true }));

  router.put('/third-parties/:auxiliaryAccount', async (req, res) => {
    const apiKey = apiKeyOf(res);
    const aux = pathParam('auxiliaryAccount', auxiliaryAccountParam, req);
    const input = parseBody(thirdPartyInput, req.body);
    await runWrite(ctx, req, res, apiKey, async (m) => {
      const { created, thirdParty } = await upsertThirdParty(m, apiKey.companyId, aux, input, ctx.now().toISOString());
      return { status: created ? 201 : 200, body: await thirdPartySummary(m, thirdParty) };
    });
  });

  router.get('/third-parties/:auxiliaryAccount', async (req, res) => {
    const aux = pathParam('auxiliaryAccount', auxiliaryAccountParam, req);
    res.json(await thirdPartyDetail(ds, apiKeyOf(res).companyId, aux, ctx.today()));
  });

  router.post('/ledger-entries', async (req, res) => {
    const apiKey = apiKeyOf(res);
    const input = parseBody(ledgerPostInput, req.body);
    await runWrite(ctx, req, res, apiKey, async (m) => {
      const result = await postLedgerLines(m, apiKey.companyId, input.lines, ctx.config.customerAccountPrefixes, ctx.now().toISOString());
      return { status: result.created > 0 ? 201 : 200, body: result };
    });
  });

  router.post('/lettering', async (req, res) => {
    const apiKey = apiKeyOf(res);
    const input = parseBody(letteringInput, req.body);
    await runWrite(ctx, req, res, apiKey, async (m) => ({ status: 200, body: await updateLettering(m, apiKey.companyId, input.items, ctx.today()) }));
  });

  router.post('/invoice-statuses', async (req, res) => {
    const apiKey = apiKeyOf(res);
    const input = parseBody(invoiceStatusInput, req.body);
    await runWrite(ctx, req, res, apiKey, async (m) => {
      const result = await recordInvoiceStatus(m, apiKey.companyId, input, ctx);
      return { status: result.created ? 201 : 200, body: result.body };
    });
  });

  router.get('/dossiers', async (req, res) => {
    const query = parseParams(dossierListQuery, req.query);
    res.json(await listDossiers(ds, apiKeyOf(res).companyId, query));
  });

  router.get('/dossiers/:number', async (req, res) => {
    const number = pathParam('number', dossierNumberParam, req);
    res.json(await dossierDetail(ds, apiKeyOf(res).companyId, number));
  });

  router.get('/journal-entries', async (req, res) => {
    const query = parseParams(journalQuery, req.query);
    res.json(await journalEntriesSince(ds, apiKeyOf(res).companyId, query.since, query.limit));
  });

  router.use(bodyParserErrors);
  return router;
}

/** Mount point for app.ts: /api/v1, and a 404 for anything else under /api so no API call reaches the session middleware. */
export function apiRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  router.use(API_PREFIX, apiV1Router(ctx));
  router.use('/api', (_req, _res, next) => next(AppError.notFound()));
  return router;
}
