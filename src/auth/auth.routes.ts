import { type Router } from 'express';
import { moduleRouter } from '../web/router';
import { z } from 'zod';
import type { ModuleContext } from '../web/context';
import { redirectTo, sameSitePath } from '../web/middleware';
import { authenticate } from './auth.service';
import { minutesToWait } from './login-throttle.rules';
import { attemptSucceeded, reserveLoginAttempt } from './login-throttle.service';
import { User } from './user.entity';
import { endUserSessions, saveUserLocale } from './users.service';

const loginForm = z.object({ username: z.string().max(60).default(''), password: z.string().max(200).default(''), next: z.string().optional() });


export function authRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();

  router.get('/login', (req, res) => {
    if (res.locals.user) return redirectTo(res, '/');
    res.render('auth/login', { title: res.locals.t('auth.login.title'), next: typeof req.query.next === 'string' ? req.query.next : '', error: null, username: '' });
  });

  router.post('/login', async (req, res, next) => {
    const form = loginForm.safeParse(req.body ?? {});
    const username = form.success ? form.data.username : '';
    const nowMs = ctx.now().getTime();
    const renderFailure = (status: number, error: string, params: Record<string, number> = {}) =>
      res.status(status).render('auth/login', { title: res.locals.t('auth.login.title'), next: form.success ? (form.data.next ?? '') : '', error, errorParams: params, username });
    // Counted before the password is hashed, and the same for unknown usernames, so a lock tells nothing about who exists.
    const wait = await reserveLoginAttempt(ctx.dataSource, username, req.ip, nowMs);
    if (wait > 0) return renderFailure(429, 'auth.login.locked', { minutes: minutesToWait(wait) });
    const user = form.success ? await authenticate(ctx.dataSource, form.data.username, form.data.password) : null;
    if (!user) return renderFailure(401, 'auth.login.failed');
    await attemptSucceeded(ctx.dataSource, username, req.ip);
    // Only a path inside the module may follow a login, never another site.
    const target = sameSitePath(form.success ? form.data.next : undefined, { withBase: ctx.basePath });
    // A fresh session id at login prevents session fixation.
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.session.userId = user.id;
      req.session.generation = user.sessionGeneration;
      if (user.locale) req.session.locale = user.locale;
      req.session.save((saveErr) => (saveErr ? next(saveErr) : redirectTo(res, target)));
    });
  });

  router.post('/logout', (req, res, next) => {
    req.session.destroy((err) => (err ? next(err) : redirectTo(res, '/login')));
  });

  /** Ends every session of the signed-in user, on every device. */
  router.post('/logout-everywhere', async (req, res, next) => {
    const user = res.locals.user as User | undefined;
    if (user) await endUserSessions(ctx.dataSource, user.id);
    req.session.destroy((err) => (err ? next(err) : redirectTo(res, '/login')));
  });

  /** The user's language choice, kept on their record. */
  router.post('/preferences/locale', async (req, res) => {
    const user = res.locals.user as User | undefined;
    const locale = req.body?.locale === 'en' ? 'en' : 'fr';
    req.session.locale = locale;
    if (user) await saveUserLocale(ctx.dataSource, user.id, locale);
    const back = sameSitePath(req.body?.back);
    redirectTo(res, back);
  });

  return router;
}
