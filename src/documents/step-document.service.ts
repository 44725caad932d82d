/**
 * The document of one scenario step, one at a time (a letter stored to print, an e-mail queued in
 * the outbox): what a person triggers from a dossier, and the reference the daily job's batched
 * path (step-documents-batch.service.ts) must produce byte for byte.
 */
import { AppError } from '../shared/errors';
import type { BusinessDate } from '../shared/business-date';
import { Dossier } from '../dossiers';
import { ThirdParty } from '../third-parties';
import { Contact } from '../contacts';
import { queueEmail, OutboxMessage } from '../mail';
import { GeneratedDocument } from './document.entity';
import { renderTemplate, type TemplateError } from './template-engine';
import type { Db } from './document-context.service';
import { findTemplate } from './template.service';
import { contextOrError, renderEmailParts } from './document-render.service';
import { letterSection } from './letter-print.service';

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

