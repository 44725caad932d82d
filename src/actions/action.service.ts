/**
 * Gestion des actions: every to-do intervention across dossiers, highest priority first, then the
 * oldest due date. One paged query (served by the action-list indexes), then the page's amounts,
 * and the bulk actions: mark done with one result, print the letters, the call list.
 */
import type { DataSource } from 'typeorm';
import { toNumber } from '../db/column-types';
import { submitInterventionDone, type Approver } from '../approvals';
import { communicationsOf, HIDDEN_PART_IDS_SQL, SHOWN_ONCE_SQL, withCommunicationParts, type CommunicationView } from '../communications';
import { dossierAmounts } from '../dossiers';
import { printGeneratedDocuments, renderBatch, findGeneratedDocuments } from '../documents';
import { rows, type Db } from '../db/sql';
import { unchangedSince } from '../db/change-token';
import { isAppError } from '../shared/errors';

export const ACTION_TYPES = ['call', 'letter', 'email', 'sms', 'visit', 'task', 'legal'] as const;

export interface ActionFilters {
  /** A credit controller's id, or 'all'. */
  controller: number | 'all';
  type: string | null;
  /** Due on or before. */
  dueBy: string | null;
  overdueOnly: boolean;
  statusId: number | null;
  page: number;
  pageSize: number;
}

export interface ActionRow {
  id: number;
  priority: number;
  dueDate: string;
  type: string;
  label: string;
  templateCode: string | null;
  dossierId: number;
  dossierNumber: number;
  customer: string;
  controller: string | null;
  statusLabel: string;
  amount: number;
  overdue: boolean;
  /** A customer's grouped letter or e-mail, shown once for all its parts (src/communications). */
  communication: CommunicationView | null;
}

/** The credit controller of a signed-in user (credit_controller.user_id), if any. */
export async function controllerOfUser(ds: DataSource, userId: number): Promise<{ id: number; name: string } | null> {
  const [r] = await rows<{ id: number; name: string }>(ds, 'SELECT id, name FROM credit_controller WHERE user_id = ? ORDER BY id LIMIT 1', [userId]);
  return r ? { id: Number(r.id), name: r.name } : null;
}

interface ActionsWhere {
  sql: string;
  params: unknown[];
  needsDossier: boolean;
  /** The same filters without SHOWN_ONCE_SQL: every to-do intervention they select (for the count). */
  allSql: string;
}

function whereOf(filters: Omit<ActionFilters, 'page' | 'pageSize'>, today: string): ActionsWhere {
  const parts = ["i.state = 'todo'"];
  const params: unknown[] = [];
  if (filters.controller !== 'all') {
    parts.push('i.assignee_id = ?');
    params.push(filters.controller);
  }
  if (filters.type) {
    parts.push('i.type = ?');
    params.push(filters.type);
  }
  if (filters.dueBy) {
    parts.push('i.due_date <= ?');
    params.push(filters.dueBy);
  }
  if (filters.overdueOnly) {
    parts.push('i.due_date < ?');
    params.push(today);
  }
  if (filters.statusId !== null) {
    parts.push('d.status_id = ?');
    params.push(filters.statusId);
  }
  // A customer communication's parts show once, as one action (SHOWN_ONCE_SQL).
  return { sql: [...parts, SHOWN_ONCE_SQL].join(' AND '), params, needsDossier: filters.statusId !== null, allSql: parts.join(' AND ') };
}

/**
 * How many actions the filters show. For one controller, through the assignee's index with
 * SHOWN_ONCE_SQL; for all of them, every to-do intervention selected less the hidden parts among them
 * (HIDDEN_PART_IDS_SQL: the same rule read from the parts, four times faster at 100,000 dossiers).
 */
async function countActions(ds: DataSource, where: ActionsWhere, allControllers: boolean): Promise<number> {
  const dossierJoin = where.needsDossier ? ' JOIN dossier d ON d.id = i.dossier_id' : '';
  const from = `FROM intervention i${dossierJoin}`;
  const [r] = allControllers
    ? await rows<{ n: unknown }>(
        ds,
        `SELECT (SELECT COUNT(*) ${from} WHERE ${where.allSql})
              - (SELECT COUNT(*) FROM (${HIDDEN_PART_IDS_SQL}) h CROSS JOIN intervention i${dossierJoin}
                  WHERE i.id = h.intervention_id AND ${where.allSql}) AS n`,
        [...where.params, ...where.params],
      )
    : await rows<{ n: unknown }>(ds, `SELECT COUNT(*) AS n ${from} WHERE ${where.sql}`, where.params);
  return toNumber(r?.n);
}

