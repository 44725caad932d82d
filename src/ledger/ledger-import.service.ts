/**
 * Writes ledger lines read from a source (a FEC file, the demo) into the database: third parties
 * from the customer accounts' auxiliary accounts, then the entries, keyed so that reading the same
 * ledger again never duplicates a line. Over 300 lines: the upsert's two paths (multi-row
 * statements on PostgreSQL, statements prepared once on SQLite, ten rows an INSERT) stay side by
 * side, so that a change to what a re-import updates is made in both.
 */
import type { EntityManager } from 'typeorm';
import { sqliteConnection, type SqliteConnection, type SqliteStatement } from '../db/sql';
import { nowIso } from '../shared/business-date';
import type { FecLine } from './fec';
import { LedgerEntry } from './ledger-entry.entity';
import { createCustomer, ThirdParty } from '../third-parties';

export function isCustomerAccount(account: string, prefixes: string[]): boolean {
  return prefixes.some((p) => account.startsWith(p));
}

export function parsePrefixes(setting: string): string[] {
  return setting.split(',').map((p) => p.trim()).filter(Boolean);
}

/**
 * A FEC line has no identifier of its own: the key is its entry (journal, number, date) and its rank
 * in that entry, which a later export of the same ledger keeps (lettering and due dates may change).
 * The reader gives the rank (FecLine.entryRank). Only a journal code or entry number holding a "|"
 * is counted here: written into the key, it can make two entries' keys alike ("A|B", "C" and "A",
 * "B|C"), and such lines have always been ranked by that key, so a re-import finds them.
 */
export class SourceKeyer {
  private readonly piped = new Map<string, number>();

  constructor(private readonly prefix: string) {}

  keyOf(line: Pick<FecLine, 'journalCode' | 'entryNumber' | 'entryDate' | 'entryRank'>): string {
    const entry = `${line.journalCode}|${line.entryNumber}|${line.entryDate}`;
    if (!line.journalCode.includes('|') && !line.entryNumber.includes('|')) return `${this.prefix}:${entry}|${line.entryRank}`;
    const rank = (this.piped.get(entry) ?? 0) + 1;
    this.piped.set(entry, rank);
    return `${this.prefix}:${entry}|${rank}`;
  }
}

/** Finds or creates the third party of each customer auxiliary account; returns account → id. */
export async function ensureThirdParties(
  manager: EntityManager,
  companyId: number,
  customers: Map<string, string>,
): Promise<Map<string, number>> {
  const repo = manager.getRepository(ThirdParty);
  const ids = new Map<string, number>();
  const existing = await repo.find({ where: { companyId }, select: { id: true, auxiliaryAccount: true } });
  for (const tp of existing) ids.set(tp.auxiliaryAccount, tp.id);
  const now = nowIso();
  for (const [account, name] of customers) {
    if (ids.has(account)) continue;
    const saved = await createCustomer(manager, companyId, account, { name: name || account }, now);
    ids.set(account, saved.id);
  }
  return ids;
}

export interface LedgerLineInput extends Omit<FecLine, 'lineNumber' | 'entryRank' | 'paymentMethod'> {
  sourceKey: string;
}

/** Inserts lines in batches (the caller holds the transaction); customer lines get their third party. */
export async function insertLedgerLines(
  manager: EntityManager,
  companyId: number,
  lines: LedgerLineInput[],
  thirdPartyIds: Map<string, number>,
  customerPrefixes: string[],
): Promise<number> {
  const importedAt = nowIso();
  const rows = lines.map((l) => ({
    companyId,
    sourceKey: l.sourceKey,
    journalCode: l.journalCode,
    journalLabel: l.journalLabel || null,
    entryNumber: l.entryNumber,
    entryDate: l.entryDate,
    account: l.account,
    accountLabel: l.accountLabel || null,
    auxiliaryAccount: l.auxiliaryAccount,
    auxiliaryLabel: l.auxiliaryLabel,
    thirdPartyId: l.auxiliaryAccount && isCustomerAccount(l.account, customerPrefixes) ? (thirdPartyIds.get(l.auxiliaryAccount) ?? null) : null,
    pieceRef: l.pieceRef || null,
    pieceDate: l.pieceDate,
    label: l.label || null,
    debit: l.debit,
    credit: l.credit,
    dueDate: l.dueDate,
    originalDueDate: null,
    lettering: l.lettering,
    letteringDate: l.letteringDate,
    validDate: l.validDate,
    currencyAmount: l.currencyAmount,
    currency: l.currency,
    importedAt,
  }));
  // SQLite limits bound parameters per statement; 25 columns x 200 rows stays well under it.
  for (let i = 0; i < rows.length; i += 200) {
    await manager.createQueryBuilder().insert().into(LedgerEntry).values(rows.slice(i, i + 200)).execute();
  }
  return rows.length;
}

