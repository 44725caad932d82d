/**
 * Documents: templates kept in the database (seeded from the shipped files), rendered with a
 * dossier's context, printed one by one or as a batch, and raised by scenario steps (a letter is
 * stored to print later; an e-mail is queued in the outbox). Nothing here throws because of a
 * template: errors come back as values with their line, and show in place in a printed batch.
 */
import { In, IsNull, type DataSource } from 'typeorm';
import { AppError } from '../shared/errors';
import type { BusinessDate } from '../shared/business-date';
import { Dossier } from '../dossiers';
import { ThirdParty } from '../third-parties';
import { Contact } from '../contacts';
import { queueEmail, OutboxMessage } from '../mail';
import { DocumentTemplate, GeneratedDocument } from './document.entity';
import { checkTemplate, renderTemplate, type RenderResult, type TemplateError } from './template-engine';
import { CLAIMS_DECLARATION_CODE, readLayout, shippedTemplate, shippedTemplates } from './shipped-templates';
import { buildClaimsDeclarationContext, buildDossierContext, type ClaimsDeclarationOptions, type Db } from './document-context.service';
import { recordSettingChange } from '../audit';

export type { RenderResult, TemplateError };

// ---------------------------------------------------------------------------------------------
// Templates

/** Inserts every shipped template that is missing (never overwrites an administrator's edit). */
export async function ensureShippedTemplates(db: Db, now: Date = new Date()): Promise<number> {
  const repo = db.getRepository(DocumentTemplate);
  const existing = new Set((await repo.find({ select: { code: true } })).map((t) => t.code));
  let inserted = 0;
  for (const t of shippedTemplates()) {
    if (existing.has(t.code)) continue;
    // Several instances may seed at once: insert-or-ignore on the unique code.
    await repo.createQueryBuilder().insert().values({ ...t, updatedAt: now.toISOString(), updatedBy: null, version: 1 }).orIgnore().execute();
    inserted++;
  }
  return inserted;
}

export async function listTemplates(db: Db): Promise<DocumentTemplate[]> {
  await ensureShippedTemplates(db);
  return db.getRepository(DocumentTemplate).find({ order: { kind: 'ASC', code: 'ASC' } });
}

/** The stored template, seeded from the shipped file the first time; null when the code is unknown. */
export async function findTemplate(db: Db, code: string): Promise<DocumentTemplate | null> {
  const repo = db.getRepository(DocumentTemplate);
  const found = await repo.findOneBy({ code });
  if (found || !shippedTemplate(code)) return found;
  await ensureShippedTemplates(db);
  return repo.findOneBy({ code });
}

export interface TemplateInput {
  name: string;
  subject: string | null;
  body: string;
  textBody: string | null;
}

/** Syntax errors per field: a template that does not compile is never saved. */
export function templateSyntaxErrors(input: Pick<TemplateInput, 'subject' | 'body' | 'textBody'>): Record<string, TemplateError> {
  const errors: Record<string, TemplateError> = {};
  for (const field of ['subject', 'body', 'textBody'] as const) {
    const source = input[field];
    if (!source) continue;
    const error = checkTemplate(source);
    if (error) errors[field] = error;
  }
  return errors;
}

/** Saves an administrator's edit; `version` is the one the form was read at (a stale one is a conflict). */
export async function saveTemplate(ds: DataSource, code: string, input: TemplateInput, version: number, userId: number | null, now: Date = new Date()): Promise<DocumentTemplate> {
  const current = await findTemplate(ds, code);
  if (!current) throw AppError.notFound();
  const errors = templateSyntaxErrors(input);
  const first = Object.entries(errors)[0];
  if (first) throw AppError.field(first[0], 'documents.errors.syntax', { line: first[1].line ?? '?', message: first[1].message });
  return ds.transaction(async (m) => {
    const result = await m.getRepository(DocumentTemplate).update(
      { id: current.id, version },
      {
        name: input.name,
        subject: current.kind === 'email' ? input.subject : null,
        body: input.body,
        textBody: current.kind === 'email' ? input.textBody : null,
        updatedAt: now.toISOString(),
        updatedBy: userId,
        version: version + 1,
      },
    );
    if ((result.affected ?? 0) !== 1) throw new AppError('conflict', 'documents.errors.conflict');
    const after = await m.getRepository(DocumentTemplate).findOneByOrFail({ id: current.id });
    await recordSettingChange(m, null, { area: 'templates', entityId: code, before: templateAudit(current), after: templateAudit(after) });
    return after;
  });
}

