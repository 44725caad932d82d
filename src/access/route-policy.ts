/**
 * Who may do what: one rule per route of the module, keyed by the route's own pattern
 * (`METHOD /pattern`, the pattern as the router declares it, without the base path). The route guard
 * (route-guard.ts) attaches each rule to its route when the app is built and refuses to start when a
 * route has none, so whoever adds a route decides who may use it here. Views ask the same table
 * through `can('POST /dossiers/:id/status')`.
 *
 * The roles (README, "Roles"):
 * - admin: everything.
 * - controller (chargé de recouvrement): works dossiers — creates and edits them, their contacts,
 *   entries, interventions, statuses, scenarios, account, plans, letters and e-mails; only the
 *   dossiers assigned to them unless CONTROLLERS_EDIT_ALL=true (dossierScope below).
 * - accountant (comptable): reads everything; books provisions, write-offs and recoveries, transfers
 *   entries to doubtful receivables (411 → 416), imports FEC files, exports the journal; prints and
 *   reports (pages everybody reads). Does not create or edit dossiers, change statuses or work actions.
 * - auditor: reads everything, and the settings log.
 * - signed out: the login page, and the debtor page (/espace/<token>) its signed link opens.
 * Everyone signed in keeps their own things: password, language, messages, column choices.
 *
 * Over 300 lines: one row per route, kept in one table so that who may do what reads in one place.
 */
import type { Config } from '../config';
import type { Role } from '../auth';

/** Roles allowed; a function when a setting widens them; 'public' needs no sign-in; 'api-*' is the scope of an API key. */
export type RouteRule = readonly Role[] | ((config: Config) => readonly Role[]) | 'public' | 'api-read' | 'api-write' | 'api-public';

const ALL: readonly Role[] = ['admin', 'controller', 'accountant', 'auditor'];
/** Working dossiers and their actions. */
const WORKERS: readonly Role[] = ['admin', 'controller'];
/** The books: provisions, FEC imports, the journal. */
const BOOKERS: readonly Role[] = ['admin', 'accountant'];
/** Passer en créances douteuses: a controller decides it on a dossier, an accountant books it. */
const DOUBTFUL: readonly Role[] = ['admin', 'controller', 'accountant'];
const ADMIN: readonly Role[] = ['admin'];
/**
 * Printing or exporting the dossiers ticked on the list: a form post that only sends to the printing
 * pages, for those who work or book; an auditor, who posts nothing, prints from the criteria page.
 */
const SELECTION_PRINTERS: readonly Role[] = ['admin', 'controller', 'accountant'];
const AUDIT: readonly Role[] = ['admin', 'auditor'];
/** Reopening a closed dossier: admins, and the roles of REOPEN_ROLES. */
const REOPENERS = (config: Config): readonly Role[] => [...new Set<Role>(['admin', ...(config.reopenRoles.split(',') as Role[])])];

