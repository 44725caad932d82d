/**
 * Reports (Comptabilité > Rapports) and the dashboard (home page). Thin: read the period, run the
 * report, render the page with its chart, or send it as XLSX/CSV. Read-only: every role.
 */
import { Request, Response, type Router } from 'express';
import { moduleRouter } from '../web/router';
import { AppError } from '../shared/errors';
import { parseBusinessDate } from '../shared/business-date';
import type { ModuleContext } from '../web/context';
import { chromiumExecutable, htmlToPdf } from '../printing';
import type { Formatter } from '../shared/i18n';
import { reportCellText, reportCsvCell } from './report-cells';
import { addXlsxRow, toCsv, xlsxFormat, xlsxTyped } from '../shared/spreadsheet';
import { customerById, resolveCustomer, type CustomerSuggestion } from '../third-parties';
import { defaultPeriod, type Period } from './reports.rules';
import { REPORT_CODES, runReport, SUCCESS_GROUPS, type Cell, type ChartSpec, type ReportCode, type ReportColumn, type ReportResult, type SuccessGroup } from './reports.service';

type T = (key: string, params?: Record<string, string | number>) => string;

/** Rows shown on a report page; the exports carry every row. */
const PAGE_ROWS = 200;

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

function codeOf(req: Request): ReportCode {
  const code = str(req.params.code) as ReportCode;
  if (!REPORT_CODES.includes(code)) throw AppError.notFound();
  return code;
}

/** The period asked for (French or ISO dates), else the last 12 months; a bad date is a 422 at its field. */
function periodOf(req: Request, today: string): Period {
  const def = defaultPeriod(today);
  const read = (name: 'from' | 'to', fallback: string) => {
    const v = str(req.query[name]);
    if (!v) return fallback;
    const d = parseBusinessDate(v);
    if (!d) throw AppError.field(name, 'validation.date');
    return d;
  };
  const p = { from: read('from', def.from), to: read('to', def.to) };
  if (p.from > p.to) throw AppError.field('to', 'printing.errors.range');
  return p;
}

/**
 * The customer of the aged balance: the type-ahead's id, or (without JavaScript) the customer the
 * typed text names; null for every customer. A text naming none or several is a 422 at the field.
 */
async function customerOf(ctx: ModuleContext, req: Request): Promise<CustomerSuggestion | null> {
  const id = str(req.query.customer);
  if (/^\d{1,9}$/.test(id)) return customerById(ctx.dataSource, Number(id));
  const text = str(req.query.customerQuery);
  if (!text) return null;
  const { customer, candidates } = await resolveCustomer(ctx.dataSource, text, null);
  if (!customer) throw AppError.field('customer', candidates.length ? 'customerPicker.errors.ambiguous' : 'customerPicker.errors.notFound');
  return customer;
}

function groupOf(req: Request): SuccessGroup {
  const g = str(req.query.groupBy) as SuccessGroup;
  return SUCCESS_GROUPS.includes(g) ? g : 'controller';
}

const label = (t: T, key: string) => (key.startsWith('reports.') ? t(key) : key);
const monthLabel = (m: string) => (/^\d{4}-\d{2}$/.test(m) ? `${m.slice(5, 7)}/${m.slice(0, 4)}` : m);

/** Chart labels translated and months as MM/YYYY: what charts.js receives as JSON. */
export function chartJson(t: T, chart: ChartSpec): string {
  const spec = { ...chart, labels: chart.labels.map((l) => monthLabel(label(t, l))), datasets: chart.datasets.map((d) => ({ ...d, label: label(t, d.label) })) };
  // Safe inside <script type="application/json">: no "</script>" can close it early.
  return JSON.stringify(spec).replace(/</g, '\\u003c');
}

