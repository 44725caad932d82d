/**
 * Document pages: the administrator's template editor with a preview on a chosen dossier
 * (/templates), and printable letters (/documents/...). Thin: validate, call the service, render.
 */
import { Request, Response, type Router } from 'express';
import { moduleRouter } from '../web/router';
import { z } from 'zod';
import { currentUser } from '../web/auth';
import { AppError, isAppError } from '../shared/errors';
import { isBusinessDate, parseBusinessDate } from '../shared/business-date';
import type { ModuleContext } from '../web/context';
import { field, parseForm, idParam } from '../web/form';
import { flash, redirectTo } from '../web/middleware';
import { Dossier } from '../dossiers';
import { ThirdParty } from '../third-parties';
import { DocumentTemplate, GeneratedDocument } from './document.entity';
import { findTemplate, listTemplates, resetTemplate, saveTemplate, templateSyntaxErrors } from './template.service';
import { letterSection, printDocument, printForDossier, renderClaimsDeclaration } from './letter-print.service';
import { renderEmailParts } from './document-render.service';
import { buildClaimsDeclarationContext, buildDossierContext } from './document-context.service';
import { CLAIMS_DECLARATION_CODE, GROUPED_TEMPLATE_CODES, shippedTemplate } from './shipped-templates';
import { buildGroupedDocumentContext } from './grouped-document.service';
import { renderTemplate, type TemplateError } from './template-engine';

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

/** The text of lines around an error's line, so the editor shows where it is. */
function excerpt(source: string, line: number | null): { number: number; text: string; current: boolean }[] {
  if (!line) return [];
  const lines = source.split(/\r?\n/);
  const from = Math.max(1, line - 2);
  const to = Math.min(lines.length, line + 2);
  const out = [];
  for (let n = from; n <= to; n++) out.push({ number: n, text: lines[n - 1] ?? '', current: n === line });
  return out;
}

/** `{{path}}` → sample value, from a real context, so administrators see what they can print. */
function variablesOf(value: unknown, prefix = '', out: { path: string; sample: string; list: boolean }[] = [], depth = 0): { path: string; sample: string; list: boolean }[] {
  if (depth > 4 || out.length > 400) return out;
  if (Array.isArray(value)) {
    out.push({ path: prefix, sample: `${value.length} élément(s)`, list: true });
    if (value.length && typeof value[0] === 'object' && value[0] !== null) variablesOf(value[0], `${prefix}[].`, out, depth + 1);
    else if (value.length) out.push({ path: `${prefix}[].this`, sample: String(value[0]), list: false });
    return out;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) variablesOf(v, prefix ? (prefix.endsWith('.') ? `${prefix}${k}` : `${prefix}.${k}`) : k, out, depth + 1);
    return out;
  }
  out.push({ path: prefix, sample: value === null || value === undefined ? '' : String(value).slice(0, 60), list: false });
  return out;
}

interface Preview {
  dossier: Dossier | null;
  customerName: string;
  asOf: string;
  error: (TemplateError & { part?: string; excerpt: ReturnType<typeof excerpt> }) | null;
  /** A whole print page (letters) or the HTML part (e-mails), shown in a sandboxed frame. */
  html: string | null;
  subject: string | null;
  text: string | null;
  variables: ReturnType<typeof variablesOf>;
}

async function chooseDossier(ctx: ModuleContext, numberText: string): Promise<Dossier | null> {
  const repo = ctx.dataSource.getRepository(Dossier);
  if (/^\d{1,9}$/.test(numberText)) return repo.findOne({ where: { number: Number(numberText) }, order: { id: 'ASC' } });
  return repo.findOne({ where: {}, order: { id: 'DESC' } });
}

/**
 * A grouped letter's preview: the chosen dossier with the customer's other open dossiers (a few),
 * the chosen one as the most advanced (a mise en demeure, the tone with the most to read).
 */
async function groupedPreviewContext(ctx: ModuleContext, dossier: Dossier, asOf: string) {
  const others = await ctx.dataSource
    .getRepository(Dossier)
    .createQueryBuilder('d')
    .innerJoin('dossier_status', 's', 's.id = d.statusId')
    .where('d.thirdPartyId = :tp AND d.id <> :id AND s.kind <> :closed', { tp: dossier.thirdPartyId, id: dossier.id, closed: 'closed' })
    .orderBy('d.id', 'ASC')
    .limit(4)
    .getMany();
  const parts = [dossier, ...others].map((d, i) => ({ dossierId: d.id, interventionId: 0, level: (i === 0 ? 3 : 1) as 1 | 3, stepLabel: '', templateCode: i === 0 ? 'mise-en-demeure' : 'relance-simple' }));
  return buildGroupedDocumentContext(ctx.dataSource, asOf, parts);
}

