/** Request plumbing shared by every page: locale, view helpers, CSRF, flash messages, login guard, errors. */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AppError, isAppError } from '../shared/errors';
import { formatterFor, isLocale, Locale } from '../shared/i18n';
import { logger } from '../shared/logger';
import type { ModuleContext } from './context';
import './session-types';

export function flash(req: Request, kind: 'success' | 'danger' | 'warning' | 'info', message: string): void {
  req.session.flash = [...(req.session.flash ?? []), { kind, message }];
}

/** Chooses the language: `?lang=` (kept in the session), then the session, then the user's setting, then the default. */
export function localeMiddleware(ctx: ModuleContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    const asked = req.query.lang;
    if (isLocale(asked) && req.session) req.session.locale = asked;
    const locale: Locale = (isLocale(asked) ? asked : undefined) ?? req.session?.locale ?? res.locals.user?.locale ?? ctx.config.defaultLocale;
    res.locals.fmt = formatterFor(locale, ctx.config.timeZone);
    res.locals.lang = locale;
    res.locals.t = res.locals.fmt.t;
    next();
  };
}

/** View helpers: `url()` prefixes the module's base path so the module works wherever the host mounts it. */
export function viewLocals(ctx: ModuleContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    const base = ctx.basePath;
    res.locals.basePath = base;
    res.locals.url = (p: string) => `${base}${p.startsWith('/') ? p : `/${p}`}`;
    res.locals.currentPath = req.path;
    res.locals.query = req.query;
    res.locals.today = ctx.today();
    res.locals.flashes = req.session?.flash ?? [];
    if (req.session?.flash) delete req.session.flash;
    next();
  };
}

/**
 * Synchronizer-token CSRF protection: one random token per session, required on every unsafe request.
 * The token is made when a page first prints it (a form, the htmx header), not on every request:
 * express-session stores a session only once something is put in it, so an anonymous request for
 * an asset, a 404 or a redirect to the login page stores no row and sets no cookie. The login page
 * does print a form, so it starts a session: a login form needs its token bound to something the
 * attacker cannot read (login CSRF), and that one row is what there is to keep until the login.
 */
export function csrfProtection() {
  return (req: Request, res: Response, next: NextFunction) => {
    const lazyToken = {
      toString: () => (req.session.csrfToken ??= randomBytes(24).toString('base64url')),
    };
    res.locals.csrfToken = lazyToken;
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
    const sent = (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>)._csrf : undefined) ?? req.get('x-csrf-token') ?? req.query._csrf;
    // No token in the session: no form of ours was ever shown to this browser (and none is made now).
    if (!req.session.csrfToken) return next(new AppError('csrf', 'errors.csrf'));
    const expected = Buffer.from(req.session.csrfToken);
    const given = Buffer.from(typeof sent === 'string' ? sent : '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return next(new AppError('csrf', 'errors.csrf'));
    }
    next();
  };
}

const PROBE_ORIGIN = 'http://module.invalid';

/**
 * The one check of a back/next target sent by the browser: a path inside the module, or the
 * fallback. `withBase` is for targets that carry the base path (the login's `next`, taken from the
 * requested URL); without it the target is relative to the module, as `redirectTo` expects.
 * Refused: another origin (`//host`, `/\host`, `https://…`), backslashes and control characters
 * (browsers read `\` as `/` and drop tabs and newlines, so `/\t/host` would become `//host`), and
 * anything the URL parser would resolve elsewhere.
 */
export function sameSitePath(target: unknown, options: { withBase?: string; fallback?: string } = {}): string {
  const fallback = options.fallback ?? '/';
  if (typeof target !== 'string' || target.length > 2000) return fallback;
  let path = target;
  if (options.withBase !== undefined && options.withBase !== '') {
    if (path !== options.withBase && !path.startsWith(`${options.withBase}/`) && !path.startsWith(`${options.withBase}?`)) return fallback;
    path = path.slice(options.withBase.length) || '/';
    if (path.startsWith('?')) path = `/${path}`;
  }
  // eslint-disable-next-line no-control-regex
  if (!path.startsWith('/') || path.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(path)) return fallback;
  try {
    const resolved = new URL(path, PROBE_ORIGIN);
    if (resolved.origin !== PROBE_ORIGIN) return fallback;
  } catch {
    return fallback;
  }
  return path;
}

/** Signed-in pages hold personal and customer data: no browser or proxy keeps a copy (the back button after a logout shows nothing). */
export function noStoreWhenSignedIn(_req: Request, res: Response, next: NextFunction): void {
  if (res.locals.user) res.set('Cache-Control', 'no-store');
  next();
}

export function redirectTo(res: Response, path: string): void {
  res.redirect(303, `${res.locals.basePath ?? ''}${path}`);
}

export function notFoundHandler(_req: Request, _res: Response, next: NextFunction): void {
  next(AppError.notFound());
}

