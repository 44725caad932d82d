/**
 * express-session store on the application's database, so sessions survive restarts and are shared by instances.
 * Every signed-in request reads its row; the reads and the expiry updates are plain positional SQL (no
 * entity layer: this runs on every page), and the expiry is written at most once a minute per session.
 */
import session from 'express-session';
import { DataSource, LessThan } from 'typeorm';
import { placeholders, sqlKind } from '../db/sql';
import { HttpSession } from './user.entity';

const DEFAULT_MAX_AGE_MS = 8 * 60 * 60 * 1000;

/**
 * The rolling cookie moves the expiry forward on every request; the row's copy is moved only once it
 * lags by this much, so a page costs no write. The row may expire up to this much before the cookie
 * would (never after): an idle session ends a little early, never late.
 */
const TOUCH_AFTER_MS = 60_000;

/** How many sessions' expiries this process remembers; past it, it starts again empty (and writes the next touches). */
const KNOWN_LIMIT = 10_000;

export class DatabaseSessionStore extends session.Store {
  private lastPurge = 0;
  /**
   * The expiry each row had when this process last read or wrote it. Several requests of one session
   * (tabs, parallel htmx calls) read and touch at once, so it stays until the next read or write; a row's
   * expiry only moves forward (or the row goes), so an old figure can only cause an extra write.
   */
  private readonly knownExpiry = new Map<string, number>();
  private readonly selectSql: string;
  private readonly touchSql: string;

  constructor(private readonly dataSource: DataSource) {
    super();
    const kind = sqlKind(dataSource);
    this.selectSql = placeholders(kind, 'SELECT data, expires_at FROM http_session WHERE sid = ?');
    this.touchSql = placeholders(kind, 'UPDATE http_session SET expires_at = ? WHERE sid = ?');
  }

  private get repo() {
    return this.dataSource.getRepository(HttpSession);
  }

  private expiry(sess: session.SessionData): number {
    const expires = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : NaN;
    return Number.isFinite(expires) ? expires : Date.now() + DEFAULT_MAX_AGE_MS;
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    (this.dataSource.query(this.selectSql, [sid]) as Promise<{ data: string; expires_at: unknown }[]>)
      .then(([row]) => {
        const expiresAt = row ? Number(row.expires_at) : NaN;
        if (!row || expiresAt < Date.now()) return callback(null, null);
        this.remember(sid, expiresAt);
        callback(null, JSON.parse(row.data) as session.SessionData);
      })
      .catch((err) => callback(err));
  }

  private remember(sid: string, expiresAt: number): void {
    if (this.knownExpiry.size >= KNOWN_LIMIT && !this.knownExpiry.has(sid)) this.knownExpiry.clear();
    this.knownExpiry.set(sid, expiresAt);
  }

  override set(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    const expiresAt = this.expiry(sess);
    this.repo
      .upsert({ sid, data: JSON.stringify(sess), expiresAt }, ['sid'])
      .then(() => this.remember(sid, expiresAt))
      .then(() => this.purgeExpired())
      .then(() => callback?.())
      .catch((err) => callback?.(err));
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.knownExpiry.delete(sid);
    this.repo
      .delete({ sid })
      .then(() => callback?.())
      .catch((err) => callback?.(err));
  }

  override touch(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    const expiresAt = this.expiry(sess);
    const stored = this.knownExpiry.get(sid);
    if (stored !== undefined && expiresAt - stored < TOUCH_AFTER_MS) {
      callback?.();
      return;
    }
    (this.dataSource.query(this.touchSql, [expiresAt, sid]) as Promise<unknown>)
      .then(() => {
        this.remember(sid, expiresAt);
        callback?.();
      })
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
