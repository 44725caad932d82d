/**
 * Every setting, declared once: its name, environment variable, default and meaning.
 * `loadConfig()` validates them at boot and fails with the variable's name when one is wrong.
 * `npm start -- --help-config` (or README) lists them from this table.
 */
import path from 'node:path';
import { z } from 'zod';
import { passwordPolicyProblem } from './shared/password-policy';

interface SettingSpec<T> {
  env: string;
  doc: string;
  schema: z.ZodType<T>;
  default: string | undefined;
}

function setting<T>(env: string, schema: z.ZodType<T>, defaultValue: string | undefined, doc: string): SettingSpec<T> {
  return { env, schema, default: defaultValue, doc };
}

const port = z.coerce.number().int().min(0).max(65535);
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));

export const SETTINGS = {
  port: setting('PORT', port, '3000', 'HTTP port of the standalone server.'),
  host: setting('HOST', z.string().min(1), '127.0.0.1', 'Address the standalone server binds to.'),
  basePath: setting('BASE_PATH', z.string().regex(/^(\/[A-Za-z0-9._~-]+)*$/), '', 'Path under which the standalone server mounts the module ("" = root).'),
  sqlitePath: setting('SQLITE_PATH', z.string().min(1), path.join('data', 'recouvrement.sqlite'), 'SQLite database file, used when DATABASE_URL is not set.'),
  databaseUrl: setting('DATABASE_URL', z.string().url().optional(), undefined, 'PostgreSQL URL (postgres://user@host:5432/db); when set, PostgreSQL replaces SQLite.'),
  databaseSchema: setting('DATABASE_SCHEMA', z.string().regex(/^[a-z_][a-z0-9_]*$/).optional(), undefined, 'PostgreSQL schema to use (default: the connection\'s search_path).'),
  sessionSecret: setting('SESSION_SECRET', z.string().min(16).optional(), undefined, 'Secret that signs session cookies; generated and kept in the database when unset.'),
  adminPassword: setting('ADMIN_PASSWORD', z.string().refine((p) => passwordPolicyProblem(p, 'admin') === null, 'must follow the password policy: at least 12 characters, not the user name, not a common password').optional(), undefined, 'Password of the "admin" user created at first start; generated and printed once when unset.'),
  loadDemo: setting('LOAD_DEMO', bool, 'true', 'Load the demo company from fixtures/ on first start.'),
  timeZone: setting('TIME_ZONE', z.string().min(1), 'Europe/Paris', 'Time zone that decides the business date.'),
  dailyCron: setting('DAILY_CRON', z.string().min(9), '0 6 * * *', 'Cron expression of the daily recovery run.'),
  scheduler: setting('SCHEDULER', bool, 'true', 'Run the daily job from the server (off in tests).'),
  trustProxy: setting('TRUST_PROXY', z.string(), 'false', 'Express trust-proxy setting; set it behind an HTTPS load balancer so cookies are marked secure.'),
  defaultLocale: setting('DEFAULT_LOCALE', z.enum(['fr', 'en']), 'fr', 'Language of the interface when the user has not chosen one.'),
  viewCache: setting('VIEW_CACHE', bool, 'true', 'Keep the compiled page templates (views/*.ejs) in memory, as Express does with NODE_ENV=production; false re-reads them on every page (while editing views).'),
  pageSize: setting('PAGE_SIZE', z.coerce.number().int().min(5).max(500), '25', 'Rows per page in lists.'),
  customerAccountPrefixes: setting('CUSTOMER_ACCOUNT_PREFIXES', z.string().min(1), '411', 'Comma-separated account prefixes whose auxiliary accounts are customers.'),
  generalAccountCustomers: setting('GENERAL_ACCOUNT_CUSTOMERS', bool, 'true', 'When true, a customer general account (411…) whose lines have no auxiliary account (CompAuxNum empty) is itself a customer, named from CompteLib; the collective account (411000, "Clients") never is.'),
  defaultVatRate: setting('DEFAULT_VAT_RATE', z.coerce.number().min(0).max(100), '20', 'VAT rate (%) used to derive amounts excluding VAT when the ledger has no VAT lines.'),
  uploadDir: setting('UPLOAD_DIR', z.string().min(1), path.join('data', 'uploads'), 'Folder for attachments, outside the served folders.'),
  attachmentsMaxMbPerDossier: setting('ATTACHMENTS_MAX_MB_PER_DOSSIER', z.coerce.number().int().min(1).max(10240), '50', 'Total size of the attachments of one dossier, in MB.'),
  attachmentTypes: setting('ATTACHMENT_TYPES', z.string().regex(/^[a-z0-9]+(,[a-z0-9]+)*$/), 'pdf,jpg,jpeg,png,gif,txt,csv,doc,docx,xls,xlsx,odt,ods,eml,msg', 'File extensions allowed as attachments (comma-separated, lower case).'),
  fecImportMaxMb: setting('FEC_IMPORT_MAX_MB', z.coerce.number().int().min(1).max(10240), '500', 'Largest FEC file the upload page (/imports) accepts, in MB.'),
  maxLineAmount: setting('MAX_LINE_AMOUNT', z.coerce.number().int().min(1).max(10_000_000_000), '1000000000', 'Largest amount of one line, in whole euros (default 1 000 000 000,00 €, at most 10 000 000 000): forms, API and FEC lines above it are refused, so that sums stay exact.'),
  bodaccDir: setting('BODACC_DIR', z.string().min(1).optional(), undefined, 'Folder the daily run reads BODACC open-data exports from (JSON, JSON lines or CSV); each file read moves to done/ (or failed/ with its error). Unset: only uploads on /bodacc.'),
  prescriptionBusinessYears: setting('PRESCRIPTION_BUSINESS_YEARS', z.coerce.number().int().min(1).max(30), '5', 'Prescription of a claim on a business customer, in years (Code de commerce L110-4: 5).'),
  prescriptionConsumerYears: setting('PRESCRIPTION_CONSUMER_YEARS', z.coerce.number().int().min(1).max(30), '2', 'Prescription of a claim on a consumer, in years (Code de la consommation L218-2: 2).'),
  prescriptionAlertDays: setting('PRESCRIPTION_ALERT_DAYS', z.coerce.number().int().min(0).max(730), '90', 'Days before an invoice becomes time-barred when the daily run raises the alert intervention.'),
  eInvoicingDisputeReason: setting('EINVOICING_DISPUTE_REASON', z.string().max(40), '', 'Code of the dispute reason a Refusée (210) or En litige (207) e-invoicing status opens its dispute with. Empty: the first active reason.'),
  eInvoicingDisputeDays: setting('EINVOICING_DISPUTE_DAYS', z.coerce.number().int().min(1).max(365), '15', 'Days the owner of a dispute opened by an e-invoicing status has to deal with it.'),
  handoffInformDays: setting('HANDOFF_INFORM_DAYS', z.coerce.number().int().min(0).max(30), '2', 'Days within which the agency holding a dossier must be told of a payment received directly (the agencies ask for 48 hours): the due date of "Informer l\'agence du paiement direct".'),
  handoffAuthorityLimit: setting('HANDOFF_AUTHORITY_LIMIT', z.coerce.number().int().min(0).max(100_000_000_000), '5000000', 'In cents: the amount up to which an agency may agree a payment plan on its own (50 000 € by default), shown on an entrusted dossier.'),
  paymentOrderServiceMonths: setting('PAYMENT_ORDER_SERVICE_MONTHS', z.coerce.number().int().min(1).max(24), '6', 'Injonction de payer: months after the order within which it must be served, or it is void (non avenue) (Code de procédure civile 1411: 6).'),
  paymentOrderOppositionMonths: setting('PAYMENT_ORDER_OPPOSITION_MONTHS', z.coerce.number().int().min(1).max(12), '1', 'Injonction de payer: months after service to the debtor in person during which the debtor may oppose the order (Code de procédure civile 1416: 1).'),
  paymentOrderFormerEnforceabilityMonths: setting('PAYMENT_ORDER_FORMER_ENFORCEABILITY_MONTHS', z.coerce.number().int().min(1).max(12), '1', 'Injonction de payer made before 1 March 2022: months after the opposition period to ask for the formule exécutoire (former Code de procédure civile 1423: 1).'),
  claimsDeclarationMonths: setting('CLAIMS_DECLARATION_MONTHS', z.coerce.number().int().min(1).max(12), '2', 'Months after the BODACC publication of an opening judgment to declare a claim in a collective procedure (Code de commerce R622-24: 2).'),
  claimsDeclarationMonthsAbroad: setting('CLAIMS_DECLARATION_MONTHS_ABROAD', z.coerce.number().int().min(1).max(12), '4', 'The same for a creditor established outside metropolitan France (Code de commerce R622-24: 2 months plus 2).'),
  claimsReminderDays: setting('CLAIMS_REMINDER_DAYS', z.coerce.number().int().min(0).max(60), '15', 'Days before the claims-declaration deadline of a collective procedure when a reminder intervention falls due.'),
  controllersEditAll: setting('CONTROLLERS_EDIT_ALL', bool, 'false', 'When true, a credit controller may change every dossier; otherwise only the dossiers assigned to them (others read-only).'),
  reopenRoles: setting('REOPEN_ROLES', z.string().regex(/^(admin|controller|accountant)(,(admin|controller|accountant))*$/), 'admin', 'Comma-separated roles allowed to reopen a closed (Terminé) dossier.'),
  communicationGrouping: setting('COMMUNICATION_GROUPING', z.enum(['customer', 'dossier']), 'customer', 'How the daily job sends the letters and e-mails of scenario steps: "customer" = one document a day per customer and channel listing every dossier\'s overdue invoices, in the tone of the most advanced level; "dossier" = one document per step, as raised.'),
  promiseGraceDays: setting('PROMISE_GRACE_DAYS', z.coerce.number().int().min(0).max(60), '3', 'Days after the date of a promise to pay (promesse de règlement) during which the dossier\'s scenario still waits for the payment; past them, an unpaid promise is broken and the scenario resumes.'),
  disputeTeams: setting('DISPUTE_TEAMS', z.string().regex(/^([A-Za-z0-9_-]{1,40}=[A-Za-z0-9._@-]+(,[A-Za-z0-9._@-]+)*)?(;[A-Za-z0-9_-]{1,40}=[A-Za-z0-9._@-]+(,[A-Za-z0-9._@-]+)*)*$/), '', 'Teams that may own a dispute (litige), with the usernames notified by message: "sales=jdupont,mmartin;quality=pdurand". Empty: disputes are owned by a user.'),
  debtorLinkSecret: setting('DEBTOR_LINK_SECRET', z.string().min(16).optional(), undefined, 'Secret that signs the debtors\' personal links (espace débiteur); generated and kept in the database when unset, like SESSION_SECRET. Changing it invalidates every link sent.'),
  debtorLinkDays: setting('DEBTOR_LINK_DAYS', z.coerce.number().int().min(1).max(365), '60', 'How many days a debtor\'s personal link stays valid after it is made (a letter or e-mail renews it when fewer than 7 days are left).'),
  publicUrl: setting('PUBLIC_URL', z.string().url().optional(), undefined, 'Address of the module as the debtors reach it (e.g. https://recouvrement.example.fr), printed in the links of letters and e-mails; default http://HOST:PORT plus BASE_PATH.'),
  smtpHost: setting('SMTP_HOST', z.string().min(1).optional(), undefined, 'SMTP server for e-mails; when unset, e-mails stay in the outbox (/outbox).'),
  smtpPort: setting('SMTP_PORT', port, '587', 'SMTP port (587 with STARTTLS, 465 with SMTP_SECURE=true).'),
  smtpUser: setting('SMTP_USER', z.string().min(1).optional(), undefined, 'SMTP user name, when the server asks for authentication.'),
  smtpPassword: setting('SMTP_PASSWORD', z.string().min(1).optional(), undefined, 'SMTP password.'),
  smtpFrom: setting('SMTP_FROM', z.string().min(3), 'Recouvrement <recouvrement@localhost>', 'Sender address of the e-mails.'),
  smtpSecure: setting('SMTP_SECURE', bool, 'false', 'Use TLS from the start (port 465); otherwise STARTTLS when the server offers it.'),
} as const;

type Settings = typeof SETTINGS;
export type Config = { [K in keyof Settings]: Settings[K] extends SettingSpec<infer T> ? T : never };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, spec] of Object.entries(SETTINGS) as [string, SettingSpec<unknown>][]) {
    const raw = env[spec.env] !== undefined && env[spec.env] !== '' ? env[spec.env] : spec.default;
    const parsed = spec.schema.safeParse(raw);
    if (parsed.success) result[key] = parsed.data;
    // Secrets (passwords, keys, URLs with credentials) are never echoed back.
    else problems.push(`${spec.env}${/PASSWORD|SECRET|KEY|URL/.test(spec.env) ? '' : `=${JSON.stringify(raw)}`}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  if (problems.length > 0) throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return result as Config;
}

/** The settings table, for `--help-config` and the README. */
export function describeSettings(): string {
  return Object.values(SETTINGS)
    .map((s) => `${s.env.padEnd(26)} ${(s.default ?? '(unset)').padEnd(22)} ${s.doc}`)
    .join('\n');
}