/** The one error handler: app-looking pages for people, problem+json for the API, never a stack trace. */
export function errorHandler(ctx: ModuleContext) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    let appError: AppError;
    const malformed = isAppError(err) ? null : malformedRequest(err);
    if (isAppError(err)) appError = err;
    else if (malformed) appError = malformed;
    else if (isBodyTooLarge(err)) appError = new AppError('payload_too_large', 'errors.payloadTooLarge');
    else if (isDatabaseBusy(err)) appError = new AppError('database_busy', 'errors.databaseBusy');
    else {
      logger.error('unhandled error', { path: redactedUrl(req.originalUrl), error: err instanceof Error ? err.stack : String(err) });
      appError = new AppError('internal', 'errors.internal');
    }
    if (res.headersSent) return;
    const fmt = res.locals.fmt ?? formatterFor(ctx.config.defaultLocale, ctx.config.timeZone);
    const wantsJson = req.originalUrl.startsWith(`${ctx.basePath}/api/`) || (req.get('accept') ?? '').includes('application/json');
    res.status(appError.httpStatus);
    if (wantsJson) {
      res.type('application/problem+json').send(
        JSON.stringify({
          type: `about:blank`,
          title: fmt.t(appError.message, appError.params),
          status: appError.httpStatus,
          code: appError.code,
          errors: appError.fieldErrors.map((e) => ({ field: e.field, message: fmt.t(e.message) })),
        }),
      );
      return;
    }
    res.locals.fmt = fmt;
    res.locals.t = fmt.t;
    res.locals.lang ??= fmt.locale;
    res.locals.basePath ??= ctx.basePath;
    res.locals.url ??= (p: string) => `${ctx.basePath}${p}`;
    res.locals.flashes ??= [];
    res.locals.csrfToken ??= '';
    res.locals.currentPath ??= req.path;
    res.render('errors/error', { status: appError.httpStatus, message: fmt.t(appError.message, appError.params), code: appError.code, title: fmt.t('errors.title', { status: appError.httpStatus }) });
  };
}

/** A path whose percent-encoding does not decode (`/dossiers/%E0%A4%A`) names no page: 400 before any route tries it. */
export function refuseUndecodablePath(req: Request, _res: Response, next: NextFunction): void {
  try {
    decodeURIComponent(req.path);
  } catch {
    return next(new AppError('bad_request', 'errors.badRequest'));
  }
  next();
}

/** A NUL character is never meant in a form or a query, and PostgreSQL refuses it in text: a clear 400 before any handler. */
export function refuseNulBytes(req: Request, _res: Response, next: NextFunction): void {
  const hasNul = (v: unknown, depth = 0): boolean =>
    typeof v === 'string' ? v.includes('\u0000') : depth < 8 && typeof v === 'object' && v !== null && Object.entries(v).some(([k, x]) => k.includes('\u0000') || hasNul(x, depth + 1));
  if (hasNul(req.query) || hasNul(req.body)) return next(new AppError('validation', 'errors.validation', 422));
  next();
}

/** Query parameters whose values never go into a log line (multipart forms carry the CSRF token in their URL). */
const SECRET_PARAMS = /^(_csrf|password|current|confirmation|token|key|secret)$/i;

export function redactedUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=')[0];
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // A malformed name stays as sent.
      }
      return SECRET_PARAMS.test(decoded) ? `${name}=[redacted]` : pair;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

/** Multipart parse failures (busboy, under multer): the request itself is broken, not the app. */
const MALFORMED_MULTIPART = /^(Multipart: Boundary not found|Malformed part header|Unexpected end of (form|file)|Malformed urlencoded form|Missing Content-Type|Unsupported content type)/;

/**
 * A request the client got wrong before any handler could read it: a broken JSON or form body, too
 * many fields, a path whose percent-encoding does not decode, a truncated or boundary-less multipart
 * body. A 4xx with the app's page, never a 500.
 */
function malformedRequest(err: unknown): AppError | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { status?: unknown; type?: unknown; message?: unknown; name?: unknown };
  if (e.type === 'parameters.too.many') return new AppError('payload_too_large', 'errors.tooManyFields', 413);
  if (e.type === 'entity.too.large') return null;
  const status = typeof e.status === 'number' ? e.status : NaN;
  // http-errors from body-parser (bad JSON, bad charset, aborted body) and the router (undecodable path).
  if (status >= 400 && status < 500) return new AppError('bad_request', 'errors.badRequest', status === 413 ? 413 : status === 415 ? 415 : 400);
  if (e.name !== 'MulterError' && typeof e.message === 'string' && MALFORMED_MULTIPART.test(e.message)) return new AppError('bad_request', 'errors.badRequest', 400);
  return null;
}

function isBodyTooLarge(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  // multer's limits (file size, file count, fields) on an upload a route did not handle itself.
  const multer = err as { name?: string; code?: string };
  if (multer.name === 'MulterError' && String(multer.code).startsWith('LIMIT_')) return true;
  return (err as { type?: string }).type === 'entity.too.large';
}

function isDatabaseBusy(err: unknown): boolean {
  const text = err instanceof Error ? `${(err as { code?: string }).code ?? ''} ${err.message}` : '';
  return /SQLITE_BUSY|SQLITE_LOCKED|database is locked|SQLITE_FULL|lock timeout|55P03/.test(text);
}
