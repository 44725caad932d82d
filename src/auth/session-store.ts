/** express-session store on the application's database, so sessions survive restarts and are shared by instances. */
import session from 'express-session';
import { DataSource, LessThan } from 'typeorm';
import { HttpSession } from './user.entity';

const DEFAULT_MAX_AGE_MS = 8 * 60 * 60 * 1000;

export class DatabaseSessionStore extends session.Store {
  private lastPurge = 0;

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  private get repo() {
    return this.dataSource.getRepository(HttpSession);
  }

  private expiry(sess: session.SessionData): number {
    const expires = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : NaN;
    return Number.isFinite(expires) ? expires : Date.now() + DEFAULT_MAX_AGE_MS;
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    this.repo
      .findOneBy({ sid })
      .then((row) => {
        if (!row || row.expiresAt < Date.now()) return callback(null, null);
        callback(null, JSON.parse(row.data) as session.SessionData);
      })
      .catch((err) => callback(err));
  }

  override set(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    this.repo
      .upsert({ sid, data: JSON.stringify(sess), expiresAt: this.expiry(sess) }, ['sid'])
      .then(() => this.purgeExpired())
      .then(() => callback?.())
      .catch((err) => callback?.(err));
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.repo
      .delete({ sid })
      .then(() => callback?.())
      .catch((err) => callback?.(err));
  }

  override touch(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    this.repo
      .update({ sid }, { expiresAt: this.expiry(sess) })
      .then(() => callback?.())
      .catch((err) => callback?.(err));
  }

  /** Expired rows are removed at most once a minute, on a write, rather than by a timer that would keep tests alive. */
  private async purgeExpired(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPurge < 60_000) return;
    this.lastPurge = now;
    await this.repo.delete({ expiresAt: LessThan(now) });
  }
}
