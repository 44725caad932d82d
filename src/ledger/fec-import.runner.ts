/**
 * Imports started from the upload page run in the background of the server process; the page polls
 * their progress, kept here in memory (lines read, bytes) until the import ends and its summary is
 * in ledger_import.
 */
import fs from 'node:fs';
import { DataSource } from 'typeorm';
import { logger } from '../shared/logger';
import { importFec, type FecImportProgress } from './fec-import.service';
import type { LedgerImport } from './fec-import.entity';

const progressById = new Map<number, FecImportProgress>();
const finished = new Map<number, Promise<void>>();

/** Progress of an import running in this process, or null (finished, or started by another process). */
export function importProgress(importId: number): FecImportProgress | null {
  return progressById.get(importId) ?? null;
}

/** Resolves when the background import ends (tests wait on it). */
export function whenImportEnds(importId: number): Promise<void> {
  return finished.get(importId) ?? Promise.resolve();
}

/** Starts the import of an uploaded file without waiting for it; the file is deleted at the end. */
export function startBackgroundImport(
  ds: DataSource,
  record: LedgerImport,
  filePath: string,
  options: { customerPrefixes: string[]; userId: number | null },
): void {
  progressById.set(record.id, { linesRead: 0, bytesRead: 0, totalBytes: record.fileSize });
  const done = (async () => {
    // SQLite: the import gets a connection of its own. On the shared one it would hold every other
    // request for as long as it runs; on its own, pages keep reading (WAL) while it writes, and it
    // waits (up to 30 s) for the short writes of the pages rather than failing.
    const own = ds.options.type === 'better-sqlite3' ? await new DataSource({ ...ds.options, timeout: 30_000 } as typeof ds.options).initialize() : null;
    try {
      await importFec(own ?? ds, filePath, {
        companyId: record.companyId,
        customerPrefixes: options.customerPrefixes,
        fileName: record.fileName,
        userId: options.userId,
        source: 'upload',
        importId: record.id,
        onProgress: (p) => progressById.set(record.id, p),
      });
    } catch (err) {
      // importFec has marked the import as failed; the page shows it.
      logger.error('FEC import failed', { importId: record.id, error: err instanceof Error ? err.message : String(err) });
    } finally {
      if (own) await own.destroy().catch(() => undefined);
      progressById.delete(record.id);
      await fs.promises.rm(filePath, { force: true }).catch(() => undefined);
    }
  })();
  finished.set(record.id, done);
  void done.finally(() => finished.delete(record.id));
}