export const ROUTE_POLICY: Readonly<Record<string, RouteRule>> = {
  'GET /api/v1/openapi.json': 'api-public',
  'PUT /api/v1/third-parties/:auxiliaryAccount': 'api-write',
  'GET /api/v1/third-parties/:auxiliaryAccount': 'api-read',
  'POST /api/v1/ledger-entries': 'api-write',
  'POST /api/v1/lettering': 'api-write',
  'GET /api/v1/dossiers': 'api-read',
  'GET /api/v1/dossiers/:number': 'api-read',
  'GET /api/v1/journal-entries': 'api-read',
  // Issue 16: lifecycle statuses reported by the e-invoicing platform.
  'POST /api/v1/invoice-statuses': 'api-write',

  'GET /login': 'public',
  'POST /login': 'public',
  // The debtor page (issue 15): no sign-in; each handler opens the signed, expiring, revocable link of
  // the URL before reading anything, under the page's own CSP, rate limit and CSRF (debtor-portal.routes.ts).
  'GET /espace/:token': 'public',
  'GET /espace/:token/copies/:aid': 'public',
  'POST /espace/:token/promise': 'public',
  'POST /espace/:token/dispute': 'public',
  'POST /espace/:token/plan': 'public',
  'POST /espace/:token/message': 'public',
  'POST /logout': ALL,
  'POST /logout-everywhere': ALL,
  'POST /preferences/locale': ALL,
  'GET /profile': ALL,
  'POST /profile/password': ALL,
  'GET /audit': AUDIT,

  'GET /': ALL,
  'GET /setup': ADMIN,
  'POST /setup/company': ADMIN,
  'POST /setup/scenario': ADMIN,
  'POST /setup/done': ADMIN,
  'GET /actions': ALL,
  'POST /actions/done': WORKERS,
  'POST /actions/letters': WORKERS,
  'POST /actions/calls': WORKERS,

  'GET /dossiers': ALL,
  'GET /dossiers/new': WORKERS,
  'POST /dossier-selection/controller': WORKERS,
  'POST /dossier-selection/scenario': WORKERS,
  'POST /dossier-selection/status': WORKERS,
  'POST /dossier-selection/print': SELECTION_PRINTERS,
  'POST /dossiers': WORKERS,
  'GET /dossiers/:id': ALL,
  'GET /dossiers/:id/edit': WORKERS,
  'POST /dossiers/:id': WORKERS,
  'GET /dossiers/:id/status': WORKERS,
  'POST /dossiers/:id/status': WORKERS,
  'GET /dossiers/:id/reopen': REOPENERS,
  'POST /dossiers/:id/reopen': REOPENERS,
  'POST /dossiers/:id/entries/reschedule': WORKERS,
  'POST /dossiers/:id/entries/doubtful': DOUBTFUL,
  'POST /dossiers/:id/entries/link': WORKERS,
  'POST /dossiers/:id/entries/unlink': WORKERS,
  'POST /dossiers/:id/interventions': WORKERS,
  'POST /dossiers/:id/interventions/:iid/done': WORKERS,
  'POST /dossiers/:id/interventions/:iid/skip': WORKERS,
  'POST /dossiers/:id/contacts': WORKERS,
  'GET /dossiers/:id/contacts/:cid/edit': WORKERS,
  'POST /dossiers/:id/contacts/:cid': WORKERS,
  'GET /dossiers/:id/scenario': ALL,
  'POST /dossiers/:id/scenario': WORKERS,
  'POST /dossiers/:id/scenario/suspend': WORKERS,
  'POST /dossiers/:id/scenario/resume': WORKERS,
  'POST /dossiers/:id/scenario/restart': WORKERS,
  'GET /dossiers/:id/account': ALL,
  'POST /dossiers/:id/account/elements': WORKERS,
  'POST /dossiers/:id/account/payments': WORKERS,
  'POST /dossiers/:id/plans': WORKERS,
  'POST /dossiers/:id/settlements': WORKERS,
  // Issue 15: promises to pay, disputes, the dossier's personal link to the debtor page.
  'POST /dossiers/:id/promises': WORKERS,
  'POST /dossiers/:id/disputes': WORKERS,
  'POST /dossiers/:id/disputes/:did/resolve': WORKERS,
  'POST /dossiers/:id/debtor-links/revoke': WORKERS,
  // Issue 16: prescription, injonction de payer, BODACC proposals, e-invoicing statuses, hand-off to an agency.
  'GET /dossiers/:id/prescription': ALL,
  'POST /dossiers/:id/prescription': WORKERS,
  'GET /dossiers/:id/payment-orders': ALL,
  'POST /dossiers/:id/payment-orders': WORKERS,
  'POST /dossiers/:id/payment-orders/:oid/events': WORKERS,
  'GET /dossiers/:id/payment-orders/:oid/request': ALL,
  'GET /dossiers/:id/payment-orders/:oid/zip': ALL,
  'GET /dossiers/:id/bodacc': ALL,
  'GET /dossiers/:id/e-invoicing': ALL,
  'GET /dossiers/:id/handoff': ALL,
  'POST /dossiers/:id/handoff': WORKERS,
  'POST /dossiers/:id/handoff/costs': WORKERS,
  'POST /dossiers/:id/handoff/end': WORKERS,
  'GET /dossiers/:id/handoff/package.pdf': ALL,
  'GET /dossiers/:id/handoff/package.zip': ALL,
  'POST /dossiers/:id/attachments': WORKERS,
  'GET /dossiers/:id/download': ALL,
  'POST /dossiers/:id/notes': WORKERS,
  'POST /dossiers/:id/closure-request': WORKERS,
  'GET /dossiers/:id/closure-request': ALL,
  'GET /closure-requests': ADMIN,
  'POST /closure-requests/:rid/decision': ADMIN,
  'GET /approvals': ADMIN,
  'POST /approvals/:rid/decision': ADMIN,
  'GET /recent-dossiers': ALL,
  // Issue 16: the BODACC notices read and their proposals; the claims at risk of prescription.
  'GET /bodacc': ALL,
  'POST /bodacc/import': WORKERS,
  'POST /dossiers/:id/bodacc/proposals/:pid/dismiss': WORKERS,
  'GET /prescription': ALL,

  'GET /customers/suggest': ALL,
  'GET /third-parties': ALL,
  'GET /third-parties/:id': ALL,
  'GET /third-parties/:id/edit': WORKERS,
  'POST /third-parties/:id': WORKERS,
  'GET /third-parties/:id/contacts/new': WORKERS,
  'GET /third-parties/:id/contacts/:cid/edit': WORKERS,
  'POST /third-parties/:id/contacts': WORKERS,
  'POST /third-parties/:id/contacts/:cid': WORKERS,
  'POST /third-parties/:id/contacts/:cid/delete': WORKERS,
  'POST /third-parties/:id/dossiers': WORKERS,

  'GET /api-keys': ADMIN,
  'POST /api-keys': ADMIN,
  'POST /api-keys/:id/revoke': ADMIN,
  'GET /users': ADMIN,
  'GET /users/new': ADMIN,
  'POST /users': ADMIN,
  'GET /users/:id/edit': ADMIN,
  'POST /users/:id': ADMIN,
  'POST /users/:id/active': ADMIN,
  'GET /users/:id/password': ADMIN,
  'POST /users/:id/password': ADMIN,
  'GET /settings': ADMIN,
  'GET /late-payment-rates': ADMIN,
  'POST /late-payment-rates': ADMIN,
  'POST /late-payment-rates/:id/delete': ADMIN,
  'GET /settings/:list': ADMIN,
  'GET /settings/:list/new': ADMIN,
  'GET /settings/:list/:id/edit': ADMIN,
  'POST /settings/:list': ADMIN,
  'POST /settings/:list/:id': ADMIN,
  'POST /settings/:list/:id/active': ADMIN,
  'POST /settings/:list/:id/delete': ADMIN,
  'GET /settings/controllers': ADMIN,
  'GET /settings/controllers/new': ADMIN,
  'GET /settings/controllers/:id/edit': ADMIN,
  'POST /settings/controllers': ADMIN,
  'POST /settings/controllers/:id': ADMIN,
  'POST /settings/controllers/:id/active': ADMIN,
  'POST /settings/controllers/:id/delete': ADMIN,
  'GET /settings/companies': ADMIN,
  'GET /settings/companies/new': ADMIN,
  'GET /settings/companies/:id/edit': ADMIN,
  'POST /settings/companies': ADMIN,
  'POST /settings/companies/:id': ADMIN,
  'POST /settings/companies/:id/delete': ADMIN,
  'GET /approvals/settings': ADMIN,
  'POST /approvals/settings': ADMIN,
  'GET /reminders/rule': ADMIN,
  'POST /reminders/rule': ADMIN,
  'GET /journal/settings': ADMIN,
  'POST /journal/settings': ADMIN,

  'GET /templates': ALL,
  'GET /templates/:code': ALL,
  'POST /templates/:code/preview': ADMIN,
  'POST /templates/:code': ADMIN,
  'POST /templates/:code/reset': ADMIN,
  'GET /documents/dossiers/:id/print/:code': ALL,
  'GET /documents/dossiers/:id/claims-declaration': ALL,
  'GET /documents/generated/:id': ALL,
  'GET /outbox': ALL,
  'GET /outbox/:id': ALL,
  'POST /outbox/send': WORKERS,
  'POST /outbox/:id/resend': WORKERS,

  'GET /scenarios': ALL,
  'GET /scenarios/new': ADMIN,
  'POST /scenarios': ADMIN,
  'POST /scenarios/import': ADMIN,
  'GET /scenarios/:id': ALL,
  'GET /scenarios/:id/export': ALL,
  'GET /scenarios/:id/edit': ADMIN,
  'POST /scenarios/:id': ADMIN,
  'POST /scenarios/:id/delete': ADMIN,
  'GET /scenarios/:id/steps/new': ADMIN,
  'GET /scenarios/:id/steps/:index/edit': ADMIN,
  'POST /scenarios/:id/steps': ADMIN,
  'POST /scenarios/:id/steps/:index': ADMIN,
  'POST /scenarios/:id/steps/:index/move': ADMIN,
  'POST /scenarios/:id/steps/:index/delete': ADMIN,
  'GET /jobs': ALL,
  'POST /jobs/run': ADMIN,
  'GET /jobs/dry-run': ALL,

  'GET /imports': BOOKERS,
  'POST /imports': BOOKERS,
  'GET /imports/:id': BOOKERS,
  'GET /imports/:id/progress': BOOKERS,
  'GET /printing': ALL,
  'GET /printing/print': ALL,
  'GET /printing/pdf': ALL,
  'GET /printing/export.csv': ALL,
  'GET /printing/export.xlsx': ALL,
  'GET /reports': ALL,
  'GET /reports/:code': ALL,
  'GET /reports/:code/export.pdf': ALL,
  'GET /reports/:code/export.csv': ALL,
  'GET /reports/:code/export.xlsx': ALL,
  'GET /payments/recent': ALL,
  'POST /payments/recent/columns': ALL,
  'POST /plans/:planId/decision': ADMIN,
  'POST /settlements/:sid/decision': ADMIN,
  'GET /attachments/:aid/download': ALL,
  'GET /reminders': ALL,
  'POST /reminders/preview': WORKERS,
  'POST /reminders/print': WORKERS,
  'GET /reminders/batches/:id': ALL,
  'GET /reminders/batches/:id/print': ALL,
  'POST /reminders/dossiers': WORKERS,
  'GET /provisions/dossiers/:id': ALL,
  'POST /provisions/dossiers/:id': BOOKERS,
  'POST /provisions/dossiers/:id/payment': BOOKERS,
  'POST /provisions/dossiers/:id/recovery': BOOKERS,
  'GET /provisions': ALL,
  'GET /provisions.xlsx': ALL,
  'GET /journal': ALL,
  'POST /journal/export': BOOKERS,

  'GET /messages': ALL,
  'GET /messages/new': ALL,
  'POST /messages': ALL,
  'GET /messages/:mid': ALL,
  'GET /messages/:mid/attachments/:aid': ALL,
};

