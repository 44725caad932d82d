/**
 * The daily job's step documents, many at a time: the same letters and e-mails as renderStepDocument
 * makes one by one (step-document.service.ts), with the contexts read for a whole chunk of dossiers
 * (document-context-batch.service.ts), each template fetched once, and every row of the chunk
 * written in one transaction with multi-row inserts. Exactly once: the transaction checks again that
 * no other run produced a step's document meanwhile (on PostgreSQL, after locking the steps' rows),
 * so a chunk is written whole or not at all, and a killed run leaves steps the next run completes.
 * If the chunk's transaction fails, its steps are produced one by one, so that an error stays the
 * step's own.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { BusinessDate } from '../shared/business-date';
import { parseRecipients, queueEmails, type EmailInput } from '../mail';
import { isPostgres, rows, run } from '../db/sql';
import type { Db } from '../db/sql';
import { DocumentTemplate } from './document.entity';
import { buildClaimsContext } from './document-context.rules';
import { buildDossierContexts, loadContextSources, type ContextOrError } from './document-context-batch.service';
import { renderTemplate, type TemplateError } from './template-engine';
import { CLAIMS_DECLARATION_CODE } from './shipped-templates';
import { findTemplate } from './template.service';
import { renderEmailParts } from './document-render.service';
import { letterSection } from './letter-print.service';
import { renderStepDocument } from './step-document.service';

export interface StepDocumentItem {
  dossierId: number;
  interventionId: number;
  templateCode: string;
}

/** What became of a step: its document produced, or the error to report (on the run and on the intervention). */
export type StepDocumentOutcome = { interventionId: number; ok: true } | { interventionId: number; ok: false; error: TemplateError };

const list = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** emailRecipient for many dossiers: the dossier's contact, else the customer's address, else a customer contact's. */
export async function emailRecipients(db: Db, dossierIds: number[]): Promise<Map<number, string | null>> {
  const out = new Map<number, string | null>();
  const ids = [...new Set(dossierIds)];
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    const dossiers = (await rows<Record<string, unknown>>(db, `SELECT id, contact_id, third_party_id FROM dossier WHERE id IN (${list(slice.length)})`, slice))
      .map((r) => ({ id: Number(r.id), contactId: r.contact_id === null ? null : Number(r.contact_id), thirdPartyId: Number(r.third_party_id) }));
    const tps = [...new Set(dossiers.map((d) => d.thirdPartyId))];
    const own = dossiers.flatMap((d) => (d.contactId ? [d.contactId] : []));
    // Raw, ids bound: the entity layer's find inlines them (a new statement to prepare each slice) for two fields.
    const chosen = new Map((own.length ? await rows<{ id: unknown; email: string | null }>(db, `SELECT id, email FROM contact WHERE id IN (${list(own.length)})`, own) : []).map((c) => [Number(c.id), c]));
    const customers = new Map((tps.length ? await rows<{ id: unknown; email: string | null }>(db, `SELECT id, email FROM third_party WHERE id IN (${list(tps.length)})`, tps) : []).map((t) => [Number(t.id), t]));
    const firstContact = new Map<number, { email: string | null }>();
    const customerContacts = tps.length
      ? await rows<{ third_party_id: unknown; email: string | null }>(db, `SELECT id, third_party_id, email FROM contact WHERE third_party_id IN (${list(tps.length)}) AND kind = 'customer' ORDER BY id`, tps)
      : [];
    for (const c of customerContacts) {
      const tp = Number(c.third_party_id);
      if (!firstContact.has(tp)) firstContact.set(tp, c);
    }
    for (const d of dossiers) {
      const contact = d.contactId ? chosen.get(d.contactId)?.email : null;
      out.set(d.id, contact || customers.get(d.thirdPartyId)?.email || (firstContact.get(d.thirdPartyId)?.email ?? null));
    }
  }
  return out;
}

