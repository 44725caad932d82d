import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { centsColumn, dateColumn, timestampColumn } from '../db/column-types';
import type { ProvisionMovementKind } from './provision.rules';

/** Why the provision moved: set by hand, reversed on a payment, settled when the dossier ended, written off. */
export type ProvisionReason = 'manual' | 'payment' | 'closure' | 'writeOff';

/**
 * One booked change of a dossier's provision (dépréciation). The provision of a dossier is the sum of
 * its movements (charges and increases add, decreases and reversals subtract); each one points to the
 * journal entry (68174/491 or 491/78174) that books it.
 */
@Entity('provision_movement')
export class ProvisionMovementRow {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) companyId!: number;
  @Column({ type: 'integer' }) dossierId!: number;
  @Column(dateColumn()) date!: string;
  @Column({ type: 'varchar', length: 20 }) kind!: Exclude<ProvisionMovementKind, 'none'>;
  /** Always positive; the kind gives the direction. */
  @Column(centsColumn()) amount!: number;
  /** Outstanding amount including VAT when the movement was booked. */
  @Column(centsColumn()) outstandingTtc!: number;
  /** Outstanding amount excluding VAT the provision was computed on. */
  @Column(centsColumn()) base!: number;
  /** Loss percentage in hundredths (50 % → 5000); 0 when the amount was entered by hand without one. */
  @Column({ type: 'integer', default: 0 }) lossHundredths!: number;
  /** The dossier's provision once this movement is booked. */
  @Column(centsColumn()) provisionAfter!: number;
  @Column({ type: 'integer', nullable: true }) journalEntryId!: number | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) reason!: ProvisionReason | null;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  @Column(timestampColumn()) createdAt!: string;
  @Column({ type: 'integer', nullable: true }) createdBy!: number | null;
  @Column({ type: 'varchar', length: 120, nullable: true }) createdByName!: string | null;
}