/** The roles a rule lets in (none for the public and API rules, which have no user). */
export function rolesFor(rule: RouteRule | undefined, config: Config): readonly Role[] {
  if (rule === undefined || typeof rule === 'string') return [];
  return typeof rule === 'function' ? rule(config) : rule;
}

/** May a user with this role use the route `METHOD /pattern`? Unknown routes: no. */
export function mayUse(role: Role | undefined, routeKey: string, config: Config): boolean {
  const rule = ROUTE_POLICY[routeKey];
  if (rule === 'public') return true;
  return role !== undefined && rolesFor(rule, config).includes(role);
}

/** The GET pages that only show a form: they follow the dossier's write rules, like the form's post. */
const DOSSIER_FORM_PAGES = new Set(['/dossiers/:id/edit', '/dossiers/:id/status', '/dossiers/:id/reopen', '/dossiers/:id/contacts/:cid/edit']);

/**
 * What a route does to a dossier, beyond its role rule: 'write' (the assignment rule of controllers
 * applies, and a closed dossier refuses it when `refusedWhenClosed`), 'read' (the page says whether the
 * user may change the dossier), or the bulk form whose intervention ids name the dossiers.
 */
export type DossierScope = { kind: 'write'; refusedWhenClosed: boolean } | { kind: 'read' } | { kind: 'interventions'; field: 'ids' } | null;

export function dossierScope(method: string, pattern: string): DossierScope {
  if (method === 'POST' && pattern === '/actions/done') return { kind: 'interventions', field: 'ids' };
  const underDossier = /^\/dossiers\/:id(\/|$)/.test(pattern);
  if (!underDossier && !/^\/provisions\/dossiers\/:id(\/|$)/.test(pattern)) return null;
  const writes = method !== 'GET' || DOSSIER_FORM_PAGES.has(pattern);
  if (!writes) return { kind: 'read' };
  // A closed dossier can still be reopened; its provisions settle after closure; its other forms are refused.
  return { kind: 'write', refusedWhenClosed: underDossier && pattern !== '/dossiers/:id/reopen' && (method !== 'GET' || pattern === '/dossiers/:id/edit') };
}