type Prepared =
  | { item: StepDocumentItem; kind: 'letter'; html: string; status: 'ok' | 'error'; error: TemplateError | null }
  | { item: StepDocumentItem; kind: 'email'; email: EmailInput }
  | { item: StepDocumentItem; kind: 'failed'; error: TemplateError };

const errorText = (e: TemplateError) => `${e.line ? `line ${e.line}: ` : ''}${e.message}`;

/** Reads and renders a chunk; writes nothing but the debtor links the letters carry (as the one-by-one path). */
async function prepare(db: Db, items: StepDocumentItem[], asOf: BusinessDate, templates: Map<string, DocumentTemplate | null>): Promise<Prepared[]> {
  for (const code of new Set(items.map((i) => i.templateCode))) if (!templates.has(code)) templates.set(code, await findTemplate(db, code));
  const known = items.filter((i) => templates.get(i.templateCode));
  const claims = known.filter((i) => i.templateCode === CLAIMS_DECLARATION_CODE);
  const contexts: Map<number, ContextOrError> = await buildDossierContexts(db, known.filter((i) => i.templateCode !== CLAIMS_DECLARATION_CODE).map((i) => i.dossierId), asOf);
  // The déclaration de créances, as renderStepDocument makes it: the claims context with the step's date as the judgment's.
  const claimSources = await loadContextSources(db, claims.map((i) => i.dossierId), asOf);
  const recipients = await emailRecipients(db, known.filter((i) => templates.get(i.templateCode)!.kind === 'email').map((i) => i.dossierId));
  return items.map((item): Prepared => {
    const template = templates.get(item.templateCode);
    if (!template) return { item, kind: 'failed', error: { message: `Unknown template "${item.templateCode}"`, line: null } };
    const claim = item.templateCode === CLAIMS_DECLARATION_CODE;
    const read = claim ? claimSources.get(item.dossierId) : contexts.get(item.dossierId);
    if (!read) return { item, kind: 'failed', error: { message: `Dossier ${item.dossierId} not found`, line: null } };
    if ('error' in read) return { item, kind: 'failed', error: read.error };
    let context: { dossier: { number: number }; creditor: object; debtorPage?: object | null };
    try {
      context = 'source' in read ? ({ ...buildClaimsContext(read.source, asOf, null), mandataire: null } as typeof context) : read.context;
    } catch (err) {
      return { item, kind: 'failed', error: { message: err instanceof Error ? err.message : String(err), line: null } };
    }
    if (template.kind === 'letter') {
      const result = renderTemplate(template.body, context, 'html');
      const html = letterSection({ templateCode: template.code, dossierNumber: context.dossier.number, creditor: context.creditor, debtorPage: context.debtorPage ?? null, ...(result.ok ? { html: result.html } : { error: result.error }) });
      return { item, kind: 'letter', html, status: result.ok ? 'ok' : 'error', error: result.ok ? null : result.error };
    }
    const parts = renderEmailParts(template, context);
    if (!parts.ok) return { item, kind: 'failed', error: parts.error };
    const to = recipients.get(item.dossierId) ?? null;
    if (!to) return { item, kind: 'failed', error: { message: 'No e-mail address for this dossier (contact or customer)', line: null } };
    try {
      parseRecipients(to);
    } catch {
      return { item, kind: 'failed', error: { message: `Invalid e-mail address: ${to}`, line: null } };
    }
    return { item, kind: 'email', email: { to, subject: parts.email.subject, text: parts.email.text, html: parts.email.html, dossierId: item.dossierId, interventionId: item.interventionId } };
  });
}

