/**
 * The steps of importFec (fec-import.service.ts), in the order it takes them once the input is
 * open (fec-import.input.ts): know the company's customers, read and upsert the lines batch by batch,
 * then the file's errors and warnings, the renamed customers and the summary. An ImportRun holds
 * what the steps learn along the way. Just over 300 lines: the per-line path is kept in one file,
 * next to the run it writes to, so that what a line costs can be read in one place.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { databaseKind, type DatabaseKind } from '../db/sql';
import { nowIso } from '../shared/business-date';
import { createCustomers, renameCustomer, ThirdParty } from '../third-parties';
import {
  isCustomerAccount, readFec, SourceKeyer, upsertLedgerLines, UPSERT_BATCH_ROWS, type FecLine, type FecProblem, type LedgerUpsertRow,
} from '../ledger';
import { customerOfLine, importedDueDate, LABEL_LIMITS, oversizedCode, type LineCustomer } from './fec-import.rules';
import type { FecImportError, FecImportOptions, FecImportSummary } from './fec-import.types';
import type { OpenedInput } from './fec-import.input';

/** Every FEC line's source key starts with this, whatever the file name: a later export of the same ledger keeps its keys. */
export const FEC_SOURCE_PREFIX = 'fec';
export const MAX_REPORTED_ERRORS = 50;

// ---------------------------------------------------------------------------------------------
// What a run learns

interface CustomerState {
  id: number;
  name: string;
  paymentTermsDays: number | null;
  /** Existed before this import (only those count as "updated"). */
  existed: boolean;
  /** Last label of the account read in the file. */
  newName: string | null;
}

export interface ImportRun {
  options: FecImportOptions;
  dialect: DatabaseKind;
  file: OpenedInput;
  reader: ReturnType<typeof readFec>;
  keyer: SourceKeyer;
  importedAt: string;
  customers: Map<string, CustomerState>;
  /** Piece date and payment terms → due date (dueDateOf). */
  dueDates: Map<string, string | null>;
  customerOf: (line: FecLine) => LineCustomer | null;
  extraErrors: FecImportError[];
  extraErrorCount: number;
  customersCreated: number;
  openItems: number;
  labelsCut: number;
  customerLinesWithoutAux: number;
  generalAccounts: Set<string>;
  counts: { inserted: number; updated: number; unchanged: number; letteringsClosed: number };
  /** Customers whose lines changed: their dossiers' balances are refreshed. */
  touched: Set<number>;
  linesRead: number;
}

export function startRun(ds: DataSource, file: OpenedInput, options: FecImportOptions): ImportRun {
  return {
    options,
    dialect: databaseKind(ds),
    file,
    reader: readFec(file.source, { maxProblems: MAX_REPORTED_ERRORS }),
    keyer: new SourceKeyer(FEC_SOURCE_PREFIX),
    importedAt: nowIso(),
    customers: new Map(),
    dueDates: new Map(),
    customerOf: (line) => customerOfLine(line, options.customerPrefixes, options.generalAccountCustomers ?? true),
    extraErrors: [],
    extraErrorCount: 0,
    customersCreated: 0,
    openItems: 0,
    labelsCut: 0,
    customerLinesWithoutAux: 0,
    generalAccounts: new Set(),
    counts: { inserted: 0, updated: 0, unchanged: 0, letteringsClosed: 0 },
    touched: new Set(),
    linesRead: 0,
  };
}

function reportProgress(run: ImportRun): void {
  const { totalBytes, isPath } = run.file;
  const bytesRead = run.file.bytesRead();
  run.options.onProgress?.({ linesRead: run.linesRead, bytesRead: totalBytes !== null && !isPath ? Math.min(totalBytes, bytesRead) : bytesRead, totalBytes });
}

// ---------------------------------------------------------------------------------------------
// In the transaction

/**
 * SQLite: write first, so the transaction takes the write lock now (waiting its turn behind the
 * other connections). Reading first would pin a snapshot that another connection's commit makes
 * stale, and the first insert would then fail at once with "database is locked".
 */
export async function takeSqliteWriteLock(m: EntityManager, run: ImportRun, importId: number): Promise<void> {
  if (run.dialect === 'sqlite') await m.query('UPDATE ledger_import SET status = status WHERE id = ?', [importId]);
}

export async function loadKnownCustomers(m: EntityManager, run: ImportRun): Promise<void> {
  const existing = await m.getRepository(ThirdParty).find({
    where: { companyId: run.options.companyId },
    select: { id: true, auxiliaryAccount: true, name: true, paymentTermsDays: true },
  });
  for (const tp of existing) {
    run.customers.set(tp.auxiliaryAccount, { id: tp.id, name: tp.name, paymentTermsDays: tp.paymentTermsDays, existed: true, newName: null });
  }
}

