import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { centsColumn, dateColumn, timestampColumn } from '../db/column-types';
import type { PaymentOrderStatus } from './payment-order.rules';

/** An injonction de payer for a dossier: the request's amounts as prepared, and the procedure's dated events. */
@Entity('payment_order')
export class PaymentOrder {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) dossierId!: number;
  @Column({ type: 'varchar', length: 10 }) status!: PaymentOrderStatus;
  @Column({ type: 'varchar', length: 200 }) court!: string;
  /** Frozen when the request is prepared: what it claims. */
  @Column(centsColumn()) principal!: number;
  @Column(centsColumn()) penalties!: number;
  @Column(centsColumn()) indemnities!: number;
  @Column({ type: 'text' }) grounds!: string;
  @Column(dateColumn()) preparedDate!: string;
  @Column(dateColumn({ nullable: true })) filedDate!: string | null;
  @Column(dateColumn({ nullable: true })) orderDate!: string | null;
  /** Court's reference of the order (n° RG / n° de minute). */
  @Column({ type: 'varchar', length: 60, nullable: true }) orderReference!: string | null;
  @Column(centsColumn({ nullable: true, default: null })) amountGranted!: number | null;
  @Column(dateColumn({ nullable: true })) servedDate!: string | null;
  @Column({ type: 'boolean', default: true }) servedToPerson!: boolean;
  @Column(dateColumn({ nullable: true })) oppositionDate!: string | null;
  @Column(dateColumn({ nullable: true })) rejectedDate!: string | null;
  @Column({ type: 'integer', default: 1 }) version!: number;
  @Column(timestampColumn()) createdAt!: string;
  @Column({ type: 'integer', nullable: true }) createdBy!: number | null;
}
