/**
 * One communication per customer: after the scenario run has raised the day's steps, the letters
 * and e-mails a customer would receive for several of them are built as one (per customer, business
 * date and channel), before the remaining steps get their own documents (src/jobs/step-documents.task.ts).
 *
 * Exactly once: each communication is written in one transaction with its parts and its document
 * (a stored letter, or an e-mail queued in the outbox, which sends each message once). The unique
 * (customer, business date, channel) key makes a second run, or a run replaying one that was killed,
 * build nothing twice; an intervention is part of at most one communication (unique key), and a part
 * never gets a document of its own. A step raised after the day's communication was built (a second
 * run the same day) gets its own document rather than a second grouped one.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { GROUPED_TEMPLATES, ensureShippedTemplates, prepareGroupedDocument, prepareGroupedDocuments, storeGroupedDocument, type GroupedDocumentInput, type PreparedGroupedDocument } from '../documents';
import { writeCommunications, type ReadyCommunication } from './communication-batch.service';
import { recordDossierEvent, SYSTEM_ACTOR } from '../history';
import { rows, run } from '../db/sql';
import { planCommunications, type Channel, type Grouping, type PendingStep, type PlannedCommunication } from './grouping.rules';

/** The claims declaration is a court document at a judgment date: never part of a reminder. */
const NOT_GROUPED = ['declaration-creances'];

export interface GroupingCounts {
  communications: number;
  parts: number;
  errors: number;
  errorMessages: string[];
  /** Steps a communication stands for, or would have had its document not failed: they get no document of their own. */
  claimed: Set<number>;
}

const PENDING = `
  SELECT i.id, i.dossier_id, d.number, d.third_party_id, t.kind AS channel, i.template_code, i.label, i.priority, i.due_date, ss.position AS step_position
    FROM intervention i
    JOIN dossier d ON d.id = i.dossier_id
    JOIN document_template t ON t.code = i.template_code
    LEFT JOIN scenario_step ss ON ss.scenario_id = d.scenario_id AND ss.code = i.step_code
   WHERE i.state = 'todo' AND i.source = 'scenario' AND i.template_code IS NOT NULL AND i.type IN ('letter', 'email') AND i.due_date <= ?
     AND i.template_code NOT IN (${NOT_GROUPED.map(() => '?').join(', ')})
     AND NOT EXISTS (SELECT 1 FROM generated_document g WHERE g.intervention_id = i.id AND g.status = 'ok')
     AND NOT EXISTS (SELECT 1 FROM outbox_message o WHERE o.intervention_id = i.id)
     AND NOT EXISTS (SELECT 1 FROM customer_communication_part p WHERE p.intervention_id = i.id)
   ORDER BY d.third_party_id, i.id`;

async function pendingSteps(ds: DataSource, today: string): Promise<PendingStep[]> {
  const list = await rows<Record<string, unknown>>(ds, PENDING, [today, ...NOT_GROUPED]);
  return list.map((r) => ({
    interventionId: Number(r.id), dossierId: Number(r.dossier_id), dossierNumber: Number(r.number), thirdPartyId: Number(r.third_party_id),
    channel: r.channel as Channel, templateCode: String(r.template_code), label: String(r.label), priority: Number(r.priority), dueDate: String(r.due_date),
    stepPosition: r.step_position === null || r.step_position === undefined ? 0 : Number(r.step_position),
  }));
}

class DocumentFailed extends Error {}

/** The document's input: one part per dossier (its most advanced step), the lead first. */
function documentInput(c: PlannedCommunication, today: string): GroupedDocumentInput {
  const listed = c.parts.filter((p) => p.listsDossier);
  return { channel: c.channel, asOf: today, parts: listed.map((p) => ({ dossierId: p.step.dossierId, interventionId: p.step.interventionId, level: p.level, stepLabel: p.step.label, templateCode: p.step.templateCode })) };
}

/**
 * Writes one communication, its parts, its prepared document and the Chrono lines, in the caller's
 * transaction; 'exists' when the day's one was built already (nothing written).
 */
async function writeCommunication(m: EntityManager, c: PlannedCommunication, today: string, input: GroupedDocumentInput, prepared: PreparedGroupedDocument, now: Date): Promise<'built' | 'exists'> {
  const at = now.toISOString();
  const template = GROUPED_TEMPLATES[c.channel];
  const [row] = await rows<{ id: number }>(
    m,
    `INSERT INTO customer_communication (third_party_id, business_date, channel, template_code, tone_template_code, level, lead_intervention_id, dossier_count, invoice_count, part_count, document_id, outbox_message_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, NULL, NULL, ?) ON CONFLICT DO NOTHING RETURNING id`,
    [c.thirdPartyId, today, c.channel, template, c.lead.templateCode, c.level, c.lead.interventionId, c.dossierCount, c.parts.length, at],
  );
  if (!row) return 'exists';
  const id = Number(row.id);
  for (const p of c.parts) {
    await run(m, 'INSERT INTO customer_communication_part (communication_id, intervention_id, dossier_id, position, level) VALUES (?, ?, ?, ?, ?)', [id, p.step.interventionId, p.step.dossierId, p.position, p.level]);
  }
  const listed = c.parts.filter((p) => p.listsDossier);
  const result = await storeGroupedDocument(m, input, prepared, now);
  if (!result.ok) throw new DocumentFailed(`${result.error.line ? `line ${result.error.line}: ` : ''}${result.error.message}`);
  const invoiceCount = result.context.totals.invoiceCount;
  await run(m, 'UPDATE customer_communication SET document_id = ?, outbox_message_id = ?, invoice_count = ? WHERE id = ?', [
    result.kind === 'letter' ? result.documentId : null, result.kind === 'email' ? result.messageId : null, invoiceCount, id,
  ]);
  const numbers = listed.map((p) => p.step.dossierNumber).join(', ');
  for (const p of listed) {
    await recordDossierEvent(m, SYSTEM_ACTOR, {
      dossierId: p.step.dossierId, at, type: 'customerCommunication',
      details: { communicationId: id, channel: c.channel, dossiers: c.dossierCount, invoices: invoiceCount, dossierNumbers: numbers, level: c.level, interventionId: p.step.interventionId },
    });
  }
  return 'built';
}

