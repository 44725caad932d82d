import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { timestampColumn } from '../db/column-types';

/** One change to a setting: who, when, which area and row, and the row before and after (JSON). */
@Entity('setting_change')
export class SettingChange {
  @PrimaryGeneratedColumn() id!: number;
  @Column(timestampColumn()) at!: string;
  @Column({ type: 'integer', nullable: true }) userId!: number | null;
  /** Kept as text so the line still reads right after the user is renamed or deleted. */
  @Column({ type: 'varchar', length: 120 }) actorName!: string;
  @Column({ type: 'varchar', length: 40 }) area!: string;
  @Column({ type: 'varchar', length: 100, nullable: true }) entityId!: string | null;
  /** create, update or delete, derived from before/after. */
  @Column({ type: 'varchar', length: 20 }) action!: string;
  @Column({ type: 'text', nullable: true }) beforeJson!: string | null;
  @Column({ type: 'text', nullable: true }) afterJson!: string | null;
}
