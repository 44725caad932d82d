/**
 * Online backup of the SQLite database, while the server runs:
 *   npm run backup [-- <target file or folder>]
 * Default target: data/backups/recouvrement-<UTC timestamp>.sqlite. Restore: README, "Production".
 * On PostgreSQL, pg_dump is the tool; this command says so and exits with 1.
 */
import path from 'node:path';
import { loadConfig } from '../config';
import { backupSqlite, resolveBackupTarget } from '../db/backup';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length > 1 || args[0]?.startsWith('-')) {
    process.stderr.write('usage: npm run backup [-- <target file or folder>]\n');
    return 1;
  }
  const config = loadConfig();
  if (config.databaseUrl) {
    process.stderr.write(
      'DATABASE_URL is set: the data is in PostgreSQL. Back it up with pg_dump, e.g.\n' +
        `  pg_dump --format=custom --file=recouvrement.dump "$DATABASE_URL"${config.databaseSchema ? ` --schema=${config.databaseSchema}` : ''}\n` +
        'and restore with pg_restore (see README, "Production").\n',
    );
    return 1;
  }
  const target = resolveBackupTarget(args[0], path.join('data', 'backups'));
  const r = await backupSqlite(config.sqlitePath, target);
  process.stdout.write(`Backup of ${config.sqlitePath} written to ${r.file} (${r.tables} tables, ${(r.bytes / 1024 / 1024).toFixed(1)} MB, ${r.durationMs} ms).\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`backup failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
