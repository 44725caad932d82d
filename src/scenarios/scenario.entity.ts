import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintToNumber, timestampColumn } from '../db/column-types';

export type ScenarioOrigin = 'shipped' | 'custom';

/** A recovery scenario as stored: shipped from scenarios/*.json, or created/imported by an administrator. */
@Entity('scenario')
export class Scenario {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 60, unique: true }) code!: string;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  @Column({ type: 'text', default: '' }) description!: string;
  /** Inactive: not offered to new dossiers; dossiers already on it keep running. */
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @Column({ type: 'varchar', length: 10, default: 'custom' }) origin!: ScenarioOrigin;
  /** Hash of the shipped file last loaded into this row. */
  @Column({ type: 'varchar', length: 64, nullable: true }) shippedHash!: string | null;
  /** An administrator changed it: the shipped file never overwrites it again. */
  @Column({ type: 'boolean', default: false }) edited!: boolean;
  @Column({ type: 'integer', default: 1 }) version!: number;
  @Column(timestampColumn()) createdAt!: string;
  @Column(timestampColumn()) updatedAt!: string;
  @Column({ type: 'integer', nullable: true }) updatedBy!: number | null;
}

/** One step of a scenario, in `position` order. Interventions reference it by code, never by id. */
@Entity('scenario_step')
export class ScenarioStepRow {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) scenarioId!: number;
  @Column({ type: 'integer' }) position!: number;
  @Column({ type: 'varchar', length: 40 }) code!: string;
  @Column({ type: 'varchar', length: 120 }) label!: string;
  @Column({ type: 'varchar', length: 10 }) actionType!: string;
  @Column({ type: 'varchar', length: 20 }) anchor!: string;
  @Column({ type: 'integer' }) offsetDays!: number;
  @Column({ type: 'boolean', default: false }) businessDays!: boolean;
  @Column({ type: 'integer', default: 100 }) priority!: number;
  /** Loss percentage in hundredths (30 % → 3000). */
  @Column({ type: 'integer', nullable: true }) lossHundredths!: number | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) setStatusCode!: string | null;
  @Column({ type: 'varchar', length: 60, nullable: true }) templateCode!: string | null;
  @Column({ type: 'bigint', nullable: true, transformer: bigintToNumber }) minBalance!: number | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) assignee!: string | null;
  @Column({ type: 'boolean', default: true }) amicable!: boolean;
}