async function buildPreview(ctx: ModuleContext, template: Pick<DocumentTemplate, 'code' | 'kind' | 'subject' | 'body' | 'textBody'>, dossierNumber: string, asOfText: string): Promise<Preview> {
  const asOf = parseBusinessDate(asOfText) ?? ctx.today();
  const dossier = await chooseDossier(ctx, dossierNumber);
  const preview: Preview = { dossier, customerName: '', asOf, error: null, html: null, subject: null, text: null, variables: [] };
  if (!dossier) return preview;
  preview.customerName = (await ctx.dataSource.getRepository(ThirdParty).findOneBy({ id: dossier.thirdPartyId }))?.name ?? '';
  const context = template.code === CLAIMS_DECLARATION_CODE
    ? await buildClaimsDeclarationContext(ctx.dataSource, dossier.id, asOf)
    : GROUPED_TEMPLATE_CODES.includes(template.code)
      ? await groupedPreviewContext(ctx, dossier, asOf)
      : await buildDossierContext(ctx.dataSource, dossier.id, asOf);
  preview.variables = variablesOf(context);
  if (template.kind === 'email') {
    const parts = renderEmailParts(template, context);
    if (parts.ok) Object.assign(preview, { subject: parts.email.subject, text: parts.email.text, html: parts.email.html });
    else {
      const source = parts.error.part === 'subject' ? template.subject ?? '' : parts.error.part === 'textBody' ? template.textBody ?? '' : template.body;
      preview.error = { ...parts.error, excerpt: excerpt(source, parts.error.line) };
    }
    return preview;
  }
  const result = renderTemplate(template.body, context, 'html');
  if (!result.ok) preview.error = { ...result.error, part: 'body', excerpt: excerpt(template.body, result.error.line) };
  const section = letterSection({ templateCode: template.code, dossierNumber: dossier.number, creditor: context.creditor, ...(result.ok ? { html: result.html } : { error: result.error }) });
  preview.html = printDocument(template.code, [section]);
  return preview;
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
  const preview = await buildPreview(ctx, { code: template.code, kind: template.kind, subject: values.subject || null, body: values.body, textBody: values.textBody || null }, dossierNumber, asOf);
  const recent = await ctx.dataSource
    .getRepository(Dossier)
    .createQueryBuilder('d')
    .innerJoin(ThirdParty, 'tp', 'tp.id = d.thirdPartyId')
    .select(['d.number AS number', 'tp.name AS name'])
    .orderBy('d.id', 'DESC')
    .limit(50)
    .getRawMany<{ number: number; name: string }>();
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
    try {
      const input = parseForm(templateSchema, req.body);
      if (Object.keys(syntax).length) throw AppError.validation(Object.keys(syntax).map((f) => ({ field: f, message: 'documents.errors.syntaxShort' })));
      await saveTemplate(ctx.dataSource, code, input, input.version, currentUser(res).id, ctx.now());
    } catch (err) {
      if (isAppError(err) && err.code === 'validation') {
        const errors: Record<string, string> = {};
        for (const e of err.fieldErrors) errors[e.field] ??= e.message;
        return renderEditor(ctx, req, res, template, values, { status: 422, errors, syntax, unsaved: true });
      }
      if (isAppError(err) && err.code === 'conflict') return renderEditor(ctx, req, res, template, values, { status: 409, conflict: true, syntax, unsaved: true });
      throw err;
    }
    flash(req, 'success', 'documents.templates.saved');
    const back = new URLSearchParams();
    if (str(req.body?.dossier)) back.set('dossier', str(req.body.dossier));
    if (parseBusinessDate(str(req.body?.asOf))) back.set('asOf', parseBusinessDate(str(req.body.asOf))!);
    redirectTo(res, `/templates/${code}${back.size ? `?${back}` : ''}`);
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
    const dossier = await ctx.dataSource.getRepository(Dossier).findOneBy({ id: dossierId });
    if (!dossier) throw AppError.notFound();
    // The judgment date recorded by the status change, unless the link asks for another one.
    const judgment = str(req.query.judgment) || dossier.judgmentDate || '';
    if (!isBusinessDate(judgment)) throw AppError.field('judgment', 'validation.date');
    const result = await renderClaimsDeclaration(ctx.dataSource, dossierId, judgment, { asOf: ctx.today(), securities: str(req.query.securities).slice(0, 2000) || null });
    sendPrintable(res, result.html);
  });

  router.get('/documents/generated/:id', async (req, res) => {
    const doc = await ctx.dataSource.getRepository(GeneratedDocument).findOneBy({ id: idParam(req.params.id) });
    if (!doc) throw AppError.notFound();
    sendPrintable(res, printDocument(doc.templateCode, [doc.html ?? '']));
  });

  return router;
}