// ---- upsert (FEC import) ---------------------------------------------------------------------

/** A ledger line ready to be written: what the FEC gives, with its key, customer and due date settled. */
export interface LedgerUpsertRow {
  sourceKey: string;
  journalCode: string;
  journalLabel: string | null;
  entryNumber: string;
  entryDate: string;
  account: string;
  accountLabel: string | null;
  auxiliaryAccount: string | null;
  auxiliaryLabel: string | null;
  thirdPartyId: number | null;
  pieceRef: string | null;
  pieceDate: string | null;
  label: string | null;
  debit: number;
  credit: number;
  dueDate: string | null;
  lettering: string | null;
  letteringDate: string | null;
  validDate: string | null;
  currencyAmount: number | null;
  currency: string | null;
}

export interface LedgerUpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Customer lines that were open (unlettered) and are now lettered. */
  letteringsClosed: number;
  /** Customers with a line inserted or changed: their dossiers' balances are refreshed in the same transaction. */
  thirdPartyIds: Set<number>;
}

const UPSERT_COLUMNS: [string, keyof LedgerUpsertRow | 'companyId' | 'importedAt'][] = [
  ['company_id', 'companyId'], ['source_key', 'sourceKey'], ['journal_code', 'journalCode'], ['journal_label', 'journalLabel'],
  ['entry_number', 'entryNumber'], ['entry_date', 'entryDate'], ['account', 'account'], ['account_label', 'accountLabel'],
  ['auxiliary_account', 'auxiliaryAccount'], ['auxiliary_label', 'auxiliaryLabel'], ['third_party_id', 'thirdPartyId'],
  ['piece_ref', 'pieceRef'], ['piece_date', 'pieceDate'], ['label', 'label'], ['debit', 'debit'], ['credit', 'credit'],
  ['due_date', 'dueDate'], ['lettering', 'lettering'], ['lettering_date', 'letteringDate'], ['valid_date', 'validDate'],
  ['currency_amount', 'currencyAmount'], ['currency', 'currency'], ['imported_at', 'importedAt'],
];

/** Rows per statement: 23 columns x 500 rows stays under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
export const UPSERT_BATCH_ROWS = 500;

/**
 * Only what the ledger can change is updated: lettering, lettering date, label, amounts, and the
 * due date unless the module rescheduled it (original_due_date is then set and the due date is ours).
 * The WHERE makes an unchanged line a no-op, so a re-import touches nothing (not even imported_at).
 */
const UPSERT_TAIL = `ON CONFLICT (company_id, source_key) DO UPDATE SET
  lettering = excluded.lettering, lettering_date = excluded.lettering_date, label = excluded.label,
  debit = excluded.debit, credit = excluded.credit,
  due_date = CASE WHEN ledger_entry.original_due_date IS NULL THEN excluded.due_date ELSE ledger_entry.due_date END,
  third_party_id = COALESCE(ledger_entry.third_party_id, excluded.third_party_id),
  imported_at = excluded.imported_at
WHERE ledger_entry.lettering IS DISTINCT FROM excluded.lettering
   OR ledger_entry.lettering_date IS DISTINCT FROM excluded.lettering_date
   OR ledger_entry.label IS DISTINCT FROM excluded.label
   OR ledger_entry.debit <> excluded.debit OR ledger_entry.credit <> excluded.credit
   OR (ledger_entry.original_due_date IS NULL AND ledger_entry.due_date IS DISTINCT FROM excluded.due_date)`;

const sqlCache = new Map<string, string>();