/** Whether the company already has FEC lines: only then is each line looked up before it is written. */
export async function hasImportedBefore(m: EntityManager, run: ImportRun): Promise<boolean> {
  const [{ n }] = await m.query(
    `SELECT COUNT(*) AS n FROM ledger_entry WHERE company_id = ${run.dialect === 'postgres' ? '$1' : '?'} AND source_key LIKE '${FEC_SOURCE_PREFIX}:%'`,
    [run.options.companyId],
  );
  return Number(n) > 0;
}

/**
 * Streams the file's lines and upserts them by batches of UPSERT_BATCH_ROWS, noting what the summary
 * says. Per line: its key (given in file order: the rank in the entry depends on it) and its
 * customer are worked out once, in arrays beside the batch; nothing else is kept past its batch.
 */
export async function readAndUpsertLines(m: EntityManager, run: ImportRun, checkExisting: boolean): Promise<void> {
  let batch: FecLine[] = [];
  let keys: string[] = [];
  let whos: (LineCustomer | null)[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const lines = batch;
    const lineKeys = keys;
    const lineWhos = whos;
    batch = [];
    keys = [];
    whos = [];
    if (run.reader.problemCount > 0 || run.extraErrorCount > 0) return; // refused anyway: stop writing
    await upsertBatch(m, run, lines, lineKeys, lineWhos, checkExisting);
  };
  for await (const line of run.reader) {
    run.linesRead++;
    const who = run.customerOf(line);
    keys.push(run.keyer.keyOf(line));
    whos.push(who);
    noteLine(run, line, who);
    batch.push(line);
    if (batch.length >= UPSERT_BATCH_ROWS) {
      await flush();
      reportProgress(run);
    }
  }
  await flush();
  run.linesRead = run.reader.summary().lines;
  reportProgress(run);
}

/** What one line tells besides itself: a code too long for the database, a customer line without auxiliary account, an open item. */
function noteLine(run: ImportRun, line: FecLine, who: LineCustomer | null): void {
  const tooLong = oversizedCode(line);
  if (tooLong) {
    run.extraErrorCount++;
    if (run.extraErrors.length < MAX_REPORTED_ERRORS) {
      run.extraErrors.push({ lineNumber: line.lineNumber, column: tooLong.column, value: tooLong.value.slice(0, 100), code: 'value_too_long', message: `The value is longer than ${tooLong.max} characters.` });
    }
  }
  if (!who && line.auxiliaryAccount === null && isCustomerAccount(line.account, run.options.customerPrefixes)) run.customerLinesWithoutAux++;
  if (who?.fromGeneralAccount) run.generalAccounts.add(who.key);
  if (who && line.lettering === null) run.openItems++;
}

/** A label cut to its column; `cut` counts the lines that had one cut. */
function fitted(value: string | null, max: number, cut: { any: boolean }): string | null {
  if (value === null || value.length <= max) return value;
  cut.any = true;
  return value.slice(0, max);
}

/**
 * Due dates computed (piece date + payment terms): a ledger has a few hundred distinct piece dates
 * and a handful of terms, so each sum is worked out once rather than on every invoice line.
 */
function dueDateOf(run: ImportRun, line: FecLine, customer: CustomerState | null): string | null {
  if (line.dueDate || !customer || line.debit <= line.credit) return importedDueDate(line, customer !== null, customer?.paymentTermsDays ?? null);
  const from = line.pieceDate ?? line.entryDate;
  const memoKey = `${from}|${customer.paymentTermsDays ?? ''}`;
  let due = run.dueDates.get(memoKey);
  if (due === undefined) {
    due = importedDueDate(line, true, customer.paymentTermsDays);
    if (run.dueDates.size < 100_000) run.dueDates.set(memoKey, due);
  }
  return due;
}

/** One batch: its new customers created, its lines cut to the columns' sizes and upserted. */
async function upsertBatch(m: EntityManager, run: ImportRun, lines: FecLine[], keys: string[], whos: (LineCustomer | null)[], checkExisting: boolean): Promise<void> {
  run.customersCreated += await createMissingCustomers(m, run, whos);
  const rows: LedgerUpsertRow[] = new Array(lines.length);
  const cut = { any: false };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const who = whos[i];
    const customer = who ? run.customers.get(who.key)! : null;
    // The account's last label in the file wins, so a file that spells it two ways renames it once, not at every import.
    if (customer && customer.existed && who?.name) customer.newName = who.name;
    cut.any = false;
    rows[i] = {
      sourceKey: keys[i],
      journalCode: line.journalCode,
      journalLabel: fitted(line.journalLabel || null, LABEL_LIMITS.journalLabel, cut),
      entryNumber: line.entryNumber,
      entryDate: line.entryDate,
      account: line.account,
      accountLabel: fitted(line.accountLabel || null, LABEL_LIMITS.accountLabel, cut),
      auxiliaryAccount: line.auxiliaryAccount,
      auxiliaryLabel: fitted(line.auxiliaryLabel, LABEL_LIMITS.auxiliaryLabel, cut),
      thirdPartyId: customer?.id ?? null,
      pieceRef: fitted(line.pieceRef || null, LABEL_LIMITS.pieceRef, cut),
      pieceDate: line.pieceDate,
      label: fitted(line.label || null, LABEL_LIMITS.label, cut),
      debit: line.debit,
      credit: line.credit,
      dueDate: dueDateOf(run, line, customer),
      lettering: line.lettering,
      letteringDate: line.letteringDate,
      validDate: line.validDate,
      currencyAmount: line.currencyAmount,
      currency: line.currency,
    };
    if (cut.any) run.labelsCut++;
  }
  const c = await upsertLedgerLines(m, run.dialect, run.options.companyId, rows, { checkExisting, importedAt: run.importedAt });
  run.counts.inserted += c.inserted;
  run.counts.updated += c.updated;
  run.counts.unchanged += c.unchanged;
  run.counts.letteringsClosed += c.letteringsClosed;
  for (const tp of c.thirdPartyIds) run.touched.add(tp);
}

