/**
 * Writes a chunk of the day's customer communications in the caller's transaction, with multi-row
 * inserts: the same rows as writeCommunication (communication.service.ts) writes one at a time — the
 * communication (insert-or-nothing on its unique customer, date and channel key), its parts, its
 * letter or queued e-mail, and a Chrono line per listed dossier. A communication that exists already
 * is skipped whole (its steps then get their own documents, as before).
 */
import type { EntityManager } from 'typeorm';
import { GROUPED_TEMPLATES, type GroupedDocumentInput, type PreparedGroupedDocument } from '../documents';
import { queueEmails } from '../mail';
import { SYSTEM_ACTOR } from '../history';
import { rows, run } from '../db/sql';
import type { PlannedCommunication } from './grouping.rules';

export interface ReadyCommunication {
  planned: PlannedCommunication;
  input: GroupedDocumentInput;
  prepared: Extract<PreparedGroupedDocument, { ok: true }>;
}

const ROWS_PER_INSERT = 100;

/** Inserts `values` rows of `width` parameters, ROWS_PER_INSERT a statement; `returning` rows are collected. */
async function insertRows<T>(m: EntityManager, head: string, width: number, values: unknown[][], returning = ''): Promise<T[]> {
  const out: T[] = [];
  const one = `(${Array.from({ length: width }, () => '?').join(', ')})`;
  for (let i = 0; i < values.length; i += ROWS_PER_INSERT) {
    const part = values.slice(i, i + ROWS_PER_INSERT);
    const sql = `${head} VALUES ${part.map(() => one).join(', ')}${returning}`;
    if (returning) out.push(...(await rows<T>(m, sql, part.flat())));
    else await run(m, sql, part.flat());
  }
  return out;
}

/** Writes the chunk; returns the communications built (those that existed already are absent). */
export async function writeCommunications(m: EntityManager, ready: ReadyCommunication[], today: string, now: Date): Promise<Set<PlannedCommunication>> {
  const built = new Set<PlannedCommunication>();
  if (ready.length === 0) return built;
  const at = now.toISOString();
  const made = await insertRows<{ id: unknown; third_party_id: unknown; channel: string }>(m,
    `INSERT INTO customer_communication (third_party_id, business_date, channel, template_code, tone_template_code, level, lead_intervention_id, dossier_count, invoice_count, part_count, document_id, outbox_message_id, created_at)`,
    13,
    ready.map(({ planned: c }) => [c.thirdPartyId, today, c.channel, GROUPED_TEMPLATES[c.channel], c.lead.templateCode, c.level, c.lead.interventionId, c.dossierCount, 0, c.parts.length, null, null, at]),
    ' ON CONFLICT DO NOTHING RETURNING id, third_party_id, channel');
  const idOf = new Map(made.map((r) => [`${Number(r.third_party_id)}|${r.channel}`, Number(r.id)]));
  const fresh = ready.filter((r) => idOf.has(`${r.planned.thirdPartyId}|${r.planned.channel}`));
  const id = (r: ReadyCommunication) => idOf.get(`${r.planned.thirdPartyId}|${r.planned.channel}`)!;

  await insertRows(m, 'INSERT INTO customer_communication_part (communication_id, intervention_id, dossier_id, position, level)', 5,
    fresh.flatMap((r) => r.planned.parts.map((p) => [id(r), p.step.interventionId, p.step.dossierId, p.position, p.level])));

  // The letters: one per customer and day, so the lead dossier names the communication's letter.
  const letters = fresh.filter((r) => r.prepared.kind === 'letter');
  const documents = await insertRows<{ id: unknown; dossier_id: unknown }>(m,
    'INSERT INTO generated_document (dossier_id, intervention_id, template_code, html, status, error, as_of, created_at, printed_at)', 9,
    letters.map((r) => [r.input.parts[0].dossierId, null, GROUPED_TEMPLATES[r.input.channel], r.prepared.kind === 'letter' ? r.prepared.section : '', 'ok', null, r.input.asOf, at, null]),
    ' RETURNING id, dossier_id');
  const documentOf = new Map(documents.map((d) => [Number(d.dossier_id), Number(d.id)]));
  const emails = fresh.filter((r) => r.prepared.kind === 'email');
  const messageOf = await queueEmails(m, emails.map((r) => {
    const p = r.prepared as Extract<ReadyCommunication['prepared'], { kind: 'email' }>;
    return { to: p.to, subject: p.email.subject, text: p.email.text, html: p.email.html, dossierId: r.input.parts[0].dossierId, interventionId: r.input.parts[0].interventionId };
  }), now);

  const events: unknown[][] = [];
  const stored: [id: number, documentId: number | null, messageId: number | null, invoiceCount: number][] = [];
  for (const r of fresh) {
    const c = r.planned;
    const invoiceCount = r.prepared.context.totals.invoiceCount;
    const documentId = r.prepared.kind === 'letter' ? documentOf.get(r.input.parts[0].dossierId) : null;
    const messageId = r.prepared.kind === 'email' ? messageOf.get(r.input.parts[0].interventionId) : null;
    if (documentId === undefined || messageId === undefined) throw new Error(`communication of customer ${c.thirdPartyId}: its document was not stored`);
    stored.push([id(r), documentId, messageId, invoiceCount]);
    const listed = c.parts.filter((p) => p.listsDossier);
    const numbers = listed.map((p) => p.step.dossierNumber).join(', ');
    for (const p of listed) {
      const details = { communicationId: id(r), channel: c.channel, dossiers: c.dossierCount, invoices: invoiceCount, dossierNumbers: numbers, level: c.level, interventionId: p.step.interventionId };
      events.push([p.step.dossierId, at, SYSTEM_ACTOR.userId, SYSTEM_ACTOR.userName, 'customerCommunication', JSON.stringify(details), null]);
    }
    built.add(c);
  }
  await storeDocumentIds(m, stored);
  // The Chrono lines recordDossierEvent would write, in one go.
  await insertRows(m, 'INSERT INTO dossier_event (dossier_id, at, user_id, user_name, type, details, amount)', 7, events);
  return built;
}

/**
 * Each communication's letter or e-mail and invoice count, ROWS_PER_INSERT communications a statement
 * (one UPDATE per communication was tens of thousands of statements on a first run). The casts type
 * the values for PostgreSQL, which cannot infer a parameter's type inside CASE.
 */
async function storeDocumentIds(m: EntityManager, stored: [id: number, documentId: number | null, messageId: number | null, invoiceCount: number][]): Promise<void> {
  for (let i = 0; i < stored.length; i += ROWS_PER_INSERT) {
    const part = stored.slice(i, i + ROWS_PER_INSERT);
    const cases = part.map(() => 'WHEN ? THEN CAST(? AS INTEGER)').join(' ');
    await run(m,
      `UPDATE customer_communication SET document_id = CASE id ${cases} END, outbox_message_id = CASE id ${cases} END, invoice_count = CASE id ${cases} END
        WHERE id IN (${part.map(() => '?').join(', ')})`,
      [...part.flatMap(([id, documentId]) => [id, documentId]), ...part.flatMap(([id, , messageId]) => [id, messageId]), ...part.flatMap(([id, , , count]) => [id, count]), ...part.map(([id]) => id)]);
  }
}
