import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Chargé de recouvrement: the person who works dossiers; usually also a user who signs in. */
@Entity('credit_controller')
export class CreditController {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 20, unique: true }) code!: string;
  @Column({ type: 'varchar', length: 120 }) name!: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) email!: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) phone!: string | null;
  @Column({ type: 'integer', nullable: true }) userId!: number | null;
  @Column({ type: 'boolean', default: true }) active!: boolean;
}