async function toXlsx(t: T, title: string, r: ReportResult): Promise<Buffer> {
  // Loaded when a workbook is written, not with the module: exceljs adds about 30 MB to every process (the daily job, the import).
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Recouvrement';
  const ws = wb.addWorksheet(title.slice(0, 31).replace(/[*?:\\/[\]]/g, ' '));
  ws.columns = r.columns.map((c) => ({ header: label(t, c.label), key: c.key, width: c.kind === 'text' ? 32 : 16 }));
  ws.getRow(1).font = { bold: true };
  const value = (c: ReportColumn, v: Cell) => xlsxTyped(c.kind, v);
  for (const row of r.rows) addXlsxRow(ws, Object.fromEntries(r.columns.map((c) => [c.key, value(c, row[c.key] ?? null)])));
  if (r.totals) {
    const total = addXlsxRow(ws, Object.fromEntries(r.columns.map((c, i) => [c.key, i === 0 ? t('common.total') : value(c, r.totals![c.key] ?? null)])));
    total.font = { bold: true };
  }
  r.columns.forEach((c) => {
    const numFmt = xlsxFormat(c.kind);
    if (numFmt) ws.getColumn(c.key).numFmt = numFmt;
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function reportRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();

  router.get('/reports', (_req, res) => {
    res.render('reports/index', { title: res.locals.t('reports.title'), codes: REPORT_CODES });
  });

  router.get('/reports/:code', async (req, res) => {
    const code = codeOf(req);
    const t = res.locals.t as T;
    const period = periodOf(req, ctx.today());
    const groupBy = groupOf(req);
    const customer = code === 'aging' ? await customerOf(ctx, req) : null;
    const started = process.hrtime.bigint();
    const report = await runReport(ctx.dataSource, code, { today: ctx.today(), period, groupBy, pageRows: PAGE_ROWS, customerId: customer?.id ?? null });
    res.set('Server-Timing', `report;dur=${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(1)}`);
    res.render('reports/report', {
      title: t(`reports.${code}.title`), code, report, period, groupBy, groups: SUCCESS_GROUPS, chartJson: chartJson(t, report.chart),
      label: (key: string) => label(t, key), monthLabel, customer,
      query: new URLSearchParams({ from: period.from, to: period.to, groupBy, ...(customer ? { customer: String(customer.id) } : {}) }).toString(),
      cell: (c: ReportColumn, v: Cell) => reportCellText(res.locals.fmt as Formatter, c, v), pdfAvailable: chromiumExecutable() !== null,
    });
  });

  async function exported(req: Request, res: Response): Promise<{ code: ReportCode; report: ReportResult; t: T; customer: CustomerSuggestion | null }> {
    const code = codeOf(req);
    const customer = code === 'aging' ? await customerOf(ctx, req) : null;
    const report = await runReport(ctx.dataSource, code, { today: ctx.today(), period: periodOf(req, ctx.today()), groupBy: groupOf(req), customerId: customer?.id ?? null });
    return { code, report, t: res.locals.t as T, customer };
  }

  router.get('/reports/:code/export.csv', async (req, res) => {
    const { code, report, t } = await exported(req, res);
    const fmt = res.locals.fmt as Formatter;
    const rows = report.rows.map((row) => report.columns.map((c) => reportCsvCell(fmt, c, row[c.key] ?? null)));
    if (report.totals) rows.push(report.columns.map((c, i) => (i === 0 ? t('common.total') : reportCsvCell(fmt, c, report.totals![c.key] ?? null))));
    const csv = toCsv(report.columns.map((c) => label(t, c.label)), rows);
    res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="rapport-${code}-${ctx.today()}.csv"`).send(csv);
  });

  router.get('/reports/:code/export.xlsx', async (req, res) => {
    const { code, report, t } = await exported(req, res);
    const buffer = await toXlsx(t, t(`reports.${code}.title`), report);
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').set('Content-Disposition', `attachment; filename="rapport-${code}-${ctx.today()}.xlsx"`).send(buffer);
  });

  // The report as a PDF (the portals users know offer it next to Excel): its table printed by Chromium.
  router.get('/reports/:code/export.pdf', async (req, res) => {
    if (!chromiumExecutable()) throw new AppError('invalid_state', 'printing.errors.pdfUnavailable', 503);
    const { code, report, t, customer } = await exported(req, res);
    const fmt = res.locals.fmt as Formatter;
    const period = periodOf(req, ctx.today());
    const html = await new Promise<string>((resolve, reject) => {
      res.app.render('reports/print', {
        ...res.locals, title: t(`reports.${code}.title`), code, report, period, customer, today: ctx.today(), generatedAt: fmt.timestamp(ctx.now().toISOString()),
        label: (key: string) => label(t, key), cell: (c: ReportColumn, v: Cell) => reportCellText(fmt, c, v),
      }, (err, out) => (err ? reject(err) : resolve(out)));
    });
    const pdf = await htmlToPdf(html);
    res.type('application/pdf').set('Content-Disposition', `attachment; filename="rapport-${code}-${ctx.today()}.pdf"`).send(pdf);
  });

  return router;
}
