import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../shared/errors';
import type { ModuleContext } from '../web/context';
import { User } from './user.entity';
import '../web/session-types';

/** Loads the signed-in user; a session from before "log out everywhere" or of a disabled user is dropped. */
export function loadUser(ctx: ModuleContext) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const userId = req.session?.userId;
    if (userId) {
      const user = await ctx.dataSource.getRepository(User).findOneBy({ id: userId });
      if (user && user.active && user.sessionGeneration === req.session.generation) {
        res.locals.user = user;
      } else {
        delete req.session.userId;
      }
    }
    next();
  };
}

export function currentUser(res: Response): User {
  const user = res.locals.user as User | undefined;
  if (!user) throw new AppError('unauthorized', 'errors.unauthorized');
  return user;
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
