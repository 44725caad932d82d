import type { DataSource } from 'typeorm';
import { AuditActor, recordSettingChange } from '../audit';
import { Db, inTransaction } from '../db/transactions';
import { AppError } from '../shared/errors';
import { nowIso } from '../shared/business-date';
import { dummyPasswordHash, generatePassword, hashPassword, passwordPolicyProblem, verifyPassword } from './password';
import { Role, ROLES, User } from './user.entity';

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  locale?: 'fr' | 'en' | null;
}

export async function createUser(db: Db, input: NewUser, actor?: AuditActor): Promise<User> {
  const username = input.username.trim().toLowerCase();
  if (!/^[a-z0-9._-]{2,60}$/.test(username)) throw AppError.field('username', 'auth.username.invalid');
  if (!ROLES.includes(input.role)) throw AppError.field('role', 'validation.choice');
  const policy = passwordPolicyProblem(input.password, username);
  if (policy) throw AppError.field('password', policy);
  const passwordHash = await hashPassword(input.password);
  return inTransaction(db, async (m) => {
    const repo = m.getRepository(User);
    if (await repo.existsBy({ username })) throw AppError.field('username', 'auth.username.taken');
    const user = await repo.save(
      repo.create({
        username,
        displayName: input.displayName.trim() || username,
        passwordHash,
        role: input.role,
        locale: input.locale ?? null,
        active: true,
        sessionGeneration: 1,
        createdAt: nowIso(),
        lastLoginAt: null,
      }),
    );
    await recordSettingChange(m, actor, { area: 'users', entityId: user.id, before: null, after: userSnapshot(user) });
    return user;
  });
}

/** What the settings audit keeps of a user (never the password hash). */
export function userSnapshot(user: User, controllerId: number | null = null): Record<string, unknown> {
  return { username: user.username, displayName: user.displayName, role: user.role, locale: user.locale, active: user.active, controllerId };
}

/** Returns the user when the credentials are right and the account active; the same answer otherwise, whatever was wrong. */
export async function authenticate(dataSource: DataSource, username: string, password: string): Promise<User | null> {
  const user = await dataSource.getRepository(User).findOneBy({ username: username.trim().toLowerCase() });
  // Hash even for an unknown user so the answer time does not tell which usernames exist.
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
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
  const policy = passwordPolicyProblem(password, 'admin');
  if (policy) throw new Error(`ADMIN_PASSWORD does not meet the password policy (${policy}): at least 12 characters, not the username, not a common password.`);
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
