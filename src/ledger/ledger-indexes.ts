/**
 * A large first import into SQLite writes its lines before the ledger's indexes, then builds them.
 * Measured at 1,000,000 lines: kept up to date row by row, the six indexes of ledger_entry cost
 * SQLite 3.6 s on top of the 4.5 s the rows take (each index alone costs little: together they no
 * longer fit the page cache); built afterwards, each one is a scan and a sort of 0.3–0.6 s.
 * Everything happens in the import's transaction: a refused file or a crash rolls the drop back
 * with the lines, and no other connection ever sees the table without its indexes (this process's
 * other statements wait at the connection gate; other processes read the last commit).
 * The indexes are recreated from their own text in sqlite_master, so this does not repeat the
 * migrations and cannot drift from them. The unique key (company, source key) is checked when it
 * is rebuilt: a clash fails the import, as an INSERT would have.
 */
import type { EntityManager } from 'typeorm';
import type { DatabaseKind } from '../db/sql';

/** Below this many lines expected from the file, building the indexes row by row costs less than a rebuild's fixed cost. */
export const DEFERRED_INDEXES_MIN_LINES = 20_000;

/** A FEC line is 150 to 250 bytes: a file's size gives a low estimate of its lines. */
export function expectedFecLines(bytes: number): number {
  return Math.floor(bytes / 250);
}

/**
 * Whether to build the indexes after the lines: on SQLite, for a file expected to bring at least
 * DEFERRED_INDEXES_MIN_LINES lines and more lines than the table already holds (the rebuild sorts
 * every row, the company's and the others').
 */
export function defersLedgerIndexes(dialect: DatabaseKind, expectedLines: number, existingRows: number): boolean {
  return dialect === 'sqlite' && expectedLines >= DEFERRED_INDEXES_MIN_LINES && existingRows < expectedLines;
}

/**
 * For a first import of a file of `bytes` (the caller holds the transaction): drops ledger_entry's
 * indexes when defersLedgerIndexes says so, and returns what rebuilds them, to await before the
 * commit; null when they stay. The table is measured only when the dialect and the file allow it.
 */
export async function deferLedgerIndexes(m: EntityManager, dialect: DatabaseKind, bytes: number): Promise<(() => Promise<void>) | null> {
  const expected = expectedFecLines(bytes);
  if (!defersLedgerIndexes(dialect, expected, 0) || !defersLedgerIndexes(dialect, expected, await ledgerRowCount(m))) return null;
  return dropLedgerIndexes(m);
}

/** Drops ledger_entry's indexes (the caller holds the transaction); returns what rebuilds them, to await before the commit. */
async function dropLedgerIndexes(m: EntityManager): Promise<() => Promise<void>> {
  const indexes: { name: string; sql: string }[] = await m.query(
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ledger_entry' AND sql IS NOT NULL ORDER BY name",
  );
  for (const { name } of indexes) await m.query(`DROP INDEX "${name.replace(/"/g, '""')}"`);
  return async () => {
    for (const { sql } of indexes) await m.query(sql);
  };
}

/** Rows in ledger_entry, every company's: what a rebuild of its indexes would sort. */
export async function ledgerRowCount(m: EntityManager): Promise<number> {
  // MAX(id) rather than COUNT(*): a count reads the whole table; ids are never reused (AUTOINCREMENT), so this is an upper bound.
  const [{ n }] = await m.query('SELECT COALESCE(MAX(id), 0) AS n FROM ledger_entry');
  return Number(n);
}
