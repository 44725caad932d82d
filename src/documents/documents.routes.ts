/**
 * Document pages: the administrator's template editor with a preview on a chosen dossier
 * (/templates), and printable letters (/documents/...). Thin: validate, call the service, render.
 */
import { Request, Response, type Router } from 'express';
import { moduleRouter } from '../web/router';
import { z } from 'zod';
import { currentUser } from '../web/auth';
import { AppError } from '../shared/errors';
import { handleForm } from '../web/form-action';
import { isBusinessDate, parseBusinessDate } from '../shared/business-date';
import type { ModuleContext } from '../web/context';
import { field, parseForm, idParam } from '../web/form';
import { flash, redirectTo } from '../web/middleware';
import { getDossier } from '../dossiers';
import type { DocumentTemplate } from './document.entity';
import { findTemplate, listTemplates, resetTemplate, saveTemplate, templateSyntaxErrors } from './template.service';
import { findGeneratedDocument, printDocument, printForDossier, renderClaimsDeclaration } from './letter-print.service';
import { buildPreview, excerpt, recentDossiers } from './template-preview.page';
import { shippedTemplate } from './shipped-templates';
import type { TemplateError } from './template-engine';

const CODE = /^[a-z0-9][a-z0-9_-]{0,59}$/;

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function codeParam(req: Request): string {
  const code = str(req.params.code);
  if (!CODE.test(code)) throw AppError.notFound();
  return code;
}


const templateSchema = z.object({
  name: field.requiredText(120),
  subject: field.optionalText(300),
  body: z.string({ error: 'validation.required' }).min(1, { error: 'validation.required' }).max(200000, { error: 'validation.tooLong' }),
  textBody: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().max(200000, { error: 'validation.tooLong' }).optional()).transform((v) => v ?? null),
  version: field.integer(1, 1_000_000_000),
});

interface TemplateValues {
  name: string;
  subject: string;
  body: string;
  textBody: string;
  version: string;
}

async function renderEditor(
  ctx: ModuleContext,
  req: Request,
  res: Response,
  template: DocumentTemplate,
  values: TemplateValues,
  extra: { status?: number; errors?: Record<string, string>; syntax?: Record<string, TemplateError & { excerpt: ReturnType<typeof excerpt> }>; conflict?: boolean; unsaved?: boolean } = {},
): Promise<void> {
  const dossierNumber = str(req.query.dossier) || str((req.body as Record<string, unknown> | undefined)?.dossier);
  const asOf = str(req.query.asOf) || str((req.body as Record<string, unknown> | undefined)?.asOf);
  const preview = await buildPreview(ctx.dataSource, ctx.today(), { code: template.code, kind: template.kind, subject: values.subject || null, body: values.body, textBody: values.textBody || null }, dossierNumber, asOf);
  const recent = await recentDossiers(ctx.dataSource);
  res.status(extra.status ?? 200).render('templates-admin/edit', {
    title: template.name,
    template,
    values,
    errors: extra.errors ?? {},
    syntax: extra.syntax ?? {},
    conflict: extra.conflict ?? false,
    unsaved: extra.unsaved ?? false,
    preview,
    recent,
    shipped: Boolean(shippedTemplate(template.code)),
    canEdit: res.locals.user?.role === 'admin',
  });
}

function valuesOf(t: DocumentTemplate): TemplateValues {
  return { name: t.name, subject: t.subject ?? '', body: t.body, textBody: t.textBody ?? '', version: String(t.version) };
}

function formValues(body: unknown, fallback: DocumentTemplate): TemplateValues {
  const b = (body ?? {}) as Record<string, unknown>;
  return { name: str(b.name), subject: str(b.subject), body: str(b.body), textBody: str(b.textBody), version: str(b.version) || String(fallback.version) };
}

function syntaxOf(values: TemplateValues) {
  const found = templateSyntaxErrors({ subject: values.subject || null, body: values.body, textBody: values.textBody || null });
  const out: Record<string, TemplateError & { excerpt: ReturnType<typeof excerpt> }> = {};
  for (const [k, e] of Object.entries(found)) out[k] = { ...e, excerpt: excerpt(values[k as keyof TemplateValues], e.line) };
  return out;
}

