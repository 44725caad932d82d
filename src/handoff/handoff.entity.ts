import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { centsColumn, dateColumn, timestampColumn } from '../db/column-types';

/**
 * A dossier entrusted to a collection agency or a credit insurer (Transmettre le dossier). While it
 * is active (endedOn null) the dossier's own scenario waits; ending it (returned by the agency)
 * lets the scenario go on.
 */
@Entity('dossier_handoff')
export class DossierHandoff {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) dossierId!: number;
  @Column({ type: 'integer' }) agencyId!: number;
  @Column(dateColumn()) entrustedOn!: string;
  /** Our customer number at the agency or insurer (their portals ask for it). */
  @Column({ type: 'varchar', length: 60, nullable: true }) customerNumber!: string | null;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  /** HANDOFF_AUTHORITY_LIMIT when it was entrusted: the agency may agree plans on its own up to it. */
  @Column(centsColumn()) authorityLimit!: number;
  /** The agency's recovery costs, as it reports them. */
  @Column(centsColumn()) recoveryCosts!: number;
  @Column(dateColumn({ nullable: true })) endedOn!: string | null;
  @Column(timestampColumn()) createdAt!: string;
  @Column({ type: 'integer', nullable: true }) createdBy!: number | null;
}