function upsertSql(dialect: 'sqlite' | 'postgres', rows: number, returning: boolean): string {
  const cacheKey = `${dialect}:${rows}:${returning}`;
  const cached = sqlCache.get(cacheKey);
  if (cached) return cached;
  const width = UPSERT_COLUMNS.length;
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) {
    const ph: string[] = [];
    for (let c = 1; c <= width; c++) ph.push(dialect === 'postgres' ? `$${r * width + c}` : '?');
    tuples.push(`(${ph.join(',')})`);
  }
  const sql = `INSERT INTO ledger_entry (${UPSERT_COLUMNS.map(([name]) => name).join(', ')}) VALUES ${tuples.join(',')} ${UPSERT_TAIL}${returning ? ' RETURNING source_key' : ''}`;
  sqlCache.set(cacheKey, sql);
  return sql;
}

function placeholders(dialect: 'sqlite' | 'postgres', count: number, first: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(dialect === 'postgres' ? `$${first + i}` : '?');
  return out.join(',');
}

/**
 * Writes lines by (company_id, source_key) with INSERT … ON CONFLICT DO UPDATE … WHERE (changed), in
 * multi-row statements (the caller holds the transaction). `checkExisting` reads the batch's keys
 * first, to tell inserts from updates and to count the open items that new lettering closes; a first
 * import of a ledger (no line of this source yet) skips it.
 */
export async function upsertLedgerLines(
  manager: EntityManager,
  dialect: 'sqlite' | 'postgres',
  companyId: number,
  rows: LedgerUpsertRow[],
  options: { checkExisting: boolean; importedAt: string },
): Promise<LedgerUpsertCounts> {
  const counts: LedgerUpsertCounts = { inserted: 0, updated: 0, unchanged: 0, letteringsClosed: 0, thirdPartyIds: new Set() };
  const sqlite = dialect === 'sqlite' ? sqliteConnection(manager) : null;
  if (sqlite) {
    upsertOnSqlite(sqlite, companyId, rows, options, counts);
    return counts;
  }
  for (let i = 0; i < rows.length; i += UPSERT_BATCH_ROWS) {
    const batch = rows.slice(i, i + UPSERT_BATCH_ROWS);
    const before = new Map<string, { lettering: string | null; thirdPartyId: number | null }>();
    if (options.checkExisting) {
      const found: { source_key: string; lettering: string | null; third_party_id: number | null }[] = await manager.query(
        `SELECT source_key, lettering, third_party_id FROM ledger_entry WHERE company_id = ${dialect === 'postgres' ? '$1' : '?'} AND source_key IN (${placeholders(dialect, batch.length, 2)})`,
        [companyId, ...batch.map((r) => r.sourceKey)],
      );
      for (const f of found) before.set(f.source_key, { lettering: f.lettering, thirdPartyId: f.third_party_id === null ? null : Number(f.third_party_id) });
    }
    const params: unknown[] = [];
    for (const row of batch) {
      for (const [, key] of UPSERT_COLUMNS) {
        params.push(key === 'companyId' ? companyId : key === 'importedAt' ? options.importedAt : row[key]);
      }
    }
    // Without keys read first, every row is new: no RETURNING needed to tell them apart.
    const written: { source_key: string }[] | unknown = await manager.query(upsertSql(dialect, batch.length, options.checkExisting), params);
    const writtenKeys = new Set(options.checkExisting ? (written as { source_key: string }[]).map((w) => w.source_key) : []);
    for (const row of batch) {
      const old = before.get(row.sourceKey);
      countRow(counts, row, old, old !== undefined && writtenKeys.has(row.sourceKey));
    }
  }
  return counts;
}

type Before = { lettering: string | null; thirdPartyId: number | null } | undefined;

/** Counts one written row: inserted (no line before), updated (the upsert changed it) or unchanged. */
function countRow(counts: LedgerUpsertCounts, row: LedgerUpsertRow, old: Before, changed: boolean): void {
  if (!old) {
    counts.inserted++;
    if (row.thirdPartyId !== null) counts.thirdPartyIds.add(row.thirdPartyId);
  } else if (changed) {
    counts.updated++;
    if (old.thirdPartyId !== null) counts.thirdPartyIds.add(old.thirdPartyId);
    if (row.thirdPartyId !== null) counts.thirdPartyIds.add(row.thirdPartyId);
    if (old.lettering === null && row.lettering !== null && (old.thirdPartyId ?? row.thirdPartyId) !== null) counts.letteringsClosed++;
  } else {
    counts.unchanged++;
  }
}

/**
 * The same change as UPSERT_TAIL's DO UPDATE, for a line known to exist: only what the ledger can
 * change, and only when something did (an unchanged line is not touched, not even imported_at).
 */
