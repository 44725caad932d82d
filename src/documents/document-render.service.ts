/**
 * Rendering a stored template with a dossier's context: a letter's HTML, an e-mail's subject, text
 * and HTML. Nothing here throws because of a template: errors come back as values with their line.
 */
import { AppError } from '../shared/errors';
import type { BusinessDate } from '../shared/business-date';
import type { DocumentTemplate } from './document.entity';
import { renderTemplate, type RenderResult, type TemplateError } from './template-engine';
import { CLAIMS_DECLARATION_CODE } from './shipped-templates';
import { buildClaimsDeclarationContext, buildDossierContext, type Db } from './document-context.service';
import { findTemplate } from './template.service';

export type { RenderResult, TemplateError };

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function unknownTemplate(code: string): RenderResult {
  return { ok: false, error: { message: `Unknown template "${code}"`, line: null } };
}

/** Renders a stored template's HTML body with a context (letters; the HTML part of an e-mail). */
export async function renderDocument(db: Db, templateCode: string, context: object): Promise<RenderResult> {
  const template = await findTemplate(db, templateCode);
  if (!template) return unknownTemplate(templateCode);
  return renderTemplate(template.body, context, 'html');
}

/** Subject, text and HTML of an e-mail template; the first error, naming its part, otherwise. */
export function renderEmailParts(template: Pick<DocumentTemplate, 'subject' | 'body' | 'textBody'>, context: object): { ok: true; email: RenderedEmail } | { ok: false; error: TemplateError & { part: string } } {
  const subject = renderTemplate(template.subject ?? '', context, 'text');
  if (!subject.ok) return { ok: false, error: { ...subject.error, part: 'subject' } };
  const html = renderTemplate(template.body, context, 'html');
  if (!html.ok) return { ok: false, error: { ...html.error, part: 'body' } };
  let text: string;
  if (template.textBody) {
    const rendered = renderTemplate(template.textBody, context, 'text');
    if (!rendered.ok) return { ok: false, error: { ...rendered.error, part: 'textBody' } };
    text = rendered.html;
  } else {
    text = htmlToText(html.html);
  }
  return { ok: true, email: { subject: subject.html.replace(/\s+/g, ' ').trim(), text: text.replace(/\n{3,}/g, '\n\n').trim() + '\n', html: html.html } };
}

function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|tr|h\d|div|li)>/gi, '\n')
    .replace(/<\/t[dh]>/gi, '\t')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&amp;/g, '&');
}

/** Builds the dossier's context at `asOf` and renders the template; a missing dossier is an error value too. */
export async function renderForDossier(db: Db, templateCode: string, dossierId: number, asOf: BusinessDate): Promise<RenderResult> {
  const context = await contextOrError(db, dossierId, asOf, templateCode);
  if ('error' in context) return { ok: false, error: context.error };
  return renderDocument(db, templateCode, context.value);
}

/**
 * The dossier's context; for the déclaration de créances, the claims context with `asOf` as the
 * judgment date (renderClaimsDeclaration takes the real one).
 */
export async function contextOrError(db: Db, dossierId: number, asOf: BusinessDate, templateCode?: string): Promise<{ value: Awaited<ReturnType<typeof buildDossierContext>> } | { error: TemplateError }> {
  try {
    if (templateCode === CLAIMS_DECLARATION_CODE) return { value: await buildClaimsDeclarationContext(db, dossierId, asOf) };
    return { value: await buildDossierContext(db, dossierId, asOf) };
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return { error: { message: `Dossier ${dossierId} not found`, line: null } };
    return { error: { message: err instanceof Error ? err.message : String(err), line: null } };
  }
}

