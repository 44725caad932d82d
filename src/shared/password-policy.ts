/**
 * The password policy, pure: used by auth wherever a password is set, and by config.ts to check
 * ADMIN_PASSWORD at boot (a layer, which imports no component: hence here).
 */
export const PASSWORD_MIN_LENGTH = 12;

/** Passwords that guessing tools try first (compared in lower case). */
const COMMON_PASSWORDS = new Set([
  'password1234', 'password12345', 'passwordpassword', 'motdepasse123', 'motdepasse1234', 'motdepassemotdepasse',
  '123456789012', '1234567890123', '123456123456', '000000000000', '111111111111', 'azertyuiop12', 'azertyuiop123',
  'azertyuiopqs', 'qwertyuiop12', 'qwertyuiop123', 'qwerty123456', 'azerty123456', 'iloveyou1234', 'administrateur',
  'administrator', 'admin1234567', 'adminadmin12', 'welcome12345', 'bienvenue123', 'bienvenue1234', 'soleil123456',
  'changeme1234', 'recouvrement', 'recouvrement1', 'recouvrement123', 'letmein12345', 'football1234', 'abcdefghijkl',
  'abc123abc123', 'p@ssw0rd1234', 'passw0rd1234',
]);

/**
 * The password policy, applied wherever a password is set: at least 12 characters, not the
 * username, not a common password (NIST SP 800-63B: length and a block list rather than
 * composition rules). Returns the i18n key of the problem, or null.
 */
export function passwordPolicyProblem(password: string, username?: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return 'auth.password.tooShort';
  if (password.length > 200) return 'auth.password.tooLong';
  const lower = password.toLowerCase();
  const name = (username ?? '').trim().toLowerCase();
  if (name && (lower === name || (name.length >= 4 && lower.includes(name)))) return 'auth.password.containsUsername';
  if (COMMON_PASSWORDS.has(lower) || /^(.)\1+$/.test(password)) return 'auth.password.common';
  return null;
}
