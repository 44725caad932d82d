/**
 * After the scenario run: the letter and e-mail of every to-do scenario step that has a template
 * and no document yet (a letter stored for printing, an e-mail in the outbox), one per customer for
 * the steps that go together (COMMUNICATION_GROUPING, src/communications). Idempotent: the
 * documents component keys them by intervention, so a run killed half-way is completed by the next.
 * A broken template is reported on the run and on the intervention, and never stops the others.
 */
import type { DataSource } from 'typeorm';
import { buildCustomerCommunications, type Grouping } from '../communications';
import { renderStepDocument } from '../documents';
import { rows } from '../db/sql';

export interface StepDocumentCounts {
  documents: number;
  documentErrors: number;
  errorMessages: string[];
}

export async function generateStepDocuments(ds: DataSource, today: string, options: { limit?: number; now?: Date; grouping?: Grouping } = {}): Promise<StepDocumentCounts> {
  // First one letter / e-mail per customer for the steps that go together (src/communications); then the others, one each.
  const grouped = await buildCustomerCommunications(ds, today, { grouping: options.grouping, now: options.now });
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
  for (const p of pending) {
    if (grouped.claimed.has(Number(p.id))) continue;
    let message: string | null = null;
    try {
      const result = await renderStepDocument(ds, { dossierId: Number(p.dossier_id), interventionId: Number(p.id), templateCode: p.template_code, asOf: today }, options.now);
      if (result.ok) counts.documents++;
      else message = `${result.error.line ? `line ${result.error.line}: ` : ''}${result.error.message}`;
    } catch (err) {
      message = err instanceof Error ? err.message : String(err);
    }
    if (message !== null) {
      counts.documentErrors++;
      counts.errorMessages.push(`dossier ${p.number}, template ${p.template_code}: ${message}`);
      const note = `Document ${p.template_code} : ${message}`.slice(0, 1000);
      await rows(ds, 'UPDATE intervention SET comment = ? WHERE id = ? AND (comment IS NULL OR comment = ?) RETURNING id', [note, Number(p.id), p.comment ?? '']);
    }
  }
  return counts;
}
