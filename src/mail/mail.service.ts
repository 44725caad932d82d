/**
 * E-mail: queued in the outbox inside the caller's transaction, delivered later by sendQueued()
 * so a daily run never waits on SMTP. Without SMTP settings, messages simply stay in the outbox,
 * where people read and resend them (/outbox).
 *
 * Exactly once: a message is claimed (queued → sending) by a conditional UPDATE before it is
 * handed to SMTP; of two senders running together, only the one whose UPDATE changed the row sends.
 * A process that dies between the claim and the answer leaves the message in `sending`: it is not
 * sent again automatically (a duplicate formal notice is worse than a late one); the outbox shows it
 * with a resend button.
 */
import { recordUndelivered } from './undelivered.service';
import nodemailer, { type Transporter } from 'nodemailer';
import type { DataSource, EntityManager } from 'typeorm';
import type { Config } from '../config';
import { AppError } from '../shared/errors';
import { logger } from '../shared/logger';
import { OutboxMessage } from './outbox-message.entity';
import { rows } from '../db/sql';

/** The SMTP settings, and the language of the "Adresse e-mail à corriger" intervention a refused e-mail raises. */
export type MailSettings = Pick<Config, 'smtpHost' | 'smtpPort' | 'smtpUser' | 'smtpPassword' | 'smtpFrom' | 'smtpSecure' | 'defaultLocale'>;

export interface EmailInput {
  to: string;
  cc?: string | null;
  subject: string;
  text: string;
  html?: string | null;
  dossierId?: number | null;
  interventionId?: number | null;
}

/** Automatic attempts before a message stays `failed` (a person may still resend it). */
export const MAX_ATTEMPTS = 3;

const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;

/** `a@x.fr, b@y.fr` → the addresses, refused when one is not an address. */
export function parseRecipients(value: string | null | undefined): string[] {
  const list = (value ?? '').split(/[,;]/).map((s) => s.trim()).filter(Boolean);
  for (const address of list) if (!EMAIL.test(address)) throw AppError.field('to', 'mail.invalidAddress', { address });
  return list;
}

/** The outbox row of a message, checked (an invalid address throws a validation error). */
function outboxRow(input: EmailInput, now: Date) {
  const to = parseRecipients(input.to);
  if (to.length === 0) throw AppError.field('to', 'validation.required');
  const cc = parseRecipients(input.cc);
  return {
    to: to.join(', '),
    cc: cc.length ? cc.join(', ') : null,
    subject: input.subject.replace(/[\r\n]+/g, ' ').trim().slice(0, 300),
    text: input.text,
    html: input.html ?? null,
    dossierId: input.dossierId ?? null,
    interventionId: input.interventionId ?? null,
    status: 'queued' as const,
    attempts: 0,
    lastError: null,
    messageId: null,
    createdAt: now.toISOString(),
    claimedAt: null,
    sentAt: null,
  };
}

/** Queues a message; pass the transaction's EntityManager so it is queued with the rest of the use case, or not at all. */
export async function queueEmail(db: DataSource | EntityManager, input: EmailInput, now: Date = new Date()): Promise<OutboxMessage> {
  return db.getRepository(OutboxMessage).save(outboxRow(input, now) as OutboxMessage);
}

/**
 * Queues many messages in the caller's transaction with multi-row inserts (the daily job's
 * e-mails); the same rows as queueEmail. Check the addresses first (parseRecipients): an invalid
 * one throws here and rolls the caller's transaction back. Returns the new ids, by intervention.
 */
export async function queueEmails(m: EntityManager, inputs: EmailInput[], now: Date = new Date()): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  const list = inputs.map((i) => outboxRow(i, now));
  for (let i = 0; i < list.length; i += 100) {
    const part = list.slice(i, i + 100);
    const made = await rows<{ id: unknown; intervention_id: unknown }>(m,
      `INSERT INTO outbox_message (to_address, cc, subject, text, html, dossier_id, intervention_id, status, attempts, last_error, message_id, created_at, claimed_at, sent_at)
       VALUES ${part.map(() => "(?, ?, ?, ?, ?, ?, ?, 'queued', 0, NULL, NULL, ?, NULL, NULL)").join(', ')} RETURNING id, intervention_id`,
      part.flatMap((r) => [r.to, r.cc, r.subject, r.text, r.html, r.dossierId, r.interventionId, r.createdAt]));
    for (const r of made) if (r.intervention_id !== null) out.set(Number(r.intervention_id), Number(r.id));
  }
  return out;
}

export function smtpConfigured(settings: MailSettings): boolean {
  return Boolean(settings.smtpHost);
}

