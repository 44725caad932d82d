import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { centsColumn, dateColumn, timestampColumn } from '../db/column-types';

export type ElementKind = 'invoice' | 'creditNote' | 'payment' | 'cost';
export const ELEMENT_KINDS: ElementKind[] = ['invoice', 'creditNote', 'payment', 'cost'];

/**
 * Élément financier: an invoice, credit note, payment or recovery cost that belongs to the dossier's
 * account but is not (yet) in the ledger. `grossAmount` (TTC) is what weighs in the balance;
 * `netAmount` (HT) is informative (provisions are computed on HT).
 */
@Entity('financial_element')
export class FinancialElement {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) dossierId!: number;
  @Column({ type: 'varchar', length: 12 }) kind!: ElementKind;
  @Column({ type: 'varchar', length: 60 }) number!: string;
  @Column(dateColumn()) issueDate!: string;
  @Column(dateColumn({ nullable: true })) dueDate!: string | null;
  @Column(centsColumn()) grossAmount!: number;
  @Column(centsColumn({ nullable: true, default: null })) netAmount!: number | null;
  @Column({ type: 'varchar', length: 3, default: 'EUR' }) currency!: string;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  @Column(timestampColumn()) createdAt!: string;
  @Column({ type: 'integer', nullable: true }) createdBy!: number | null;
}

export type PaymentMethod = 'transfer' | 'cheque' | 'card' | 'cash' | 'directDebit' | 'other';
export const PAYMENT_METHODS: PaymentMethod[] = ['transfer', 'cheque', 'card', 'cash', 'directDebit', 'other'];
export type ReceivedBy = 'us' | 'agency';
export const RECEIVED_BY: ReceivedBy[] = ['us', 'agency'];

/**
 * Encaissement: a payment received directly from the debtor (by us or a collection agency) before the
 * ledger knows it. When the ledger's line for it arrives, `matchedEntryId` points to that line and the
 * account counts the ledger line only (see matchDirectPayments).
 */
@Entity('direct_payment')
export class DirectPayment {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) dossierId!: number;
  @Column({ type: 'integer' }) thirdPartyId!: number;
  @Column(dateColumn()) receivedDate!: string;
  @Column(dateColumn()) paymentDate!: string;
  @Column(centsColumn()) amount!: number;
  @Column({ type: 'varchar', length: 12 }) method!: PaymentMethod;
  @Column({ type: 'varchar', length: 10 }) receivedBy!: ReceivedBy;
  @Column({ type: 'varchar', length: 60, nullable: true }) reference!: string | null;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  @Column({ type: 'integer', nullable: true }) matchedEntryId!: number | null;
  @Column(timestampColumn({ nullable: true })) matchedAt!: string | null;
  @Column(timestampColumn()) createdAt!: string;
  @Column({ type: 'integer', nullable: true }) createdBy!: number | null;
}
