/** Bearer-key authentication of the API: no session, no cookie, no CSRF (nothing ambient to forge). */
import type { NextFunction, Request, Response } from 'express';
import type { ApiKey } from '../api-keys';
import { findActiveKey, touchApiKey } from '../api-keys';
import { AppError } from '../shared/errors';
import type { ModuleContext } from '../web/context';

export function requireApiKey(ctx: ModuleContext) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (!match) {
      res.set('WWW-Authenticate', 'Bearer realm="recouvrement"');
      return next(new AppError('unauthorized', 'api.errors.missingKey'));
    }
    const apiKey = await findActiveKey(ctx.dataSource, match[1]);
    if (!apiKey) {
      res.set('WWW-Authenticate', 'Bearer realm="recouvrement", error="invalid_token"');
      return next(new AppError('unauthorized', 'api.errors.invalidKey'));
    }
    res.locals.apiKey = apiKey;
    await touchApiKey(ctx.dataSource, apiKey, ctx.now());
    next();
  };
}

export function apiKeyOf(res: Response): ApiKey {
  const key = res.locals.apiKey as ApiKey | undefined;
  if (!key) throw new AppError('unauthorized', 'api.errors.missingKey');
  return key;
}