function sendPrintable(res: Response, html: string): void {
  res.type('html').set('Cache-Control', 'no-store').send(html);
}

export function documentRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();

  router.get('/templates', async (_req, res) => {
    const templates = await listTemplates(ctx.dataSource);
    res.render('templates-admin/index', { title: res.locals.t('documents.templates.title'), templates, shipped: Object.fromEntries(templates.map((t) => [t.code, Boolean(shippedTemplate(t.code))])) });
  });

  router.get('/templates/:code', async (req, res) => {
    const template = await findTemplate(ctx.dataSource, codeParam(req));
    if (!template) throw AppError.notFound();
    await renderEditor(ctx, req, res, template, valuesOf(template));
  });

  /** Preview of unsaved edits: nothing is written. */
  router.post('/templates/:code/preview', async (req, res) => {
    const template = await findTemplate(ctx.dataSource, codeParam(req));
    if (!template) throw AppError.notFound();
    const values = formValues(req.body, template);
    await renderEditor(ctx, req, res, template, values, { syntax: syntaxOf(values), unsaved: true });
  });

  router.post('/templates/:code', async (req, res) => {
    const code = codeParam(req);
    const template = await findTemplate(ctx.dataSource, code);
    if (!template) throw AppError.notFound();
    const values = formValues(req.body, template);
    const syntax = syntaxOf(values);
    await handleForm(req, res, {
      run: async () => {
        const input = parseForm(templateSchema, req.body);
        if (Object.keys(syntax).length) throw AppError.validation(Object.keys(syntax).map((f) => ({ field: f, message: 'documents.errors.syntaxShort' })));
        await saveTemplate(ctx.dataSource, code, input, input.version, currentUser(res).id, ctx.now());
        return 'documents.templates.saved';
      },
      // Back to the editor on the dossier and date the preview was showing.
      back: () => {
        const back = new URLSearchParams();
        if (str(req.body?.dossier)) back.set('dossier', str(req.body.dossier));
        if (parseBusinessDate(str(req.body?.asOf))) back.set('asOf', parseBusinessDate(str(req.body.asOf))!);
        return `/templates/${code}${back.size ? `?${back}` : ''}`;
      },
      rerender: (rq, rs, errors, err) =>
        err.code === 'conflict'
          ? renderEditor(ctx, rq, rs, template, values, { status: 409, conflict: true, syntax, unsaved: true })
          : renderEditor(ctx, rq, rs, template, values, { status: 422, errors, syntax, unsaved: true }),
      rerenderConflict: true,
      refused: false,
    });
  });

  router.post('/templates/:code/reset', async (req, res) => {
    const code = codeParam(req);
    await resetTemplate(ctx.dataSource, code, currentUser(res).id, ctx.now());
    flash(req, 'success', 'documents.templates.resetDone');
    redirectTo(res, `/templates/${code}`);
  });

  // Printable pages: one letter for a dossier, the claims declaration, a stored letter.
  router.get('/documents/dossiers/:id/print/:code', async (req, res) => {
    const asOf = parseBusinessDate(str(req.query.asOf)) ?? ctx.today();
    const result = await printForDossier(ctx.dataSource, codeParam(req), idParam(req.params.id), asOf);
    sendPrintable(res, result.html);
  });

  router.get('/documents/dossiers/:id/claims-declaration', async (req, res) => {
    const dossierId = idParam(req.params.id);
    const dossier = await getDossier(ctx.dataSource, dossierId);
    // The judgment date recorded by the status change, unless the link asks for another one.
    const judgment = str(req.query.judgment) || dossier.judgmentDate || '';
    if (!isBusinessDate(judgment)) throw AppError.field('judgment', 'validation.date');
    const result = await renderClaimsDeclaration(ctx.dataSource, dossierId, judgment, { asOf: ctx.today(), securities: str(req.query.securities).slice(0, 2000) || null });
    sendPrintable(res, result.html);
  });

  router.get('/documents/generated/:id', async (req, res) => {
    const doc = await findGeneratedDocument(ctx.dataSource, idParam(req.params.id));
    sendPrintable(res, printDocument(doc.templateCode, [doc.html ?? '']));
  });

  return router;
}
