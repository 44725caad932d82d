/** What the outbox pages read (a page model): one page of messages, the count per status, one message. */
import type { Db } from '../db/sql';
import { AppError } from '../shared/errors';
import { OutboxMessage, type OutboxStatus } from './outbox-message.entity';

export async function outboxPage(db: Db, status: OutboxStatus | null, page: number, pageSize: number) {
  const [messages, total] = await db.getRepository(OutboxMessage).findAndCount({
    where: status ? { status } : {},
    order: { id: 'DESC' },
    skip: (page - 1) * pageSize,
    take: pageSize,
    select: { id: true, to: true, subject: true, status: true, attempts: true, lastError: true, dossierId: true, createdAt: true, sentAt: true },
  });
  const counts = await db.getRepository(OutboxMessage).createQueryBuilder('m').select('m.status', 'status').addSelect('COUNT(*)', 'n').groupBy('m.status').getRawMany<{ status: string; n: string | number }>();
  return { messages, total, counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])) };
}

export async function outboxMessage(db: Db, id: number): Promise<OutboxMessage> {
  const message = await db.getRepository(OutboxMessage).findOneBy({ id });
  if (!message) throw AppError.notFound();
  return message;
}

/** A dossier's undelivered e-mails (the debtor-link panel shows them), latest first. */
export const undeliveredEmails = (db: Db, dossierId: number): Promise<OutboxMessage[]> =>
  db.getRepository(OutboxMessage).find({ where: { dossierId, status: 'bounced' }, order: { id: 'DESC' }, take: 20 });
