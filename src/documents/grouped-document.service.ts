/**
 * Renders the one letter or e-mail of a customer's grouped communication (src/communications
 * decides what is grouped and keeps it exactly-once). Like renderStepDocument: a letter is stored
 * (generated_document) to print with the day's letters, an e-mail is queued in the outbox. Prepared
 * (read and rendered) first, stored in the caller's transaction after, so that transaction only
 * writes. Template errors come back as values, never thrown.
 */
import { AppError } from '../shared/errors';
import type { BusinessDate } from '../shared/business-date';
import { parseRecipients, queueEmail } from '../mail';
import { DocumentTemplate, GeneratedDocument } from './document.entity';
import { buildDossierContexts } from './document-context-batch.service';
import { emailRecipients } from './step-documents-batch.service';
import { buildDossierContext, type Db } from './document-context.service';
import { buildGroupedContext, GROUPED_TEMPLATES, type GroupedDocumentContext, type GroupedLevel } from './grouped-context.rules';
import { findTemplate } from './template.service';
import { renderEmailParts, type RenderedEmail } from './document-render.service';
import { letterSection } from './letter-print.service';
import { emailRecipient } from './step-document.service';
import type { TemplateError } from './template-engine';
import { renderTemplate } from './template-engine';

export interface GroupedDocumentInput {
  channel: 'letter' | 'email';
  asOf: BusinessDate;
  /** One per dossier, the lead (most advanced) first. */
  parts: { dossierId: number; interventionId: number; level: GroupedLevel; stepLabel: string; templateCode: string }[];
}

export type GroupedDocumentResult =
  | { ok: true; kind: 'letter'; documentId: number; context: GroupedDocumentContext }
  | { ok: true; kind: 'email'; messageId: number; context: GroupedDocumentContext }
  | { ok: false; error: TemplateError };

/** The grouped context of the parts at `asOf`: each dossier's own context, read by the rules, side by side. */
export async function buildGroupedDocumentContext(db: Db, asOf: BusinessDate, parts: GroupedDocumentInput['parts']): Promise<GroupedDocumentContext> {
  const sources = [];
  for (const p of parts) sources.push({ context: await buildDossierContext(db, p.dossierId, asOf), level: p.level, stepLabel: p.stepLabel, templateCode: p.templateCode });
  return buildGroupedContext(sources);
}

/** A grouped document rendered and ready to store: nothing written yet. */
export type PreparedGroupedDocument =
  | { ok: true; kind: 'letter'; context: GroupedDocumentContext; section: string }
  | { ok: true; kind: 'email'; context: GroupedDocumentContext; email: RenderedEmail; to: string }
  | { ok: false; error: TemplateError };

function validAddress(to: string): boolean {
  try {
    return parseRecipients(to).length > 0;
  } catch {
    return false;
  }
}

/** Renders the grouped template with the context (the recipient read by the caller, for an e-mail). */
function renderGrouped(template: DocumentTemplate, context: GroupedDocumentContext, to: () => Promise<string | null>): Promise<PreparedGroupedDocument> | PreparedGroupedDocument {
  if (template.kind === 'letter') {
    const result = renderTemplate(template.body, context, 'html');
    if (!result.ok) return { ok: false, error: result.error };
    return { ok: true, kind: 'letter', context, section: letterSection({ templateCode: template.code, dossierNumber: context.dossiers[0].number, creditor: context.creditor, debtorPages: context.debtorPages, html: result.html }) };
  }
  const parts = renderEmailParts(template, context);
  if (!parts.ok) return { ok: false, error: parts.error };
  return to().then((address): PreparedGroupedDocument =>
    address ? { ok: true, kind: 'email', context, email: parts.email, to: address } : { ok: false, error: { message: 'No e-mail address for this customer (contact or customer)', line: null } });
}

/** Reads the dossiers and renders the grouped template; writes nothing (call it outside the writing transaction). */
export async function prepareGroupedDocument(db: Db, input: GroupedDocumentInput): Promise<PreparedGroupedDocument> {
  const code = GROUPED_TEMPLATES[input.channel];
  const template = await findTemplate(db, code);
  if (!template) return { ok: false, error: { message: `Unknown template "${code}"`, line: null } };
  let context: GroupedDocumentContext;
  try {
    context = await buildGroupedDocumentContext(db, input.asOf, input.parts);
  } catch (err) {
    return { ok: false, error: { message: err instanceof Error ? err.message : String(err), line: null } };
  }
  return renderGrouped(template, context, () => emailRecipient(db, input.parts[0].dossierId));
}

