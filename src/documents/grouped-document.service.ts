/**
 * Renders the one letter or e-mail of a customer's grouped communication (src/communications
 * decides what is grouped and keeps it exactly-once). Like renderStepDocument: a letter is stored
 * (generated_document) to print with the day's letters, an e-mail is queued in the outbox; pass the
 * caller's transaction as `db`. Template errors come back as values, never thrown.
 */
import { AppError } from '../shared/errors';
import type { BusinessDate } from '../shared/business-date';
import { queueEmail } from '../mail/mail.service';
import { GeneratedDocument } from './document.entity';
import { buildDossierContext, type Db } from './document-context.service';
import { buildGroupedContext, GROUPED_TEMPLATES, type GroupedDocumentContext, type GroupedLevel } from './grouped-context.rules';
import { emailRecipient, findTemplate, letterSection, renderEmailParts, type TemplateError } from './document.service';
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

export async function renderGroupedDocument(db: Db, input: GroupedDocumentInput, now: Date = new Date()): Promise<GroupedDocumentResult> {
  const code = GROUPED_TEMPLATES[input.channel];
  const template = await findTemplate(db, code);
  if (!template) return { ok: false, error: { message: `Unknown template "${code}"`, line: null } };
  const lead = input.parts[0];
  let context: GroupedDocumentContext;
  try {
    context = await buildGroupedDocumentContext(db, input.asOf, input.parts);
  } catch (err) {
    return { ok: false, error: { message: err instanceof Error ? err.message : String(err), line: null } };
  }

  if (template.kind === 'letter') {
    const result = renderTemplate(template.body, context, 'html');
    if (!result.ok) return { ok: false, error: result.error };
    const section = letterSection({ templateCode: code, dossierNumber: context.dossiers[0].number, creditor: context.creditor, html: result.html });
    const saved = await db.getRepository(GeneratedDocument).save({
      dossierId: lead.dossierId, interventionId: null, templateCode: code, html: section, status: 'ok', error: null, asOf: input.asOf, createdAt: now.toISOString(), printedAt: null,
    } as GeneratedDocument);
    return { ok: true, kind: 'letter', documentId: saved.id, context };
  }

  const parts = renderEmailParts(template, context);
  if (!parts.ok) return { ok: false, error: parts.error };
  const to = await emailRecipient(db, lead.dossierId);
  if (!to) return { ok: false, error: { message: 'No e-mail address for this customer (contact or customer)', line: null } };
  try {
    const message = await queueEmail(db, { to, subject: parts.email.subject, text: parts.email.text, html: parts.email.html, dossierId: lead.dossierId, interventionId: lead.interventionId }, now);
    return { ok: true, kind: 'email', messageId: message.id, context };
  } catch (err) {
    if (err instanceof AppError && err.code === 'validation') return { ok: false, error: { message: `Invalid e-mail address: ${to}`, line: null } };
    throw err;
  }
}
