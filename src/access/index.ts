/** Who may do what (the policy table) and the guard that applies it to every route; app.ts installs it. */
export { guardRoutes, accessLocals } from './route-guard';
export { ROUTE_POLICY, rolesFor, mayUse, dossierScope } from './route-policy';
export type { RouteRule, DossierScope } from './route-policy';
