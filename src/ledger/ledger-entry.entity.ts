import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { centsColumn, dateColumn, timestampColumn } from '../db/column-types';

/** Écriture: one line of the general ledger, as imported (FEC, API or demo). */
@Entity('ledger_entry')
export class LedgerEntry {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) companyId!: number;
  /** Identity of the line in its source ledger, so that a re-import never duplicates it. */
  @Column({ type: 'varchar', length: 200 }) sourceKey!: string;
  @Column({ type: 'varchar', length: 20 }) journalCode!: string;
  @Column({ type: 'varchar', length: 100, nullable: true }) journalLabel!: string | null;
  @Column({ type: 'varchar', length: 40 }) entryNumber!: string;
  @Column(dateColumn()) entryDate!: string;
  @Column({ type: 'varchar', length: 40 }) account!: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) accountLabel!: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) auxiliaryAccount!: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) auxiliaryLabel!: string | null;
  @Column({ type: 'integer', nullable: true }) thirdPartyId!: number | null;
  @Column({ type: 'varchar', length: 60, nullable: true }) pieceRef!: string | null;
  @Column(dateColumn({ nullable: true })) pieceDate!: string | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) label!: string | null;
  @Column(centsColumn()) debit!: number;
  @Column(centsColumn()) credit!: number;
  /** Current due date (possibly rescheduled). */
  @Column(dateColumn({ nullable: true })) dueDate!: string | null;
  /** The due date before any rescheduling (Décaler les échéances keeps it). */
  @Column(dateColumn({ nullable: true })) originalDueDate!: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) lettering!: string | null;
  @Column(dateColumn({ nullable: true })) letteringDate!: string | null;
  @Column(dateColumn({ nullable: true })) validDate!: string | null;
  @Column(centsColumn({ nullable: true, default: null })) currencyAmount!: number | null;
  @Column({ type: 'varchar', length: 3, nullable: true }) currency!: string | null;
  /** When the module transferred it to doubtful receivables (411 → 416); null while it is not. */
  @Column(timestampColumn({ nullable: true })) doubtfulAt!: string | null;
  @Column(timestampColumn()) importedAt!: string;
}
