/**
 * Espace débiteur: the page a debtor reaches from the personal link of a letter or e-mail, outside
 * the login (mounted by app.ts before requireLogin). Its own CSP (no script at all), no caching, no
 * referrer (the token is in the URL), a rate limit, CSRF on its forms (the session's token, as
 * everywhere). Everything is read from the dossier the link names.
 */
import fs from 'node:fs';
import { NextFunction, Request, Response, type Router } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { addAttachments, attachmentPath, contentDisposition, maxBytesPerDossier, uploadStorage, type UploadedFile } from '../attachments';
import { AppError, isAppError } from '../shared/errors';
import type { ModuleContext } from '../web/context';
import { moduleRouter } from '../web/router';
import { bodyValues, field, parseForm } from '../web/form';
import { markLinkUsed, openLink } from './debtor-link.service';
import { DebtorLink } from './debtor-link.entity';
import { DEBTOR_ACTOR, debtorDispute, debtorPromise, debtorRequest, isDossierEntry, portalCopy, portalPage } from './debtor-portal.service';
import { ANSWERED, handleForm, renamed } from '../web/form-action';

const CSP = "default-src 'none'; img-src 'self' data:; style-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Per client address: this many requests in the window (per instance; the page holds nothing else in memory). */
export const PORTAL_RATE = { limit: 60, windowMs: 10 * 60 * 1000 };
const hits = new Map<string, { count: number; since: number }>();

function rateLimit(req: Request, res: Response, next: NextFunction): void {
  const now = Date.now();
  const key = req.ip ?? 'unknown';
  const h = hits.get(key);
  if (!h || now - h.since > PORTAL_RATE.windowMs) hits.set(key, { count: 1, since: now });
  else if (++h.count > PORTAL_RATE.limit) {
    // The page's own refusal page (under its CSP, set before this check), like an expired link's.
    res.status(429).set('Retry-After', String(Math.ceil((PORTAL_RATE.windowMs - (now - h.since)) / 1000)));
    res.render('debtor-portal/refused', { title: res.locals.t('portal.title'), reason: 'portal.errors.tooMany' });
    return;
  }
  if (hits.size > 10000) for (const [k, v] of hits) if (now - v.since > PORTAL_RATE.windowMs) hits.delete(k);
  next();
}

/** Tests start from a clean count. */
export function resetPortalRateLimit(): void {
  hits.clear();
}

const promiseSchema = z.object({ promisedDate: field.requiredDate(), amount: field.requiredAmount(), comment: field.optionalText(1000) });
const disputeSchema = z.object({ entryId: field.optionalId(), reasonId: field.requiredId(), message: field.requiredText(4000) });
const textSchema = z.object({ message: field.requiredText(4000) });
const ANSWERS = ['promise', 'dispute', 'plan', 'message'];

