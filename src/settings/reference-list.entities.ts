/**
 * The administrator's lists: statuses, risk codes, dispute reasons, resolutions, results.
 * They share one shape (code, label, position, active) and each has its own table so that
 * dossiers reference them with real foreign keys.
 */
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type StatusKind = 'open' | 'legal' | 'closed';
export const STATUS_KINDS: StatusKind[] = ['open', 'legal', 'closed'];

abstract class ReferenceItem {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 40, unique: true }) code!: string;
  @Column({ type: 'varchar', length: 120 }) label!: string;
  @Column({ type: 'integer', default: 0 }) position!: number;
  @Column({ type: 'boolean', default: true }) active!: boolean;
}

@Entity('dossier_status')
export class DossierStatus extends ReferenceItem {
  /** Drives behaviour: `open` (amicable recovery), `legal` (collective procedure), `closed` (Terminé). */
  @Column({ type: 'varchar', length: 10 }) kind!: StatusKind;
  /** Loss percentage (hundredths of a percent) the status proposes, e.g. 10000 for a liquidation. */
  @Column({ type: 'integer', nullable: true }) proposedLossHundredths!: number | null;
  /** Starts legal proceedings (CONTENTIEUX as shipped): a change to it by a non-administrator waits for an administrator's approval. */
  @Column({ type: 'boolean', default: false }) requiresApproval!: boolean;
}

@Entity('risk_code')
export class RiskCode extends ReferenceItem {}

@Entity('dispute_reason')
export class DisputeReason extends ReferenceItem {}

/** Collection agencies and credit insurers a dossier can be entrusted to (Transmettre le dossier). */
@Entity('collection_agency')
export class CollectionAgency extends ReferenceItem {}

@Entity('resolution')
export class Resolution extends ReferenceItem {}

@Entity('dossier_result')
export class DossierResult extends ReferenceItem {
  /** A dossier that ends with this result is written off (654x) instead of having its provision reversed. */
  @Column({ type: 'boolean', default: false }) lost!: boolean;
}

/** Key/value settings the application keeps for itself (session secret, demo-loaded flag…). */
@Entity('app_setting')
export class AppSetting {
  @Column({ type: 'varchar', length: 80, primary: true }) key!: string;
  @Column({ type: 'text' }) value!: string;
}
