/** Users, as the administrator manages them: create, edit, disable, reset a password; and a user's own password change. */
import { recordSettingChange } from '../audit';
import { controllerIdOfUser, linkControllerToUser, listControllers, type CreditController } from '../credit-controllers';
import { Db, inTransaction } from '../db/transactions';
import { AppError } from '../shared/errors';
import {
  attemptSucceeded, createUser, findUser, generatePassword, hashPassword, otherActiveUserIds, passwordPolicyProblem, reserveLoginAttempt, Role, ROLES, updateUserAccount, User,
  usersByUsername, userSnapshot, verifyPassword,
} from '../auth';

export interface UserRow extends User {
  controller: CreditController | null;
}

export interface UserInput {
  displayName: string;
  role: Role;
  locale: 'fr' | 'en' | null;
  /** The credit controller this user works as (only for the controller role). */
  controllerId: number | null;
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  const users = await usersByUsername(db);
  const controllers = await listControllers(db, { includeInactive: true });
  return users.map((u) => Object.assign(u, { controller: controllers.find((c) => c.userId === u.id) ?? null }));
}

export async function getUser(db: Db, id: number): Promise<User> {
  const user = await findUser(db, id);
  if (!user) throw AppError.notFound();
  return user;
}

/**
 * There must always be one active administrator left: refuses a change that would disable or
 * demote the last one. On PostgreSQL the admin rows are locked so two such changes cannot cross.
 */
async function assertAnAdminRemains(db: Db, user: User, next: { role: Role; active: boolean }): Promise<void> {
  if (!(user.role === 'admin' && user.active) || (next.role === 'admin' && next.active)) return;
  if ((await otherActiveUserIds(db, 'admin', user.id)).length === 0) throw new AppError('invalid_state', 'users.errors.lastAdmin', 409);
}

export interface NewUserAccount extends UserInput {
  username: string;
  /** null: a password is generated and returned once. */
  password: string | null;
}

export async function createUserAccount(db: Db, input: NewUserAccount): Promise<{ user: User; generatedPassword: string | null }> {
  const generatedPassword = input.password ? null : generatePassword();
  return inTransaction(db, async (m) => {
    const user = await createUser(m, { username: input.username, displayName: input.displayName, role: input.role, locale: input.locale, password: input.password ?? generatedPassword! });
    if (input.role === 'controller' && input.controllerId !== null) {
      await linkControllerToUser(m, user.id, input.controllerId);
      await recordSettingChange(m, null, { area: 'users', entityId: user.id, before: userSnapshot(user), after: userSnapshot(user, input.controllerId) });
    }
    return { user, generatedPassword };
  });
}

export async function updateUser(db: Db, id: number, input: UserInput): Promise<User> {
  if (!ROLES.includes(input.role)) throw AppError.field('role', 'validation.choice');
  return inTransaction(db, async (m) => {
    const user = await getUser(m, id);
    const before = userSnapshot(user, await controllerIdOfUser(m, id));
    await assertAnAdminRemains(m, user, { role: input.role, active: user.active });
    if (input.role === 'controller') await linkControllerToUser(m, id, input.controllerId);
    await updateUserAccount(m, id, { displayName: input.displayName.trim() || user.username, role: input.role, locale: input.locale });
    const after = await getUser(m, id);
    await recordSettingChange(m, null, { area: 'users', entityId: id, before, after: userSnapshot(after, await controllerIdOfUser(m, id)) });
    return after;
  });
}

/** Disabling ends the user's sessions at once (their session generation moves on). */
export async function setUserActive(db: Db, id: number, active: boolean): Promise<void> {
  await inTransaction(db, async (m) => {
    const user = await getUser(m, id);
    if (user.active === active) return;
    await assertAnAdminRemains(m, user, { role: user.role, active });
    await updateUserAccount(m, id, { active, sessionGeneration: user.sessionGeneration + 1 });
    const controllerId = await controllerIdOfUser(m, id);
    await recordSettingChange(m, null, { area: 'users', entityId: id, before: userSnapshot(user, controllerId), after: userSnapshot({ ...user, active }, controllerId) });
  });
}

/** The administrator sets a new password, or has one generated (returned once). The user's sessions end. */
export async function resetPassword(db: Db, id: number, password: string | null): Promise<{ generatedPassword: string | null }> {
  const generatedPassword = password ? null : generatePassword();
  const user = await getUser(db, id);
  const problem = passwordPolicyProblem(password ?? generatedPassword!, user.username);
  if (problem) throw AppError.field('password', problem);
  const passwordHash = await hashPassword(password ?? generatedPassword!);
  await inTransaction(db, async (m) => {
    const current = await getUser(m, id);
    await updateUserAccount(m, id, { passwordHash, sessionGeneration: current.sessionGeneration + 1 });
    await recordSettingChange(m, null, { area: 'users', entityId: id, before: { credential: null }, after: { credential: 'reset' } });
  });
  return { generatedPassword };
}

/** A user changes their own password: the current one is checked, the policy applies, their other sessions end. Returns the new session generation. */
export async function changeOwnPassword(db: Db, id: number, current: string, next: string, confirmation: string, attempt: { ip: string | undefined; nowMs: number }): Promise<number> {
  const user = await getUser(db, id);
  if (current === '') throw AppError.field('current', 'validation.required');
  // The current password is a password guess like a login: the same reserved count, shared with the login form.
  if ((await reserveLoginAttempt(db, user.username, attempt.ip, attempt.nowMs)) > 0) {
    throw new AppError('validation', 'errors.validation', 429, [{ field: 'current', message: 'users.errors.currentLocked' }]);
  }
  if (!(await verifyPassword(current, user.passwordHash))) throw AppError.field('current', 'users.errors.currentWrong');
  await attemptSucceeded(db, user.username, attempt.ip);
  const problem = passwordPolicyProblem(next, user.username);
  if (problem) throw AppError.field('password', problem);
  if (next !== confirmation) throw AppError.field('confirmation', 'users.errors.confirmation');
  if (await verifyPassword(next, user.passwordHash)) throw AppError.field('password', 'users.errors.samePassword');
  const passwordHash = await hashPassword(next);
  return inTransaction(db, async (m) => {
    const fresh = await getUser(m, id);
    const generation = fresh.sessionGeneration + 1;
    await updateUserAccount(m, id, { passwordHash, sessionGeneration: generation });
    await recordSettingChange(m, null, { area: 'users', entityId: id, before: { credential: null }, after: { credential: 'changed' } });
    return generation;
  });
}