export async function listActions(ds: DataSource, filters: ActionFilters, today: string): Promise<{ rows: ActionRow[]; total: number; pages: number }> {
  const where = whereOf(filters, today);
  const total = await countActions(ds, where, filters.controller === 'all');
  const pages = Math.max(1, Math.ceil(total / filters.pageSize));
  const page = Math.min(Math.max(1, filters.page), pages);
  // The page's ids first (index order), then their details: the sort never touches the joined rows.
  const list = await rows<Record<string, unknown>>(
    ds,
    `SELECT i.id, i.priority, i.due_date, i.type, i.label, i.template_code, i.dossier_id, d.number, tp.name AS customer, c.name AS controller, s.label AS status_label
       FROM (SELECT i.id FROM intervention i${where.needsDossier ? ' JOIN dossier d ON d.id = i.dossier_id' : ''}
              WHERE ${where.sql} ORDER BY i.priority DESC, i.due_date ASC, i.id ASC LIMIT ? OFFSET ?) p
       JOIN intervention i ON i.id = p.id
       JOIN dossier d ON d.id = i.dossier_id
       JOIN dossier_status s ON s.id = d.status_id
       JOIN third_party tp ON tp.id = d.third_party_id
       LEFT JOIN credit_controller c ON c.id = i.assignee_id
      ORDER BY i.priority DESC, i.due_date ASC, i.id ASC`,
    [...where.params, filters.pageSize, (page - 1) * filters.pageSize],
  );
  const communications = await communicationsOf(ds, list.map((r) => Number(r.id)));
  const dossierIds = [...list.map((r) => Number(r.dossier_id)), ...[...communications.values()].flatMap((c) => c.dossiers.map((d) => d.id))];
  const amounts = await dossierAmounts(ds, [...new Set(dossierIds)]);
  // A grouped row's amount is what its dossiers amount to, each by its balance.
  const amountOf = (dossierId: number, c: CommunicationView | undefined) => (c ? c.dossiers.reduce((sum, d) => sum + (amounts.get(d.id) ?? 0), 0) : (amounts.get(dossierId) ?? 0));
  return {
    total,
    pages,
    rows: list.map((r) => ({
      id: Number(r.id), priority: Number(r.priority), dueDate: String(r.due_date), type: String(r.type), label: String(r.label),
      templateCode: (r.template_code as string | null) ?? null, dossierId: Number(r.dossier_id), dossierNumber: Number(r.number), customer: String(r.customer),
      controller: (r.controller as string | null) ?? null, statusLabel: String(r.status_label), amount: amountOf(Number(r.dossier_id), communications.get(Number(r.id))),
      overdue: String(r.due_date) < today, communication: communications.get(Number(r.id)) ?? null,
    })),
  };
}

/**
 * The header's badge: the signed-in user's to-do actions due today or before. One indexed COUNT, on every
 * page, so read again only once the database changed (src/db/change-token.ts).
 */
export const countActionsDue = unchangedSince(async (ds: Db, userId: number, today: string): Promise<number> => {
  const [r] = await rows<{ n: unknown }>(
    ds,
    `SELECT COUNT(*) AS n FROM intervention i
      WHERE i.assignee_id = (SELECT id FROM credit_controller WHERE user_id = ? ORDER BY id LIMIT 1) AND i.state = 'todo' AND i.due_date <= ? AND ${SHOWN_ONCE_SQL}`,
    [userId, today],
  );
  return toNumber(r?.n);
});

/**
 * Marks several actions done with one result; the ones someone else handled meanwhile are reported,
 * the others go through. A legal step ticked by a non-administrator waits for approval (`submitted`).
 * A customer's grouped letter marks every part still to do, each through the same use case.
 */
export async function completeActions(ds: DataSource, ids: number[], result: string | null, today: string, actor: Approver, at: string): Promise<{ done: number; refused: number; submitted: number }> {
  let done = 0;
  let refused = 0;
  let submitted = 0;
  for (const id of await withCommunicationParts(ds, ids)) {
    try {
      if ((await submitInterventionDone(ds, id, { result, comment: null, today }, actor, at)) === 'pending') submitted++;
      else done++;
    } catch (err) {
      if (!isAppError(err)) throw err;
      refused++;
    }
  }
  return { done, refused, submitted };
}

