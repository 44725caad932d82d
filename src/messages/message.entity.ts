import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { timestampColumn } from '../db/column-types';

/** A message from one user to another, about a dossier or not; unread until the recipient opens it. */
@Entity('user_message')
export class UserMessage {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) fromUserId!: number;
  @Column({ type: 'integer' }) toUserId!: number;
  @Column({ type: 'integer', nullable: true }) dossierId!: number | null;
  @Column({ type: 'integer', nullable: true }) parentId!: number | null;
  @Column({ type: 'varchar', length: 200 }) subject!: string;
  @Column({ type: 'text' }) body!: string;
  @Column({ type: 'boolean', default: false }) urgent!: boolean;
  @Column({ type: 'boolean', default: false }) replyRequired!: boolean;
  @Column(timestampColumn()) createdAt!: string;
  @Column(timestampColumn({ nullable: true })) readAt!: string | null;
}
