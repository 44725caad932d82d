import type { DataSource } from 'typeorm';
import { AppError } from '../shared/errors';
import { nowIso } from '../shared/business-date';
import { generatePassword, hashPassword, passwordPolicyProblem, verifyPassword } from './password';
import { Role, ROLES, User } from './user.entity';

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  locale?: 'fr' | 'en' | null;
}

export async function createUser(dataSource: DataSource, input: NewUser): Promise<User> {
  const username = input.username.trim().toLowerCase();
  if (!/^[a-z0-9._-]{2,60}$/.test(username)) throw AppError.field('username', 'auth.username.invalid');
  if (!ROLES.includes(input.role)) throw AppError.field('role', 'validation.choice');
  const policy = passwordPolicyProblem(input.password);
  if (policy) throw AppError.field('password', policy);
  const repo = dataSource.getRepository(User);
  if (await repo.existsBy({ username })) throw AppError.field('username', 'auth.username.taken');
  return repo.save(
    repo.create({
      username,
      displayName: input.displayName.trim() || username,
      passwordHash: await hashPassword(input.password),
      role: input.role,
      locale: input.locale ?? null,
      active: true,
      sessionGeneration: 1,
      createdAt: nowIso(),
      lastLoginAt: null,
    }),
  );
}

/** Returns the user when the credentials are right and the account active; the same answer otherwise, whatever was wrong. */
export async function authenticate(dataSource: DataSource, username: string, password: string): Promise<User | null> {
  const user = await dataSource.getRepository(User).findOneBy({ username: username.trim().toLowerCase() });
  // Hash even for an unknown user so the answer time does not tell which usernames exist.
  const ok = await verifyPassword(password, user?.passwordHash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA');
  if (!user || !ok || !user.active) return null;
  await dataSource.getRepository(User).update({ id: user.id }, { lastLoginAt: nowIso() });
  return user;
}

/**
 * First start: create `admin` with ADMIN_PASSWORD or a generated password that the caller prints once.
 * Returns the generated password, or null when the admin existed or the password came from the environment.
 */
export async function ensureAdminUser(dataSource: DataSource, configuredPassword: string | undefined): Promise<string | null> {
  const repo = dataSource.getRepository(User);
  if (await repo.existsBy({ username: 'admin' })) return null;
  const password = configuredPassword ?? generatePassword();
  await repo.save(
    repo.create({
      username: 'admin',
      displayName: 'Administrateur',
      passwordHash: await hashPassword(password),
      role: 'admin',
      locale: null,
      active: true,
      sessionGeneration: 1,
      createdAt: nowIso(),
      lastLoginAt: null,
    }),
  );
  return configuredPassword ? null : password;
}