async function selectedOrFiltered(ds: DataSource, ids: number[], filters: ActionFilters, today: string, type: string, extra = ''): Promise<Record<string, unknown>[]> {
  if (ids.length > 0) {
    return rows(ds, `SELECT i.id, i.dossier_id, i.template_code FROM intervention i WHERE i.state = 'todo' AND i.type = ?${extra} AND i.id IN (${ids.map(() => '?').join(', ')}) ORDER BY i.priority DESC, i.due_date, i.id`, [type, ...ids]);
  }
  // Nothing ticked: every action of that type due today or before, in the current filters.
  const where = whereOf({ ...filters, type, dueBy: filters.dueBy && filters.dueBy < today ? filters.dueBy : today }, today);
  return rows(
    ds,
    `SELECT i.id, i.dossier_id, i.template_code FROM intervention i${where.needsDossier ? ' JOIN dossier d ON d.id = i.dossier_id' : ''}
      WHERE ${where.sql}${extra} ORDER BY i.priority DESC, i.due_date, i.id LIMIT 5000`,
    where.params,
  );
}

/** Why some actions asked for printing gave no letter: shown to the user, never silently dropped. */
export interface LetterPrintOutcome {
  html: string;
  count: number;
  /** Selected actions that are not letters (calls, e-mails…). */
  notLetters: number;
  /** Letters with neither a stored letter nor a template to write one: their labels and dossiers. */
  withoutTemplate: { label: string; dossierNumber: number }[];
  /** Nothing selected and no letter to do due today or before (in the current filters). */
  noneDue: boolean;
}

/**
 * The letters of the selected actions, whatever their due date; without a selection, the letters to
 * do due today or before in the current filters. A letter the daily run stored prints exactly as
 * generated; one without a stored letter is rendered now from its template. A customer's grouped
 * letter prints once, as stored, for all its parts.
 */
export async function printLetters(ds: DataSource, ids: number[], filters: ActionFilters, today: string, now: Date): Promise<LetterPrintOutcome> {
  let letters: Record<string, unknown>[];
  let notLetters = 0;
  if (ids.length > 0) {
    const selected = await rows<Record<string, unknown>>(
      ds,
      `SELECT i.id, i.dossier_id, i.template_code, i.type, i.label, d.number FROM intervention i JOIN dossier d ON d.id = i.dossier_id
        WHERE i.id IN (${ids.map(() => '?').join(', ')}) ORDER BY i.priority DESC, i.due_date, i.id`,
      ids,
    );
    letters = selected.filter((r) => r.type === 'letter');
    notLetters = selected.length - letters.length;
  } else {
    letters = await selectedOrFiltered(ds, [], filters, today, 'letter');
  }
  const noneDue = ids.length === 0 && letters.length === 0;
  const communications = await communicationsOf(ds, letters.map((l) => Number(l.id)));
  const groupedIds = [...new Set([...communications.values()].filter((c) => c.channel === 'letter' && c.documentId !== null).map((c) => c.documentId as number))];
  letters = letters.filter((l) => !communications.has(Number(l.id)));
  const interventionIds = letters.map((l) => Number(l.id));
  const storedDocs = await findGeneratedDocuments(ds, { interventionIds });
  const stored = new Set(storedDocs.map((d) => d.interventionId));
  const unprintable = letters.filter((l) => !stored.has(Number(l.id)) && !l.template_code);
  const numbers = unprintable.length
    ? new Map((await rows<Record<string, unknown>>(ds, `SELECT id, number FROM dossier WHERE id IN (${unprintable.map(() => '?').join(', ')})`, unprintable.map((l) => Number(l.dossier_id)))).map((r) => [Number(r.id), Number(r.number)]))
    : new Map<number, number>();
  const withoutTemplate = unprintable.map((l) => ({ label: String(l.label ?? ''), dossierNumber: numbers.get(Number(l.dossier_id)) ?? 0 }));
  const outcome = { notLetters, withoutTemplate, noneDue };
  const missing = letters.filter((l) => !stored.has(Number(l.id)) && l.template_code);
  if (missing.length === 0) {
    const printed = await printGeneratedDocuments(ds, { ids: [...groupedIds, ...storedDocs.map((d) => d.id)] }, { markPrinted: true, now, title: 'Courriers' });
    return { ...printed, ...outcome };
  }
  const grouped = await findGeneratedDocuments(ds, { ids: groupedIds });
  const batch = await renderBatch(ds, letters.filter((l) => l.template_code).map((l) => ({ templateCode: String(l.template_code), dossierId: Number(l.dossier_id) })), today, 'Courriers', grouped.map((d) => d.html ?? ''));
  return { html: batch.html, count: grouped.length + batch.items.length, ...outcome };
}

