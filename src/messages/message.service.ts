/**
 * Messages between users (inbox, outbox, unread count), notes on a dossier (a Chrono line), and
 * the dossiers changed in the last 48 hours (from the Chrono).
 */
import { In, IsNull } from 'typeorm';
import { User } from '../auth/user.entity';
import { toNumber } from '../db/column-types';
import { Db, inTransaction, rawQuery } from '../db/transactions';
import { Dossier, recordDossierEvent, type Actor } from '../dossiers';
import { CreditController } from '../credit-controllers';
import { ThirdParty } from '../third-parties';
import { AppError } from '../shared/errors';
import { UserMessage } from './message.entity';

export const MESSAGE_MAX = 4000;

export interface MessageInput {
  toUserId: number;
  dossierId: number | null;
  parentId: number | null;
  subject: string;
  body: string;
  urgent: boolean;
  replyRequired: boolean;
}

export async function sendMessage(db: Db, fromUserId: number, input: MessageInput, at: string): Promise<UserMessage> {
  if (input.body.length > MESSAGE_MAX) throw AppError.field('body', 'validation.tooLong');
  return inTransaction(db, async (m) => {
    if (!(await m.getRepository(User).existsBy({ id: input.toUserId, active: true }))) throw AppError.field('toUserId', 'validation.choice');
    if (input.dossierId !== null && !(await m.getRepository(Dossier).existsBy({ id: input.dossierId }))) throw AppError.field('dossierId', 'validation.choice');
    return m.getRepository(UserMessage).save(m.getRepository(UserMessage).create({ ...input, fromUserId, createdAt: at, readAt: null }));
  });
}

export async function unreadCount(db: Db, userId: number): Promise<number> {
  return db.getRepository(UserMessage).countBy({ toUserId: userId, readAt: IsNull() });
}

export interface MessageFilters {
  box: 'in' | 'out';
  unread: boolean;
  q: string;
  from: string | null;
  to: string | null;
}

export interface MessageRow extends UserMessage {
  fromName: string;
  toName: string;
  dossierNumber: number | null;
}

