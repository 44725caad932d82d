import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { timestampColumn } from '../db/column-types';

/** What waits for approval: a change to a status that starts legal proceedings, or a legal step marked done. */
export type ApprovalKind = 'statusChange' | 'legalAction';
export const APPROVAL_KINDS: ApprovalKind[] = ['statusChange', 'legalAction'];
export type ApprovalStatus = 'pending' | 'approved' | 'refused';

/**
 * A step that starts legal proceedings, asked by a user who may not decide it alone. Nothing changes
 * on the dossier until an administrator approves: the request keeps the form values (`payload`,
 * JSON) so that approving applies them exactly as the requester entered them.
 */
@Entity('approval_request')
export class ApprovalRequest {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) dossierId!: number;
  @Column({ type: 'varchar', length: 20 }) kind!: ApprovalKind;
  @Column({ type: 'varchar', length: 10 }) status!: ApprovalStatus;
  /** statusChange: the status asked for. */
  @Column({ type: 'integer', nullable: true }) statusId!: number | null;
  /** legalAction: the intervention to mark done. */
  @Column({ type: 'integer', nullable: true }) interventionId!: number | null;
  @Column({ type: 'text' }) payload!: string;
  @Column(timestampColumn()) requestedAt!: string;
  @Column({ type: 'integer', nullable: true }) requestedBy!: number | null;
  @Column(timestampColumn({ nullable: true })) decidedAt!: string | null;
  @Column({ type: 'integer', nullable: true }) decidedBy!: number | null;
  @Column({ type: 'text', nullable: true }) decisionReason!: string | null;
}
