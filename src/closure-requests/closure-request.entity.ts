import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { timestampColumn } from '../db/column-types';

export type ClosureRequestStatus = 'pending' | 'accepted' | 'refused';

/** Demande de clôture: a controller asks to close a dossier, with a reason; an administrator decides. */
@Entity('closure_request')
export class ClosureRequest {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) dossierId!: number;
  @Column({ type: 'varchar', length: 10 }) status!: ClosureRequestStatus;
  @Column({ type: 'text' }) reason!: string;
  @Column(timestampColumn()) requestedAt!: string;
  @Column({ type: 'integer', nullable: true }) requestedBy!: number | null;
  @Column(timestampColumn({ nullable: true })) decidedAt!: string | null;
  @Column({ type: 'integer', nullable: true }) decidedBy!: number | null;
  @Column({ type: 'text', nullable: true }) decisionReason!: string | null;
}
