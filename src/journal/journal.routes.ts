/**
 * Journal page (Comptabilité): the entries the module generated, filtered and paged; exports (FEC, CSV)
 * that mark entries as exported (accountants and administrators); the account numbers and the start of
 * the fiscal year as settings (administrators).
 */
import { Response, type Router } from 'express';
import { moduleRouter } from '../web/router';
import { z } from 'zod';
import { listCompanies } from '../companies';
import { fiscalYearStartDay, saveFiscalYearStartDay } from '../provisions';
import { AppError } from '../shared/errors';
import { nowIso } from '../shared/business-date';
import type { ModuleContext } from '../web/context';
import { errorMap, field, parseForm } from '../web/form';
import { exportJournal, listJournal, type JournalFilter } from './journal-export.service';
import { DEFAULT_ACCOUNTS } from './journal.rules';
import { journalAccounts, saveJournalAccounts } from './journal-settings.service';
import type { AccountingAccounts } from './journal.types';
import { formAction } from '../web/form-action';

const filterSchema = z.object({
  from: field.optionalDate(),
  to: field.optionalDate(),
  account: z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined), z.string().regex(/^[0-9A-Za-z]{1,20}$/, { error: 'validation.invalid' }).optional()),
  dossier: field.optionalInteger(1, 999999999),
  exported: z.preprocess((v) => (v === 'yes' || v === 'no' ? v : undefined), z.enum(['yes', 'no']).optional()),
  companyId: field.optionalId(),
  page: z.preprocess((v) => (typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : 1), z.number().int().min(1)),
});

const exportSchema = z.object({ format: field.oneOf(['fec', 'csv'] as const), scope: field.oneOf(['pending', 'all'] as const) });

const ACCOUNT_KEYS = Object.keys(DEFAULT_ACCOUNTS) as (keyof AccountingAccounts)[];
const accountField = z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined),
  z.string({ error: 'validation.required' }).regex(/^[0-9A-Za-z]{1,40}$/, { error: 'journal.errors.account' }));
const settingsSchema = z.object({
  ...Object.fromEntries(ACCOUNT_KEYS.map((k) => [k, accountField])) as Record<keyof AccountingAccounts, typeof accountField>,
  fiscalYearStart: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string().regex(/^(0[1-9]|[12]\d|3[01])\/(0[1-9]|1[0-2])$/, { error: 'journal.errors.fiscalYearStart' })),
});

function rawValues(source: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((source ?? {}) as Record<string, unknown>)) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}

export function journalRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;

  function filterOf(source: unknown): { filter: JournalFilter; page: number; errors: Record<string, string> } {
    const parsed = filterSchema.safeParse(source ?? {});
    if (!parsed.success) {
      const err = AppError.validation(parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? '_form'), message: i.message.startsWith('validation.') ? i.message : 'validation.invalid' })));
      return { filter: {}, page: 1, errors: errorMap(err) };
    }
    const f = parsed.data;
    return { filter: { from: f.from, to: f.to, account: f.account ?? null, dossierNumber: f.dossier, exported: f.exported ?? null, companyId: f.companyId }, page: f.page, errors: {} };
  }

  router.get('/journal', async (req, res) => {
    const { filter, page, errors } = filterOf(req.query);
    const pageSize = ctx.config.pageSize;
    const result = await listJournal(ds, filter, page, pageSize);
    const companies = await listCompanies(ds, 'name');
    const role = (res.locals.user as { role: string }).role;
    res.status(Object.keys(errors).length ? 422 : 200).render('journal/list', {
      title: res.locals.t('journal.title'), ...result, page, pages: Math.max(1, Math.ceil(result.total / pageSize)), values: rawValues(req.query), errors,
      companies, canExport: role === 'admin' || role === 'accountant', isAdmin: role === 'admin',
    });
  });

  router.post('/journal/export', async (req, res) => {
    const { filter, errors } = filterOf(req.body);
    if (Object.keys(errors).length) throw AppError.validation(Object.entries(errors).map(([f, message]) => ({ field: f, message })));
    const opts = parseForm(exportSchema, req.body);
    const companies = await listCompanies(ds, 'id');
    // One FEC per company: its entries are numbered per company.
    if (!filter.companyId && companies.length === 1) filter.companyId = companies[0].id;
    if (opts.format === 'fec' && !filter.companyId) throw new AppError('validation', 'journal.errors.companyForFec', 422);
    const company = companies.find((c) => c.id === filter.companyId) ?? null;
    const result = await exportJournal(ds, filter, {
      format: opts.format, scope: opts.scope, at: nowIso(ctx.now()), today: ctx.today(), siren: company?.siren ?? null, accounts: await journalAccounts(ds),
    });
    res.set('X-Exported-Entries', String(result.entries));
    res.type(opts.format === 'fec' ? 'text/plain; charset=utf-8' : 'text/csv; charset=utf-8');
    res.attachment(result.fileName);
    res.send(result.content);
  });

  // -------------------------------------------------------------------------------------------
  // Settings: account numbers and fiscal year (administrators)

  async function renderSettings(res: Response, values: Record<string, string> | null, errors: Record<string, string> = {}, status = 200) {
    const accounts = await journalAccounts(ds);
    const start = await fiscalYearStartDay(ds);
    const shown = values ?? { ...accounts, fiscalYearStart: `${start.slice(3)}/${start.slice(0, 2)}` };
    res.status(status).render('journal/settings', { title: res.locals.t('journal.settings.title'), values: shown, errors, keys: ACCOUNT_KEYS, defaults: DEFAULT_ACCOUNTS });
  }

  router.get('/journal/settings', async (_req, res) => {
    await renderSettings(res, null);
  });

  router.post('/journal/settings', formAction({
    run: async (req) => {
      const f = parseForm(settingsSchema, req.body);
      const overrides: Partial<AccountingAccounts> = {};
      for (const k of ACCOUNT_KEYS) if (f[k] !== DEFAULT_ACCOUNTS[k]) overrides[k] = f[k];
      const [dd, mm] = f.fiscalYearStart.split('/');
      await ds.transaction(async (m) => {
        await saveJournalAccounts(m, overrides);
        await saveFiscalYearStartDay(m, `${mm}-${dd}`);
      });
      return 'journal.settings.saved';
    },
    back: '/journal/settings',
    rerender: (req, res, errors) => renderSettings(res, rawValues(req.body), errors, 422),
    refused: false,
  }));

  return router;
}
