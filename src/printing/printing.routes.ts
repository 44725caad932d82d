/**
 * Impression des dossiers (thin): the criteria form, the printable HTML in either layout, the PDF,
 * and the list as XLSX/CSV. Every role may print and export (auditors read), nothing here writes.
 */
import { Request, Response, type Router } from 'express';
import { moduleRouter } from '../web/router';
import { AppError, isAppError } from '../shared/errors';
import { nowIso } from '../shared/business-date';
import type { ModuleContext } from '../web/context';
import type { Formatter } from '../shared/i18n';
import { errorMap } from '../web/form';
import { criteriaQuery, emptyCriteria, parseCriteria, type PrintCriteria, type PrintLayout } from './printing.rules';
import { exportListCsv, exportListXlsx, LIST_COLUMNS } from './printing-export.service';
import { htmlToPdf, chromiumExecutable } from './printing-pdf';
import { printSelection } from './printing.service';
import { resolveAccounts, selectDossiers } from './printing-selection.service';
import { criteriaChoices } from './printing-criteria.page';

type T = (key: string, params?: Record<string, string | number>) => string;

/** The criteria in words, printed under the title so a printed list says what it contains. */
async function describe(ctx: ModuleContext, c: PrintCriteria, fmt: Formatter): Promise<string[]> {
  const { statuses, controllers, customers } = await criteriaChoices(ctx.dataSource, c);
  const t = fmt.t;
  const out: string[] = [];
  const line = (key: string, value: string) => out.push(`${t(key)}${fmt.colon}${value}`);
  const names = <X extends { id: number }>(list: X[], ids: number[], name: (x: X) => string) => list.filter((x) => ids.includes(x.id)).map(name).join(', ');
  if (c.statusIds.length) line('printing.fields.status', names(statuses, c.statusIds, (s) => s.label));
  if (c.customerIds.length || c.customerAccounts.length) line('printing.fields.customer', [...customers.map((x) => `${x.name} (${x.auxiliaryAccount})`), ...c.customerAccounts].join(', '));
  if (c.dossierIds.length) line('printing.pickedDossiers', String(c.dossierIds.length));
  if (c.controllerIds.length) line('printing.fields.controller', names(controllers, c.controllerIds, (x) => x.name));
  if (c.numberFrom !== null || c.numberTo !== null) line('printing.fields.number', `${c.numberFrom ?? '…'} → ${c.numberTo ?? '…'}`);
  if (c.startFrom || c.startTo) line('printing.fields.startDate', `${c.startFrom ? fmt.date(c.startFrom) : '…'} → ${c.startTo ? fmt.date(c.startTo) : '…'}`);
  if (c.minAmount !== null) line('printing.fields.minAmount', fmt.money(c.minAmount));
  return out;
}

function rawValues(query: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['numberFrom', 'numberTo', 'startFrom', 'startTo', 'minAmount', 'accounts', 'layout']) out[k] = typeof query[k] === 'string' ? (query[k] as string) : '';
  return out;
}

/** The criteria of the request, or the form again with the errors at their fields (422). */
async function criteriaOr422(ctx: ModuleContext, req: Request, res: Response): Promise<PrintCriteria | null> {
  const query = req.query as Record<string, unknown>;
  try {
    const c = parseCriteria(query);
    if (c.customerAccounts.length) {
      const { unknown } = await resolveAccounts(ctx.dataSource, c.customerAccounts);
      if (unknown.length) throw AppError.validation([{ field: 'accounts', message: 'printing.errors.unknownAccounts' }]);
    }
    return c;
  } catch (err) {
    if (!isAppError(err) || err.code !== 'validation') throw err;
    const c = emptyCriteria();
    await renderForm(ctx, res, c, rawValues(query), errorMap(err), 422, err.message !== 'errors.validation' ? res.locals.t(err.message, err.params) : null);
    return null;
  }
}

