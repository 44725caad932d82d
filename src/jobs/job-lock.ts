/**
 * One run at a time: a row in job_lock per task, taken with INSERT … ON CONFLICT DO NOTHING
 * (atomic on SQLite and PostgreSQL). A holder renews its lease as it goes; a lock whose lease
 * expired, or whose holder process is gone (same host, pid no longer alive: a killed run), is
 * taken over, and the run it belonged to is recorded as interrupted.
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { rows } from '../db/sql';

export interface JobLockHandle {
  name: string;
  holder: string;
  /** Holder of a dead lock this one replaced, if any. */
  tookOverFrom: string | null;
  renew(): Promise<boolean>;
  release(): Promise<void>;
}

export class JobAlreadyRunningError extends Error {
  constructor(readonly lockName: string, readonly holder: string) {
    super(`the ${lockName} run is already in progress (${holder})`);
    this.name = 'JobAlreadyRunningError';
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** How long a lock holds without being renewed. */
export const DEFAULT_LOCK_LEASE_MS = 120_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function acquireJobLock(
  ds: DataSource,
  name: string,
  options: { waitMs?: number; leaseMs?: number } = {},
): Promise<JobLockHandle> {
  const waitMs = options.waitMs ?? 15 * 60_000;
  const leaseMs = options.leaseMs ?? DEFAULT_LOCK_LEASE_MS;
  const host = os.hostname().slice(0, 120);
  const pid = process.pid;
  const holder = `${host}:${pid}:${randomBytes(4).toString('hex')}`.slice(0, 120);
  const started = Date.now();
  const expiry = () => new Date(Date.now() + leaseMs).toISOString();

  const handle = (tookOverFrom: string | null): JobLockHandle => ({
    name,
    holder,
    tookOverFrom,
    async renew() {
      const r = await rows(ds, 'UPDATE job_lock SET expires_at = ? WHERE name = ? AND holder = ? RETURNING name', [expiry(), name, holder]);
      return r.length > 0;
    },
    async release() {
      await rows(ds, 'DELETE FROM job_lock WHERE name = ? AND holder = ? RETURNING name', [name, holder]);
    },
  });

  for (;;) {
    const now = new Date().toISOString();
    const inserted = await rows(
      ds,
      'INSERT INTO job_lock (name, holder, host, pid, run_id, acquired_at, expires_at) VALUES (?, ?, ?, ?, NULL, ?, ?) ON CONFLICT DO NOTHING RETURNING name',
      [name, holder, host, pid, now, expiry()],
    );
    if (inserted.length > 0) return handle(null);

    const [current] = await rows<{ holder: string; host: string; pid: number; expires_at: string }>(ds, 'SELECT holder, host, pid, expires_at FROM job_lock WHERE name = ?', [name]);
    if (current) {
      const stale = current.expires_at < now || (current.host === host && !pidAlive(Number(current.pid)));
      if (stale) {
        const taken = await rows(
          ds,
          'UPDATE job_lock SET holder = ?, host = ?, pid = ?, acquired_at = ?, expires_at = ? WHERE name = ? AND holder = ? RETURNING name',
          [holder, host, pid, now, expiry(), name, current.holder],
        );
        if (taken.length > 0) return handle(current.holder);
      } else if (Date.now() - started >= waitMs) {
        throw new JobAlreadyRunningError(name, current.holder);
      }
    }
    await sleep(150 + Math.floor(Math.random() * 150));
  }
}
