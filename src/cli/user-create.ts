/**
 * Creates a user from the command line, on the server's configuration and database:
 *   npm run user:create -- --username x --role controller [--name "Display name"] [--password …] [--locale fr|en]
 * Without --password a password is generated and printed once. Exit code 0 on success, 1 otherwise.
 */
import { loadConfig } from '../config';
import { openDatabase } from '../db/data-source';
import { createUserAccount } from '../users';
import { Role, ROLES } from '../auth';
import { isAppError } from '../shared/errors';
import { allDictionaries } from '../shared/i18n';

const USAGE = 'usage: npm run user:create -- --username <name> --role <admin|controller|accountant|auditor> [--name "Display name"] [--password <password>] [--locale fr|en]';

interface Args {
  username: string;
  role: Role;
  name: string;
  password: string | null;
  locale: 'fr' | 'en' | null;
}

function parseArgs(argv: string[]): Args {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--(username|role|name|password|locale)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unknown argument: ${a}\n${USAGE}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${m[1]} needs a value\n${USAGE}`);
    values[m[1]] = value;
  }
  if (!values.username) throw new Error(`--username is required\n${USAGE}`);
  if (!values.role) throw new Error(`--role is required\n${USAGE}`);
  if (!ROLES.includes(values.role as Role)) throw new Error(`--role must be one of ${ROLES.join(', ')}, got "${values.role}"`);
  if (values.locale !== undefined && values.locale !== 'fr' && values.locale !== 'en') throw new Error(`--locale must be fr or en, got "${values.locale}"`);
  return { username: values.username, role: values.role as Role, name: values.name ?? '', password: values.password ?? null, locale: (values.locale as 'fr' | 'en' | undefined) ?? null };
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
  const dataSource = await openDatabase(loadConfig());
  try {
    const { user, generatedPassword } = await createUserAccount(dataSource, { username: args.username, displayName: args.name, role: args.role, locale: args.locale, controllerId: null, password: args.password });
    process.stdout.write(`User "${user.username}" created (role ${user.role}, id ${user.id}).\n`);
    if (generatedPassword) process.stdout.write(`Password: ${generatedPassword}\nKeep it now: it will not be shown again.\n`);
    return 0;
  } catch (err) {
    if (!isAppError(err)) throw err;
    // Field errors carry i18n keys: print the English sentence.
    const en = allDictionaries().en;
    const problems = err.fieldErrors.length ? err.fieldErrors.map((e) => `--${e.field}: ${en[e.message] ?? e.message}`) : [en[err.message] ?? err.message];
    process.stderr.write(`User not created:\n  ${problems.join('\n  ')}\n`);
    return 1;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`user:create failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
