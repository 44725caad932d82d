import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintToNumber, timestampColumn } from '../db/column-types';

/**
 * Chrono: one line of a dossier's history. `type` is a stable code (i18n key `events.<type>`),
 * `details` a JSON object with the values shown (before/after, amounts in cents, labels).
 */
@Entity('dossier_event')
export class DossierEvent {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) dossierId!: number;
  @Column(timestampColumn()) at!: string;
  @Column({ type: 'integer', nullable: true }) userId!: number | null;
  @Column({ type: 'varchar', length: 120, nullable: true }) userName!: string | null;
  @Column({ type: 'varchar', length: 40 }) type!: string;
  @Column({ type: 'text', default: '{}' }) details!: string;
  @Column({ type: 'bigint', nullable: true, transformer: bigintToNumber }) amount!: number | null;
}
