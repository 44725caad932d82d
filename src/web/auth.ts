/** The signed-in user, for every component's routes: who is asking, and the login gate. */
import type { NextFunction, Request, Response } from 'express';
import type { User } from '../auth';
import type { Actor } from '../history';
import { AppError } from '../shared/errors';
import './session-types';

export function currentUser(res: Response): User {
  const user = res.locals.user as User | undefined;
  if (!user) throw new AppError('unauthorized', 'errors.unauthorized');
  return user;
}

/** The signed-in user as the author of a dossier's event. */
export function actorOf(res: Response): Actor {
  const user = currentUser(res);
  return { userId: user.id, userName: user.displayName };
}

/** Every page but the login page needs a signed-in user; people are sent to the login page, API callers get 401. */
export function requireLogin(req: Request, res: Response, next: NextFunction): void {
  if (res.locals.user) return next();
  if (req.method === 'GET' && !(req.get('accept') ?? '').includes('application/json')) {
    const target = `${res.locals.basePath}/login?next=${encodeURIComponent(req.originalUrl)}`;
    if (req.get('HX-Request')) {
      res.set('HX-Redirect', target).status(401).end();
      return;
    }
    res.redirect(303, target);
    return;
  }
  next(new AppError('unauthorized', 'errors.unauthorized'));
}
