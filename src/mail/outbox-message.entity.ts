import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { timestampColumn } from '../db/column-types';

/** bounced (Non distribué): the server refused the recipient for good (5xx): never retried, the address is to fix (issue 15). */
export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'bounced';
export const OUTBOX_STATUSES: OutboxStatus[] = ['queued', 'sending', 'sent', 'failed', 'bounced'];

/**
 * An e-mail waiting to go out, or gone. Queued in the caller's transaction; delivered later by
 * sendQueued(), which claims each message (queued → sending) before talking to SMTP.
 */
@Entity('outbox_message')
export class OutboxMessage {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ name: 'to_address', type: 'varchar', length: 500 }) to!: string;
  @Column({ type: 'varchar', length: 500, nullable: true }) cc!: string | null;
  @Column({ type: 'varchar', length: 300 }) subject!: string;
  @Column({ type: 'text' }) text!: string;
  @Column({ type: 'text', nullable: true }) html!: string | null;
  @Column({ type: 'integer', nullable: true }) dossierId!: number | null;
  @Column({ type: 'integer', nullable: true }) interventionId!: number | null;
  @Column({ type: 'varchar', length: 10, default: 'queued' }) status!: OutboxStatus;
  @Column({ type: 'integer', default: 0 }) attempts!: number;
  @Column({ type: 'varchar', length: 1000, nullable: true }) lastError!: string | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) messageId!: string | null;
  @Column(timestampColumn()) createdAt!: string;
  @Column(timestampColumn({ nullable: true })) claimedAt!: string | null;
  @Column(timestampColumn({ nullable: true })) sentAt!: string | null;
}
