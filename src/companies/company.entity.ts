import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The creditor (Créancier) or one of its subsidiaries (Filiale, with a parent). */
@Entity('company')
export class Company {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 20, unique: true }) code!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 40, nullable: true }) legalForm!: string | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) address!: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) postalCode!: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) city!: string | null;
  @Column({ type: 'varchar', length: 2, default: 'FR' }) country!: string;
  @Column({ type: 'varchar', length: 20, nullable: true }) siren!: string | null;
  @Column({ type: 'varchar', length: 30, nullable: true }) vatNumber!: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) phone!: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) email!: string | null;
  /** Where debtors pay by transfer (the debtor page and its EPC QR code). */
  @Column({ type: 'varchar', length: 34, nullable: true }) iban!: string | null;
  @Column({ type: 'varchar', length: 11, nullable: true }) bic!: string | null;
  /** Set for a subsidiary (Filiale): the creditor company it belongs to. */
  @Column({ type: 'integer', nullable: true }) parentId!: number | null;
  /** First day of the fiscal year, `MM-DD` (01-01 for a calendar year); null when not known. */
  @Column({ type: 'varchar', length: 5, nullable: true }) fiscalYearStart!: string | null;
}
