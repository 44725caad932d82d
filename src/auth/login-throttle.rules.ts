/** When too many failed logins lock a username or an address out for a while (pure). */

export interface ThrottlePolicy {
  /** Failures allowed in a window before the lock. */
  limit: number;
  windowMs: number;
}

export const USERNAME_POLICY: ThrottlePolicy = { limit: 5, windowMs: 15 * 60 * 1000 };
/** Higher per address: an office behind one NAT address shares it. */
export const ADDRESS_POLICY: ThrottlePolicy = { limit: 20, windowMs: 15 * 60 * 1000 };

export interface ThrottleCounter {
  failures: number;
  windowStart: number;
}

/** Milliseconds until the next attempt is allowed, or 0 when it is allowed now. */
export function lockedForMs(counter: ThrottleCounter | null, policy: ThrottlePolicy, nowMs: number): number {
  if (!counter) return 0;
  const windowEnd = counter.windowStart + policy.windowMs;
  if (windowEnd <= nowMs) return 0;
  return counter.failures >= policy.limit ? windowEnd - nowMs : 0;
}

/**
 * After an attempt was reserved (the counter includes it): 0 when it is within the limit, otherwise
 * the milliseconds until the window ends.
 */
export function attemptAllowed(counter: ThrottleCounter, policy: ThrottlePolicy, nowMs: number): number {
  if (counter.failures <= policy.limit) return 0;
  return Math.max(1, counter.windowStart + policy.windowMs - nowMs);
}

/** Whole minutes to tell the user, at least 1. */
export function minutesToWait(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}
