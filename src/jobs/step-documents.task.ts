/**
 * After the scenario run: the letter and e-mail of every to-do scenario step that has a template
 * and no document yet (a letter stored for printing, an e-mail in the outbox), one per customer for
 * the steps that go together (COMMUNICATION_GROUPING, src/communications). Idempotent: the
 * documents component keys them by intervention, so a run killed half-way is completed by the next.
 * A broken template is reported on the run and on the intervention, and never stops the others.
 * Produced by chunks of CHUNK steps (produceStepDocuments: contexts read for the whole chunk, one
 * transaction per chunk), not one by one: a first run over a new portfolio raises tens of thousands.
 */
import type { DataSource } from 'typeorm';
import { buildCustomerCommunications, type Grouping } from '../communications';
import { produceStepDocuments, type DocumentTemplate } from '../documents';
import { rows } from '../db/sql';

/** Steps per chunk: the contexts of that many dossiers are read together and written in one transaction. */
const CHUNK = 500;

export interface StepDocumentCounts {
  documents: number;
  documentErrors: number;
  errorMessages: string[];
}

export async function generateStepDocuments(ds: DataSource, today: string, options: { limit?: number; now?: Date; grouping?: Grouping; onProgress?: () => Promise<void> } = {}): Promise<StepDocumentCounts> {
  // First one letter / e-mail per customer for the steps that go together (src/communications); then the others, one each.
  const grouped = await buildCustomerCommunications(ds, today, { grouping: options.grouping, now: options.now, onProgress: options.onProgress });
  const counts: StepDocumentCounts = { documents: grouped.communications, documentErrors: grouped.errors, errorMessages: [...grouped.errorMessages] };
  const pending = await rows<{ id: number; dossier_id: number; number: number; template_code: string; comment: string | null }>(
    ds,
    `SELECT i.id, i.dossier_id, d.number, i.template_code, i.comment
       FROM intervention i JOIN dossier d ON d.id = i.dossier_id
      WHERE i.state = 'todo' AND i.source = 'scenario' AND i.template_code IS NOT NULL AND i.type IN ('letter', 'email') AND i.due_date <= ?
        AND NOT EXISTS (SELECT 1 FROM generated_document g WHERE g.intervention_id = i.id AND g.status = 'ok')
        AND NOT EXISTS (SELECT 1 FROM outbox_message o WHERE o.intervention_id = i.id)
        AND NOT EXISTS (SELECT 1 FROM customer_communication_part p WHERE p.intervention_id = i.id)
      ORDER BY i.id LIMIT ?`,
    [today, options.limit ?? 1_000_000],
  );
  const todo = pending.filter((p) => !grouped.claimed.has(Number(p.id)));
  const byId = new Map(todo.map((p) => [Number(p.id), p]));
  const templates = new Map<string, DocumentTemplate | null>();
  for (let i = 0; i < todo.length; i += CHUNK) {
    const items = todo.slice(i, i + CHUNK).map((p) => ({ dossierId: Number(p.dossier_id), interventionId: Number(p.id), templateCode: p.template_code }));
    // The run's lock lease is renewed after every chunk, as after every batch of the scenario part.
    if (i > 0) await options.onProgress?.();
    for (const outcome of await produceStepDocuments(ds, items, today, options.now, templates)) {
      if (outcome.ok) {
        counts.documents++;
        continue;
      }
      const p = byId.get(outcome.interventionId)!;
      const message = `${outcome.error.line ? `line ${outcome.error.line}: ` : ''}${outcome.error.message}`;
      counts.documentErrors++;
      counts.errorMessages.push(`dossier ${p.number}, template ${p.template_code}: ${message}`);
      const note = `Document ${p.template_code} : ${message}`.slice(0, 1000);
      await rows(ds, 'UPDATE intervention SET comment = ? WHERE id = ? AND (comment IS NULL OR comment = ?) RETURNING id', [note, Number(p.id), p.comment ?? '']);
    }
  }
  return counts;
}
