import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { centsColumn, timestampColumn } from '../db/column-types';

/**
 * A file attached to a message, stored under UPLOAD_DIR/messages/<messageId>/<storedName> (random,
 * never a name the user chose). Only the message's sender and recipient may download it, so it is
 * not a dossier attachment even when the message is about a dossier.
 */
@Entity('message_attachment')
export class MessageAttachment {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) messageId!: number;
  @Column({ type: 'varchar', length: 200 }) originalName!: string;
  @Column({ type: 'varchar', length: 80 }) storedName!: string;
  @Column({ type: 'varchar', length: 100 }) mimeType!: string;
  @Column(centsColumn()) size!: number;
  @Column(timestampColumn()) createdAt!: string;
}
