/**
 * Prescription: the panel of a dossier's Écritures tab (each open invoice's prescription date, the
 * interrupting acts, the form to record one) and the report of the claims at risk.
 */
import type { Router } from 'express';
import { z } from 'zod';
import { actorOf } from '../web/auth';
import { idParam } from '../web/form';
import { addDays } from '../shared/business-date';
import type { ModuleContext } from '../web/context';
import { moduleRouter } from '../web/router';
import { field, parseForm } from '../web/form';
import { INTERRUPTION_KINDS } from './prescription.rules';
import { claimsAtRisk, dossierPrescription, prescriptionSettings, recordInterruption } from './prescription.service';
import { handleForm } from '../web/form-action';

const interruptionSchema = z.object({
  kind: field.oneOf(INTERRUPTION_KINDS),
  date: field.requiredDate(),
  entryId: field.optionalId(),
  note: field.optionalText(500),
});

export function prescriptionRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;
  const settings = () => prescriptionSettings(ctx.config);

  router.get('/dossiers/:id/prescription', async (req, res) => {
    const dossierId = idParam(req.params.id);
    const p = await dossierPrescription(ds, dossierId, ctx.today(), settings());
    res.render('prescription/panel', { layout: false, dossierId, p, today: ctx.today(), alertDays: settings().alertDays, values: {}, errors: {} });
  });

  router.post('/dossiers/:id/prescription', async (req, res) => {
    const dossierId = idParam(req.params.id);
    await handleForm(req, res, {
      run: async () => {
        const f = parseForm(interruptionSchema, req.body);
        await recordInterruption(ds, { dossierId, entryId: f.entryId, kind: f.kind, date: f.date, note: f.note }, actorOf(res), ctx.now().toISOString(), ctx.today());
        return 'prescription.flash.recorded';
      },
      back: `/dossiers/${dossierId}?tab=entries`,
      invalid: 'prescription.errors.invalid',
      refused: false,
    });
  });

  router.get('/prescription', async (req, res) => {
    const days = Math.max(0, Math.min(3650, Number(req.query.days) || 365));
    const until = addDays(ctx.today(), days);
    const rows = await claimsAtRisk(ds, ctx.today(), until, settings());
    const total = rows.reduce((s, r) => s + r.open, 0);
    res.render('prescription/report', { title: res.locals.t('prescription.report.title'), rows, total, days, today: ctx.today() });
  });

  return router;
}