const UPDATE_CHANGED = `UPDATE ledger_entry SET
  lettering = @lettering, lettering_date = @letteringDate, label = @label, debit = @debit, credit = @credit,
  due_date = CASE WHEN original_due_date IS NULL THEN @dueDate ELSE due_date END,
  third_party_id = COALESCE(third_party_id, @thirdPartyId), imported_at = @importedAt
WHERE company_id = @companyId AND source_key = @sourceKey
  AND (lettering IS DISTINCT FROM @lettering OR lettering_date IS DISTINCT FROM @letteringDate OR label IS DISTINCT FROM @label
    OR debit <> @debit OR credit <> @credit OR (original_due_date IS NULL AND due_date IS DISTINCT FROM @dueDate))`;

/** Rows per INSERT on SQLite: one statement for ten rows costs a quarter less than ten of one row (measured at 1,000,000 lines). */
const SQLITE_INSERT_GROUP = 10;

interface SqliteUpsertStatements { insert: SqliteStatement; insertGroup: SqliteStatement; update: SqliteStatement; existing: SqliteStatement }

/** The statements of the SQLite path, prepared once per connection. */
const sqliteStatements = new WeakMap<SqliteConnection, SqliteUpsertStatements>();

function statementsOf(db: SqliteConnection): SqliteUpsertStatements {
  let st = sqliteStatements.get(db);
  if (!st) {
    const insert = `INSERT INTO ledger_entry (${UPSERT_COLUMNS.map(([name]) => name).join(', ')}) VALUES `;
    const tuple = `(${UPSERT_COLUMNS.map(() => '?').join(', ')})`;
    st = {
      insert: db.prepare(insert + tuple),
      insertGroup: db.prepare(insert + new Array(SQLITE_INSERT_GROUP).fill(tuple).join(', ')),
      update: db.prepare(UPDATE_CHANGED),
      existing: db.prepare('SELECT lettering, third_party_id FROM ledger_entry WHERE company_id = ? AND source_key = ?'),
    };
    sqliteStatements.set(db, st);
  }
  return st;
}

/**
 * SQLite: the upsert's effect through better-sqlite3 statements prepared once per connection and
 * reused, inside the caller's transaction (the process's one connection). Two costs measured:
 * preparing and binding 500-row statements of 11,500 parameters, and SQLite's `INSERT … ON
 * CONFLICT DO UPDATE`, 3–4 times slower per row than a plain INSERT even when nothing conflicts.
 * So: a line read before (the SELECT by key, made when the company has FEC lines already) is
 * updated when it changed, any other is inserted, SQLITE_INSERT_GROUP at a time (a key clash then
 * fails the import rather than being merged: it cannot happen, the keys of a file are unique and
 * none was there).
 */
function upsertOnSqlite(db: SqliteConnection, companyId: number, rows: LedgerUpsertRow[], options: { checkExisting: boolean; importedAt: string }, counts: LedgerUpsertCounts): void {
  const st = statementsOf(db);
  const width = UPSERT_COLUMNS.length;
  const pending: unknown[] = [];
  let pendingRows = 0;
  for (const row of rows) {
    let old: Before;
    if (options.checkExisting) {
      const found = st.existing.get(companyId, row.sourceKey) as { lettering: string | null; third_party_id: number | null } | undefined;
      if (found) old = { lettering: found.lettering, thirdPartyId: found.third_party_id === null ? null : Number(found.third_party_id) };
    }
    if (old) {
      const { changes } = st.update.run({
        companyId, sourceKey: row.sourceKey, lettering: row.lettering, letteringDate: row.letteringDate, label: row.label, debit: row.debit,
        credit: row.credit, dueDate: row.dueDate, thirdPartyId: row.thirdPartyId, importedAt: options.importedAt,
      });
      countRow(counts, row, old, changes > 0);
      continue;
    }
    for (let c = 0; c < width; c++) {
      const key = UPSERT_COLUMNS[c][1];
      pending.push(key === 'companyId' ? companyId : key === 'importedAt' ? options.importedAt : row[key]);
    }
    if (++pendingRows === SQLITE_INSERT_GROUP) {
      st.insertGroup.run(pending);
      pending.length = 0;
      pendingRows = 0;
    }
    countRow(counts, row, undefined, true);
  }
  for (let r = 0; r < pendingRows; r++) st.insert.run(pending.slice(r * width, (r + 1) * width));
}