/**
 * prepareGroupedDocument for many communications of the same day (the daily job): every part's
 * dossier context read together (buildDossierContexts), each template fetched once.
 */
export async function prepareGroupedDocuments(db: Db, asOf: BusinessDate, inputs: GroupedDocumentInput[]): Promise<PreparedGroupedDocument[]> {
  const templates = new Map<string, DocumentTemplate | null>();
  for (const channel of new Set(inputs.map((i) => i.channel))) templates.set(channel, await findTemplate(db, GROUPED_TEMPLATES[channel]));
  const contexts = await buildDossierContexts(db, inputs.flatMap((i) => i.parts.map((p) => p.dossierId)), asOf);
  const recipients = await emailRecipients(db, inputs.filter((i) => i.channel === 'email').map((i) => i.parts[0].dossierId));
  const out: PreparedGroupedDocument[] = [];
  for (const input of inputs) {
    const template = templates.get(input.channel);
    if (!template) {
      out.push({ ok: false, error: { message: `Unknown template "${GROUPED_TEMPLATES[input.channel]}"`, line: null } });
      continue;
    }
    const sources = [];
    let failed: TemplateError | null = null;
    for (const p of input.parts) {
      const read = contexts.get(p.dossierId);
      if (!read || 'error' in read) {
        failed = read && 'error' in read ? read.error : { message: `Dossier ${p.dossierId} not found`, line: null };
        break;
      }
      sources.push({ context: read.context, level: p.level, stepLabel: p.stepLabel, templateCode: p.templateCode });
    }
    if (failed) {
      out.push({ ok: false, error: failed });
      continue;
    }
    try {
      const prepared = await renderGrouped(template, buildGroupedContext(sources), () => Promise.resolve(recipients.get(input.parts[0].dossierId) ?? null));
      // As storeGroupedDocument answers an address the outbox refuses, before the chunk's transaction.
      if (prepared.ok && prepared.kind === 'email' && !validAddress(prepared.to)) out.push({ ok: false, error: { message: `Invalid e-mail address: ${prepared.to}`, line: null } });
      else out.push(prepared);
    } catch (err) {
      out.push({ ok: false, error: { message: err instanceof Error ? err.message : String(err), line: null } });
    }
  }
  return out;
}

/** Stores a prepared document in the caller's transaction: the letter to print, or the e-mail in the outbox. */
export async function storeGroupedDocument(m: Db, input: GroupedDocumentInput, prepared: PreparedGroupedDocument, now: Date = new Date()): Promise<GroupedDocumentResult> {
  if (!prepared.ok) return prepared;
  const lead = input.parts[0];
  if (prepared.kind === 'letter') {
    const saved = await m.getRepository(GeneratedDocument).save({
      dossierId: lead.dossierId, interventionId: null, templateCode: GROUPED_TEMPLATES[input.channel], html: prepared.section, status: 'ok', error: null, asOf: input.asOf,
      createdAt: now.toISOString(), printedAt: null,
    } as GeneratedDocument);
    return { ok: true, kind: 'letter', documentId: saved.id, context: prepared.context };
  }
  const { email, to } = prepared;
  try {
    const message = await queueEmail(m, { to, subject: email.subject, text: email.text, html: email.html, dossierId: lead.dossierId, interventionId: lead.interventionId }, now);
    return { ok: true, kind: 'email', messageId: message.id, context: prepared.context };
  } catch (err) {
    if (err instanceof AppError && err.code === 'validation') return { ok: false, error: { message: `Invalid e-mail address: ${to}`, line: null } };
    throw err;
  }
}

/** Renders and stores in one go (the caller's transaction as `db`). */
export async function renderGroupedDocument(db: Db, input: GroupedDocumentInput, now: Date = new Date()): Promise<GroupedDocumentResult> {
  return storeGroupedDocument(db, input, await prepareGroupedDocument(db, input), now);
}
