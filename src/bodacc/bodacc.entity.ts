import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { dateColumn, timestampColumn } from '../db/column-types';

export type NoticeEffectKind = 'proposal' | 'information';
export type ProposalState = 'open' | 'applied' | 'dismissed';

/** A BODACC notice read from a file: kept once per company (unique notice id), whatever reads it again. */
@Entity('bodacc_notice')
export class BodaccNoticeRecord {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) companyId!: number;
  @Column({ type: 'varchar', length: 40 }) noticeId!: string;
  @Column(dateColumn({ nullable: true })) publicationDate!: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) family!: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) noticeType!: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) procedure!: string | null;
  @Column({ type: 'varchar', length: 20 }) effect!: string;
  @Column({ type: 'text', nullable: true }) judgmentNature!: string | null;
  @Column(dateColumn({ nullable: true })) judgmentDate!: string | null;
  /** The notice's SIRENs, comma-separated. */
  @Column({ type: 'text' }) sirens!: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) debtorName!: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) court!: string | null;
  /** File it came from (upload name or the watched folder's file). */
  @Column({ type: 'varchar', length: 200 }) source!: string;
  @Column(timestampColumn()) importedAt!: string;
  @Column({ type: 'integer', nullable: true }) importedBy!: number | null;
}

/** What a collective-procedure notice proposes for one matching customer: once per (notice, customer). */
@Entity('bodacc_proposal')
export class BodaccProposal {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) noticeRowId!: number;
  @Column({ type: 'integer' }) thirdPartyId!: number;
  /** The open dossier the proposal's intervention was raised on (null: the customer has none). */
  @Column({ type: 'integer', nullable: true }) dossierId!: number | null;
  @Column({ type: 'integer', nullable: true }) interventionId!: number | null;
  @Column({ type: 'varchar', length: 20 }) procedure!: string;
  @Column({ type: 'boolean', default: true }) opening!: boolean;
  @Column(dateColumn({ nullable: true })) judgmentDate!: string | null;
  @Column(dateColumn({ nullable: true })) publicationDate!: string | null;
  @Column(dateColumn({ nullable: true })) deadline!: string | null;
  @Column({ type: 'boolean', default: false }) incomplete!: boolean;
  @Column({ type: 'varchar', length: 10, default: 'open' }) state!: ProposalState;
  @Column(timestampColumn()) createdAt!: string;
}
