/**
 * FEC import use case: one file, one transaction. Lines are streamed from the reader and upserted
 * in batches as they come (memory holds one batch, not the file); at the end of the file, if the
 * reader found any problem, the transaction is rolled back and the file is refused with its first
 * 50 problems. Customers are found or created from the auxiliary accounts of the customer accounts.
 * Every import is recorded in ledger_import. The steps are fec-import.steps.ts.
 */
import type { DataSource } from 'typeorm';
import { nowIso } from '../shared/business-date';
import { AppError } from '../shared/errors';
import { Company } from '../companies';
import { refreshDossierBalances } from '../dossiers';
import { deferLedgerIndexes, type FecInput } from '../ledger';
import { LedgerImport, type LedgerImportSource } from './fec-import.entity';
import { openInput, sizeSqliteCache, type OpenedInput } from './fec-import.input';
import {
  fileErrors, hasImportedBefore, importWarnings, loadKnownCustomers, readAndUpsertLines, renameCustomers, startRun, summarize, takeSqliteWriteLock,
} from './fec-import.steps';
import type { FecImportOptions, FecImportSummary } from './fec-import.types';

export { FEC_SOURCE_PREFIX, MAX_REPORTED_ERRORS } from './fec-import.steps';
export type { FecImportError, FecImportOptions, FecImportProgress, FecImportSummary } from './fec-import.types';

/** Thrown inside the transaction to roll it back when the file has problems. */
class FileRefused extends Error {}

/** Records an import as running; the upload page creates it before the background import starts. */
export async function startImportRecord(
  ds: DataSource,
  input: { companyId: number; fileName: string; fileSize: number; source: LedgerImportSource; userId: number | null },
): Promise<LedgerImport> {
  return ds.getRepository(LedgerImport).save({
    companyId: input.companyId, fileName: input.fileName.slice(0, 255), fileSize: input.fileSize, sha256: null, status: 'running',
    source: input.source, startedAt: nowIso(), finishedAt: null, linesRead: 0, totalDebit: 0, totalCredit: 0, errorCount: 0,
    summary: null, userId: input.userId,
  });
}

/** Marks an import that failed for a reason other than its content (database down, disk error). */
export async function failImportRecord(ds: DataSource, importId: number, message: string): Promise<void> {
  await ds.getRepository(LedgerImport).update({ id: importId }, {
    status: 'failed', finishedAt: nowIso(), summary: JSON.stringify({ failure: message }),
  });
}

/**
 * At start-up: an upload still "running" was cut off with the process that ran it (imports run in
 * the server's background). Its transaction never committed, so nothing of it was imported; say so.
 */
export async function failInterruptedUploads(ds: DataSource): Promise<number> {
  const result = await ds.getRepository(LedgerImport).update({ status: 'running', source: 'upload' }, {
    status: 'failed', finishedAt: nowIso(),
    summary: JSON.stringify({ failure: 'Interrupted: the server stopped during the import. Nothing was imported; upload the file again.' }),
  });
  return result.affected ?? 0;
}

/** Imports one FEC file for a company: the whole file, or nothing and the reasons. */
export async function importFec(ds: DataSource, input: FecInput, options: FecImportOptions): Promise<FecImportSummary> {
  const file = await openInput(input);
  const record = await importRecordFor(ds, file, options);
  const run = startRun(ds, file, options);
  let summary: FecImportSummary | null = null;
  let restoreCache = async (): Promise<void> => undefined;
  try {
    await ds.transaction(async (m) => {
      await takeSqliteWriteLock(m, run, record.id);
      await loadKnownCustomers(m, run);
      const checkExisting = await hasImportedBefore(m, run);
      const buildIndexes = checkExisting ? null : await deferLedgerIndexes(m, run.dialect, file.totalBytes ?? 0);
      restoreCache = await sizeSqliteCache(ds, run.dialect, buildIndexes !== null);
      await readAndUpsertLines(m, run, checkExisting);
      // Before anything reads the ledger again (the balances below), and whatever the outcome: nothing commits without them.
      if (buildIndexes) await buildIndexes();
      const errors = fileErrors(run);
      const warnings = importWarnings(run);
      let customersUpdated = 0;
      if (errors.length === 0) {
        // New or changed lines move the balance of their customers' dossiers: written in this transaction.
        await refreshDossierBalances(m, { thirdPartyIds: [...run.touched] });
        customersUpdated = await renameCustomers(m, run);
      }
      summary = summarize(run, record.id, errors, warnings, customersUpdated);
      if (errors.length > 0) throw new FileRefused();
    });
  } catch (err) {
    if (!(err instanceof FileRefused)) {
      await failImportRecord(ds, record.id, err instanceof Error ? err.message : String(err)).catch(() => undefined);
      throw err;
    }
  } finally {
    await restoreCache();
  }
  return finishImportRecord(ds, record.id, summary as unknown as FecImportSummary);
}

/** The import's row: the one the upload page created beforehand, or a new one. */
async function importRecordFor(ds: DataSource, file: OpenedInput, options: FecImportOptions): Promise<LedgerImport> {
  if (options.importId) return ds.getRepository(LedgerImport).findOneByOrFail({ id: options.importId });
  return startImportRecord(ds, { companyId: options.companyId, fileName: options.fileName, fileSize: file.totalBytes ?? 0, source: options.source ?? 'cli', userId: options.userId ?? null });
}

/** Writes the outcome on the import's row. */
async function finishImportRecord(ds: DataSource, importId: number, done: FecImportSummary): Promise<FecImportSummary> {
  await ds.getRepository(LedgerImport).update({ id: importId }, {
    status: done.status, finishedAt: nowIso(), fileSize: done.fileSize, sha256: done.sha256, linesRead: done.linesRead,
    totalDebit: done.totalDebit, totalCredit: done.totalCredit, errorCount: done.errorCount, summary: JSON.stringify(done),
  });
  return done;
}

/** The company a FEC goes to: the one with this code, else the creditor (first company without a parent). */
export async function resolveImportCompany(ds: DataSource, code?: string | null): Promise<Company | null> {
  const repo = ds.getRepository(Company);
  if (code) return repo.findOneBy({ code });
  const companies = await repo.find({ order: { id: 'ASC' } });
  return companies.find((c) => c.parentId === null) ?? companies[0] ?? null;
}

/** Imports, newest first. */
export async function listImports(ds: DataSource, limit = 50): Promise<LedgerImport[]> {
  return ds.getRepository(LedgerImport).find({ order: { id: 'DESC' }, take: limit });
}

/** One import, for its page; not found when there is none. */
export async function getImport(ds: DataSource, id: number): Promise<LedgerImport> {
  const record = await ds.getRepository(LedgerImport).findOneBy({ id });
  if (!record) throw AppError.notFound();
  return record;
}

export function summaryOf(record: LedgerImport): (FecImportSummary & { failure?: string }) | null {
  if (!record.summary) return null;
  try {
    return JSON.parse(record.summary) as FecImportSummary & { failure?: string };
  } catch {
    return null;
  }
}