export async function listMessages(db: Db, userId: number, f: MessageFilters, limit = 200): Promise<MessageRow[]> {
  const qb = db.getRepository(UserMessage).createQueryBuilder('m').orderBy('m.createdAt', 'DESC').addOrderBy('m.id', 'DESC').take(limit);
  qb.where(f.box === 'in' ? 'm.toUserId = :u' : 'm.fromUserId = :u', { u: userId });
  if (f.unread) qb.andWhere('m.readAt IS NULL');
  if (f.from) qb.andWhere('m.createdAt >= :from', { from: `${f.from}T00:00:00` });
  if (f.to) qb.andWhere('m.createdAt < :to', { to: `${f.to}T99` });
  const q = f.q.trim().toLowerCase().slice(0, 200);
  if (q) qb.andWhere("(LOWER(m.subject) LIKE :q ESCAPE '\\' OR LOWER(m.body) LIKE :q ESCAPE '\\')", { q: `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
  return decorate(db, await qb.getMany());
}

async function decorate(db: Db, rows: UserMessage[]): Promise<MessageRow[]> {
  const userIds = [...new Set(rows.flatMap((r) => [r.fromUserId, r.toUserId]))];
  const users = new Map((userIds.length ? await db.getRepository(User).findBy({ id: In(userIds) }) : []).map((u) => [u.id, u.displayName]));
  const dossierIds = [...new Set(rows.map((r) => r.dossierId).filter((x): x is number => x !== null))];
  const dossiers = new Map((dossierIds.length ? await db.getRepository(Dossier).findBy({ id: In(dossierIds) }) : []).map((d) => [d.id, d.number]));
  return rows.map((r) => Object.assign(r, { fromName: users.get(r.fromUserId) ?? '', toName: users.get(r.toUserId) ?? '', dossierNumber: r.dossierId ? (dossiers.get(r.dossierId) ?? null) : null }));
}

/** A message its sender or recipient opens; the recipient's first reading marks it read. */
export async function openMessage(db: Db, userId: number, id: number, at: string): Promise<MessageRow> {
  const msg = await db.getRepository(UserMessage).findOneBy({ id });
  if (!msg || (msg.toUserId !== userId && msg.fromUserId !== userId)) throw AppError.notFound();
  if (msg.toUserId === userId && !msg.readAt) {
    await db.getRepository(UserMessage).update({ id, readAt: IsNull() }, { readAt: at });
    msg.readAt = at;
  }
  return (await decorate(db, [msg]))[0];
}

/** Who can receive a message; the dossier's controller (through its linked user) first. */
export async function recipients(db: Db, dossierId: number | null): Promise<{ users: User[]; suggested: number | null }> {
  const users = await db.getRepository(User).find({ where: { active: true }, order: { displayName: 'ASC' } });
  let suggested: number | null = null;
  if (dossierId) {
    const d = await db.getRepository(Dossier).findOneBy({ id: dossierId });
    const c = d?.controllerId ? await db.getRepository(CreditController).findOneBy({ id: d.controllerId }) : null;
    suggested = c?.userId ?? null;
  }
  return { users, suggested };
}

export async function addNote(db: Db, dossierId: number, text: string, actor: Actor, at: string): Promise<void> {
  if (!text.trim()) throw AppError.field('note', 'validation.required');
  if (text.length > MESSAGE_MAX) throw AppError.field('note', 'validation.tooLong');
  await inTransaction(db, async (m) => {
    if (!(await m.getRepository(Dossier).existsBy({ id: dossierId }))) throw AppError.notFound();
    await recordDossierEvent(m, actor, { dossierId, at, type: 'note', details: { text: text.trim() } });
  });
}

export interface RecentDossierRow {
  id: number;
  number: number;
  customer: string;
  lastAt: string;
  changes: number;
  lastType: string;
}

/** Dossiers with a Chrono line in the 48 hours before `now`, most recent first. */
export async function recentlyUpdatedDossiers(db: Db, now: Date, hours = 48, limit = 200): Promise<RecentDossierRow[]> {
  const since = new Date(now.getTime() - hours * 3600 * 1000).toISOString();
  const rows = await rawQuery<{ dossier_id: unknown; last_at: string; changes: unknown }>(
    db,
    `SELECT dossier_id, MAX(at) AS last_at, COUNT(*) AS changes FROM dossier_event WHERE at >= :since GROUP BY dossier_id ORDER BY MAX(at) DESC LIMIT ${Number(limit)}`,
    { since },
  );
  if (rows.length === 0) return [];
  const ids = rows.map((r) => toNumber(r.dossier_id));
  const dossiers = new Map((await db.getRepository(Dossier).findBy({ id: In(ids) })).map((d) => [d.id, d]));
  const customers = new Map((await db.getRepository(ThirdParty).findBy({ id: In([...new Set([...dossiers.values()].map((d) => d.thirdPartyId))]) })).map((c) => [c.id, c.name]));
  const last = await rawQuery<{ dossier_id: unknown; type: string; at: string }>(db, 'SELECT dossier_id, type, at FROM dossier_event WHERE dossier_id IN (:...ids) AND at >= :since ORDER BY at DESC, id DESC', { ids, since });
  const lastType = new Map<number, string>();
  for (const l of last) if (!lastType.has(toNumber(l.dossier_id))) lastType.set(toNumber(l.dossier_id), l.type);
  return rows.map((r) => {
    const d = dossiers.get(toNumber(r.dossier_id));
    return { id: toNumber(r.dossier_id), number: d?.number ?? 0, customer: d ? (customers.get(d.thirdPartyId) ?? '') : '', lastAt: r.last_at, changes: toNumber(r.changes), lastType: lastType.get(toNumber(r.dossier_id)) ?? '' };
  });
}
