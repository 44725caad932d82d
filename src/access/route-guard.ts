/**
 * Access decided on the route that matched. When the app is built, every route of every router gets,
 * as its first handler, a guard bound to the route's full pattern; at request time the guard reads the
 * rule of `METHOD pattern` in ROUTE_POLICY. Nothing compares the URL by hand, so the spelling of a URL
 * cannot reach a route without its rule: whatever matched is what is checked.
 */
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { Router } from 'express';
import { scopesOf } from '../api-keys';
import { withCommunicationParts } from '../communications';
import type { ApiKey } from '../api-keys';
import { dossiersNotWritableBy, dossiersOfInterventions } from '../auth';
import type { User } from '../auth';
import { AppError } from '../shared/errors';
import { isDossierClosed } from '../status-changes';
import type { ModuleContext } from '../web/context';
import { flash, redirectTo } from '../web/middleware';
import { dossierScope, DossierScope, mayUse, ROUTE_POLICY, RouteRule } from './route-policy';

interface LayerLike {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean>; stack: unknown[] };
  handle?: { stack?: LayerLike[]; caseSensitive?: boolean; strict?: boolean };
}

const DOSSIER_ID = /^\d{1,9}$/;

function joinPath(prefix: string, part: string): string {
  const p = `${prefix.replace(/\/$/, '')}/${part.replace(/^\//, '')}`;
  return p.length > 1 ? p.replace(/\/$/, '') : p;
}

/** A route layer that runs `fn` for every method of the route, made the way Route.all makes one. */
function guardLayer(fn: RequestHandler): unknown {
  return (Router().route('/').all(fn) as unknown as { stack: unknown[] }).stack[0];
}

/** Installs the guard on every route of the app; throws at start-up for a route without a rule or a lenient router. */
export function guardRoutes(app: Express, ctx: ModuleContext): void {
  const root = (app as unknown as { router: { stack: LayerLike[]; caseSensitive?: boolean; strict?: boolean } }).router;
  if (!root.caseSensitive || !root.strict) throw new Error('the app must route case-sensitively and strictly (app.ts)');
  const missing: string[] = [];
  const walk = (stack: LayerLike[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const path = layer.route.path;
        if (typeof path !== 'string') throw new Error(`a route under ${prefix} has a non-string path: give it one pattern`);
        const pattern = joinPath(prefix, path);
        const methods = Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m]);
        if (methods.includes('_all')) throw new Error(`${pattern}: router.all() routes have no single rule; declare each method`);
        for (const m of methods) if (!(`${m.toUpperCase()} ${pattern}` in ROUTE_POLICY)) missing.push(`${m.toUpperCase()} ${pattern}`);
        layer.route.stack.unshift(guardLayer(routeGuard(ctx, pattern)));
      } else if (layer.handle?.stack) {
        if (!layer.handle.caseSensitive || !layer.handle.strict) throw new Error(`the router mounted at ${prefix} is not case-sensitive and strict: build it with moduleRouter()`);
        if (typeof layer.rawPath !== 'string') throw new Error(`a router under ${prefix} is mounted on a non-string path`);
        walk(layer.handle.stack, joinPath(prefix, layer.rawPath));
      }
    }
  };
  walk(root.stack, '/');
  if (missing.length > 0) throw new Error(`routes without an access rule (add them to src/access/route-policy.ts): ${missing.join(', ')}`);
}

function routeGuard(ctx: ModuleContext, pattern: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const routeKey = `${method} ${pattern}`;
    const refusal = refusalOf(ROUTE_POLICY[routeKey], routeKey, res, ctx);
    if (refusal) return next(refusal);
    const scope = dossierScope(method, pattern);
    if (!scope) return next();
    checkDossierScope(ctx, scope, req, res).then(
      (handled) => (handled ? undefined : next()),
      next,
    );
  };
}

function refusalOf(rule: RouteRule | undefined, routeKey: string, res: Response, ctx: ModuleContext): AppError | null {
  if (rule === 'public' || rule === 'api-public') return null;
  if (rule === 'api-read' || rule === 'api-write') {
    const apiKey = res.locals.apiKey as ApiKey | undefined;
    if (!apiKey) return new AppError('unauthorized', 'api.errors.missingKey');
    return rule === 'api-write' && !scopesOf(apiKey).includes('write') ? new AppError('forbidden', 'api.errors.scope') : null;
  }
  const user = res.locals.user as User | undefined;
  if (!user) return new AppError('unauthorized', 'errors.unauthorized');
  return mayUse(user.role, routeKey, ctx.config) ? null : new AppError('forbidden', 'errors.forbidden');
}

/** The dossier rules of a route the user's role may use. Returns true when it answered the request itself. */
async function checkDossierScope(ctx: ModuleContext, scope: NonNullable<DossierScope>, req: Request, res: Response): Promise<boolean> {
  const user = res.locals.user as User;
  if (scope.kind === 'interventions') {
    const raw = (req.body as Record<string, unknown> | undefined)?.[scope.field];
    const ids = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string' && DOSSIER_ID.test(v)).map(Number);
    // A customer's grouped letter acts on all its parts: every one of their dossiers must be the user's to change.
    const all = ids.length > 0 ? await withCommunicationParts(ctx.dataSource, ids) : ids;
    if (all.length > 0 && (await dossiersNotWritableBy(ctx, user, await dossiersOfInterventions(ctx, all))).length > 0) throw new AppError('forbidden', 'errors.forbidden');
    return false;
  }
  const raw = String(req.params.id);
  if (!DOSSIER_ID.test(raw)) return false;
  const id = Number(raw);
  const notWritable = (await dossiersNotWritableBy(ctx, user, [id])).length > 0;
  if (scope.kind === 'read') {
    // Pages that only show the dossier say it is read-only for this user, so that they hide its buttons.
    res.locals.dossierReadOnlyForUser = notWritable;
    return false;
  }
  if (notWritable) throw new AppError('forbidden', 'errors.forbidden');
  if (!scope.refusedWhenClosed || !(await isDossierClosed(ctx.dataSource, id))) return false;
  // A closed (Terminé) dossier is read-only until reopened: back to it, with the reason.
  flash(req, 'danger', 'statusChanges.errors.dossierClosed');
  if (req.get('HX-Request')) {
    res.set('HX-Redirect', `${res.locals.basePath ?? ''}/dossiers/${id}`).status(409).end();
    return true;
  }
  redirectTo(res, `/dossiers/${id}`);
  return true;
}

/** `can('POST /dossiers/:id/status')` in the views: the same table as the guard, for the signed-in user. */
export function accessLocals(ctx: ModuleContext): RequestHandler {
  return (_req, res, next) => {
    const role = (res.locals.user as User | undefined)?.role;
    res.locals.can = (routeKey: string) => {
      if (!(routeKey in ROUTE_POLICY)) throw new Error(`can(): no route ${routeKey}`);
      return mayUse(role, routeKey, ctx.config);
    };
    next();
  };
}
