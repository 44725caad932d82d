/** Administrator pages for the creditor company and its subsidiaries, under /settings. Admins only. */
import { Request, Response, type Router } from 'express';
import { moduleRouter } from '../web/router';
import { z } from 'zod';
import { AppError } from '../shared/errors';
import { bodyValues, idParam } from '../web/form';
import { isValidCode, normalizeCode } from '../settings';
import { checkIdentity } from '../third-parties';
import type { ModuleContext } from '../web/context';
import { field, parseForm } from '../web/form';
import { Company } from './company.entity';
import { isValidBic, isValidIban, normalizeIban } from '../debtor-portal';
import { CompanyInput, companyUsage, deleteCompany, getCompany, listCompanies, saveCompany } from './company.service';
import { formAction, translated } from '../web/form-action';

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

  const idOf = (req: Request, mode: 'create' | 'edit') => (mode === 'edit' ? idParam(req.params.id) : null);
  const save = (mode: 'create' | 'edit') => formAction({
    run: async (req) => {
      const id = idOf(req, mode);
      await saveCompany(ds, id, parseCompany(req.body));
      return id ? 'settings.flash.saved' : 'settings.flash.created';
    },
    back: '/settings/companies',
    rerender: (req, res, errors) => renderForm(res, idOf(req, mode), bodyValues(req), { status: 422, errors }),
    refused: false,
  });
  router.post('/settings/companies', save('create'));
  router.post('/settings/companies/:id', save('edit'));

  router.post('/settings/companies/:id/delete', formAction({
    run: async (req) => { await deleteCompany(ds, idParam(req.params.id)); return 'settings.flash.deleted'; },
    back: '/settings/companies',
    refused: translated,
  }));

  return router;
}
