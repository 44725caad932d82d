import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One table for the three kinds of contact, told apart by `kind`: a customer's contact lives on
 * the third party, a company contact on the creditor, a dossier-only contact on one dossier.
 */
export type ContactKind = 'customer' | 'company' | 'dossier';
export const CONTACT_KINDS: ContactKind[] = ['customer', 'company', 'dossier'];

@Entity('contact')
export class Contact {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 10 }) kind!: ContactKind;
  @Column({ type: 'integer', nullable: true }) thirdPartyId!: number | null;
  @Column({ type: 'integer', nullable: true }) companyId!: number | null;
  @Column({ type: 'integer', nullable: true }) dossierId!: number | null;
  @Column({ type: 'varchar', length: 80, nullable: true }) firstName!: string | null;
  @Column({ type: 'varchar', length: 80 }) lastName!: string;
  @Column({ type: 'varchar', length: 120, nullable: true }) jobTitle!: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) phone!: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) mobile!: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) email!: string | null;
  @Column({ type: 'integer', default: 1 }) version!: number;
}
