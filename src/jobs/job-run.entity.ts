import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { dateColumn, timestampColumn } from '../db/column-types';

export type JobRunStatus = 'running' | 'succeeded' | 'partial' | 'failed' | 'interrupted';
export type JobTrigger = 'cli' | 'cron' | 'ui' | 'test';

/** One execution of a daily task (Traitements): when, for which business date, what it did. */
@Entity('job_run')
export class JobRun {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 40 }) task!: string;
  @Column(dateColumn()) businessDate!: string;
  @Column({ type: 'boolean', default: false }) dryRun!: boolean;
  @Column({ type: 'varchar', length: 10, default: 'cli' }) trigger!: JobTrigger;
  @Column({ type: 'varchar', length: 12, default: 'running' }) status!: JobRunStatus;
  @Column(timestampColumn()) startedAt!: string;
  @Column(timestampColumn({ nullable: true })) finishedAt!: string | null;
  @Column({ type: 'integer', nullable: true }) durationMs!: number | null;
  @Column({ type: 'integer', default: 0 }) dossiersExamined!: number;
  @Column({ type: 'integer', default: 0 }) interventionsRaised!: number;
  @Column({ type: 'integer', default: 0 }) stepsSkipped!: number;
  @Column({ type: 'integer', default: 0 }) dossiersChanged!: number;
  @Column({ type: 'integer', default: 0 }) errors!: number;
  /** One message a line (dossier number: reason), capped. */
  @Column({ type: 'text', nullable: true }) errorMessages!: string | null;
  @Column({ type: 'varchar', length: 120, nullable: true }) holder!: string | null;
  @Column({ type: 'integer', nullable: true }) startedBy!: number | null;
  /** The change log's highest `seq` when the run started (dossier-changes.ts); null on PostgreSQL. */
  @Column({ type: 'integer', nullable: true }) changeSeq!: number | null;
  /** The highest intervention id when the run started (dossier-changes.ts, rule 2); null on PostgreSQL. */
  @Column({ type: 'integer', nullable: true }) interventionMark!: number | null;
}

/** The run lock: one row per task while a run holds it (see job-lock.ts). */
@Entity('job_lock')
export class JobLock {
  @Column({ type: 'varchar', length: 60, primary: true }) name!: string;
  @Column({ type: 'varchar', length: 120 }) holder!: string;
  @Column({ type: 'varchar', length: 120 }) host!: string;
  @Column({ type: 'integer' }) pid!: number;
  @Column({ type: 'integer', nullable: true }) runId!: number | null;
  @Column(timestampColumn()) acquiredAt!: string;
  @Column(timestampColumn()) expiresAt!: string;
}
