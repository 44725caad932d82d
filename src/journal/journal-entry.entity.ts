import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { centsColumn, dateColumn, timestampColumn } from '../db/column-types';

/**
 * A journal entry the module generated (provision, reversal, transfer to doubtful receivables…),
 * stored so that the accountants can export it back to the general ledger and the host ERP can pull
 * it through the API (GET /api/v1/journal-entries, by id cursor).
 *
 * Writers: allocate `number` under a per-company lock held until commit, so that ids are also in
 * commit order and an API cursor never skips an entry committed late.
 */
@Entity('journal_entry')
export class JournalEntryRow {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) companyId!: number;
  /** Sequential piece number in the module's numbering, unique per company and journal. */
  @Column({ type: 'varchar', length: 40 }) number!: string;
  @Column({ type: 'varchar', length: 20 }) journalCode!: string;
  @Column(dateColumn()) date!: string;
  @Column({ type: 'varchar', length: 300 }) label!: string;
  @Column({ type: 'varchar', length: 60 }) pieceRef!: string;
  @Column({ type: 'integer', nullable: true }) dossierId!: number | null;
  @Column(timestampColumn()) createdAt!: string;
  /** Set when the accountants exported it to the general ledger (file export); the API pull does not set it. */
  @Column(timestampColumn({ nullable: true })) exportedAt!: string | null;
}

/** One line of a generated journal entry: exactly one of debit / credit is positive (integer cents). */
@Entity('journal_line')
export class JournalLineRow {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) journalEntryId!: number;
  @Column({ type: 'varchar', length: 40 }) account!: string;
  @Column({ type: 'varchar', length: 40, nullable: true }) auxiliaryAccount!: string | null;
  @Column({ type: 'varchar', length: 300 }) label!: string;
  @Column(centsColumn()) debit!: number;
  @Column(centsColumn()) credit!: number;
}
