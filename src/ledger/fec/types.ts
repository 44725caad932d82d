/**
 * Types of the FEC (Fichier des Écritures Comptables, LPF art. A47 A-1) reader and writer.
 * Money is integer cents, dates are `YYYY-MM-DD` business dates.
 */
import type { BusinessDate } from '../../shared/business-date';
import type { Cents } from '../../shared/money';

/** One ledger line, as read from a FEC or given to the writer. */
export interface FecLine {
  /** Physical line number in the file (the header is line 1; blank lines are counted, not returned). */
  lineNumber: number;
  /**
   * The line's rank among the file's accepted lines of the same journal, entry number and entry
   * date, from 1: with them, what keys the line in the ledger (SourceKeyer), so that a later export
   * of the same ledger, where lettering and due dates may have changed, finds it again.
   */
  entryRank: number;
  journalCode: string;
  journalLabel: string;
  entryNumber: string;
  entryDate: BusinessDate;
  account: string;
  accountLabel: string;
  auxiliaryAccount: string | null;
  auxiliaryLabel: string | null;
  pieceRef: string;
  pieceDate: BusinessDate | null;
  label: string;
  debit: Cents;
  credit: Cents;
  lettering: string | null;
  letteringDate: BusinessDate | null;
  validDate: BusinessDate | null;
  /** Amount in the foreign currency (Montantdevise), in cents of that currency. */
  currencyAmount: Cents | null;
  /** Currency code (Idevise). */
  currency: string | null;
  /** Due date, from the optional DateRglt (or "échéance") column. */
  dueDate: BusinessDate | null;
  /** Payment method, from the optional ModeRglt column. */
  paymentMethod: string | null;
}

/** What the writer needs: a line without its line number or rank; the two extended fields may be omitted. */
export type FecWritableLine = Omit<FecLine, 'lineNumber' | 'entryRank' | 'dueDate' | 'paymentMethod'> &
  Partial<Pick<FecLine, 'lineNumber' | 'entryRank' | 'dueDate' | 'paymentMethod'>>;

/** Columns the reader recognises (by header name, in any order). */
export type FecColumnKey =
  | 'journalCode'
  | 'journalLabel'
  | 'entryNumber'
  | 'entryDate'
  | 'account'
  | 'accountLabel'
  | 'auxiliaryAccount'
  | 'auxiliaryLabel'
  | 'pieceRef'
  | 'pieceDate'
  | 'label'
  | 'debit'
  | 'credit'
  | 'amount'
  | 'direction'
  | 'lettering'
  | 'letteringDate'
  | 'validDate'
  | 'currencyAmount'
  | 'currency'
  | 'dueDate'
  | 'paymentMethod'
  | 'operationNature'
  | 'clientId';

export type FecSeparator = '\t' | '|';

/**
 * `ascii`: no byte above 0x7F has been seen (yet); such text reads the same in every supported
 * encoding. It becomes `utf-8` or `windows-1252` at the first line that holds one.
 */
export type FecEncoding = 'ascii' | 'utf-8' | 'windows-1252' | 'iso-8859-15';

export type FecLineEnding = 'LF' | 'CRLF' | 'CRCRLF' | 'none';

export interface FecFormat {
  separator: FecSeparator;
  /** Detected so far; final once the whole file has been read (see FecEncoding). */
  encoding: FecEncoding;
  /** UTF-8 byte order mark at the start of the file. */
  bom: boolean;
  /** Line ending of the header line. */
  lineEnding: FecLineEnding;
  /** Header names as written in the file (trimmed), without the empty name of a trailing separator. */
  headers: string[];
  /** Number of named columns. */
  columnCount: number;
  /** The header line ends with a separator (empty last column). */
  trailingSeparator: boolean;
  /** `debit-credit` (Debit + Credit columns) or `amount-direction` (Montant + Sens). */
  amountLayout: 'debit-credit' | 'amount-direction';
  /** Position (0-based) of each recognised column. */
  columns: Partial<Record<FecColumnKey, number>>;
  /** Header names that are not FEC columns; their values are ignored. */
  extraColumns: string[];
  /**
   * Lines that were not valid UTF-8 in a file otherwise read as UTF-8; they were decoded as
   * Windows-1252. 0 in a consistent file.
   */
  mixedEncodingLines: number;
}

export type FecProblemCode =
  | 'empty_file'
  | 'binary_file'
  | 'unsupported_encoding'
  | 'wrong_header'
  | 'missing_column'
  | 'duplicate_column'
  | 'no_data_lines'
  | 'line_too_long'
  | 'mixed_separators'
  | 'wrong_column_count'
  | 'missing_value'
  | 'bad_date'
  | 'bad_amount'
  | 'amount_too_large'
  | 'bad_direction'
  | 'unbalanced_entry'
  | 'total_overflow';

export interface FecProblem {
  /** Line of the problem; for an unbalanced entry, the entry's first line; 0 for the whole file. */
  lineNumber: number;
  /** Header name as written in the file (or the official name of a missing column); null when not about a column. */
  column: string | null;
  /** Offending value (cut to 100 characters), null when there is none. */
  value: string | null;
  code: FecProblemCode;
  /** Plain English sentence. */
  message: string;
}

/** How entries are told apart for the balance check. */
export type FecEntryKey = 'journal-number' | 'journal-number-date';

export interface FecReadOptions {
  /** `auto` (default): UTF-8 (BOM or not), falling back to Windows-1252 for lines that are not valid UTF-8. */
  encoding?: 'auto' | 'utf-8' | 'windows-1252' | 'iso-8859-15';
  /** Problems kept in `problems` (all are counted in `problemCount`). Default 50. */
  maxProblems?: number;
  /**
   * `journal-number` (default): an entry is JournalCode + EcritureNum. Real files carry entries
   * whose lines have different EcritureDate (detailed opening entries), so the date is not part of
   * the key unless asked for.
   */
  entryKey?: FecEntryKey;
  /** Size of the chunks read from a file or cut from a buffer. Default 256 KiB. */
  chunkSize?: number;
  /** A line longer than this (in bytes) stops the reading. Default 1 MiB. */
  maxLineBytes?: number;
}

export interface FecSummary {
  /** Data lines read (non-blank lines after the header), accepted or not. */
  lines: number;
  /** Data lines rejected because of a problem on the line (not returned by the reader). */
  rejectedLines: number;
  /** Distinct entries (see FecReadOptions.entryKey). */
  entries: number;
  /** Sums over the accepted lines, in cents. */
  totalDebit: number;
  totalCredit: number;
  /** The first `maxProblems` problems, in line order. */
  problems: FecProblem[];
  problemCount: number;
  /** Null when no header could be read (empty, binary or unreadable file). */
  format: FecFormat | null;
}

/** Streaming reader: iterate it (once) with `for await`; it returns only the accepted lines. */
export interface FecReader extends AsyncIterable<FecLine> {
  /** Reads as far as the header and returns the format (null if the file has no usable header). */
  readHeader(): Promise<FecFormat | null>;
  /** The format once the header has been read, else null. */
  readonly format: FecFormat | null;
  /** Problems found so far (at most maxProblems). */
  readonly problems: readonly FecProblem[];
  readonly problemCount: number;
  /** True once the whole input has been read (or reading stopped on a fatal problem). */
  readonly done: boolean;
  /** Final figures, including the end-of-file balance check; throws until `done`. */
  summary(): FecSummary;
}

export type FecInput = NodeJS.ReadableStream | string | Uint8Array;
