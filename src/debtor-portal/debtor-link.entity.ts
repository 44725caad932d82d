import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { dateColumn, timestampColumn } from '../db/column-types';

/**
 * A debtor's personal link to the debtor page (espace débiteur): the row is what the signed token
 * names, so that it can be revoked from the dossier; the token itself carries its expiry and an HMAC.
 */
@Entity('debtor_link')
export class DebtorLink {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) dossierId!: number;
  /** Last day the link opens the page (included). */
  @Column(dateColumn()) expiresOn!: string;
  @Column(timestampColumn({ nullable: true })) revokedAt!: string | null;
  @Column({ type: 'integer', nullable: true }) revokedBy!: number | null;
  @Column(timestampColumn({ nullable: true })) lastUsedAt!: string | null;
  @Column(timestampColumn()) createdAt!: string;
}
