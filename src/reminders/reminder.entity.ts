import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { dateColumn, timestampColumn } from '../db/column-types';

export type ReminderBatchKind = 'letters' | 'statements';

/** One confirmed print of Rappel / relevé: the letters as printed, kept to print again identically. */
@Entity('reminder_batch')
export class ReminderBatch {
  @PrimaryGeneratedColumn() id!: number;
  /** Issued with the preview; a second confirmation of the same preview finds it and records nothing. */
  @Column({ type: 'varchar', length: 64, unique: true }) token!: string;
  @Column({ type: 'varchar', length: 12 }) kind!: ReminderBatchKind;
  @Column(dateColumn()) businessDate!: string;
  @Column({ type: 'integer' }) customerCount!: number;
  @Column({ type: 'integer' }) letterCount!: number;
  @Column({ type: 'text' }) html!: string;
  @Column(timestampColumn()) createdAt!: string;
  @Column({ type: 'integer', nullable: true }) createdBy!: number | null;
}

/** A reminder sent for one invoice; the invoice's count is the `reminderNumber` of its latest row. */
@Entity('reminder_sent')
export class ReminderSent {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) batchId!: number;
  @Column({ type: 'integer' }) ledgerEntryId!: number;
  @Column({ type: 'integer' }) thirdPartyId!: number;
  /** Letter level: 1 relance simple, 2 relance ferme, 3 mise en demeure. */
  @Column({ type: 'integer' }) level!: number;
  /** The invoice's reminder count once this one is sent (the count shown in the preview, plus one). */
  @Column({ type: 'integer' }) reminderNumber!: number;
  @Column(dateColumn()) sentOn!: string;
  @Column(timestampColumn()) createdAt!: string;
}
