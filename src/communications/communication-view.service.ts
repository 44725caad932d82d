/**
 * What Gestion des actions needs of the customer communications: show each once, with its parts,
 * and act on all its parts at once (mark done, print its one letter).
 */
import type { DataSource, EntityManager } from 'typeorm';
import { rows } from '../db/sql';
import type { Channel } from './grouping.rules';

type Db = DataSource | EntityManager;

/**
 * SQL condition on an intervention aliased `i`: false for a part of a communication whose earlier
 * part (the lead first) is still to do, so the list shows the communication once, on that part.
 */
export const SHOWN_ONCE_SQL = `NOT EXISTS (SELECT 1 FROM customer_communication_part p
    JOIN customer_communication_part q ON q.communication_id = p.communication_id AND q.position < p.position
    JOIN intervention j ON j.id = q.intervention_id
   WHERE p.intervention_id = i.id AND j.state = 'todo')`;

/**
 * The same rule from the parts' side: the ids of the interventions SHOWN_ONCE_SQL hides (a part with a
 * to-do part before it in its communication), each once. It reads the parts in their communications'
 * order, twice, instead of probing every to-do intervention: for counting every controller's actions
 * at 100,000 dossiers (125,000 to do, 80,000 parts) 65 ms instead of 240. For a count limited by an
 * index (one controller's actions), SHOWN_ONCE_SQL stays the cheaper. CROSS JOIN keeps SQLite's scan
 * on the parts' (communication, position) index; a part's position is its communication's order.
 */
export const HIDDEN_PART_IDS_SQL = `SELECT p.intervention_id
    FROM (SELECT f.communication_id, MIN(f.position) AS first_todo
            FROM customer_communication_part f CROSS JOIN intervention j
           WHERE j.id = f.intervention_id AND j.state = 'todo'
           GROUP BY f.communication_id) t
    CROSS JOIN customer_communication_part p
   WHERE p.communication_id = t.communication_id AND p.position > t.first_todo`;

export interface CommunicationPartView {
  interventionId: number;
  dossierId: number;
  dossierNumber: number;
  label: string;
  state: string;
  level: number;
}

export interface CommunicationView {
  id: number;
  channel: Channel;
  businessDate: string;
  level: number;
  dossierCount: number;
  invoiceCount: number;
  parts: CommunicationPartView[];
  /** The parts still to do: what "mark done" completes. */
  todoPartIds: number[];
  /** One per dossier, in the letter's order. */
  dossiers: { id: number; number: number }[];
  documentId: number | null;
  outboxMessageId: number | null;
}

const list = (ids: number[]) => ids.map(() => '?').join(', ');

/** The communication each given intervention is part of (interventions that are no part are absent). */
export async function communicationsOf(db: Db, interventionIds: number[]): Promise<Map<number, CommunicationView>> {
  const out = new Map<number, CommunicationView>();
  if (interventionIds.length === 0) return out;
  const links = await rows<Record<string, unknown>>(
    db,
    `SELECT p.intervention_id, c.id, c.channel, c.business_date, c.level, c.dossier_count, c.invoice_count, c.document_id, c.outbox_message_id
       FROM customer_communication_part p JOIN customer_communication c ON c.id = p.communication_id
      WHERE p.intervention_id IN (${list(interventionIds)})`,
    interventionIds,
  );
  if (links.length === 0) return out;
  const ids = [...new Set(links.map((l) => Number(l.id)))];
  const parts = await rows<Record<string, unknown>>(
    db,
    `SELECT q.communication_id, q.intervention_id, q.dossier_id, q.level, d.number, j.label, j.state
       FROM customer_communication_part q JOIN intervention j ON j.id = q.intervention_id JOIN dossier d ON d.id = q.dossier_id
      WHERE q.communication_id IN (${list(ids)}) ORDER BY q.communication_id, q.position`,
    ids,
  );
  const views = new Map<number, CommunicationView>();
  for (const l of links) {
    const id = Number(l.id);
    if (views.has(id)) continue;
    const mine: CommunicationPartView[] = parts
      .filter((p) => Number(p.communication_id) === id)
      .map((p) => ({ interventionId: Number(p.intervention_id), dossierId: Number(p.dossier_id), dossierNumber: Number(p.number), label: String(p.label), state: String(p.state), level: Number(p.level) }));
    const dossiers: CommunicationView['dossiers'] = [];
    for (const p of mine) if (!dossiers.some((d) => d.id === p.dossierId)) dossiers.push({ id: p.dossierId, number: p.dossierNumber });
    views.set(id, {
      id, channel: l.channel as Channel, businessDate: String(l.business_date), level: Number(l.level), dossierCount: Number(l.dossier_count), invoiceCount: Number(l.invoice_count),
      parts: mine, todoPartIds: mine.filter((p) => p.state === 'todo').map((p) => p.interventionId), dossiers,
      documentId: l.document_id === null ? null : Number(l.document_id), outboxMessageId: l.outbox_message_id === null ? null : Number(l.outbox_message_id),
    });
  }
  for (const l of links) out.set(Number(l.intervention_id), views.get(Number(l.id))!);
  return out;
}

/** The given interventions with every other to-do part of their communications, each once, in order. */
export async function withCommunicationParts(db: Db, interventionIds: number[]): Promise<number[]> {
  const of = await communicationsOf(db, interventionIds);
  const out: number[] = [];
  const seen = new Set<number>();
  const add = (id: number) => {
    if (!seen.has(id)) out.push(id);
    seen.add(id);
  };
  for (const id of interventionIds) {
    add(id);
    for (const part of of.get(id)?.todoPartIds ?? []) add(part);
  }
  return out;
}
