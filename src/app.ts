/**
 * Builds the recovery module as an Express sub-application that a host ERP mounts under any base
 * path (`host.use('/recouvrement', await createRecoveryModule({ dataSource, basePath: '/recouvrement' }))`).
 * No listen here: see server.ts.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import express, { Express } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import type { DataSource } from 'typeorm';
import { Config, loadConfig } from './config';
import { loadUser, DatabaseSessionStore } from './auth';
import { requireLogin } from './web/auth';
import { authRoutes } from './auth/auth.routes';
import { AppSetting } from './settings';
import { fromRoot } from './shared/paths';
import { setMaxLineAmount } from './shared/money';
import { ModuleContext, systemClock } from './web/context';
import { csrfProtection, errorHandler, noStoreWhenSignedIn, localeMiddleware, notFoundHandler, refuseNulBytes, refuseUndecodablePath, viewLocals } from './web/middleware';
import { COMPONENT_ROUTES } from './routes';
import { viewEngine } from './web/views';
import { dossierPage } from './dossiers/dossier.page';
import { apiRoutes } from './api/api.routes';
import { accessLocals, guardRoutes } from './access';
import { debtorPortalRoutes } from './debtor-portal/debtor-portal.routes';
import { configureDebtorPortal } from './debtor-portal';

export interface RecoveryModuleOptions {
  dataSource: DataSource;
  /** Where the host mounts the module, e.g. '/recouvrement'; '' at the root. */
  basePath?: string;
  config?: Config;
  /** Fixed business date and time for tests. */
  clock?: Pick<ModuleContext, 'today' | 'now'>;
}

async function sessionSecret(dataSource: DataSource, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const repo = dataSource.getRepository(AppSetting);
  const existing = await repo.findOneBy({ key: 'session_secret' });
  if (existing) return existing.value;
  // Several instances may start together: insert-or-ignore, then read back the one that won.
  await repo.createQueryBuilder().insert().values({ key: 'session_secret', value: randomBytes(32).toString('base64') }).orIgnore().execute();
  return (await repo.findOneByOrFail({ key: 'session_secret' })).value;
}

export async function createRecoveryModule(options: RecoveryModuleOptions): Promise<Express> {
  const config = options.config ?? loadConfig();
  setMaxLineAmount(config.maxLineAmount * 100);
  const basePath = (options.basePath ?? config.basePath).replace(/\/$/, '');
  const ctx: ModuleContext = { dataSource: options.dataSource, config, basePath, ...(options.clock ?? systemClock(config.timeZone)), dossierPage };

  const app = express();
  // One spelling per URL (every router too: src/web/router.ts); set before the first route is declared.
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  app.set('views', fromRoot('views'));
  app.set('view engine', 'ejs');
  // EJS without its `with (locals)` block (src/web/views.ts): the same HTML in about a third of the time.
  app.engine('ejs', viewEngine(() => app.enabled('view cache')));
  // Without it (Express turns it on only under NODE_ENV=production) every page re-reads and recompiles its
  // templates and their includes: most of a list page's server time under load.
  app.set('view cache', config.viewCache);
  app.set('trust proxy', parseTrustProxy(config.trustProxy));
  app.disable('x-powered-by');

  app.use(
    helmet({
      contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null } },
      strictTransportSecurity: false,
    }),
  );

  app.use(refuseUndecodablePath);
  const vendor = (pkgPath: string) => express.static(path.dirname(require.resolve(pkgPath)), { maxAge: '7d', index: false });
  app.use('/assets/vendor/bootstrap', vendor('bootstrap/dist/css/bootstrap.min.css'));
  app.use('/assets/vendor/bootstrap-js', vendor('bootstrap/dist/js/bootstrap.bundle.min.js'));
  app.use('/assets/vendor/bootstrap-icons', vendor('bootstrap-icons/font/bootstrap-icons.css'));
  app.use('/assets/vendor/htmx', vendor('htmx.org/dist/htmx.min.js'));
  app.use('/assets/vendor/chartjs', vendor('chart.js'));
  // The date picker of every date field, with its French locale (l10n/fr.js).
  app.use('/assets/vendor/flatpickr', vendor('flatpickr/dist/flatpickr.min.js'));
  app.use('/assets', express.static(fromRoot('public'), { maxAge: '1h', index: false }));

  // The host ERP's API: bearer keys, its own JSON body limit, before the session so it never sets a cookie, and no CSRF.
  app.use(apiRoutes(ctx));
  app.use(express.urlencoded({ extended: true, limit: '1mb', parameterLimit: 5000 }));
  app.use(express.json({ limit: '5mb' }));
  // A body no parser read (a multipart post to a plain form, an unknown type) is an empty form, not `undefined` for handlers to trip on.
  app.use((req, _res, next) => {
    req.body ??= {};
    next();
  });
  app.use(refuseNulBytes);

  app.use(
    session({
      name: 'recouvrement.sid',
      secret: await sessionSecret(options.dataSource, config.sessionSecret),
      store: new DatabaseSessionStore(options.dataSource),
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', path: basePath || '/', maxAge: 8 * 60 * 60 * 1000 },
    }),
  );
  app.use(loadUser(ctx));
  app.use(accessLocals(ctx));
  app.use(noStoreWhenSignedIn);
  app.use(localeMiddleware(ctx));
  app.use(viewLocals(ctx));
  app.use(csrfProtection());

  app.use(authRoutes(ctx));
  // Issue 15: the debtor page, reached from a signed personal link, outside the login (its own CSP and rate limit).
  await configureDebtorPortal(options.dataSource, config, basePath);
  app.use(debtorPortalRoutes(ctx));
  app.use(requireLogin);
  for (const routes of COMPONENT_ROUTES) app.use(routes(ctx));

  app.use(notFoundHandler);
  app.use(errorHandler(ctx));
  // Who may use each route, attached to the routes themselves (src/access/route-policy.ts).
  guardRoutes(app, ctx);
  return app;
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
