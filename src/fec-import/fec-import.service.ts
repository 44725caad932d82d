/**
 * FEC import use case: one file, one transaction. Lines are streamed from the reader and upserted
 * in batches as they come (memory holds one batch, not the file); at the end of the file, if the
 * reader found any problem, the transaction is rolled back and the file is refused with its first
 * 50 problems. Customers are found or created from the auxiliary accounts of the customer accounts.
 * Every import is recorded in ledger_import.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Transform } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import { databaseKind } from '../db/sql';
import { nowIso } from '../shared/business-date';
import { Company } from '../companies';
import { ThirdParty } from '../third-parties';
import { refreshDossierBalances } from '../dossiers';
import { LedgerImport, type LedgerImportSource } from './fec-import.entity';
import { customerOfLine, cut, importedDueDate, LABEL_LIMITS, oversizedCode, type LineCustomer } from './fec-import.rules';
import {
  isCustomerAccount, readFec, SourceKeyer, upsertLedgerLines, UPSERT_BATCH_ROWS, type FecInput, type FecLine, type FecProblem, type LedgerUpsertRow,
} from '../ledger';

/** Every FEC line's source key starts with this, whatever the file name: a later export of the same ledger keeps its keys. */
export const FEC_SOURCE_PREFIX = 'fec';
export const MAX_REPORTED_ERRORS = 50;
const IMPORT_SQLITE_CACHE_KIB = 32 * 1024;

export interface FecImportProgress {
  linesRead: number;
  bytesRead: number;
  /** Size of the file when known (a path or a buffer), else null. */
  totalBytes: number | null;
}

export interface FecImportOptions {
  companyId: number;
  /** Account prefixes whose auxiliary accounts are customers (config.customerAccountPrefixes, default 411). */
  customerPrefixes: string[];
  /** A 411… general account without auxiliary account is a customer (config.generalAccountCustomers, on by default). */
  generalAccountCustomers?: boolean;
  fileName: string;
  userId?: number | null;
  source?: LedgerImportSource;
  /** An import row created beforehand (startImportRecord), e.g. by the upload page to poll it. */
  importId?: number;
  /** Called about every batch (500 lines) and at the end. */
  onProgress?: (progress: FecImportProgress) => void;
}

export interface FecImportError {
  lineNumber: number;
  column: string | null;
  value: string | null;
  code: string;
  message: string;
}

export interface FecImportSummary {
  importId: number;
  status: 'succeeded' | 'refused';
  fileName: string;
  fileSize: number;
  sha256: string | null;
  linesRead: number;
  entries: number;
  /** Cents. */
  totalDebit: number;
  totalCredit: number;
  customersCreated: number;
  customersUpdated: number;
  linesInserted: number;
  linesUpdated: number;
  linesUnchanged: number;
  /** Unlettered customer lines in the file. */
  openItems: number;
  /** Open items of the database that this file's lettering closed. */
  letteringsClosed: number;
  warnings: string[];
  /** The first 50 problems; errorCount counts them all. */
  errors: FecImportError[];
  errorCount: number;
}

/** Thrown inside the transaction to roll it back when the file has problems. */
class FileRefused extends Error {}

interface CustomerState {
  id: number;
  name: string;
  paymentTermsDays: number | null;
  /** Existed before this import (only those count as "updated"). */
  existed: boolean;
  /** Last label of the account read in the file. */
  newName: string | null;
}

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

/** The bytes of the file pass through here: SHA-256 and progress, without holding them. */
function meter(onChunk: (bytes: number) => void): { stream: Transform; digest: () => string } {
  const hash = createHash('sha256');
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      onChunk(chunk.length);
      done(null, chunk);
    },
  });
  return { stream, digest: () => hash.digest('hex') };
}

function toError(p: FecProblem): FecImportError {
  return { lineNumber: p.lineNumber, column: p.column, value: p.value, code: p.code, message: p.message };
}

