/**
 * The users, for the other components: their names for display, existence checks, the lists
 * screens offer, and the account changes that user administration (src/users) makes. Nothing
 * outside auth reads or writes the user table but through these.
 */
import { In, type EntityManager } from 'typeorm';
import { isPostgres, type Db } from '../db/sql';
import { User, type Role } from './user.entity';

export async function findUser(db: Db, id: number): Promise<User | null> {
  return db.getRepository(User).findOneBy({ id });
}

/** Display names by id (the Chrono's, the lists' "by whom"). */
export async function userNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  return new Map((await db.getRepository(User).findBy({ id: In(ids) })).map((u) => [u.id, u.displayName]));
}

export async function userExists(db: Db, id: number, options: { active?: boolean } = {}): Promise<boolean> {
  return db.getRepository(User).existsBy({ id, ...(options.active ? { active: true } : {}) });
}

/** Every user, by user name (the users' list, the audit's filter). */
export async function usersByUsername(db: Db): Promise<User[]> {
  return db.getRepository(User).find({ order: { username: 'ASC' } });
}

/** Every user, by display name then id (the credit controllers' form). */
export async function usersByName(db: Db): Promise<User[]> {
  return db.getRepository(User).find({ order: { displayName: 'ASC', id: 'ASC' } });
}

/** The active users, by display name (a message's recipients). */
export async function activeUsersByName(db: Db): Promise<User[]> {
  return db.getRepository(User).find({ where: { active: true }, order: { displayName: 'ASC' } });
}

/** The other active users of this role; locked on PostgreSQL, so that two changes cannot cross. */
export async function otherActiveUserIds(db: Db, role: Role, exceptId: number): Promise<number[]> {
  const qb = db.getRepository(User).createQueryBuilder('u').select('u.id').where('u.role = :role AND u.active = :active AND u.id <> :id', { role, active: true, id: exceptId });
  if (isPostgres(db)) qb.setLock('pessimistic_write');
  return (await qb.getMany()).map((u) => u.id);
}

export type UserAccountFields = Partial<Pick<User, 'displayName' | 'role' | 'locale' | 'active' | 'passwordHash' | 'sessionGeneration'>>;

/** Writes an account's fields (user administration: profile, active flag, password, session generation). */
export async function updateUserAccount(m: EntityManager, id: number, fields: UserAccountFields): Promise<void> {
  await m.getRepository(User).update({ id }, fields);
}

/** Ends every session of the user, on every device (their sessions carry the old generation). */
export async function endUserSessions(db: Db, id: number): Promise<void> {
  await db.getRepository(User).increment({ id }, 'sessionGeneration', 1);
}

/** The language the user chose, kept on their record. */
export async function saveUserLocale(db: Db, id: number, locale: 'fr' | 'en'): Promise<void> {
  await db.getRepository(User).update({ id }, { locale });
}
