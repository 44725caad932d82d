import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { timestampColumn } from '../db/column-types';

/**
 * One half-year's rate, maintained by administrators: the default late-payment penalty rate
 * (L441-10: ECB rate + 10 points) or the legal interest rate (taux de l'intérêt légal, "autres cas"),
 * whose triple is the floor of a contract rate. Stored in hundredths of a percent (1215 = 12,15 %).
 */
export const RATE_KINDS = ['penalty', 'legalInterest'] as const;
export type RateKind = (typeof RATE_KINDS)[number];

@Entity('late_payment_rate')
export class LatePaymentRate {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 20 }) kind!: RateKind;
  /** `2026-H1` */
  @Column({ type: 'varchar', length: 7 }) halfYear!: string;
  @Column({ type: 'integer' }) rateHundredths!: number;
  /** Where the figure comes from (the arrêté, the ECB decision), as the administrator wrote it. */
  @Column({ type: 'varchar', length: 300, nullable: true }) source!: string | null;
  @Column(timestampColumn()) updatedAt!: string;
}
