/** Counts failed logins per username and per address in the database, so instances behind a load balancer share the count. */
import type { DataSource } from 'typeorm';
import { rawQuery } from '../db/transactions';
import { ADDRESS_POLICY, lockedForMs, ThrottlePolicy, USERNAME_POLICY } from './login-throttle.rules';
import { LoginThrottle } from './user.entity';

function keysOf(username: string, ip: string | undefined): [string, ThrottlePolicy][] {
  const keys: [string, ThrottlePolicy][] = [[`user:${username.trim().toLowerCase().slice(0, 150)}`, USERNAME_POLICY]];
  if (ip) keys.push([`ip:${ip.slice(0, 150)}`, ADDRESS_POLICY]);
  return keys;
}

/** Milliseconds the caller must wait before another attempt (0 = go ahead). The same for known and unknown usernames. */
export async function loginLockedForMs(ds: DataSource, username: string, ip: string | undefined, nowMs: number): Promise<number> {
  let wait = 0;
  for (const [key, policy] of keysOf(username, ip)) {
    const row = await ds.getRepository(LoginThrottle).findOneBy({ throttleKey: key });
    wait = Math.max(wait, lockedForMs(row, policy, nowMs));
  }
  return wait;
}

/** One more failure; a window that has run out starts again. One statement, so concurrent failures on several instances all count. */
export async function recordLoginFailure(ds: DataSource, username: string, ip: string | undefined, nowMs: number): Promise<void> {
  for (const [key, policy] of keysOf(username, ip)) {
    await rawQuery(
      ds,
      `INSERT INTO login_throttle (throttle_key, failures, window_start) VALUES (:key, 1, :now)
       ON CONFLICT (throttle_key) DO UPDATE SET
         failures = CASE WHEN login_throttle.window_start <= :cutoff THEN 1 ELSE login_throttle.failures + 1 END,
         window_start = CASE WHEN login_throttle.window_start <= :cutoff THEN :now ELSE login_throttle.window_start END`,
      { key, now: nowMs, cutoff: nowMs - policy.windowMs },
    );
  }
}

/** A successful login clears the username's count (not the address's: one valid account must not unlock guessing at others). */
export async function clearLoginFailures(ds: DataSource, username: string): Promise<void> {
  await ds.getRepository(LoginThrottle).delete({ throttleKey: keysOf(username, undefined)[0][0] });
}
