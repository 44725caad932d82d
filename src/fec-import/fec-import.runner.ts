/**
 * Imports started from the upload page run in the background of the server process; the page polls
 * their progress, kept here in memory (lines read, bytes) until the import ends and its summary is
 * in ledger_import.
 *
 * On SQLite the import shares the process's one connection, through the connection gate
 * (src/db/sqlite-gate.ts): it holds the database while its transaction writes, and other requests
 * wait their turn (a second connection in the same process would make them wait synchronously,
 * freezing the server, or fail). Real ledgers import in well under a second; PostgreSQL serves
 * pages alongside a long import.
 */
import fs from 'node:fs';
import type { DataSource } from 'typeorm';
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
  options: { customerPrefixes: string[]; generalAccountCustomers?: boolean; userId: number | null },
): void {
  progressById.set(record.id, { linesRead: 0, bytesRead: 0, totalBytes: record.fileSize });
  const done = (async () => {
    try {
      await importFec(ds, filePath, {
        companyId: record.companyId,
        customerPrefixes: options.customerPrefixes,
        generalAccountCustomers: options.generalAccountCustomers,
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
      progressById.delete(record.id);
      await fs.promises.rm(filePath, { force: true }).catch(() => undefined);
    }
  })();
  finished.set(record.id, done);
  void done.finally(() => finished.delete(record.id));
}