export async function importFec(ds: DataSource, input: FecInput, options: FecImportOptions): Promise<FecImportSummary> {
  const dialect = databaseKind(ds);
  let totalBytes: number | null = null;
  let bytesRead = 0;
  let source: FecInput;
  let digest: () => string | null;
  if (typeof input === 'string') {
    totalBytes = (await fs.promises.stat(input)).size;
    const m = meter((n) => (bytesRead += n));
    source = fs.createReadStream(input, { highWaterMark: 256 * 1024 }).on('error', (err) => m.stream.destroy(err)).pipe(m.stream);
    digest = m.digest;
  } else if (input instanceof Uint8Array) {
    totalBytes = input.byteLength;
    source = input;
    const sha = createHash('sha256').update(input).digest('hex');
    digest = () => sha;
  } else {
    const m = meter((n) => (bytesRead += n));
    source = (input as NodeJS.ReadableStream).pipe(m.stream);
    digest = m.digest;
  }

  const record = options.importId
    ? await ds.getRepository(LedgerImport).findOneByOrFail({ id: options.importId })
    : await startImportRecord(ds, { companyId: options.companyId, fileName: options.fileName, fileSize: totalBytes ?? 0, source: options.source ?? 'cli', userId: options.userId ?? null });

  const reader = readFec(source, { maxProblems: MAX_REPORTED_ERRORS });
  const keyer = new SourceKeyer(FEC_SOURCE_PREFIX);
  const importedAt = nowIso();
  const customers = new Map<string, CustomerState>();
  const warnings: string[] = [];
  const extraErrors: FecImportError[] = [];
  let extraErrorCount = 0;
  let customersCreated = 0;
  let openItems = 0;
  let labelsCut = 0;
  let customerLinesWithoutAux = 0;
  const generalAccounts = new Set<string>();
  const customerOf = (line: FecLine): LineCustomer | null => customerOfLine(line, options.customerPrefixes, options.generalAccountCustomers ?? true);
  const counts = { inserted: 0, updated: 0, unchanged: 0, letteringsClosed: 0 };
  const touched = new Set<number>();
  let linesRead = 0;
  const progress = () => options.onProgress?.({ linesRead, bytesRead: totalBytes !== null && typeof input !== 'string' ? Math.min(totalBytes, bytesRead) : bytesRead, totalBytes });

  let summary: FecImportSummary | null = null;
  // SQLite's default page cache (2 MB) is far smaller than the indexes a large ledger touches; a
  // bigger one for the import's duration saves a quarter of the write time. Restored afterwards.
  const previousCacheSize = dialect === 'sqlite' ? Number((await ds.query('PRAGMA cache_size'))[0]?.cache_size ?? -2000) : null;
  if (previousCacheSize !== null) await ds.query(`PRAGMA cache_size = ${IMPORT_SQLITE_CACHE_KIB > -previousCacheSize ? -IMPORT_SQLITE_CACHE_KIB : previousCacheSize}`);
  try {
    await ds.transaction(async (m: EntityManager) => {
      // SQLite: write first, so the transaction takes the write lock now (waiting its turn behind the
      // other connections). Reading first would pin a snapshot that another connection's commit makes
      // stale, and the first insert would then fail at once with "database is locked".
      if (dialect === 'sqlite') await m.query('UPDATE ledger_import SET status = status WHERE id = ?', [record.id]);
      const existing = await m.getRepository(ThirdParty).find({
        where: { companyId: options.companyId },
        select: { id: true, auxiliaryAccount: true, name: true, paymentTermsDays: true },
      });
      for (const tp of existing) {
        customers.set(tp.auxiliaryAccount, { id: tp.id, name: tp.name, paymentTermsDays: tp.paymentTermsDays, existed: true, newName: null });
      }
      const [{ n }] = await m.query(
        `SELECT COUNT(*) AS n FROM ledger_entry WHERE company_id = ${dialect === 'postgres' ? '$1' : '?'} AND source_key LIKE '${FEC_SOURCE_PREFIX}:%'`,
        [options.companyId],
      );
      const checkExisting = Number(n) > 0;

      let batch: FecLine[] = [];
      // Keys are given in file order (the rank in the entry depends on it), then used at flush.
      const keyOf = new Map<FecLine, string>();
      const flush = async () => {
        if (batch.length === 0) return;
        const lines = batch;
        batch = [];
        if (reader.problemCount > 0 || extraErrorCount > 0) return; // refused anyway: stop writing
        customersCreated += await createMissingCustomers(m, options.companyId, lines, customerOf, customers);
        const rows: LedgerUpsertRow[] = [];
        for (const line of lines) {
          const who = customerOf(line);
          const customer = who ? customers.get(who.key)! : null;
          // The account's last label in the file wins, so a file that spells it two ways renames it once, not at every import.
          if (customer && customer.existed && who?.name) customer.newName = who.name;
          const labels = {
            journalLabel: cut(line.journalLabel || null, LABEL_LIMITS.journalLabel),
            accountLabel: cut(line.accountLabel || null, LABEL_LIMITS.accountLabel),
            auxiliaryLabel: cut(line.auxiliaryLabel, LABEL_LIMITS.auxiliaryLabel),
            label: cut(line.label || null, LABEL_LIMITS.label),
            pieceRef: cut(line.pieceRef || null, LABEL_LIMITS.pieceRef),
          };
          if (Object.values(labels).some((l) => l.cut)) labelsCut++;
          rows.push({
            sourceKey: keyOf.get(line)!,
            journalCode: line.journalCode,
            journalLabel: labels.journalLabel.value,
            entryNumber: line.entryNumber,
            entryDate: line.entryDate,
            account: line.account,
            accountLabel: labels.accountLabel.value,
            auxiliaryAccount: line.auxiliaryAccount,
            auxiliaryLabel: labels.auxiliaryLabel.value,
            thirdPartyId: customer?.id ?? null,
            pieceRef: labels.pieceRef.value,
            pieceDate: line.pieceDate,
            label: labels.label.value,
            debit: line.debit,
            credit: line.credit,
            dueDate: importedDueDate(line, customer !== null, customer?.paymentTermsDays ?? null),
            lettering: line.lettering,
            letteringDate: line.letteringDate,
            validDate: line.validDate,
            currencyAmount: line.currencyAmount,
            currency: line.currency,
          });
        }
        keyOf.clear();
        const c = await upsertLedgerLines(m, dialect, options.companyId, rows, { checkExisting, importedAt });
        counts.inserted += c.inserted;
        counts.updated += c.updated;
        counts.unchanged += c.unchanged;
        counts.letteringsClosed += c.letteringsClosed;
        for (const tp of c.thirdPartyIds) touched.add(tp);
      };
      for await (const line of reader) {
        linesRead++;
        keyOf.set(line, keyer.keyOf(line));
        const tooLong = oversizedCode(line);
        if (tooLong) {
          extraErrorCount++;
          if (extraErrors.length < MAX_REPORTED_ERRORS) {
            extraErrors.push({ lineNumber: line.lineNumber, column: tooLong.column, value: tooLong.value.slice(0, 100), code: 'value_too_long', message: `The value is longer than ${tooLong.max} characters.` });
          }
        }
        const who = customerOf(line);
        if (!who && line.auxiliaryAccount === null && isCustomerAccount(line.account, options.customerPrefixes)) customerLinesWithoutAux++;
        if (who?.fromGeneralAccount) generalAccounts.add(who.key);
        if (who && line.lettering === null) openItems++;
        batch.push(line);
        if (batch.length >= UPSERT_BATCH_ROWS) {
          await flush();
          progress();
        }
      }
      await flush();
      linesRead = reader.summary().lines;
      progress();

      const read = reader.summary();
      const errors = [...read.problems.map(toError), ...extraErrors].sort((a, b) => a.lineNumber - b.lineNumber).slice(0, MAX_REPORTED_ERRORS);
      const format = read.format;
      if (format && format.mixedEncodingLines > 0) warnings.push(`${format.mixedEncodingLines} line(s) were not valid UTF-8 and were read as Windows-1252.`);
      if (format && format.extraColumns.length > 0) warnings.push(`Columns ignored: ${format.extraColumns.join(', ')}.`);
      if (generalAccounts.size > 0) {
        const sample = [...generalAccounts].slice(0, 5).join(', ');
        warnings.push(`${generalAccounts.size} customer(s) taken from general accounts without an auxiliary account (named from CompteLib): ${sample}${generalAccounts.size > 5 ? '…' : ''}.`);
      }
      if (customerLinesWithoutAux > 0) warnings.push(`${customerLinesWithoutAux} customer-account line(s) have no auxiliary account: they are imported without a customer.`);
      if (labelsCut > 0) warnings.push(`${labelsCut} line(s) had a label or piece reference longer than the database keeps: it was shortened.`);

      let customersUpdated = 0;
      // New or changed lines move the balance of their customers' dossiers: written in this transaction.
      if (errors.length === 0) await refreshDossierBalances(m, { thirdPartyIds: [...touched] });
      if (errors.length === 0) {
        for (const [, c] of customers) {
          if (!c.existed || c.newName === null || c.newName.slice(0, 200) === c.name) continue;
          await m.getRepository(ThirdParty)
            .createQueryBuilder()
            .update()
            .set({ name: c.newName.slice(0, 200), updatedAt: importedAt, version: () => 'version + 1' })
            .where('id = :id', { id: c.id })
            .execute();
          customersUpdated++;
        }
      }

      summary = {
        importId: record.id,
        status: errors.length === 0 ? 'succeeded' : 'refused',
        fileName: options.fileName,
        fileSize: totalBytes ?? bytesRead,
        sha256: digest(),
        linesRead: read.lines,
        entries: read.entries,
        totalDebit: read.totalDebit,
        totalCredit: read.totalCredit,
        customersCreated: errors.length === 0 ? customersCreated : 0,
        customersUpdated,
        linesInserted: errors.length === 0 ? counts.inserted : 0,
        linesUpdated: errors.length === 0 ? counts.updated : 0,
        linesUnchanged: errors.length === 0 ? counts.unchanged : 0,
        openItems,
        letteringsClosed: errors.length === 0 ? counts.letteringsClosed : 0,
        warnings,
        errors,
        errorCount: read.problemCount + extraErrorCount,
      };
      if (errors.length > 0) throw new FileRefused();
    });
  } catch (err) {
    if (!(err instanceof FileRefused)) {
      await failImportRecord(ds, record.id, err instanceof Error ? err.message : String(err)).catch(() => undefined);
      throw err;
    }
  } finally {
    if (previousCacheSize !== null) await ds.query(`PRAGMA cache_size = ${previousCacheSize}`).catch(() => undefined);
  }
  const done = summary as unknown as FecImportSummary;
  await ds.getRepository(LedgerImport).update({ id: record.id }, {
    status: done.status, finishedAt: nowIso(), fileSize: done.fileSize, sha256: done.sha256, linesRead: done.linesRead,
    totalDebit: done.totalDebit, totalCredit: done.totalCredit, errorCount: done.errorCount, summary: JSON.stringify(done),
  });
  return done;
}

