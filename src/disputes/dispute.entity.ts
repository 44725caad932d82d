import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { centsColumn, dateColumn, timestampColumn } from '../db/column-types';

export const DISPUTE_RESOLUTIONS = ['creditNote', 'rejected', 'settled'] as const;
export type DisputeResolution = (typeof DISPUTE_RESOLUTIONS)[number];
export type DisputeStatus = 'open' | 'resolved';
export type DisputeSource = 'staff' | 'debtor' | 'platform';

/**
 * Litige: a contested invoice (a ledger entry of the dossier) or the whole dossier (no entry). While
 * open, what it covers leaves the reminders, the penalties and the scenario's balance.
 */
@Entity('dispute')
export class Dispute {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) dossierId!: number;
  /** The contested invoice; null: the whole dossier. */
  @Column({ type: 'integer', nullable: true }) ledgerEntryId!: number | null;
  @Column({ type: 'integer' }) reasonId!: number;
  /** The owner: a user, or a team of DISPUTE_TEAMS (one of the two). */
  @Column({ type: 'integer', nullable: true }) ownerUserId!: number | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) ownerTeam!: string | null;
  @Column(dateColumn()) dueDate!: string;
  @Column({ type: 'varchar', length: 10 }) status!: DisputeStatus;
  /** The amount contested when it was opened (the invoice's open amount, or the dossier's balance). */
  @Column(centsColumn()) amount!: number;
  @Column({ type: 'text', nullable: true }) message!: string | null;
  @Column({ type: 'varchar', length: 10 }) source!: DisputeSource;
  @Column(dateColumn()) openedOn!: string;
  @Column({ type: 'integer', nullable: true }) openedBy!: number | null;
  @Column({ type: 'varchar', length: 120, nullable: true }) openedByName!: string | null;
  @Column({ type: 'varchar', length: 12, nullable: true }) resolution!: DisputeResolution | null;
  @Column({ type: 'text', nullable: true }) resolutionComment!: string | null;
  @Column(dateColumn({ nullable: true })) resolvedOn!: string | null;
  @Column({ type: 'integer', nullable: true }) resolvedBy!: number | null;
  @Column({ type: 'varchar', length: 120, nullable: true }) resolvedByName!: string | null;
  @Column(timestampColumn()) createdAt!: string;
}
