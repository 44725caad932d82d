import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { dateColumn, timestampColumn } from '../db/column-types';

export type InterventionType = 'call' | 'letter' | 'email' | 'sms' | 'visit' | 'task' | 'legal';
export const INTERVENTION_TYPES: InterventionType[] = ['call', 'letter', 'email', 'sms', 'visit', 'task', 'legal'];
export type InterventionState = 'todo' | 'done' | 'skipped';
export const INTERVENTION_STATES: InterventionState[] = ['todo', 'done', 'skipped'];
export type InterventionSource = 'manual' | 'scenario' | 'status' | 'system';

/** One action on a dossier: A faire (todo), Réalisée (done) or Ignorée/Annulée (skipped). */
@Entity('intervention')
export class Intervention {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) dossierId!: number;
  @Column({ type: 'varchar', length: 10 }) type!: InterventionType;
  @Column({ type: 'varchar', length: 200 }) label!: string;
  @Column(dateColumn()) dueDate!: string;
  @Column({ type: 'integer', default: 0 }) priority!: number;
  /** Credit controller in charge. */
  @Column({ type: 'integer', nullable: true }) assigneeId!: number | null;
  @Column({ type: 'varchar', length: 10, default: 'todo' }) state!: InterventionState;
  @Column({ type: 'varchar', length: 10, default: 'manual' }) source!: InterventionSource;
  /** For scenario steps: the step's code and occurrence (the exactly-once key with the dossier). */
  @Column({ type: 'varchar', length: 60, nullable: true }) stepCode!: string | null;
  @Column({ type: 'integer', nullable: true }) occurrence!: number | null;
  @Column(dateColumn({ nullable: true })) doneDate!: string | null;
  @Column(timestampColumn({ nullable: true })) doneAt!: string | null;
  @Column({ type: 'integer', nullable: true }) doneBy!: number | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) result!: string | null;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) skipReason!: string | null;
  @Column({ type: 'integer', default: 1 }) version!: number;
  @Column(timestampColumn()) createdAt!: string;
  @Column({ type: 'integer', nullable: true }) createdBy!: number | null;
}
