/** What other components may use from auth. */
export { createUser, ensureAdminUser, userSnapshot } from './auth.service';
export { loadUser } from './auth.middleware';
export { attemptSucceeded, reserveLoginAttempt } from './login-throttle.service';
export { dossiersNotWritableBy, dossiersOfInterventions } from './dossier-access';
export { generatePassword, hashPassword, passwordPolicyProblem, verifyPassword } from './password';
export { DatabaseSessionStore } from './session-store';
export { ROLES, Role, User } from './user.entity';
export { activeUsersByName, findUser, otherActiveUserIds, updateUserAccount, userExists, userNames, usersByName, usersByUsername } from './users.service';
export type { UserAccountFields } from './users.service';