export function debtorPortalRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;
  const upload = multer({
    storage: uploadStorage(ctx.config.uploadDir),
    defParamCharset: 'utf8',
    limits: { fileSize: Math.min(maxBytesPerDossier(ctx.config), 10 * 1024 * 1024), files: 1, fields: 10 },
  }).single('file');

  router.use('/espace', (_req, res, next) => {
    res.set({ 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Robots-Tag': 'noindex' });
    next();
  }, rateLimit);

  /** The link's dossier, or the page that says the link is refused (expired, revoked, unknown). */
  async function linkOf(req: Request, res: Response): Promise<DebtorLink | null> {
    try {
      const link = await openLink(ds, String(req.params.token), ctx.today());
      await markLinkUsed(ds, link.id, ctx.now().toISOString());
      return link;
    } catch (err) {
      if (!isAppError(err)) throw err;
      res.status(err.httpStatus).render('debtor-portal/refused', { title: res.locals.t('portal.title'), reason: err.message });
      return null;
    }
  }

  async function render(req: Request, res: Response, link: DebtorLink, extra: { status?: number; errors?: Record<string, string>; values?: Record<string, string>; form?: string; done?: string } = {}) {
    const page = await portalPage(ds, link.dossierId, ctx.today());
    res.status(extra.status ?? 200).render('debtor-portal/page', {
      title: `${page.creditor.name} — ${res.locals.t('portal.title')}`, page, token: String(req.params.token), errors: extra.errors ?? {}, values: extra.values ?? {}, openForm: extra.form ?? null, done: extra.done ?? (typeof req.query.done === 'string' && ANSWERS.includes(req.query.done) ? req.query.done : null),
    });
  }

  const back = (req: Request, res: Response, done: string) => res.redirect(303, `${ctx.basePath}/espace/${String(req.params.token)}?done=${done}#answer`);

  router.get('/espace/:token', async (req, res) => {
    const link = await linkOf(req, res);
    if (link) await render(req, res, link);
  });

  router.get('/espace/:token/copies/:aid', async (req, res) => {
    const link = await linkOf(req, res);
    if (!link) return;
    const a = /^\d{1,9}$/.test(String(req.params.aid)) ? await portalCopy(ds, link.dossierId, Number(req.params.aid)) : null;
    if (!a) throw AppError.notFound();
    const file = attachmentPath(ctx.config, a);
    if (!fs.existsSync(file)) throw AppError.notFound();
    res.setHeader('Content-Disposition', contentDisposition(a.originalName));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.type('application/octet-stream').sendFile(file);
  });

  /** A form of the page: bad input comes back at its field; anything else is the app's error page. */
  const answer = (form: string, run: (req: Request, link: DebtorLink) => Promise<void>) => async (req: Request, res: Response) => {
    const link = await linkOf(req, res);
    if (!link) return;
    await handleForm(req, res, {
      run: async () => {
        await run(req, link);
        back(req, res, form);
        return ANSWERED;
      },
      back: `/espace/${String(req.params.token)}`,
      rerender: (_req, _res, errors) => render(req, res, link, { status: 422, errors: renamed(errors, { ledgerEntryId: 'entryId' }), values: bodyValues(req), form }),
      refused: false,
    });
  };

  router.post('/espace/:token/promise', answer('promise', async (req, link) => {
    const f = parseForm(promiseSchema, req.body);
    await debtorPromise(ds, link.dossierId, { promisedDate: f.promisedDate, amount: f.amount, comment: f.comment }, ctx.now().toISOString(), ctx.today(), ctx.config.promiseGraceDays, ctx.config.defaultLocale);
  }));

  router.post('/espace/:token/dispute', async (req, res, next) => {
    // Multipart: the CSRF token comes in the query string (the body is read after the check), as for the attachments.
    let file: UploadedFile | undefined;
    try {
      await new Promise<void>((resolve, reject) => upload(req, res, (err: unknown) => (err ? reject(err) : resolve())));
      file = req.file as UploadedFile | undefined;
    } catch (err) {
      if (err instanceof multer.MulterError) return next(AppError.field('file', 'attachments.errors.tooBig'));
      return next(err);
    }
    try {
      await answer('dispute', async (r, link) => {
        const f = parseForm(disputeSchema, r.body);
        if (f.entryId !== null && !(await isDossierEntry(ds, link.dossierId, f.entryId))) throw AppError.field('entryId', 'disputes.errors.invoice');
        await debtorDispute(ds, link.dossierId, { ledgerEntryId: f.entryId, reasonId: f.reasonId, message: f.message }, ctx.now().toISOString(), ctx.today(), { teams: ctx.config.disputeTeams, locale: ctx.config.defaultLocale, dueDays: 15 });
        if (file) await addAttachments(ds, ctx.config, link.dossierId, [file], null, DEBTOR_ACTOR, ctx.now().toISOString());
        file = undefined;
      })(req, res);
    } finally {
      if (file) await fs.promises.rm(file.path, { force: true });
    }
  });

  router.post('/espace/:token/plan', answer('plan', async (req, link) => {
    const f = parseForm(textSchema, req.body);
    await debtorRequest(ds, link.dossierId, 'plan', f.message, ctx.now().toISOString(), ctx.today(), ctx.config.defaultLocale);
  }));

  router.post('/espace/:token/message', answer('message', async (req, link) => {
    const f = parseForm(textSchema, req.body);
    await debtorRequest(ds, link.dossierId, 'message', f.message, ctx.now().toISOString(), ctx.today(), ctx.config.defaultLocale);
  }));

  return router;
}
