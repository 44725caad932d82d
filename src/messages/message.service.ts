/**
 * Messages between users (inbox, outbox, unread count), notes on a dossier (a Chrono line), and
 * the dossiers changed in the last 48 hours (from the Chrono).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { In, IsNull } from 'typeorm';
import { extensionOf, maxBytesPerDossier, parseAllowedTypes, safeDisplayName, uploadProblem, type UploadedFile } from '../attachments';
import { activeUsersByName, userExists, userNames, type User } from '../auth';
import type { Config } from '../config';
import { toNumber } from '../db/column-types';
import { Db, inTransaction, rawQuery } from '../db/transactions';
import { unchangedSince } from '../db/change-token';
import { Dossier, recordDossierEvent, type Actor } from '../dossiers';
import { CreditController } from '../credit-controllers';
import { ThirdParty } from '../third-parties';
import { AppError } from '../shared/errors';
import { MessageAttachment } from './message-attachment.entity';
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

export function messageFilesRoot(config: Config): string {
  return path.resolve(config.uploadDir, 'messages');
}

/** The file on disk, checked to stay inside the messages folder whatever the row says. */
export function messageAttachmentPath(config: Config, a: Pick<MessageAttachment, 'messageId' | 'storedName'>): string {
  const root = messageFilesRoot(config);
  const file = path.resolve(root, String(a.messageId), a.storedName);
  if (!file.startsWith(root + path.sep) || !/^[a-f0-9]{32}\.[a-z0-9]{1,10}$/.test(a.storedName)) throw AppError.notFound();
  return file;
}

/**
 * Sends a message with its attachments (none, one or several): the attachments component's rules
 * (allowed types, safe names, at most ATTACHMENTS_MAX_MB_PER_DOSSIER per message) and its storage
 * outside the served folders. All or nothing: a refused file sends nothing and leaves no file behind.
 */
export async function sendMessage(db: Db, fromUserId: number, input: MessageInput, at: string, upload?: { config: Config; files: UploadedFile[] }): Promise<UserMessage> {
  const files = upload?.files ?? [];
  const moved: string[] = [];
  try {
    if (input.body.length > MESSAGE_MAX) throw AppError.field('body', 'validation.tooLong');
    return await inTransaction(db, async (m) => {
      if (!(await userExists(m, input.toUserId, { active: true }))) throw AppError.field('toUserId', 'validation.choice');
      if (input.dossierId !== null && !(await m.getRepository(Dossier).existsBy({ id: input.dossierId }))) throw AppError.field('dossierId', 'validation.choice');
      if (files.length && upload) {
        const problem = uploadProblem(files.map((f) => ({ name: f.originalname, size: f.size })), 0, maxBytesPerDossier(upload.config), parseAllowedTypes(upload.config.attachmentTypes));
        if (problem) throw AppError.field('files', problem === 'attachments.errors.tooBig' ? 'messages.errors.filesTooBig' : problem);
      }
      const saved = await m.getRepository(UserMessage).save(m.getRepository(UserMessage).create({ ...input, fromUserId, createdAt: at, readAt: null }));
      if (files.length && upload) {
        await fs.promises.mkdir(path.join(messageFilesRoot(upload.config), String(saved.id)), { recursive: true });
        for (const f of files) {
          const originalName = safeDisplayName(f.originalname);
          const storedName = `${crypto.randomBytes(16).toString('hex')}.${extensionOf(originalName)}`;
          const target = messageAttachmentPath(upload.config, { messageId: saved.id, storedName });
          await fs.promises.rename(f.path, target);
          moved.push(target);
          await m.getRepository(MessageAttachment).save(m.getRepository(MessageAttachment).create({
            messageId: saved.id, originalName, storedName, mimeType: (f.mimetype || 'application/octet-stream').slice(0, 100), size: f.size, createdAt: at,
          }));
        }
      }
      return saved;
    });
  } catch (err) {
    await Promise.all(moved.map((p) => fs.promises.rm(p, { force: true })));
    throw err;
  } finally {
    await Promise.all(files.map((f) => fs.promises.rm(f.path, { force: true })));
  }
}

export async function messageAttachments(db: Db, messageId: number): Promise<MessageAttachment[]> {
  return db.getRepository(MessageAttachment).find({ where: { messageId }, order: { id: 'ASC' } });
}

/** An attachment for download: only the message's sender and recipient get it (anyone else: not found, like the message). */
export async function messageAttachmentFor(db: Db, userId: number, messageId: number, attachmentId: number): Promise<MessageAttachment> {
  const msg = await db.getRepository(UserMessage).findOneBy({ id: messageId });
  if (!msg || (msg.toUserId !== userId && msg.fromUserId !== userId)) throw AppError.notFound();
  const a = await db.getRepository(MessageAttachment).findOneBy({ id: attachmentId, messageId });
  if (!a) throw AppError.notFound();
  return a;
}

/** The header's badge, on every page: read again only once the database changed (src/db/change-token.ts). */
export const unreadCount = unchangedSince((db: Db, userId: number): Promise<number> => db.getRepository(UserMessage).countBy({ toUserId: userId, readAt: IsNull() }));

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
  attachmentCount: number;
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
  const users = await userNames(db, userIds);
  const dossierIds = [...new Set(rows.map((r) => r.dossierId).filter((x): x is number => x !== null))];
  const dossiers = new Map((dossierIds.length ? await db.getRepository(Dossier).findBy({ id: In(dossierIds) }) : []).map((d) => [d.id, d.number]));
  const files = new Map<number, number>();
  if (rows.length) for (const a of await db.getRepository(MessageAttachment).find({ where: { messageId: In(rows.map((r) => r.id)) }, select: { messageId: true } })) files.set(a.messageId, (files.get(a.messageId) ?? 0) + 1);
  return rows.map((r) => Object.assign(r, { fromName: users.get(r.fromUserId) ?? '', toName: users.get(r.toUserId) ?? '', dossierNumber: r.dossierId ? (dossiers.get(r.dossierId) ?? null) : null, attachmentCount: files.get(r.id) ?? 0 }));
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
  const users = await activeUsersByName(db);
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
