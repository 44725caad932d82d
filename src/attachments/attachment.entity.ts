import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { centsColumn, timestampColumn } from '../db/column-types';

/**
 * Pièce jointe: a file of a dossier (or of one of its financial elements). The file is stored under
 * UPLOAD_DIR/attachments/<dossierId>/<storedName>; `storedName` is random and never comes from the
 * user, `originalName` is only shown and offered as the download name.
 */
@Entity('attachment')
export class Attachment {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) dossierId!: number;
  @Column({ type: 'integer', nullable: true }) elementId!: number | null;
  @Column({ type: 'varchar', length: 200 }) originalName!: string;
  @Column({ type: 'varchar', length: 80 }) storedName!: string;
  @Column({ type: 'varchar', length: 100 }) mimeType!: string;
  /** Bytes (a bigint column like cents: the same transformer reads it back as a number). */
  @Column(centsColumn()) size!: number;
  @Column(timestampColumn()) createdAt!: string;
  @Column({ type: 'integer', nullable: true }) createdBy!: number | null;
}
