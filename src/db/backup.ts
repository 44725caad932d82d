/**
 * SQLite online backup with `VACUUM INTO` from a read-only connection of its own: one statement
 * under one read transaction, so the copy is a consistent snapshot (the state when it started) and,
 * in WAL mode, the server keeps writing meanwhile. (The page-by-page backup API restarts from the
 * beginning whenever another connection writes between two steps: under steady writes it never
 * ended — seen in CI.) The copy comes out compacted and in rollback-journal mode: no -wal beside it.
 * PostgreSQL has pg_dump for this.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export interface BackupResult {
  file: string;
  bytes: number;
  tables: number;
  durationMs: number;
}

/** data/backups/recouvrement-20261122-083015.sqlite (UTC), next to nothing else of the same name. */
export function defaultBackupFile(dir: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return path.join(dir, `recouvrement-${stamp}.sqlite`);
}

/** Where to write: a target ending in / or naming a folder gets a timestamped file inside it. */
export function resolveBackupTarget(target: string | undefined, defaultDir: string, now: Date = new Date()): string {
  if (!target) return defaultBackupFile(defaultDir, now);
  if (target.endsWith('/') || target.endsWith(path.sep) || (fs.existsSync(target) && fs.statSync(target).isDirectory())) return defaultBackupFile(target, now);
  return target;
}

export async function backupSqlite(sourcePath: string, targetFile: string): Promise<BackupResult> {
  if (!fs.existsSync(sourcePath)) throw new Error(`no SQLite database at ${sourcePath} (SQLITE_PATH)`);
  if (fs.existsSync(targetFile)) throw new Error(`${targetFile} already exists: choose another target`);
  fs.mkdirSync(path.dirname(path.resolve(targetFile)), { recursive: true });
  const started = Date.now();
  // A connection of its own, read-only: the backup never blocks on the server's writes for long.
  const source = new Database(sourcePath, { readonly: true, fileMustExist: true, timeout: 5000 });
  const partial = `${targetFile}.partial`;
  try {
    fs.rmSync(partial, { force: true });
    source.prepare('VACUUM INTO ?').run(partial);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  } finally {
    source.close();
  }
  const copy = new Database(partial, { fileMustExist: true });
  let tables: number;
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`the backup failed its integrity check: ${String(check)}`);
    // A self-contained file: no -wal beside it to forget when it is copied back (VACUUM INTO already gives one).
    copy.pragma('journal_mode = DELETE');
    tables = (copy.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n;
  } finally {
    copy.close();
  }
  // Renamed only once complete: a file under its final name is always a whole backup.
  fs.renameSync(partial, targetFile);
  return { file: targetFile, bytes: fs.statSync(targetFile).size, tables, durationMs: Date.now() - started };
}