/**
 * The day's grouped communications. `dossier` builds none (every step keeps its own document).
 * A communication whose document fails (template error, no e-mail address) is not written; its
 * steps are reported, wait for the next run, and get no separate document meanwhile.
 */
export async function buildCustomerCommunications(ds: DataSource, today: string, options: { grouping?: Grouping; now?: Date; onProgress?: () => Promise<void> } = {}): Promise<GroupingCounts> {
  const counts: GroupingCounts = { communications: 0, parts: 0, errors: 0, errorMessages: [], claimed: new Set() };
  if ((options.grouping ?? 'customer') === 'dossier') return counts;
  await ensureShippedTemplates(ds);
  const planned = planCommunications(await pendingSteps(ds, today), options.grouping ?? 'customer');
  const now = options.now ?? new Date();
  for (let i = 0; i < planned.length; i += CHUNK) {
    const chunk = planned.slice(i, i + CHUNK);
    if (i > 0) await options.onProgress?.();
    const inputs = chunk.map((c) => documentInput(c, today));
    // Read and render the chunk first; its one transaction only writes (all of it, or nothing).
    try {
      const prepared = await prepareGroupedDocuments(ds, today, inputs);
      const ready: ReadyCommunication[] = chunk.flatMap((c, k) => (prepared[k].ok ? [{ planned: c, input: inputs[k], prepared: prepared[k] as Extract<PreparedGroupedDocument, { ok: true }> }] : []));
      const built = await ds.transaction((m) => writeCommunications(m, ready, today, now));
      for (const r of ready) if (built.has(r.planned)) count(counts, r.planned);
      for (const [k, c] of chunk.entries()) {
        const p = prepared[k];
        if (!p.ok && !(await exists(ds, c, today))) await failed(ds, counts, c, new DocumentFailed(`${p.error.line ? `line ${p.error.line}: ` : ''}${p.error.message}`));
      }
    } catch {
      // The chunk could not be read or written as a whole: one by one, so that an error stays the communication's own.
      for (const c of chunk) await buildOne(ds, counts, c, today, now);
    }
  }
  return counts;
}

/** Communications per chunk: their dossiers' contexts are read together, and written in one transaction. */
const CHUNK = 200;

function count(counts: GroupingCounts, c: PlannedCommunication): void {
  counts.communications++;
  counts.parts += c.parts.length;
  for (const p of c.parts) counts.claimed.add(p.step.interventionId);
}

/** Whether the day's communication of this customer and channel was built already (its new steps then get their own documents). */
async function exists(ds: DataSource, c: PlannedCommunication, today: string): Promise<boolean> {
  return (await rows(ds, 'SELECT 1 AS one FROM customer_communication WHERE third_party_id = ? AND business_date = ? AND channel = ?', [c.thirdPartyId, today, c.channel])).length > 0;
}

async function failed(ds: DataSource, counts: GroupingCounts, c: PlannedCommunication, err: unknown): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  counts.errors++;
  counts.errorMessages.push(`customer ${c.thirdPartyId}, grouped ${c.channel} (dossiers ${[...new Set(c.parts.map((p) => p.step.dossierNumber))].join(', ')}): ${message}`);
  // Whatever failed, the steps wait for the next run: sent one by one meanwhile, the customer would get several letters.
  for (const p of c.parts) counts.claimed.add(p.step.interventionId);
  if (err instanceof DocumentFailed) {
    const note = `Document ${GROUPED_TEMPLATES[c.channel]} : ${message}`.slice(0, 1000);
    for (const p of c.parts) await rows(ds, "UPDATE intervention SET comment = ? WHERE id = ? AND (comment IS NULL OR comment = '' OR comment LIKE 'Document %') RETURNING id", [note, p.step.interventionId]);
  }
}

/** One communication on its own, in its own transaction (the fallback of a chunk that failed as a whole). */
async function buildOne(ds: DataSource, counts: GroupingCounts, c: PlannedCommunication, today: string, now: Date): Promise<void> {
  try {
    const input = documentInput(c, today);
    const prepared = await prepareGroupedDocument(ds, input);
    const outcome = await ds.transaction((m) => writeCommunication(m, c, today, input, prepared, now));
    if (outcome === 'built') count(counts, c);
  } catch (err) {
    await failed(ds, counts, c, err);
  }
}
