/**
 * Taux légaux (Administration): the default penalty rates and the legal interest rates by
 * half-year, and the administrators' banner naming the half-year in force still to fill in.
 */
import { NextFunction, Request, Response, Router } from 'express';
import { z } from 'zod';
import { moduleRouter } from '../web/router';
import type { ModuleContext } from '../web/context';
import { field, idParam, parseForm } from '../web/form';
import { RATE_KINDS } from './late-payment-rate.entity';
import { halfYearOf, type HalfYear } from './late-payment.rules';
import { deleteRate, listRates, missingRatesInForce, saveRate } from './late-payment.service';
import { formAction } from '../web/form-action';

const rateSchema = z.object({
  kind: field.oneOf(RATE_KINDS),
  halfYear: z.string().trim().toUpperCase().regex(/^\d{4}-[HS][12]$/, { error: 'latePayment.errors.halfYear' }).transform((v) => v.replace('-S', '-H') as HalfYear),
  rate: field.percentage(),
  source: field.optionalText(300),
});

function rawValues(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}

export function latePaymentRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;

  // The banner, for administrators, on every full page: never a silent provisional rate.
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    const user = res.locals.user as { role: string } | undefined;
    if (req.method === 'GET' && user?.role === 'admin' && !req.get('HX-Request')) res.locals.missingRates = await missingRatesInForce(ds, ctx.today());
    next();
  });

  async function render(res: Response, values: Record<string, string>, errors: Record<string, string> = {}, status = 200) {
    const today = ctx.today();
    const rows = await listRates(ds);
    res.status(status).render('late-payment/rates', {
      title: res.locals.t('latePayment.title'),
      penalty: rows.filter((r) => r.kind === 'penalty'),
      legalInterest: rows.filter((r) => r.kind === 'legalInterest'),
      inForce: halfYearOf(today),
      values,
      errors,
    });
  }

  router.get('/late-payment-rates', async (req, res) => {
    const kind = req.query.kind === 'legalInterest' ? 'legalInterest' : 'penalty';
    const halfYear = typeof req.query.halfYear === 'string' && /^\d{4}-H[12]$/.test(req.query.halfYear) ? req.query.halfYear : halfYearOf(ctx.today());
    await render(res, { kind, halfYear, rate: '', source: '' });
  });

  router.post('/late-payment-rates', formAction({
    run: async (req) => {
      const f = parseForm(rateSchema, req.body);
      await saveRate(ds, { kind: f.kind, halfYear: f.halfYear, rateHundredths: f.rate, source: f.source });
      return 'latePayment.flash.saved';
    },
    back: '/late-payment-rates',
    rerender: (req, res, errors) => render(res, rawValues(req.body), errors, 422),
    refused: false,
  }));

  router.post('/late-payment-rates/:id/delete', formAction({
    run: async (req) => { await deleteRate(ds, idParam(req.params.id)); return 'latePayment.flash.deleted'; },
    back: '/late-payment-rates',
  }));

  return router;
}
