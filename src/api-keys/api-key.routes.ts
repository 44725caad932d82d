import { type Router } from 'express';
import { moduleRouter } from '../web/router';
import { z } from 'zod';
import { currentUser } from '../web/auth';
import { companyExists, listCompanies } from '../companies';
import { AppError } from '../shared/errors';
import type { ModuleContext } from '../web/context';
import { field, parseForm } from '../web/form';
import { flash, redirectTo } from '../web/middleware';
import { createApiKey, listApiKeys, revokeApiKey, scopesOf } from './api-key.service';
import { ANSWERED, formAction } from '../web/form-action';

const keyForm = z.object({
  name: field.requiredText(100),
  access: field.oneOf(['read', 'write'] as const),
  companyId: field.requiredId(),
});

/** Administration of the host ERP's API keys (admins only). */
export function apiKeyRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;

  const renderList = async (res: import('express').Response, values: Record<string, unknown>, errors: Record<string, string>, status = 200) => {
    const [keys, companies] = await Promise.all([listApiKeys(ds), listCompanies(ds, 'id')]);
    const companyNames = new Map(companies.map((c) => [c.id, c.name]));
    res.status(status).render('api-keys/list', {
      title: res.locals.t('api.keys.title'),
      keys: keys.map((k) => ({ ...k, scopeList: scopesOf(k), companyName: companyNames.get(k.companyId) ?? '' })),
      companies,
      values: { name: '', access: 'read', companyId: String(companies.find((c) => c.parentId === null)?.id ?? companies[0]?.id ?? ''), ...values },
      errors,
    });
  };

  router.get('/api-keys', async (_req, res) => {
    await renderList(res, {}, {});
  });

  router.post('/api-keys', formAction({
    run: async (req, res) => {
      const input = parseForm(keyForm, req.body);
      if (!(await companyExists(ds, input.companyId))) throw AppError.field('companyId', 'validation.choice');
      const { apiKey, key } = await createApiKey(ds, input, currentUser(res).id, ctx.now().toISOString());
      // The secret is shown in this response only: never redirected through the session, never cached.
      res.set('Cache-Control', 'no-store');
      res.status(201).render('api-keys/created', { title: res.locals.t('api.keys.created.title'), apiKey, key, scopeList: scopesOf(apiKey) });
      return ANSWERED;
    },
    back: '/api-keys',
    rerender: (req, res, errors) => renderList(res, req.body ?? {}, errors, 422),
    refused: false,
  }));

  router.post('/api-keys/:id/revoke', async (req, res) => {
    const id = Number(req.params.id);
    if (!Number.isInteger(id) || id <= 0) throw AppError.notFound();
    await revokeApiKey(ds, id, currentUser(res).id, ctx.now().toISOString());
    flash(req, 'success', 'api.keys.revoked');
    redirectTo(res, '/api-keys');
  });

  return router;
}
