import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { dateColumn, timestampColumn } from '../db/column-types';
import type { InterruptionKind } from './prescription.rules';

/**
 * An act that interrupts prescription and that the ledger does not show by itself: an
 * acknowledgement in writing, a claim in court, an enforcement measure (Code civil 2240, 2241, 2244).
 * Payments, promises and plans are read where they are recorded, not copied here.
 */
@Entity('prescription_interruption')
export class PrescriptionInterruption {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) dossierId!: number;
  /** The invoice it concerns; null: every invoice of the dossier. */
  @Column({ type: 'integer', nullable: true }) entryId!: number | null;
  @Column({ type: 'varchar', length: 20 }) kind!: InterruptionKind;
  @Column(dateColumn()) date!: string;
  @Column({ type: 'varchar', length: 500, nullable: true }) note!: string | null;
  @Column(timestampColumn()) createdAt!: string;
  @Column({ type: 'integer', nullable: true }) createdBy!: number | null;
}
