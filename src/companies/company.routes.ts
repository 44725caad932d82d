/** Administrator pages for the creditor company and its subsidiaries, under /settings. Admins only. */
import { Request, Response, type Router } from 'express';
import { moduleRouter } from '../web/router';
import { z } from 'zod';
import { AppError, isAppError } from '../shared/errors';
import { bodyValues, flashError, idParam } from '../web/form';
import { isValidCode, normalizeCode } from '../settings';
import { checkIdentity } from '../third-parties';
import type { ModuleContext } from '../web/context';
import { errorMap, field, parseForm } from '../web/form';
import { flash, redirectTo } from '../web/middleware';
import { Company } from './company.entity';
import { isValidBic, isValidIban, normalizeIban } from '../debtor-portal';
import { CompanyInput, companyUsage, deleteCompany, getCompany, listCompanies, saveCompany } from './company.service';

const companySchema = z.object({
  code: field.requiredText(20),
  name: field.requiredText(200),
  legalForm: field.optionalText(40),
  address: field.optionalText(300),
  postalCode: field.optionalText(20),
  city: field.optionalText(100),
  country: field.requiredText(2),
  siren: field.optionalText(20),
  vatNumber: field.optionalText(30),
  phone: field.optionalText(40),
  email: field.optionalText(200),
  iban: field.optionalText(42),
  bic: field.optionalText(11),
  parentId: field.optionalId(),
});

const FIELDS = ['code', 'name', 'legalForm', 'address', 'postalCode', 'city', 'country', 'siren', 'vatNumber', 'phone', 'email', 'iban', 'bic', 'parentId'] as const;

function parseCompany(body: unknown): CompanyInput {
  const form = parseForm(companySchema, body);
  const code = normalizeCode(form.code);
  const { value, errors } = checkIdentity({ ...form, code });
  if (!isValidCode(code)) errors.unshift({ field: 'code', message: 'settings.errors.code' });
  // The debtor page's transfer details: checked here, so that the EPC QR code never carries a wrong account.
  value.iban = value.iban ? normalizeIban(value.iban) : null;
  value.bic = value.bic ? value.bic.trim().toUpperCase() : null;
  if (value.iban && !isValidIban(value.iban)) errors.push({ field: 'iban', message: 'portal.errors.iban' });
  if (value.bic && !isValidBic(value.bic)) errors.push({ field: 'bic', message: 'portal.errors.bic' });
  if (errors.length) throw AppError.validation(errors);
  return value;
}

export function companyRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;

  async function renderForm(res: Response, id: number | null, values: Record<string, string>, extra: { status?: number; errors?: Record<string, string> } = {}) {
    const companies = (await listCompanies(ds)).filter((c) => c.id !== id);
    const t = res.locals.t as (k: string) => string;
    res.status(extra.status ?? 200).render('settings/company-form', {
      title: `${t('settings.lists.companies')} · ${t(id ? 'common.edit' : 'common.create')}`,
      id,
      values,
      errors: extra.errors ?? {},
      companies,
    });
  }

  router.get('/settings/companies', async (_req, res) => {
    const companies = await listCompanies(ds);
    const byId = new Map(companies.map((c) => [c.id, c]));
    const rows: (Company & { parent: Company | null; usage: number })[] = [];
    for (const c of companies) rows.push({ ...c, parent: c.parentId ? (byId.get(c.parentId) ?? null) : null, usage: await companyUsage(ds, c.id) });
    res.render('settings/companies', { title: res.locals.t('settings.lists.companies'), slug: 'companies', rows });
  });

  router.get('/settings/companies/new', async (_req, res) => {
    await renderForm(res, null, { country: 'FR' });
  });

  router.get('/settings/companies/:id/edit', async (req, res) => {
    const c = await getCompany(ds, idParam(req.params.id));
    const values: Record<string, string> = {};
    for (const f of FIELDS) values[f] = c[f] === null ? '' : String(c[f]);
    await renderForm(res, c.id, values);
  });

  const save = (mode: 'create' | 'edit') => async (req: Request, res: Response) => {
    const id = mode === 'edit' ? idParam(req.params.id) : null;
    try {
      await saveCompany(ds, id, parseCompany(req.body));
      flash(req, 'success', id ? 'settings.flash.saved' : 'settings.flash.created');
      redirectTo(res, '/settings/companies');
    } catch (err) {
      if (!isAppError(err) || err.code !== 'validation') throw err;
      await renderForm(res, id, bodyValues(req), { status: 422, errors: errorMap(err) });
    }
  };
  router.post('/settings/companies', save('create'));
  router.post('/settings/companies/:id', save('edit'));

  router.post('/settings/companies/:id/delete', async (req, res) => {
    try {
      await deleteCompany(ds, idParam(req.params.id));
      flash(req, 'success', 'settings.flash.deleted');
    } catch (err) {
      if (!isAppError(err) || err.code !== 'invalid_state') throw err;
      flashError(req, res, err);
    }
    redirectTo(res, '/settings/companies');
  });

  return router;
}