/** Creates, through the customers' component, the customers of this batch that do not exist yet, and learns their ids. */
async function createMissingCustomers(m: EntityManager, run: ImportRun, whos: (LineCustomer | null)[]): Promise<number> {
  let missing: Map<string, string> | null = null;
  for (const who of whos) {
    if (!who || run.customers.has(who.key) || missing?.has(who.key)) continue;
    (missing ??= new Map()).set(who.key, (who.name || who.key).slice(0, 200));
  }
  if (!missing) return 0;
  for (const [account, id] of await createCustomers(m, run.options.companyId, missing, nowIso())) {
    run.customers.set(account, { id, name: missing.get(account)!, paymentTermsDays: null, existed: false, newName: null });
  }
  return missing.size;
}

// ---------------------------------------------------------------------------------------------
// Once the file is read

function toError(p: FecProblem): FecImportError {
  return { lineNumber: p.lineNumber, column: p.column, value: p.value, code: p.code, message: p.message };
}

/** The file's first problems, the reader's and ours, in line order. */
export function fileErrors(run: ImportRun): FecImportError[] {
  return [...run.reader.summary().problems.map(toError), ...run.extraErrors].sort((a, b) => a.lineNumber - b.lineNumber).slice(0, MAX_REPORTED_ERRORS);
}

export function importWarnings(run: ImportRun): string[] {
  const warnings: string[] = [];
  const format = run.reader.summary().format;
  if (format && format.mixedEncodingLines > 0) warnings.push(`${format.mixedEncodingLines} line(s) were not valid UTF-8 and were read as Windows-1252.`);
  if (format && format.extraColumns.length > 0) warnings.push(`Columns ignored: ${format.extraColumns.join(', ')}.`);
  if (run.generalAccounts.size > 0) {
    const sample = [...run.generalAccounts].slice(0, 5).join(', ');
    warnings.push(`${run.generalAccounts.size} customer(s) taken from general accounts without an auxiliary account (named from CompteLib): ${sample}${run.generalAccounts.size > 5 ? '…' : ''}.`);
  }
  if (run.customerLinesWithoutAux > 0) warnings.push(`${run.customerLinesWithoutAux} customer-account line(s) have no auxiliary account: they are imported without a customer.`);
  if (run.labelsCut > 0) warnings.push(`${run.labelsCut} line(s) had a label or piece reference longer than the database keeps: it was shortened.`);
  return warnings;
}

/** Customers that existed and whose account the file names otherwise are renamed; returns how many. */
export async function renameCustomers(m: EntityManager, run: ImportRun): Promise<number> {
  let renamed = 0;
  for (const [, c] of run.customers) {
    if (!c.existed || c.newName === null || c.newName.slice(0, 200) === c.name) continue;
    await renameCustomer(m, c.id, c.newName.slice(0, 200), run.importedAt);
    renamed++;
  }
  return renamed;
}

export function summarize(run: ImportRun, importId: number, errors: FecImportError[], warnings: string[], customersUpdated: number): FecImportSummary {
  const read = run.reader.summary();
  const ok = errors.length === 0;
  return {
    importId,
    status: ok ? 'succeeded' : 'refused',
    fileName: run.options.fileName,
    fileSize: run.file.totalBytes ?? run.file.bytesRead(),
    sha256: run.file.digest(),
    linesRead: read.lines,
    entries: read.entries,
    totalDebit: read.totalDebit,
    totalCredit: read.totalCredit,
    customersCreated: ok ? run.customersCreated : 0,
    customersUpdated,
    linesInserted: ok ? run.counts.inserted : 0,
    linesUpdated: ok ? run.counts.updated : 0,
    linesUnchanged: ok ? run.counts.unchanged : 0,
    openItems: run.openItems,
    letteringsClosed: ok ? run.counts.letteringsClosed : 0,
    warnings,
    errors,
    errorCount: read.problemCount + run.extraErrorCount,
  };
}
