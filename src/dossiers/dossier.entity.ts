import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { centsColumn, dateColumn, timestampColumn } from '../db/column-types';

/** Dossier de recouvrement: one recovery case for one customer, over one or more ledger entries. */
@Entity('dossier')
export class Dossier {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) companyId!: number;
  /** Shown number, unique per company; proposed as the next one, editable. */
  @Column({ type: 'integer' }) number!: number;
  @Column({ type: 'integer' }) statusId!: number;
  @Column({ type: 'integer' }) thirdPartyId!: number;
  @Column({ type: 'integer', nullable: true }) scenarioId!: number | null;
  /** Expected loss in hundredths of a percent (12,50 % → 1250), so it stays an integer. */
  @Column({ type: 'integer', default: 0 }) lossHundredths!: number;
  @Column({ type: 'integer', default: 0 }) priority!: number;
  // Origine
  @Column(dateColumn()) startDate!: string;
  @Column({ type: 'integer', nullable: true }) originControllerId!: number | null;
  @Column({ type: 'integer', nullable: true }) disputeReasonId!: number | null;
  @Column({ type: 'integer', nullable: true }) originContactId!: number | null;
  // Intervenants
  @Column({ type: 'integer', nullable: true }) controllerId!: number | null;
  @Column({ type: 'integer', nullable: true }) contactId!: number | null;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  // Conclusion
  @Column(dateColumn({ nullable: true })) endDate!: string | null;
  @Column({ type: 'integer', nullable: true }) resolutionId!: number | null;
  @Column({ type: 'integer', nullable: true }) resultId!: number | null;
  // Collective procedure (set by a status change to a `legal` status)
  /** Date of the opening judgment (what the déclaration de créances is computed at). */
  @Column(dateColumn({ nullable: true })) judgmentDate!: string | null;
  /** Publication of the judgment in the BODACC: the claims-declaration deadline counts from it. */
  @Column(dateColumn({ nullable: true })) bodaccDate!: string | null;
  @Column(dateColumn({ nullable: true })) claimsDeclarationDeadline!: string | null;
  @Column({ type: 'varchar', length: 3, default: 'EUR' }) currency!: string;
  @Column({ type: 'varchar', length: 60, nullable: true }) creditorReference!: string | null;
  /**
   * The balance rule's figure (dossier-balance.rules.ts), stored for the list's sort and the selections:
   * written only by refreshDossierBalances, in the transaction of each write it derives from.
   */
  @Column(centsColumn()) balance!: number;
  /** Optimistic lock: a save names the version it read; a stale one is refused as a conflict. */
  @Column({ type: 'integer', default: 1 }) version!: number;
  @Column(timestampColumn()) createdAt!: string;
  @Column(timestampColumn()) updatedAt!: string;
  @Column({ type: 'integer', nullable: true }) createdBy!: number | null;
  @Column({ type: 'integer', nullable: true }) updatedBy!: number | null;
}

/** The link between a dossier and one ledger entry it covers. */
@Entity('dossier_entry')
export class DossierEntry {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) dossierId!: number;
  @Column({ type: 'integer' }) ledgerEntryId!: number;
  @Column(timestampColumn()) linkedAt!: string;
  @Column({ type: 'integer', nullable: true }) linkedBy!: number | null;
}
