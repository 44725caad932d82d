import { Router } from 'express';
import type { ModuleContext } from '../web/context';
import { redirectTo } from '../web/middleware';

/** The home page: the dossier list until the dashboard exists. */
export function homeRoutes(_ctx: ModuleContext): Router {
  const router = Router();
  router.get('/', (_req, res) => redirectTo(res, '/dossiers'));
  return router;
}
