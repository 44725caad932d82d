/**
 * Counts password attempts per username and per address in the database, so instances behind a
 * load balancer share the count. An attempt is reserved (counted) by one atomic upsert BEFORE the
 * slow hash: checking first and counting after the hash let 40 parallel attempts all pass the check
 * while the first ones were still hashing.
 */
import { Db, rawQuery } from '../db/transactions';
import { ADDRESS_POLICY, attemptAllowed, ThrottlePolicy, USERNAME_POLICY } from './login-throttle.rules';
import { LoginThrottle } from './user.entity';

function userKey(username: string): string {
  return `user:${username.trim().toLowerCase().slice(0, 150)}`;
}

function keysOf(username: string, ip: string | undefined): [string, ThrottlePolicy][] {
  const keys: [string, ThrottlePolicy][] = [[userKey(username), USERNAME_POLICY]];
  if (ip) keys.push([`ip:${ip.slice(0, 150)}`, ADDRESS_POLICY]);
  return keys;
}

/** One more attempt on a key, in one statement (a window that has run out starts again); returns the count with this attempt. */
async function reserve(ds: Db, key: string, policy: ThrottlePolicy, nowMs: number): Promise<{ failures: number; windowStart: number }> {
  const rows = await rawQuery<{ failures: number | string; window_start: number | string }>(
    ds,
    `INSERT INTO login_throttle (throttle_key, failures, window_start) VALUES (:key, 1, :now)
     ON CONFLICT (throttle_key) DO UPDATE SET
       failures = CASE WHEN login_throttle.window_start <= :cutoff THEN 1 ELSE login_throttle.failures + 1 END,
       window_start = CASE WHEN login_throttle.window_start <= :cutoff THEN :now ELSE login_throttle.window_start END
     RETURNING failures, window_start`,
    { key, now: nowMs, cutoff: nowMs - policy.windowMs },
  );
  return { failures: Number(rows[0].failures), windowStart: Number(rows[0].window_start) };
}

/**
 * Reserves one password attempt for the username (and the address, when given). Returns 0 when the
 * attempt may go on to the hash, or the milliseconds to wait. The same for known and unknown
 * usernames, so a lock tells nothing about who exists. Every reserved attempt counts as a failure
 * until `attemptSucceeded` says otherwise.
 */
export async function reserveLoginAttempt(ds: Db, username: string, ip: string | undefined, nowMs: number): Promise<number> {
  let wait = 0;
  for (const [key, policy] of keysOf(username, ip)) {
    wait = Math.max(wait, attemptAllowed(await reserve(ds, key, policy, nowMs), policy, nowMs));
  }
  return wait;
}

/**
 * A successful attempt clears the username's count, and gives back its reservation on the address
 * (not the address's whole count: one valid account must not unlock guessing at others).
 */
export async function attemptSucceeded(ds: Db, username: string, ip: string | undefined): Promise<void> {
  await ds.getRepository(LoginThrottle).delete({ throttleKey: userKey(username) });
  if (ip) await rawQuery(ds, 'UPDATE login_throttle SET failures = failures - 1 WHERE throttle_key = :key AND failures > 0', { key: keysOf(username, ip)[1][0] });
}