/** Writes a prepared chunk in one transaction; returns the steps another run had produced meanwhile (left alone). */
async function store(m: EntityManager, prepared: Prepared[], asOf: BusinessDate, now: Date): Promise<Set<number>> {
  const ids = prepared.map((p) => p.item.interventionId);
  if (isPostgres(m)) await rows(m, `SELECT id FROM intervention WHERE id IN (${list(ids.length)}) ORDER BY id FOR UPDATE`, ids);
  const done = new Set((await rows<{ id: unknown }>(m,
    `SELECT intervention_id AS id FROM generated_document WHERE status = 'ok' AND intervention_id IN (${list(ids.length)})
     UNION SELECT intervention_id AS id FROM outbox_message WHERE intervention_id IN (${list(ids.length)})`, [...ids, ...ids])).map((r) => Number(r.id)));
  const letters = prepared.filter((p): p is Extract<Prepared, { kind: 'letter' }> => p.kind === 'letter' && !done.has(p.item.interventionId));
  // A letter that failed earlier for this step is replaced, not duplicated, once the template is fixed.
  const failedBefore = new Map<string, number>();
  if (letters.length) {
    for (const r of await rows<{ id: unknown; intervention_id: unknown; template_code: string }>(m,
      `SELECT id, intervention_id, template_code FROM generated_document WHERE status = 'error' AND intervention_id IN (${list(letters.length)}) ORDER BY id`, letters.map((l) => l.item.interventionId))) {
      const key = `${Number(r.intervention_id)}|${r.template_code}`;
      if (!failedBefore.has(key)) failedBefore.set(key, Number(r.id));
    }
  }
  const at = now.toISOString();
  const values = (l: (typeof letters)[number]) => [l.item.dossierId, l.item.interventionId, l.item.templateCode, l.html, l.status, l.error ? errorText(l.error).slice(0, 500) : null, asOf, at];
  const fresh = letters.filter((l) => !failedBefore.has(`${l.item.interventionId}|${l.item.templateCode}`));
  for (const l of letters.filter((x) => !fresh.includes(x))) {
    await run(m, 'UPDATE generated_document SET dossier_id = ?, intervention_id = ?, template_code = ?, html = ?, status = ?, error = ?, as_of = ?, created_at = ?, printed_at = NULL WHERE id = ?',
      [...values(l), failedBefore.get(`${l.item.interventionId}|${l.item.templateCode}`)]);
  }
  for (let i = 0; i < fresh.length; i += 100) {
    const part = fresh.slice(i, i + 100);
    await run(m, `INSERT INTO generated_document (dossier_id, intervention_id, template_code, html, status, error, as_of, created_at, printed_at) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, NULL)').join(', ')}`, part.flatMap(values));
  }
  await queueEmails(m, prepared.flatMap((p) => (p.kind === 'email' && !done.has(p.item.interventionId) ? [p.email] : [])), now);
  return done;
}

/**
 * Produces the documents of the given steps (a chunk: a few hundred), as renderStepDocument would one
 * by one. Steps whose document another run produced meanwhile are absent from the outcomes.
 */
export async function produceStepDocuments(ds: DataSource, items: StepDocumentItem[], asOf: BusinessDate, now: Date = new Date(), templates = new Map<string, DocumentTemplate | null>()): Promise<StepDocumentOutcome[]> {
  if (items.length === 0) return [];
  try {
    const prepared = await prepare(ds, items, asOf, templates);
    const done = await ds.transaction((m) => store(m, prepared, asOf, now));
    return prepared.filter((p) => !done.has(p.item.interventionId)).map((p) =>
      p.kind === 'failed' ? { interventionId: p.item.interventionId, ok: false, error: p.error }
        : p.kind === 'letter' && p.error ? { interventionId: p.item.interventionId, ok: false, error: p.error }
          : { interventionId: p.item.interventionId, ok: true });
  } catch {
    // The chunk could not be read or written as a whole: one by one, so that only the step at fault fails.
    const out: StepDocumentOutcome[] = [];
    for (const item of items) {
      try {
        const r = await renderStepDocument(ds, { ...item, asOf }, now);
        out.push(r.ok ? { interventionId: item.interventionId, ok: true } : { interventionId: item.interventionId, ok: false, error: r.error });
      } catch (err) {
        out.push({ interventionId: item.interventionId, ok: false, error: { message: err instanceof Error ? err.message : String(err), line: null } });
      }
    }
    return out;
  }
}
