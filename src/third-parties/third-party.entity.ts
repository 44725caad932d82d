import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { timestampColumn } from '../db/column-types';

/** Fiche tiers: a customer, identified by its auxiliary account in the ledger (e.g. 411DUPONT). */
@Entity('third_party')
export class ThirdParty {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) companyId!: number;
  @Column({ type: 'varchar', length: 40 }) auxiliaryAccount!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 40, nullable: true }) legalForm!: string | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) address!: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) postalCode!: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) city!: string | null;
  @Column({ type: 'varchar', length: 2, default: 'FR' }) country!: string;
  @Column({ type: 'varchar', length: 30, nullable: true }) vatNumber!: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) siren!: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) phone!: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) email!: string | null;
  /** Shared with the customer's dossiers: editing one edits the other. */
  @Column({ type: 'integer', nullable: true }) riskCodeId!: number | null;
  @Column({ type: 'integer', nullable: true }) creditControllerId!: number | null;
  @Column({ type: 'integer', nullable: true }) paymentTermsDays!: number | null;
  /** Late-payment rate agreed in the contract, hundredths of a percent (L441-10); null: the legal rate. */
  @Column({ type: 'integer', nullable: true }) contractRateHundredths!: number | null;
  /** Business or consumer: decides the prescription period (C. com. L110-4: 5 years; C. consom. L218-2: 2 years). */
  @Column({ type: 'varchar', length: 10, default: 'business' }) customerType!: 'business' | 'consumer';
  @Column({ type: 'integer', default: 1 }) version!: number;
  @Column(timestampColumn()) createdAt!: string;
  @Column(timestampColumn()) updatedAt!: string;
}
