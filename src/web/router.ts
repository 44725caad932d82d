import { Router } from 'express';

/**
 * Every router of the module: case-sensitive and strict, like the app itself (app.ts), so that one
 * spelling of a URL reaches a route — `/Dossiers` and `/dossiers/` are not `/dossiers`. The access guard
 * (src/access) refuses to start with a router built otherwise.
 */
export function moduleRouter(): Router {
  return Router({ caseSensitive: true, strict: true });
}
