import type { NextFunction, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { placeholders, sqlKind, truthy } from '../db/sql';
import type { ModuleContext } from '../web/context';
import { User } from './user.entity';
import '../web/session-types';

/** The user row, as the entity, with one prepared statement (this runs on every signed-in request). */
function userReader(ds: DataSource): (id: number) => Promise<User | null> {
  const sql = placeholders(
    sqlKind(ds),
    `SELECT id, username, display_name, password_hash, role, locale, active, session_generation, created_at, last_login_at FROM app_user WHERE id = ?`,
  );
  return async (id) => {
    const [r] = (await ds.query(sql, [id])) as Record<string, unknown>[];
    if (!r) return null;
    return Object.assign(new User(), {
      id: Number(r.id),
      username: r.username as string,
      displayName: r.display_name as string,
      passwordHash: r.password_hash as string,
      role: r.role as User['role'],
      locale: (r.locale as User['locale']) ?? null,
      active: truthy(r.active),
      sessionGeneration: Number(r.session_generation),
      createdAt: r.created_at as string,
      lastLoginAt: (r.last_login_at as string | null) ?? null,
    });
  };
}

/**
 * Loads the signed-in user; a session from before "log out everywhere" or of a disabled user is dropped.
 * (currentUser and requireLogin, which every component's routes use, live in web/auth.ts.)
 */
export function loadUser(ctx: ModuleContext) {
  const readUser = userReader(ctx.dataSource);
  return async (req: Request, res: Response, next: NextFunction) => {
    const userId = req.session?.userId;
    if (userId) {
      const user = await readUser(userId);
      if (user && user.active && user.sessionGeneration === req.session.generation) {
        res.locals.user = user;
      } else {
        delete req.session.userId;
      }
    }
    next();
  };
}