/** A nodemailer SMTP transport, or null when SMTP is not configured (messages stay in the outbox). */
export function createMailTransport(settings: MailSettings): Transporter | null {
  if (!settings.smtpHost) return null;
  return nodemailer.createTransport({
    host: settings.smtpHost,
    port: settings.smtpPort,
    secure: settings.smtpSecure,
    auth: settings.smtpUser ? { user: settings.smtpUser, pass: settings.smtpPassword ?? '' } : undefined,
    connectionTimeout: 15000,
    greetingTimeout: 15000,
    socketTimeout: 30000,
  });
}

export interface SendSummary {
  configured: boolean;
  sent: number;
  failed: number;
  /** Claimed by another sender meanwhile. */
  skipped: number;
}

/** Claims one message for sending; true when this caller won it. */
async function claim(ds: DataSource, id: number, now: Date): Promise<boolean> {
  const result = await ds
    .createQueryBuilder()
    .update(OutboxMessage)
    .set({ status: 'sending', claimedAt: now.toISOString(), attempts: () => 'attempts + 1' })
    .where('id = :id AND status = :queued', { id, queued: 'queued' })
    .execute();
  return (result.affected ?? 0) === 1;
}

/**
 * Delivers the queued messages (oldest first, at most `limit`), each at most once per call.
 * A failure goes back to `queued` until MAX_ATTEMPTS, then stays `failed` with its error.
 */
export async function sendQueued(
  ds: DataSource,
  settings: MailSettings,
  options: { limit?: number; ids?: number[]; transport?: Transporter | null; now?: () => Date } = {},
): Promise<SendSummary> {
  const transport = options.transport !== undefined ? options.transport : createMailTransport(settings);
  const summary: SendSummary = { configured: Boolean(transport), sent: 0, failed: 0, skipped: 0 };
  if (!transport) return summary;
  const now = options.now ?? (() => new Date());
  const qb = ds.getRepository(OutboxMessage).createQueryBuilder('m').where('m.status = :queued', { queued: 'queued' }).orderBy('m.id', 'ASC').take(options.limit ?? 200);
  if (options.ids) {
    if (options.ids.length === 0) return summary;
    qb.andWhere('m.id IN (:...ids)', { ids: options.ids });
  }
  const candidates = await qb.getMany();
  try {
    for (const message of candidates) {
      if (!(await claim(ds, message.id, now()))) {
        summary.skipped++;
        continue;
      }
      try {
        const info = await transport.sendMail({
          from: settings.smtpFrom,
          to: message.to,
          cc: message.cc ?? undefined,
          subject: message.subject,
          text: message.text,
          html: message.html ?? undefined,
        });
        await ds.getRepository(OutboxMessage).update({ id: message.id }, { status: 'sent', sentAt: now().toISOString(), lastError: null, messageId: String(info.messageId ?? '').slice(0, 300) || null });
        summary.sent++;
      } catch (err) {
        const error = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
        const attempts = message.attempts + 1;
        if (isPermanentRefusal(err)) {
          // Issue 15: refused for good (unknown mailbox…): not retried, shown on the dossier, an intervention to fix the address.
          await ds.getRepository(OutboxMessage).update({ id: message.id }, { status: 'bounced', lastError: error });
          await recordUndelivered(ds, message, error, now().toISOString(), settings.defaultLocale);
          summary.failed++;
          continue;
        }
        await ds.getRepository(OutboxMessage).update({ id: message.id }, { status: attempts >= MAX_ATTEMPTS ? 'failed' : 'queued', lastError: error });
        logger.warn('e-mail not sent', { id: message.id, attempts, error });
        summary.failed++;
      }
    }
  } finally {
    if (options.transport === undefined) transport.close();
  }
  return summary;
}

/** A 5xx answer of the SMTP server (to RCPT TO or DATA): the recipient is refused for good; a 4xx or a network error is retried. */
export function isPermanentRefusal(err: unknown): boolean {
  const e = err as { responseCode?: number; code?: string; rejectedErrors?: { responseCode?: number }[] };
  const code = e.responseCode ?? e.rejectedErrors?.[0]?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** Puts a message back in the queue (failed, stuck in `sending`, or sent and to be sent again on purpose). */
export async function requeueMessage(ds: DataSource, id: number): Promise<OutboxMessage> {
  const repo = ds.getRepository(OutboxMessage);
  const message = await repo.findOneBy({ id });
  if (!message) throw AppError.notFound();
  await repo.update({ id }, { status: 'queued', attempts: 0, lastError: null, claimedAt: null });
  return repo.findOneByOrFail({ id });
}
