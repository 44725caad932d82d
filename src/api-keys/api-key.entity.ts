import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { timestampColumn } from '../db/column-types';

export type ApiScope = 'read' | 'write';
export const API_SCOPES: ApiScope[] = ['read', 'write'];

/**
 * A key the host ERP sends as `Authorization: Bearer <key>`. Only the SHA-256 of the secret is kept
 * (the secret is 32 random bytes, so a plain hash is enough: nothing to brute-force); the prefix
 * shown in the list identifies the key without revealing it. A key acts for one company.
 */
@Entity('api_key')
export class ApiKey {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) companyId!: number;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  @Column({ type: 'varchar', length: 20 }) prefix!: string;
  @Column({ type: 'varchar', length: 64 }) secretHash!: string;
  /** Comma-separated scopes: 'read' or 'read,write'. */
  @Column({ type: 'varchar', length: 40 }) scopes!: string;
  @Column(timestampColumn()) createdAt!: string;
  @Column({ type: 'integer', nullable: true }) createdBy!: number | null;
  @Column(timestampColumn({ nullable: true })) lastUsedAt!: string | null;
  @Column(timestampColumn({ nullable: true })) revokedAt!: string | null;
  @Column({ type: 'integer', nullable: true }) revokedBy!: number | null;
}

/** The response of an API write, kept under the caller's Idempotency-Key so that a replay returns it again. */
@Entity('api_idempotency')
export class ApiIdempotency {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) companyId!: number;
  @Column({ type: 'varchar', length: 200 }) idempotencyKey!: string;
  /** SHA-256 of method, path and canonical body: the same key with another request is a conflict. */
  @Column({ type: 'varchar', length: 64 }) requestHash!: string;
  @Column({ type: 'integer' }) responseStatus!: number;
  @Column({ type: 'text' }) responseBody!: string;
  @Column({ type: 'integer', nullable: true }) apiKeyId!: number | null;
  @Column(timestampColumn()) createdAt!: string;
}