async function renderForm(ctx: ModuleContext, res: Response, c: PrintCriteria, values: Record<string, string>, errors: Record<string, string>, status = 200, message: string | null = null) {
  const options = await criteriaChoices(ctx.dataSource, c);
  let preview: { count: number; amount: number } | null = null;
  if (status === 200 && values.preview === '1') {
    const rows = await selectDossiers(ctx.dataSource, c);
    preview = { count: rows.length, amount: rows.reduce((a, r) => a + r.amount, 0) };
  }
  res.status(status).render('printing/form', {
    title: res.locals.t('printing.title'), criteria: c, values, errors, message, preview, ...options, query: criteriaQuery(c), pdfAvailable: chromiumExecutable() !== null,
  });
}

function fileStamp(ctx: ModuleContext): string {
  return ctx.today().replace(/-/g, '');
}

export function printingRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();

  router.get('/printing', async (req, res) => {
    const query = req.query as Record<string, unknown>;
    let c = emptyCriteria();
    try {
      c = parseCriteria(query);
    } catch (err) {
      if (!isAppError(err)) throw err;
      return renderForm(ctx, res, c, rawValues(query), errorMap(err), 422);
    }
    const values: Record<string, string> = { ...rawValues(query), preview: query.preview === '1' ? '1' : '' };
    if (!values.layout) values.layout = 'list';
    await renderForm(ctx, res, c, values, {});
  });

  async function printed(req: Request, res: Response): Promise<{ html: string; layout: PrintLayout } | null> {
    const c = await criteriaOr422(ctx, req, res);
    if (!c) return null;
    const t = res.locals.t as T;
    const title = c.layout === 'detailed' ? t('printing.layouts.detailedTitle') : t('printing.layouts.listTitle');
    try {
      const outcome = await printSelection(ctx.dataSource, c, { title, today: ctx.today(), generatedAt: nowIso(ctx.now()), criteria: await describe(ctx, c, res.locals.fmt as Formatter) });
      if (!outcome.ok) {
        // A broken layout template: say what and where, keep the app running.
        res.status(422).render('printing/template-error', { title: t('printing.errors.templateTitle'), error: outcome.error, query: criteriaQuery(c) });
        return null;
      }
      return { html: outcome.html, layout: c.layout };
    } catch (err) {
      if (isAppError(err) && err.message === 'printing.errors.tooMany') {
        await renderForm(ctx, res, c, rawValues(req.query as Record<string, unknown>), {}, 422, t(err.message, err.params));
        return null;
      }
      throw err;
    }
  }

  router.get('/printing/print', async (req, res) => {
    const out = await printed(req, res);
    if (out) res.type('html').set('Cache-Control', 'no-store').send(out.html);
  });

  router.get('/printing/pdf', async (req, res) => {
    if (!chromiumExecutable()) {
      res.status(503);
      return renderForm(ctx, res, emptyCriteria(), rawValues(req.query as Record<string, unknown>), {}, 503, res.locals.t('printing.errors.pdfUnavailable'));
    }
    const out = await printed(req, res);
    if (!out) return;
    const pdf = await htmlToPdf(out.html);
    res.type('application/pdf').set('Content-Disposition', `attachment; filename="dossiers-${out.layout === 'detailed' ? 'detail' : 'liste'}-${fileStamp(ctx)}.pdf"`).send(pdf);
  });

  const header = (t: T) => LIST_COLUMNS.map((k) => t(`printing.columns.${k}`));

  router.get('/printing/export.csv', async (req, res) => {
    const c = await criteriaOr422(ctx, req, res);
    if (!c) return;
    const csv = await exportListCsv(ctx.dataSource, c, header(res.locals.t), res.locals.lang);
    res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="dossiers-${fileStamp(ctx)}.csv"`).send(csv);
  });

  router.get('/printing/export.xlsx', async (req, res) => {
    const c = await criteriaOr422(ctx, req, res);
    if (!c) return;
    const t = res.locals.t as T;
    const buffer = await exportListXlsx(ctx.dataSource, c, header(t), t('printing.sheet'), t('common.total'));
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').set('Content-Disposition', `attachment; filename="dossiers-${fileStamp(ctx)}.xlsx"`).send(buffer);
  });

  return router;
}

