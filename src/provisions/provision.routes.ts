/**
 * Provision pages (thin), under /provisions so that the closed-dossier guard of /dossiers/:id does not
 * refuse money received after a write-off: the dossier's provision page (propose, record, payments, money received after
 * a write-off, history) and the "État des provisions" (screen, print, XLSX).
 * Accountants and administrators book; every signed-in role reads.
 */
import { Request, Response, type Router } from 'express';
import { moduleRouter } from '../web/router';
import { z } from 'zod';
import { actorOf } from '../web/auth';
import { dateInput, percentInput } from '../dossiers';
import { listCompanies } from '../companies';
import { nowIso } from '../shared/business-date';
import { formatAmountInput, percentOf } from '../shared/money';
import type { ModuleContext } from '../web/context';
import { field, parseForm, idParam } from '../web/form';
import { proposedProvision } from './provision.rules';
import { dossierExposure } from './provision-exposure.service';
import { provisionHistory } from './provision-history.service';
import { recordDoubtfulPayment, setProvision } from './provision.service';
import { recordRecoveryAfterWriteOff } from './provision-closure.service';
import { provisionReport, provisionReportXlsx } from './provision-report.service';
import { formAction } from '../web/form-action';

const provisionSchema = z.object({
  date: field.requiredDate(),
  lossPercentage: field.percentage(),
  amount: field.optionalAmount(),
  comment: field.optionalText(500),
});

const paymentSchema = z.object({ date: field.requiredDate(), amount: field.requiredAmount() });
const recoverySchema = z.object({ date: field.requiredDate(), amount: field.requiredAmount(), vatToRecollect: field.optionalAmount() });

type FormName = 'provision' | 'payment' | 'recovery';

function bodyValues(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}

export function provisionRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;

  async function renderPage(req: Request, res: Response, id: number, extra: { status?: number; form?: FormName; errors?: Record<string, string>; values?: Record<string, string> } = {}) {
    const x = await dossierExposure(ds, id, ctx.config.defaultVatRate);
    const history = await provisionHistory(ds, id);
    const locale = res.locals.lang as 'fr' | 'en';
    const proposed = proposedProvision(x.base, percentOf(x.dossier.lossHundredths));
    const defaults: Record<FormName, Record<string, string>> = {
      provision: { date: dateInput(ctx.today()), lossPercentage: percentInput(x.dossier.lossHundredths, locale), amount: '', comment: '' },
      payment: { date: dateInput(ctx.today()), amount: '' },
      recovery: { date: dateInput(ctx.today()), amount: '', vatToRecollect: '' },
    };
    const values = { ...defaults };
    if (extra.form && extra.values) values[extra.form] = { ...defaults[extra.form], ...extra.values };
    res.status(extra.status ?? 200).render('provisions/dossier', {
      title: `${res.locals.t('provisions.title')} · ${res.locals.t('dossiers.dossier')} ${x.dossier.number}`,
      x, history, proposed, values, form: extra.form ?? null, errors: extra.errors ?? {},
      canBook: res.locals.can('POST /provisions/dossiers/:id') as boolean,
      proposedInput: formatAmountInput(proposed, locale),
    });
  }

  router.get('/provisions/dossiers/:id', async (req, res) => {
    await renderPage(req, res, idParam(req.params.id));
  });

  /** A refusal (an invalid state) is shown on the page too, at the top of the form. */
  const handle = (form: FormName, run: (id: number, req: Request, res: Response) => Promise<string>) => formAction({
    run: (req, res) => run(idParam(req.params.id), req, res),
    back: (req) => `/provisions/dossiers/${idParam(req.params.id)}`,
    rerender: async (req, res, errors, err) => {
      if (Object.keys(errors).length === 0) errors._form = err.message;
      await renderPage(req, res, idParam(req.params.id), { status: err.httpStatus, form, errors, values: bodyValues(req) });
    },
    rerenderInvalidState: true,
  });

  router.post('/provisions/dossiers/:id', handle('provision', async (id, req, res) => {
    const f = parseForm(provisionSchema, req.body);
    await setProvision(ds, {
      dossierId: id, date: f.date, amount: f.amount, lossPercentage: percentOf(f.lossPercentage), comment: f.comment,
      vatRatePercent: ctx.config.defaultVatRate, actor: actorOf(res), at: nowIso(ctx.now()),
    });
    return 'provisions.flash.recorded';
  }));

  router.post('/provisions/dossiers/:id/payment', handle('payment', async (id, req, res) => {
    const f = parseForm(paymentSchema, req.body);
    await recordDoubtfulPayment(ds, { dossierId: id, date: f.date, amount: f.amount, vatRatePercent: ctx.config.defaultVatRate, actor: actorOf(res), at: nowIso(ctx.now()) });
    return 'provisions.flash.payment';
  }));

  router.post('/provisions/dossiers/:id/recovery', handle('recovery', async (id, req, res) => {
    const f = parseForm(recoverySchema, req.body);
    await recordRecoveryAfterWriteOff(ds, { dossierId: id, date: f.date, amount: f.amount, vatToRecollect: f.vatToRecollect ?? 0, actor: actorOf(res), at: nowIso(ctx.now()) });
    return 'provisions.flash.recovery';
  }));

  // -------------------------------------------------------------------------------------------
  // État des provisions

  const reportSchema = z.object({ asOf: field.optionalDate(), from: field.optionalDate(), companyId: field.optionalId() });

  async function reportQuery(req: Request) {
    const parsed = reportSchema.safeParse(req.query);
    const q = parsed.success ? parsed.data : { asOf: null, from: null, companyId: null };
    const asOf = q.asOf ?? ctx.today();
    const from = q.from && q.from <= asOf ? q.from : `${asOf.slice(0, 4)}-01-01`;
    const companies = await listCompanies(ds, 'name');
    return { asOf, from, companyId: q.companyId ?? null, companies, invalid: !parsed.success };
  }

  router.get('/provisions', async (req, res) => {
    const q = await reportQuery(req);
    const report = await provisionReport(ds, { asOf: q.asOf, periodStart: q.from, companyId: q.companyId });
    res.render('provisions/state', { title: res.locals.t('provisions.state.title'), report, q, print: req.query.print === '1' });
  });

  router.get('/provisions.xlsx', async (req, res) => {
    const q = await reportQuery(req);
    const report = await provisionReport(ds, { asOf: q.asOf, periodStart: q.from, companyId: q.companyId });
    const buffer = await provisionReportXlsx(report, res.locals.t as (k: string, p?: Record<string, unknown>) => string, res.locals.lang);
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.attachment(`etat-des-provisions-${q.asOf}.xlsx`);
    res.send(buffer);
  });

  return router;
}
