import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { centsColumn, dateColumn, timestampColumn } from '../db/column-types';

/**
 * A lifecycle status a platform reported for one invoice (a customer ledger line). The same status
 * on the same date for the same invoice is one fact: the unique index of the migration makes a second report of it a
 * no-op, even without an Idempotency-Key.
 */
@Entity('e_invoice_status')
export class EInvoiceStatus {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) companyId!: number;
  @Column({ type: 'integer' }) ledgerEntryId!: number;
  /** The dossier the invoice belongs to when it was reported; null when it is in none. */
  @Column({ type: 'integer', nullable: true }) dossierId!: number | null;
  @Column({ type: 'varchar', length: 3 }) code!: string;
  @Column(dateColumn()) statusDate!: string;
  @Column(centsColumn({ nullable: true, default: null })) amount!: number | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) comment!: string | null;
  /** What it did: the dispute it opened or the direct payment it recorded. */
  @Column({ type: 'integer', nullable: true }) disputeId!: number | null;
  @Column({ type: 'integer', nullable: true }) directPaymentId!: number | null;
  @Column(timestampColumn()) createdAt!: string;
}