/** What the settings audit keeps of a template. */
function templateAudit(t: DocumentTemplate): Record<string, unknown> {
  return { name: t.name, subject: t.subject, body: t.body, textBody: t.textBody };
}

/** Puts the shipped version back. */
export async function resetTemplate(ds: DataSource, code: string, userId: number | null, now: Date = new Date()): Promise<DocumentTemplate> {
  const shipped = shippedTemplate(code);
  const current = await findTemplate(ds, code);
  if (!shipped || !current) throw AppError.notFound();
  return ds.transaction(async (m) => {
    await m.getRepository(DocumentTemplate).update(
      { id: current.id },
      { name: shipped.name, subject: shipped.subject, body: shipped.body, textBody: shipped.textBody, updatedAt: now.toISOString(), updatedBy: userId, version: current.version + 1 },
    );
    const after = await m.getRepository(DocumentTemplate).findOneByOrFail({ id: current.id });
    await recordSettingChange(m, null, { area: 'templates', entityId: code, before: templateAudit(current), after: templateAudit(after) });
    return after;
  });
}

// ---------------------------------------------------------------------------------------------
// Rendering

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

function unknownTemplate(code: string): RenderResult {
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
async function contextOrError(db: Db, dossierId: number, asOf: BusinessDate, templateCode?: string): Promise<{ value: Awaited<ReturnType<typeof buildDossierContext>> } | { error: TemplateError }> {
  try {
    if (templateCode === CLAIMS_DECLARATION_CODE) return { value: await buildClaimsDeclarationContext(db, dossierId, asOf) };
    return { value: await buildDossierContext(db, dossierId, asOf) };
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return { error: { message: `Dossier ${dossierId} not found`, line: null } };
    return { error: { message: err instanceof Error ? err.message : String(err), line: null } };
  }
}

// ---------------------------------------------------------------------------------------------
// Printing

export interface LetterSection {
  templateCode: string;
  dossierNumber: number | null;
  creditor: object | null;
  /** Issue 15: the debtor's personal link and QR code, printed under the letter. */
  debtorPage?: object | null;
  /** A grouped letter: each listed dossier's link and QR code, with its number. */
  debtorPages?: object[];
  html?: string;
  error?: TemplateError;
}

/** One letter with its letterhead and footer, ready to go into a printed batch. */
export function letterSection(section: LetterSection): string {
  const rendered = renderTemplate(readLayout('letter'), section, 'html');
  return rendered.ok ? rendered.html : `<section class="letter"><div class="template-error">${rendered.error.message}</div></section>`;
}

/** The A4 print document (letterhead, page breaks between letters, page numbers) around letter sections. */
export function printDocument(title: string, sections: string[]): string {
  const rendered = renderTemplate(readLayout('print'), { title, sections }, 'html');
  if (!rendered.ok) throw new AppError('internal', `print layout: ${rendered.error.message} (line ${rendered.error.line})`);
  return rendered.html;
}

export interface BatchItem {
  templateCode: string;
  dossierId: number;
}

export interface BatchResult {
  /** One printable HTML document, a letter per item (an error box in place of a letter that failed). */
  html: string;
  items: (BatchItem & { ok: boolean; error?: TemplateError })[];
}

/**
 * Renders many letters as one printable document; an item that fails shows its error in place, the
 * others print. `leading`: letters already rendered (stored) that print first, as they are.
 */
export async function renderBatch(db: Db, items: BatchItem[], asOf: BusinessDate, title = 'Courriers', leading: string[] = []): Promise<BatchResult> {
  const templates = new Map<string, DocumentTemplate | null>();
  const sections: string[] = [...leading];
  const results: BatchResult['items'] = [];
  for (const item of items) {
    if (!templates.has(item.templateCode)) templates.set(item.templateCode, await findTemplate(db, item.templateCode));
    const template = templates.get(item.templateCode);
    const context = await contextOrError(db, item.dossierId, asOf, item.templateCode);
    let result: RenderResult;
    if ('error' in context) result = { ok: false, error: context.error };
    else if (!template) result = unknownTemplate(item.templateCode);
    else result = renderTemplate(template.body, context.value, 'html');
    const creditor = 'value' in context ? context.value.creditor : null;
    const dossierNumber = 'value' in context ? context.value.dossier.number : null;
    const debtorPage = 'value' in context ? (context.value.debtorPage ?? null) : null;
    sections.push(letterSection({ templateCode: item.templateCode, dossierNumber, creditor, debtorPage, ...(result.ok ? { html: result.html } : { error: result.error }) }));
    results.push(result.ok ? { ...item, ok: true } : { ...item, ok: false, error: result.error });
  }
  return { html: printDocument(title, sections), items: results };
}

/** A single letter for a dossier, as a printable page. */
export async function printForDossier(db: Db, templateCode: string, dossierId: number, asOf: BusinessDate): Promise<BatchResult> {
  return renderBatch(db, [{ templateCode, dossierId }], asOf, templateCode);
}

export interface ClaimsDeclarationResult {
  ok: boolean;
  /** The declaration as a printable page (with the error in place when the template fails). */
  html: string;
  error?: TemplateError;
}

/** The déclaration de créances of a dossier at the opening judgment's date (L622-25, R622-23). */
export async function renderClaimsDeclaration(db: Db, dossierId: number, judgmentDate: BusinessDate, options: ClaimsDeclarationOptions & { templateCode?: string } = {}): Promise<ClaimsDeclarationResult> {
  const code = options.templateCode ?? CLAIMS_DECLARATION_CODE;
  const context = await buildClaimsDeclarationContext(db, dossierId, judgmentDate, options);
  const result = await renderDocument(db, code, context);
  const section = letterSection({ templateCode: code, dossierNumber: context.dossier.number, creditor: context.creditor, debtorPage: (context as { debtorPage?: object | null }).debtorPage ?? null, ...(result.ok ? { html: result.html } : { error: result.error }) });
  const html = printDocument(`Déclaration de créances — dossier ${context.dossier.number}`, [section]);
  return result.ok ? { ok: true, html } : { ok: false, html, error: result.error };
}

// ---------------------------------------------------------------------------------------------
// Scenario steps (the daily job)

export interface StepDocumentInput {
  dossierId: number;
  interventionId: number | null;
  templateCode: string;
  asOf: BusinessDate;
  /** Overrides the recipient of an e-mail (the dossier's contact, else the customer's address). */
  to?: string | null;
}

export type StepDocumentResult =
  | { ok: true; kind: 'letter'; documentId: number; alreadyDone: boolean }
  | { ok: true; kind: 'email'; messageId: number; alreadyDone: boolean }
  | { ok: false; kind: 'letter' | 'email' | null; error: TemplateError; documentId?: number };

/** Where a dossier's e-mails go: the dossier's contact, else the customer's address, else a customer contact's. */
export async function emailRecipient(db: Db, dossierId: number): Promise<string | null> {
  const dossier = await db.getRepository(Dossier).findOneBy({ id: dossierId });
  if (!dossier) return null;
  if (dossier.contactId) {
    const contact = await db.getRepository(Contact).findOneBy({ id: dossier.contactId });
    if (contact?.email) return contact.email;
  }
  const customer = await db.getRepository(ThirdParty).findOneBy({ id: dossier.thirdPartyId });
  if (customer?.email) return customer.email;
  const contact = await db.getRepository(Contact).findOne({ where: { thirdPartyId: dossier.thirdPartyId, kind: 'customer' }, order: { id: 'ASC' } });
  return contact?.email ?? null;
}

/**
 * Produces the document of a scenario step: a letter is stored (generated_document) to be printed
 * with the day's batch; an e-mail is queued in the outbox (sent later by sendQueued). Pass the
 * daily run's transaction as `db`. Calling it again for the same intervention returns what was
 * produced the first time. A template error comes back as `{ ok: false, error }` (and, for a
 * letter, is stored so the printed batch shows it) — never thrown.
 */
export async function renderStepDocument(db: Db, input: StepDocumentInput, now: Date = new Date()): Promise<StepDocumentResult> {
  const template = await findTemplate(db, input.templateCode);
  if (!template) return { ok: false, kind: null, error: { message: `Unknown template "${input.templateCode}"`, line: null } };

  if (input.interventionId !== null) {
    if (template.kind === 'letter') {
      const existing = await db.getRepository(GeneratedDocument).findOneBy({ interventionId: input.interventionId, templateCode: input.templateCode, status: 'ok' });
      if (existing) return { ok: true, kind: 'letter', documentId: existing.id, alreadyDone: true };
    } else {
      const existing = await db.getRepository(OutboxMessage).findOneBy({ interventionId: input.interventionId });
      if (existing) return { ok: true, kind: 'email', messageId: existing.id, alreadyDone: true };
    }
  }

  const context = await contextOrError(db, input.dossierId, input.asOf, input.templateCode);
  if ('error' in context) return { ok: false, kind: template.kind, error: context.error };

  if (template.kind === 'letter') {
    const result = renderTemplate(template.body, context.value, 'html');
    const section = letterSection({ templateCode: template.code, dossierNumber: context.value.dossier.number, creditor: context.value.creditor, debtorPage: (context.value as { debtorPage?: object | null }).debtorPage ?? null, ...(result.ok ? { html: result.html } : { error: result.error }) });
    // A letter that failed earlier for this intervention is replaced, not duplicated, once the template is fixed.
    const failedBefore = input.interventionId !== null
      ? await db.getRepository(GeneratedDocument).findOneBy({ interventionId: input.interventionId, templateCode: template.code, status: 'error' })
      : null;
    const saved = await db.getRepository(GeneratedDocument).save({
      ...(failedBefore ? { id: failedBefore.id } : {}),
      dossierId: input.dossierId,
      interventionId: input.interventionId,
      templateCode: template.code,
      html: section,
      status: result.ok ? 'ok' : 'error',
      error: result.ok ? null : `${result.error.line ? `line ${result.error.line}: ` : ''}${result.error.message}`.slice(0, 500),
      asOf: input.asOf,
      createdAt: now.toISOString(),
      printedAt: null,
    } as GeneratedDocument);
    return result.ok ? { ok: true, kind: 'letter', documentId: saved.id, alreadyDone: false } : { ok: false, kind: 'letter', error: result.error, documentId: saved.id };
  }

  const parts = renderEmailParts(template, context.value);
  if (!parts.ok) return { ok: false, kind: 'email', error: parts.error };
  const to = input.to ?? (await emailRecipient(db, input.dossierId));
  if (!to) return { ok: false, kind: 'email', error: { message: 'No e-mail address for this dossier (contact or customer)', line: null } };
  try {
    const message = await queueEmail(db, { to, subject: parts.email.subject, text: parts.email.text, html: parts.email.html, dossierId: input.dossierId, interventionId: input.interventionId }, now);
    return { ok: true, kind: 'email', messageId: message.id, alreadyDone: false };
  } catch (err) {
    if (err instanceof AppError && err.code === 'validation') return { ok: false, kind: 'email', error: { message: `Invalid e-mail address: ${to}`, line: null } };
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Stored letters

export interface GeneratedDocumentFilter {
  ids?: number[];
  interventionIds?: number[];
  dossierIds?: number[];
  /** Only the letters not printed yet. */
  unprintedOnly?: boolean;
}

export async function findGeneratedDocuments(db: Db, filter: GeneratedDocumentFilter): Promise<GeneratedDocument[]> {
  const where: Record<string, unknown> = {};
  if (filter.ids) where.id = In(filter.ids);
  if (filter.interventionIds) where.interventionId = In(filter.interventionIds);
  if (filter.dossierIds) where.dossierId = In(filter.dossierIds);
  if (filter.unprintedOnly) where.printedAt = IsNull();
  if ([filter.ids, filter.interventionIds, filter.dossierIds].some((list) => list && list.length === 0)) return [];
  return db.getRepository(GeneratedDocument).find({ where, order: { id: 'ASC' } });
}

/**
 * The stored letters as one printable document, exactly as they were generated ("every letter due",
 * from Gestion des actions). With `markPrinted`, they are stamped as printed.
 */
export async function printGeneratedDocuments(db: Db, filter: GeneratedDocumentFilter, options: { markPrinted?: boolean; now?: Date; title?: string } = {}): Promise<{ html: string; count: number }> {
  const docs = await findGeneratedDocuments(db, filter);
  const html = printDocument(options.title ?? 'Courriers', docs.map((d) => d.html ?? ''));
  if (options.markPrinted && docs.length) {
    await db.getRepository(GeneratedDocument).update({ id: In(docs.map((d) => d.id)), printedAt: IsNull() }, { printedAt: (options.now ?? new Date()).toISOString() });
  }
  return { html, count: docs.length };
}
