/** Administrator pages for the credit controllers (Chargés de recouvrement), under /settings. Admins only. */
import { Request, Response, type Router } from 'express';
import { moduleRouter } from '../web/router';
import { z } from 'zod';
import { usersByName } from '../auth';
import { bodyValues, idParam } from '../web/form';
import { isValidCode, normalizeCode } from '../settings';
import { isValidEmail } from '../third-parties';
import { AppError } from '../shared/errors';
import type { ModuleContext } from '../web/context';
import { field, parseForm } from '../web/form';
import { flash, redirectTo } from '../web/middleware';
import { ControllerInput, controllerUsage, deleteController, getController, listControllers, saveController, setControllerActive } from './credit-controller.service';
import { formAction, translated } from '../web/form-action';

const controllerSchema = z.object({
  code: field.requiredText(20),
  name: field.requiredText(120),
  email: field.optionalText(200),
  phone: field.optionalText(40),
  userId: field.optionalId(),
  active: field.checkbox(),
});

function parseController(body: unknown): ControllerInput {
  const form = parseForm(controllerSchema, body);
  const code = normalizeCode(form.code);
  if (!isValidCode(code)) throw AppError.field('code', 'settings.errors.code');
  if (form.email && !isValidEmail(form.email)) throw AppError.field('email', 'validation.email');
  return { ...form, code };
}

export function creditControllerRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;

  async function renderForm(res: Response, id: number | null, values: Record<string, string>, extra: { status?: number; errors?: Record<string, string> } = {}) {
    const users = await usersByName(ds);
    const t = res.locals.t as (k: string) => string;
    res.status(extra.status ?? 200).render('settings/controller-form', {
      title: `${t('settings.lists.controllers')} · ${t(id ? 'common.edit' : 'common.create')}`,
      id,
      values,
      errors: extra.errors ?? {},
      users,
    });
  }

  router.get('/settings/controllers', async (_req, res) => {
    const controllers = await listControllers(ds, { includeInactive: true });
    const users = new Map((await usersByName(ds)).map((u) => [u.id, u]));
    const rows = [];
    for (const c of controllers) rows.push({ ...c, user: c.userId ? (users.get(c.userId) ?? null) : null, usage: await controllerUsage(ds, c.id) });
    res.render('settings/controllers', { title: res.locals.t('settings.lists.controllers'), slug: 'controllers', rows });
  });

  router.get('/settings/controllers/new', async (_req, res) => {
    await renderForm(res, null, { active: 'on' });
  });

  router.get('/settings/controllers/:id/edit', async (req, res) => {
    const c = await getController(ds, idParam(req.params.id));
    await renderForm(res, c.id, { code: c.code, name: c.name, email: c.email ?? '', phone: c.phone ?? '', userId: c.userId ? String(c.userId) : '', active: c.active ? 'on' : '' });
  });

  const idOf = (req: Request, mode: 'create' | 'edit') => (mode === 'edit' ? idParam(req.params.id) : null);
  const save = (mode: 'create' | 'edit') => formAction({
    run: async (req) => {
      const id = idOf(req, mode);
      await saveController(ds, id, parseController(req.body));
      return id ? 'settings.flash.saved' : 'settings.flash.created';
    },
    back: '/settings/controllers',
    rerender: async (req, res, errors, err) => {
      // The "user already linked" message names the other controller.
      if (err.message === 'settings.errors.userTaken') errors.userId = translated(err, res);
      await renderForm(res, idOf(req, mode), bodyValues(req), { status: 422, errors });
    },
    refused: false,
  });
  router.post('/settings/controllers', save('create'));
  router.post('/settings/controllers/:id', save('edit'));

  router.post('/settings/controllers/:id/active', async (req, res) => {
    const active = (req.body as Record<string, unknown>)?.active === 'true';
    await setControllerActive(ds, idParam(req.params.id), active);
    flash(req, 'success', active ? 'settings.flash.activated' : 'settings.flash.deactivated');
    redirectTo(res, '/settings/controllers');
  });

  router.post('/settings/controllers/:id/delete', formAction({
    run: async (req) => { await deleteController(ds, idParam(req.params.id)); return 'settings.flash.deleted'; },
    back: '/settings/controllers',
    refused: translated,
  }));

  return router;
}
