/** Users: the administrator's pages (/users) and every user's own account page (/profile). */
import { Request, Response, type Router } from 'express';
import { moduleRouter } from '../web/router';
import { z } from 'zod';
import { listControllers } from '../credit-controllers';
import { bodyValues, idParam } from '../web/form';
import { AppError } from '../shared/errors';
import type { ModuleContext } from '../web/context';
import { field, parseForm } from '../web/form';
import { flash, redirectTo } from '../web/middleware';
import { currentUser } from '../web/auth';
import { changeOwnPassword, createUserAccount, getUser, listUsers, resetPassword, setUserActive, updateUser, UserInput } from './user-admin.service';
import { ROLES, User } from '../auth';
import { ANSWERED, formAction, handleForm, translated } from '../web/form-action';

const userSchema = z.object({
  displayName: field.requiredText(120),
  role: field.oneOf(ROLES),
  locale: field.optionalText(2).pipe(z.enum(['fr', 'en'], { error: 'validation.choice' }).nullable()),
  controllerId: field.optionalId(),
});
const newUserSchema = userSchema.extend({ username: field.requiredText(60), password: field.optionalText(200) });
const passwordSchema = z.object({ password: field.optionalText(200) });
const ownPasswordSchema = z.object({ current: z.string().max(200).default(''), password: z.string().max(200).default(''), confirmation: z.string().max(200).default('') });

export function userRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;
  const t = (res: Response) => res.locals.t as (k: string, p?: object) => string;

  async function renderForm(res: Response, user: User | null, values: Record<string, string>, extra: { status?: number; errors?: Record<string, string> } = {}) {
    const controllers = (await listControllers(ds)).filter((c) => c.userId === null || c.userId === user?.id);
    res.status(extra.status ?? 200).render('users/form', {
      title: user ? t(res)('users.editTitle', { username: user.username }) : t(res)('users.new'),
      editing: user,
      values,
      errors: extra.errors ?? {},
      controllers,
      roles: ROLES,
    });
  }

  function showPasswordOnce(res: Response, user: User, password: string) {
    // Rendered, not redirected: the password is never stored, not even in the session.
    res.set('Cache-Control', 'no-store');
    res.render('users/generated', { title: t(res)('users.generated.title', { username: user.username }), shown: user, password });
  }

  router.get('/users', async (_req, res) => {
    res.render('users/list', { title: t(res)('users.title'), rows: await listUsers(ds) });
  });

  router.get('/users/new', async (_req, res) => {
    await renderForm(res, null, { role: 'controller' });
  });

  router.post('/users', formAction({
    run: async (req, res) => {
      const { user, generatedPassword } = await createUserAccount(ds, parseForm(newUserSchema, req.body));
      if (!generatedPassword) return 'users.flash.created';
      showPasswordOnce(res, user, generatedPassword);
      return ANSWERED;
    },
    back: '/users',
    rerender: async (req, res, errors) => {
      const values = bodyValues(req);
      delete values.password;
      await renderForm(res, null, values, { status: 422, errors });
    },
    refused: false,
  }));

  router.get('/users/:id/edit', async (req, res) => {
    const user = await getUser(ds, idParam(req.params.id));
    const controller = (await listUsers(ds)).find((u) => u.id === user.id)?.controller ?? null;
    await renderForm(res, user, { displayName: user.displayName, role: user.role, locale: user.locale ?? '', controllerId: controller ? String(controller.id) : '' });
  });

  router.post('/users/:id', async (req, res) => {
    const user = await getUser(ds, idParam(req.params.id));
    await handleForm(req, res, {
      run: async () => { await updateUser(ds, user.id, parseForm(userSchema, req.body) as UserInput); return 'users.flash.saved'; },
      back: '/users',
      rerender: (_req, _res, errors) => renderForm(res, user, bodyValues(req), { status: 422, errors }),
      refused: translated,
    });
  });

  router.post('/users/:id/active', formAction({
    run: async (req) => {
      const active = (req.body as Record<string, unknown>)?.active === 'true';
      await setUserActive(ds, idParam(req.params.id), active);
      return active ? 'users.flash.enabled' : 'users.flash.disabled';
    },
    back: '/users',
    refused: translated,
  }));

  router.get('/users/:id/password', async (req, res) => {
    const user = await getUser(ds, idParam(req.params.id));
    res.render('users/reset', { title: t(res)('users.reset.title', { username: user.username }), shown: user, errors: {} });
  });

  router.post('/users/:id/password', async (req, res) => {
    const user = await getUser(ds, idParam(req.params.id));
    await handleForm(req, res, {
      run: async () => {
        const generate = (req.body as Record<string, unknown>)?.generate === 'true';
        const form = parseForm(passwordSchema, req.body);
        if (!generate && !form.password) throw AppError.field('password', 'validation.required');
        const { generatedPassword } = await resetPassword(ds, user.id, generate ? null : form.password);
        if (!generatedPassword) return 'users.flash.passwordReset';
        showPasswordOnce(res, user, generatedPassword);
        return ANSWERED;
      },
      back: '/users',
      rerender: (_req, _res, errors) => res.status(422).render('users/reset', { title: t(res)('users.reset.title', { username: user.username }), shown: user, errors }),
      refused: false,
    });
  });

  // Every signed-in user: their own password.
  router.get('/profile', (_req, res) => {
    res.render('users/profile', { title: t(res)('users.profile.title'), errors: {} });
  });

  router.post('/profile/password', async (req: Request, res: Response, next) => {
    const user = currentUser(res);
    await handleForm(req, res, {
      run: async () => {
        const form = parseForm(ownPasswordSchema, req.body);
        const generation = await changeOwnPassword(ds, user.id, form.current, form.password, form.confirmation, { ip: req.ip, nowMs: ctx.now().getTime() });
        // This session stays signed in under the new generation, with a fresh id; the others end.
        const { locale, csrfToken } = req.session;
        req.session.regenerate((err) => {
          if (err) return next(err);
          Object.assign(req.session, { userId: user.id, generation, locale, csrfToken });
          flash(req, 'success', 'users.flash.passwordChanged');
          req.session.save((saveErr) => (saveErr ? next(saveErr) : redirectTo(res, '/profile')));
        });
        return ANSWERED;
      },
      back: '/profile',
      rerender: (_req, _res, errors, err) => res.status(err.httpStatus).render('users/profile', { title: t(res)('users.profile.title'), errors }),
      refused: false,
    });
  });

  return router;
}
