/**
 * Passwords hashed with scrypt (node:crypto), a slow memory-hard hash; the parameters are stored
 * with each hash so they can be raised later without invalidating old ones.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 64;
const DEFAULT = { N: 2 ** 15, r: 8, p: 1 };

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password, salt, KEY_LENGTH, { ...options, maxmem: 128 * options.N! * options.r! * 2 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, DEFAULT);
  return ['scrypt', DEFAULT.N, DEFAULT.r, DEFAULT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

let dummyHash: Promise<string> | undefined;

/**
 * A hash made with today's parameters, to verify against when the username is unknown: the answer
 * then takes as long as for a real user (a cheaper dummy told which usernames exist).
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('base64'));
  return dummyHash;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

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

/** A readable generated password for the first admin (printed once at first start). */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(18);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return `${out.slice(0, 6)}-${out.slice(6, 12)}-${out.slice(12)}`;
}