/** Creates, in one statement, the customers of this batch that do not exist yet, and learns their ids. */
async function createMissingCustomers(
  m: EntityManager,
  companyId: number,
  lines: FecLine[],
  customerOf: (line: FecLine) => LineCustomer | null,
  customers: Map<string, CustomerState>,
): Promise<number> {
  const missing = new Map<string, string>();
  for (const line of lines) {
    const who = customerOf(line);
    if (!who || customers.has(who.key) || missing.has(who.key)) continue;
    missing.set(who.key, (who.name || who.key).slice(0, 200));
  }
  if (missing.size === 0) return 0;
  const now = nowIso();
  const rows = [...missing].map(([account, name]) => ({
    companyId, auxiliaryAccount: account, name, legalForm: null, address: null, postalCode: null, city: null, country: 'FR',
    vatNumber: null, siren: null, phone: null, email: null, riskCodeId: null, creditControllerId: null, paymentTermsDays: null,
    version: 1, createdAt: now, updatedAt: now,
  }));
  const repo = m.getRepository(ThirdParty);
  // 19 columns x 200 rows per statement, under SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    await repo.createQueryBuilder().insert().into(ThirdParty).values(chunk).updateEntity(false).execute();
    const created = await repo.createQueryBuilder('tp')
      .select(['tp.id', 'tp.auxiliaryAccount'])
      .where('tp.companyId = :companyId AND tp.auxiliaryAccount IN (:...accounts)', { companyId, accounts: chunk.map((r) => r.auxiliaryAccount) })
      .getMany();
    for (const tp of created) {
      customers.set(tp.auxiliaryAccount, { id: tp.id, name: missing.get(tp.auxiliaryAccount)!, paymentTermsDays: null, existed: false, newName: null });
    }
  }
  return missing.size;
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

export function summaryOf(record: LedgerImport): (FecImportSummary & { failure?: string }) | null {
  if (!record.summary) return null;
  try {
    return JSON.parse(record.summary) as FecImportSummary & { failure?: string };
  } catch {
    return null;
  }
}
