/**
 * Printing letters: one letter in its letterhead and footer, a batch of letters as one A4 document
 * (a failed item shows its error in place), the déclaration de créances, and the stored letters of
 * the scenario steps printed as they were generated.
 */
import { In, IsNull } from 'typeorm';
import { AppError } from '../shared/errors';
import type { BusinessDate } from '../shared/business-date';
import { DocumentTemplate, GeneratedDocument } from './document.entity';
import { renderTemplate, type RenderResult, type TemplateError } from './template-engine';
import { CLAIMS_DECLARATION_CODE, readLayout } from './shipped-templates';
import { buildClaimsDeclarationContext, type ClaimsDeclarationOptions, type Db } from './document-context.service';
import { findTemplate } from './template.service';
import { contextOrError, renderDocument, unknownTemplate } from './document-render.service';

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

/** One stored letter (to print it again); not found when there is none. */
export async function findGeneratedDocument(db: Db, id: number): Promise<GeneratedDocument> {
  const doc = await db.getRepository(GeneratedDocument).findOneBy({ id });
  if (!doc) throw AppError.notFound();
  return doc;
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
