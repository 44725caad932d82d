import type { NextFunction, Request, Response } from 'express';
import type { ModuleContext } from '../web/context';
import { User } from './user.entity';
import '../web/session-types';

/**
 * Loads the signed-in user; a session from before "log out everywhere" or of a disabled user is dropped.
 * (currentUser and requireLogin, which every component's routes use, live in web/auth.ts.)
 */
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
