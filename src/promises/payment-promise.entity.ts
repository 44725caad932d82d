import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { centsColumn, dateColumn, timestampColumn } from '../db/column-types';

export const PROMISE_CHANNELS = ['phone', 'email', 'letter', 'visit', 'debtorPage', 'other'] as const;
export type PromiseChannel = (typeof PROMISE_CHANNELS)[number];
/** open: the scenario waits; kept / broken: decided by the daily check; replaced: a newer promise took over. */
export type PromiseStatus = 'open' | 'kept' | 'broken' | 'replaced';

/** Promesse de règlement: the debtor's promise of a date and an amount. A record, not a note. */
@Entity('payment_promise')
export class PaymentPromise {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) dossierId!: number;
  @Column({ type: 'varchar', length: 10 }) status!: PromiseStatus;
  @Column(dateColumn()) promisedDate!: string;
  @Column(centsColumn()) amount!: number;
  @Column({ type: 'varchar', length: 12 }) channel!: PromiseChannel;
  /** Business date the promise was taken: payments counted after it keep it. */
  @Column(dateColumn()) takenOn!: string;
  /** Who took it (null: the debtor, from the debtor page); the name stays readable after a rename. */
  @Column({ type: 'integer', nullable: true }) takenBy!: number | null;
  @Column({ type: 'varchar', length: 120, nullable: true }) takenByName!: string | null;
  /** The dossier's controller when the promise was taken: the reports count promises per controller. */
  @Column({ type: 'integer', nullable: true }) controllerId!: number | null;
  /** Promised date + the grace period in force when it was taken: the scenario waits until then (included). */
  @Column(dateColumn()) pauseUntil!: string;
  /** Payments counted in the dossier's account when the promise was taken. */
  @Column(centsColumn()) paymentsAtCreation!: number;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  @Column(dateColumn({ nullable: true })) closedOn!: string | null;
  /** The "Promesse non tenue" intervention of a broken promise. */
  @Column({ type: 'integer', nullable: true }) interventionId!: number | null;
  @Column(timestampColumn()) createdAt!: string;
}
