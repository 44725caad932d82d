import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { timestampColumn } from '../db/column-types';

export type Role = 'admin' | 'controller' | 'accountant' | 'auditor';
export const ROLES: Role[] = ['admin', 'controller', 'accountant', 'auditor'];

@Entity('app_user')
export class User {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 60, unique: true }) username!: string;
  @Column({ type: 'varchar', length: 120 }) displayName!: string;
  /** scrypt$N$r$p$salt$hash (see password.ts). */
  @Column({ type: 'varchar', length: 300 }) passwordHash!: string;
  @Column({ type: 'varchar', length: 20, default: 'controller' }) role!: Role;
  @Column({ type: 'varchar', length: 2, nullable: true }) locale!: 'fr' | 'en' | null;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  /** Bumped by "log out everywhere" and password changes: older sessions stop being valid. */
  @Column({ type: 'integer', default: 1 }) sessionGeneration!: number;
  @Column(timestampColumn()) createdAt!: string;
  @Column(timestampColumn({ nullable: true })) lastLoginAt!: string | null;
}

/** express-session rows, kept in the database so several instances share them. */
@Entity('http_session')
export class HttpSession {
  @Column({ type: 'varchar', length: 128, primary: true }) sid!: string;
  @Column({ type: 'text' }) data!: string;
  /** Milliseconds since the epoch; bigint so PostgreSQL keeps the full value. */
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } }) expiresAt!: number;
}

/** Failed logins per username or per IP address, in the database so every instance counts the same attempts. */
@Entity('login_throttle')
export class LoginThrottle {
  /** `user:<username>` or `ip:<address>`. */
  @Column({ type: 'varchar', length: 200, primary: true }) throttleKey!: string;
  @Column({ type: 'integer', default: 0 }) failures!: number;
  /** Milliseconds since the epoch of the window's first failure. */
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } }) windowStart!: number;
}
