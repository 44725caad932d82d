import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { centsColumn, timestampColumn } from '../db/column-types';

export type LedgerImportStatus = 'running' | 'succeeded' | 'refused' | 'failed';
export type LedgerImportSource = 'cli' | 'upload';

/** One FEC import: the file (name, size, SHA-256), who ran it, its outcome and its summary (JSON). */
@Entity('ledger_import')
export class LedgerImport {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) companyId!: number;
  @Column({ type: 'varchar', length: 255 }) fileName!: string;
  @Column(centsColumn()) fileSize!: number;
  @Column({ type: 'varchar', length: 64, nullable: true }) sha256!: string | null;
  @Column({ type: 'varchar', length: 20 }) status!: LedgerImportStatus;
  @Column({ type: 'varchar', length: 10 }) source!: LedgerImportSource;
  @Column(timestampColumn()) startedAt!: string;
  @Column(timestampColumn({ nullable: true })) finishedAt!: string | null;
  @Column({ type: 'integer', default: 0 }) linesRead!: number;
  @Column(centsColumn()) totalDebit!: number;
  @Column(centsColumn()) totalCredit!: number;
  @Column({ type: 'integer', default: 0 }) errorCount!: number;
  /** The FecImportSummary as JSON, once finished. */
  @Column({ type: 'text', nullable: true }) summary!: string | null;
  @Column({ type: 'integer', nullable: true }) userId!: number | null;
}
