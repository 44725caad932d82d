import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { dateColumn, timestampColumn } from '../db/column-types';

export type CommunicationChannel = 'letter' | 'email';

/**
 * The one letter or e-mail a customer receives for a day's scenario steps on several dossiers.
 * Unique on (customer, business date, channel): whatever runs twice, the customer gets one.
 */
@Entity('customer_communication')
export class CustomerCommunication {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) thirdPartyId!: number;
  @Column(dateColumn()) businessDate!: string;
  @Column({ type: 'varchar', length: 10 }) channel!: CommunicationChannel;
  /** The grouped template it was rendered with (courrier-groupe, e-mail-groupe). */
  @Column({ type: 'varchar', length: 60 }) templateCode!: string;
  /** The template of its most advanced part: the tone it takes. */
  @Column({ type: 'varchar', length: 60 }) toneTemplateCode!: string;
  /** That part's level (1 rappel, 2 relance ferme, 3 mise en demeure). */
  @Column({ type: 'integer' }) level!: number;
  @Column({ type: 'integer' }) leadInterventionId!: number;
  @Column({ type: 'integer' }) dossierCount!: number;
  @Column({ type: 'integer' }) invoiceCount!: number;
  @Column({ type: 'integer' }) partCount!: number;
  /** The stored letter (generated_document), for a letter. */
  @Column({ type: 'integer', nullable: true }) documentId!: number | null;
  /** The queued e-mail (outbox_message), for an e-mail. */
  @Column({ type: 'integer', nullable: true }) outboxMessageId!: number | null;
  @Column(timestampColumn()) createdAt!: string;
}

/** A scenario step a customer communication stands for; an intervention is part of at most one. */
@Entity('customer_communication_part')
export class CustomerCommunicationPart {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) communicationId!: number;
  /** Unique (uq_customer_communication_part_intervention_id). */
  @Column({ type: 'integer' }) interventionId!: number;
  @Column({ type: 'integer' }) dossierId!: number;
  /** 0 for the most advanced part (the lead), then in the order the letter lists them. */
  @Column({ type: 'integer' }) position!: number;
  @Column({ type: 'integer' }) level!: number;
}
