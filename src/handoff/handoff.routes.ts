/**
 * Transmettre le dossier: the dossier's hand-off panel (above its tabs, loaded by htmx), entrusting,
 * the agency's costs, the end of the hand-off, and the package as PDF and zip. The agency's closure
 * recommendation opens the one status dialog preset to the closed status (Terminé).
 */
import type { Response } from 'express';
import type { Router } from 'express';
import { z } from 'zod';
import { ACCOUNT_PANELS } from '../dossier-account';
import { actorOf } from '../web/auth';
import { idParam } from '../web/form';
import { htmlToPdf } from '../printing';
import type { ModuleContext } from '../web/context';
import { moduleRouter } from '../web/router';
import { field, parseForm } from '../web/form';
import { handoffAccountPanel, handoffPanel } from './handoff.page';
import { handoffPackage, writeHandoffZip, type HandoffPackage } from './handoff-package';
import { configureHandoff, endHandoff, entrustDossier, recordRecoveryCosts } from './handoff.service';
import { handleForm } from '../web/form-action';

/** Compte dossier, while entrusted: the agency's recovery costs and the payments by who collected them. */
ACCOUNT_PANELS.push({
  view: '../handoff/account',
  load: (ctx, dossierId) => handoffAccountPanel(ctx.dataSource, dossierId),
});

const entrustSchema = z.object({
  agencyId: field.requiredId(),
  entrustedOn: field.requiredDate(),
  customerNumber: field.optionalText(60),
  comment: field.optionalText(2000),
});
const costsSchema = z.object({ recoveryCosts: field.requiredAmount() });

function renderHtml(res: Response, view: string, data: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => res.render(view, { layout: false, ...data }, (err, html) => (err ? reject(err) : resolve(html))));
}

export function handoffRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;
  const settings = () => ({ locale: ctx.config.defaultLocale, informDays: ctx.config.handoffInformDays, authorityLimit: ctx.config.handoffAuthorityLimit });
  configureHandoff(settings());

  router.get('/dossiers/:id/handoff', async (req, res) => {
    const dossierId = idParam(req.params.id);
    res.render('handoff/panel', { layout: false, dossierId, ...(await handoffPanel(ds, dossierId)), today: ctx.today(), authorityLimit: settings().authorityLimit });
  });

  const attempt = (req: Parameters<Parameters<Router['post']>[1]>[0], res: Response, dossierId: number, ok: string, work: () => Promise<unknown>) => handleForm(req, res, {
    run: async () => { await work(); return ok; },
    back: `/dossiers/${dossierId}`,
    invalid: (err) => err.fieldErrors[0]?.message ?? 'handoff.errors.invalid',
    refused: false,
  });

  router.post('/dossiers/:id/handoff', async (req, res) => {
    const dossierId = idParam(req.params.id);
    await attempt(req, res, dossierId, 'handoff.flash.entrusted', async () => {
      const f = parseForm(entrustSchema, req.body);
      await entrustDossier(ds, dossierId, f, actorOf(res), ctx.now().toISOString(), ctx.today(), settings());
    });
  });

  router.post('/dossiers/:id/handoff/costs', async (req, res) => {
    const dossierId = idParam(req.params.id);
    await attempt(req, res, dossierId, 'handoff.flash.costs', async () => {
      const f = parseForm(costsSchema, req.body);
      await recordRecoveryCosts(ds, dossierId, f.recoveryCosts, actorOf(res), ctx.now().toISOString());
    });
  });

  router.post('/dossiers/:id/handoff/end', async (req, res) => {
    const dossierId = idParam(req.params.id);
    await attempt(req, res, dossierId, 'handoff.flash.ended', () => endHandoff(ds, dossierId, actorOf(res), ctx.now().toISOString(), ctx.today()));
  });

  const packagePdf = async (res: Response, pkg: HandoffPackage) => htmlToPdf(await renderHtml(res, 'handoff/package', { pkg }));

  router.get('/dossiers/:id/handoff/package.pdf', async (req, res) => {
    const pkg = await handoffPackage(ds, ctx.config, idParam(req.params.id), ctx.today());
    const pdf = await packagePdf(res, pkg);
    res.type('application/pdf').set('Content-Disposition', `attachment; filename="transmission-dossier-${pkg.dossierNumber}.pdf"`).send(pdf);
  });

  router.get('/dossiers/:id/handoff/package.zip', async (req, res) => {
    const pkg = await handoffPackage(ds, ctx.config, idParam(req.params.id), ctx.today());
    const pdf = await packagePdf(res, pkg);
    res.attachment(`transmission-dossier-${pkg.dossierNumber}.zip`).type('application/zip');
    await writeHandoffZip(pkg, pdf, res);
  });

  return router;
}
