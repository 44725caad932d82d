import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { timestampColumn } from '../db/column-types';

export type DocumentKind = 'letter' | 'email';
export const DOCUMENT_KINDS: DocumentKind[] = ['letter', 'email'];

/**
 * A letter or e-mail template (Handlebars), seeded from views/documents/*.hbs and edited by an
 * administrator. For an e-mail, `subject` and `textBody` are templates too; `body` is the HTML.
 */
@Entity('document_template')
export class DocumentTemplate {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 60, unique: true }) code!: string;
  @Column({ type: 'varchar', length: 10 }) kind!: DocumentKind;
  @Column({ type: 'varchar', length: 120 }) name!: string;
  @Column({ type: 'varchar', length: 300, nullable: true }) subject!: string | null;
  @Column({ type: 'text' }) body!: string;
  /** Plain-text part of an e-mail; derived from the HTML when empty. */
  @Column({ type: 'text', nullable: true }) textBody!: string | null;
  @Column(timestampColumn()) updatedAt!: string;
  @Column({ type: 'integer', nullable: true }) updatedBy!: number | null;
  /** Optimistic lock, and shows that a template was edited after seeding (1 = as shipped). */
  @Column({ type: 'integer', default: 1 }) version!: number;
}

/** A letter raised for a dossier (by the daily job or by hand), kept as rendered so it prints later unchanged. */
@Entity('generated_document')
export class GeneratedDocument {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) dossierId!: number;
  @Column({ type: 'integer', nullable: true }) interventionId!: number | null;
  @Column({ type: 'varchar', length: 60 }) templateCode!: string;
  /** The letter's body (without the print layout); null when the template failed. */
  @Column({ type: 'text', nullable: true }) html!: string | null;
  @Column({ type: 'varchar', length: 10, default: 'ok' }) status!: 'ok' | 'error';
  @Column({ type: 'varchar', length: 500, nullable: true }) error!: string | null;
  @Column({ type: 'varchar', length: 10 }) asOf!: string;
  @Column(timestampColumn()) createdAt!: string;
  @Column(timestampColumn({ nullable: true })) printedAt!: string | null;
}
