import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { centsColumn, dateColumn, timestampColumn } from '../db/column-types';

export type Periodicity = 'weekly' | 'monthly' | 'quarterly';
export const PERIODICITIES: Periodicity[] = ['weekly', 'monthly', 'quarterly'];
/** pending/refused: waiting for (or refused by) an approver, above the authority limit; then active → completed or broken. */
export type PlanStatus = 'pending' | 'refused' | 'active' | 'completed' | 'broken';

/** Accord de paiement: an agreed schedule of installments for (part of) the dossier's balance. */
@Entity('payment_plan')
export class PaymentPlan {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) dossierId!: number;
  @Column({ type: 'varchar', length: 10 }) status!: PlanStatus;
  /** Principal scheduled (the balance by default), without interest. */
  @Column(centsColumn()) total!: number;
  @Column(centsColumn()) interest!: number;
  /** Annual rate in hundredths of a percent (3,5 % → 350). */
  @Column({ type: 'integer', default: 0 }) interestRateHundredths!: number;
  /** Business date the plan was agreed: payments from this day on pay its installments. */
  @Column(dateColumn()) startDate!: string;
  @Column(dateColumn()) firstDate!: string;
  @Column({ type: 'varchar', length: 10 }) periodicity!: Periodicity;
  @Column({ type: 'integer' }) installmentCount!: number;
  @Column({ type: 'varchar', length: 12 }) method!: string;
  @Column(centsColumn()) balanceAtCreation!: number;
  /** Payments counted in the account when the plan was agreed; later ones pay the installments. */
  @Column(centsColumn()) paymentsAtCreation!: number;
  /** The plan suspended the dossier's scenario when it became active; its end (completed or broken) resumes it. */
  @Column({ type: 'boolean', default: false }) suspendedScenario!: boolean;
  @Column(timestampColumn({ nullable: true })) decidedAt!: string | null;
  @Column({ type: 'integer', nullable: true }) decidedBy!: number | null;
  @Column({ type: 'text', nullable: true }) decisionReason!: string | null;
  @Column(timestampColumn({ nullable: true })) closedAt!: string | null;
  @Column(timestampColumn()) createdAt!: string;
  @Column({ type: 'integer', nullable: true }) createdBy!: number | null;
}

@Entity('plan_installment')
export class PlanInstallment {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) planId!: number;
  @Column({ type: 'integer' }) seq!: number;
  @Column(dateColumn()) dueDate!: string;
  @Column(centsColumn()) principal!: number;
  @Column(centsColumn()) interest!: number;
  @Column(centsColumn()) amount!: number;
  /** Set once, by the daily task, when the installment was found missed (the exactly-once claim). */
  @Column(timestampColumn({ nullable: true })) missedAt!: string | null;
  @Column({ type: 'integer', nullable: true }) interventionId!: number | null;
}

export type SettlementStatus = 'pending' | 'refused' | 'accepted';

/**
 * Transaction pour solde de tout compte: the debtor pays `amount` and the creditor gives up the rest
 * of the balance (`givenUp`), which the write-off of the dossier will book as a loss.
 */
@Entity('settlement')
export class Settlement {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) dossierId!: number;
  @Column({ type: 'varchar', length: 10 }) status!: SettlementStatus;
  @Column(centsColumn()) balance!: number;
  @Column(centsColumn()) amount!: number;
  @Column(centsColumn()) givenUp!: number;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  @Column(timestampColumn({ nullable: true })) decidedAt!: string | null;
  @Column({ type: 'integer', nullable: true }) decidedBy!: number | null;
  @Column({ type: 'text', nullable: true }) decisionReason!: string | null;
  @Column(timestampColumn()) createdAt!: string;
  @Column({ type: 'integer', nullable: true }) createdBy!: number | null;
}
