/**
 * The routes of the module, read from the Express app itself (router stacks, nested routers included),
 * so that a route added later is covered by the role matrix and the fuzz test without editing them.
 */
import type { Express } from 'express';

export interface AppRoute {
  method: string;
  /** Express path pattern, e.g. '/dossiers/:id/contacts'. */
  path: string;
}

interface LayerLike {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

function joinPath(prefix: string, part: string): string {
  const p = `${prefix.replace(/\/$/, '')}/${part.replace(/^\//, '')}`;
  return p.length > 1 ? p.replace(/\/$/, '') : p;
}

function walk(stack: LayerLike[], prefix: string, out: AppRoute[]): void {
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? (layer.route.path as unknown[]) : [layer.route.path];
      for (const p of paths) {
        if (typeof p !== 'string') throw new Error(`route with a non-string path under ${prefix}: add it to route-list.ts`);
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all') out.push({ method: method.toUpperCase(), path: joinPath(prefix, p) });
        }
      }
    } else if (layer.handle?.stack) {
      const raw = typeof layer.rawPath === 'string' ? layer.rawPath : '/';
      walk(layer.handle.stack, joinPath(prefix, raw), out);
    }
  }
}

/** Every (method, path) of the app, in mounting order, without duplicates. */
export function listRoutes(app: Express): AppRoute[] {
  const router = (app as unknown as { router?: { stack: LayerLike[] }; _router?: { stack: LayerLike[] } }).router;
  if (!router) throw new Error('no router on the app');
  const out: AppRoute[] = [];
  walk(router.stack, '/', out);
  const seen = new Set<string>();
  return out.filter((r) => {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