export interface CallRow {
  id: number;
  dueDate: string;
  label: string;
  dossierNumber: number;
  customer: string;
  phones: string[];
  amount: number;
  priority: number;
}

/** The call list: who to call, on which numbers, for how much. */
export async function callList(ds: DataSource, ids: number[], filters: ActionFilters, today: string): Promise<CallRow[]> {
  const calls = await selectedOrFiltered(ds, ids, filters, today, 'call');
  if (calls.length === 0) return [];
  const callIds = calls.map((c) => Number(c.id));
  const list = await rows<Record<string, unknown>>(
    ds,
    `SELECT i.id, i.due_date, i.label, i.priority, i.dossier_id, d.number, d.contact_id, d.third_party_id, tp.name AS customer, tp.phone AS customer_phone
       FROM intervention i JOIN dossier d ON d.id = i.dossier_id JOIN third_party tp ON tp.id = d.third_party_id
      WHERE i.id IN (${callIds.map(() => '?').join(', ')}) ORDER BY i.priority DESC, i.due_date, i.id`,
    callIds,
  );
  const dossierIds = [...new Set(list.map((r) => Number(r.dossier_id)))];
  const tpIds = [...new Set(list.map((r) => Number(r.third_party_id)))];
  const contacts = await rows<{ id: number; third_party_id: number | null; dossier_id: number | null; first_name: string | null; last_name: string; phone: string | null; mobile: string | null }>(
    ds,
    `SELECT id, third_party_id, dossier_id, first_name, last_name, phone, mobile FROM contact
      WHERE third_party_id IN (${tpIds.map(() => '?').join(', ')}) OR dossier_id IN (${dossierIds.map(() => '?').join(', ')})`,
    [...tpIds, ...dossierIds],
  );
  const amounts = await dossierAmounts(ds, dossierIds);
  return list.map((r) => {
    const phones: string[] = [];
    const add = (text: string | null | undefined) => {
      if (text && !phones.includes(text)) phones.push(text);
    };
    const mine = contacts.filter((c) => Number(c.dossier_id) === Number(r.dossier_id) || Number(c.third_party_id) === Number(r.third_party_id));
    // The dossier's contact first, then the customer's switchboard, then the other contacts.
    for (const c of mine.filter((c) => Number(c.id) === Number(r.contact_id))) {
      add(c.phone && `${c.first_name ?? ''} ${c.last_name} : ${c.phone}`.trim());
      add(c.mobile && `${c.first_name ?? ''} ${c.last_name} : ${c.mobile}`.trim());
    }
    add(r.customer_phone as string | null);
    for (const c of mine.filter((c) => Number(c.id) !== Number(r.contact_id))) {
      add(c.phone && `${c.first_name ?? ''} ${c.last_name} : ${c.phone}`.trim());
      add(c.mobile && `${c.first_name ?? ''} ${c.last_name} : ${c.mobile}`.trim());
    }
    return {
      id: Number(r.id), dueDate: String(r.due_date), label: String(r.label), dossierNumber: Number(r.number), customer: String(r.customer), phones,
      amount: amounts.get(Number(r.dossier_id)) ?? 0, priority: Number(r.priority),
    };
  });
}

export async function dossierStatuses(ds: DataSource): Promise<{ id: number; label: string }[]> {
  return (await rows<{ id: number; label: string }>(ds, 'SELECT id, label FROM dossier_status WHERE active = true ORDER BY position, id')).map((s) => ({ id: Number(s.id), label: s.label }));
}

export async function controllers(ds: DataSource): Promise<{ id: number; name: string }[]> {
  return (await rows<{ id: number; name: string }>(ds, 'SELECT id, name FROM credit_controller ORDER BY name')).map((c) => ({ id: Number(c.id), name: c.name }));
}
