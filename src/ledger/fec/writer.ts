/**
 * FEC writer, in the official export format: tab separator, the 18 columns in the official
 * order, header first, dates YYYYMMDD, amounts `1200,00` (comma decimal, no thousands
 * separator), CR LF line ends, UTF-8 without BOM.
 */
import * as fs from 'node:fs';
import { FEC_COLUMNS } from './columns';
import type { FecWritableLine } from './types';
import { formatFecAmount, formatFecDate } from './values';

const SEPARATOR = '\t';
const EOL = '\r\n';
/** Size of the text gathered before each write. */
const BATCH_CHARS = 64 * 1024;

/**
 * Tabs and line breaks would break the layout: they become spaces. Surrounding spaces are dropped,
 * as the reader drops them (fixed-width padding), so that what is written reads back identically.
 */
function clean(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return (/[\t\r\n]/.test(value) ? value.replace(/\r\n|[\t\r\n]/g, ' ') : value).trim();
}

/** The header line, without line end. */
export function formatFecHeader(): string {
  return FEC_COLUMNS.join(SEPARATOR);
}

/** One line in the official layout, without line end. Throws on a non-integer amount or a bad date. */
export function formatFecLine(line: FecWritableLine): string {
  return [
    clean(line.journalCode),
    clean(line.journalLabel),
    clean(line.entryNumber),
    formatFecDate(line.entryDate),
    clean(line.account),
    clean(line.accountLabel),
    clean(line.auxiliaryAccount),
    clean(line.auxiliaryLabel),
    clean(line.pieceRef),
    formatFecDate(line.pieceDate),
    clean(line.label),
    formatFecAmount(line.debit),
    formatFecAmount(line.credit),
    clean(line.lettering),
    formatFecDate(line.letteringDate),
    formatFecDate(line.validDate),
    line.currencyAmount === null || line.currencyAmount === undefined ? '' : formatFecAmount(line.currencyAmount),
    clean(line.currency),
  ].join(SEPARATOR);
}

export interface FecWriteOptions {
  /**
   * End the output stream when done. Default: true when writing to a file path, false for a
   * stream given by the caller.
   */
  end?: boolean;
}

export interface FecWriteResult {
  /** Data lines written (the header not included). */
  lines: number;
  bytes: number;
}

function write(out: NodeJS.WritableStream, text: string): Promise<void> | null {
  if (out.write(Buffer.from(text, 'utf8'))) return null;
  return new Promise((resolve, reject) => {
    const onDrain = (): void => {
      out.removeListener('error', onError);
      resolve();
    };
    const onError = (err: Error): void => {
      out.removeListener('drain', onDrain);
      reject(err);
    };
    out.once('drain', onDrain);
    out.once('error', onError);
  });
}

function finished(out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    out.once('finish', () => resolve());
    out.once('error', reject);
    out.end();
  });
}

/**
 * Writes a FEC to a file path or a writable stream, streaming and honouring back-pressure.
 * `lines` may be an array, a generator or an async iterable (e.g. a database cursor).
 */
export async function writeFec(
  lines: Iterable<FecWritableLine> | AsyncIterable<FecWritableLine>,
  out: NodeJS.WritableStream | string,
  options: FecWriteOptions = {},
): Promise<FecWriteResult> {
  const stream = typeof out === 'string' ? fs.createWriteStream(out) : out;
  const end = options.end ?? typeof out === 'string';
  let count = 0;
  let bytes = 0;
  let batch = formatFecHeader() + EOL;
  const flush = async (): Promise<void> => {
    bytes += Buffer.byteLength(batch, 'utf8');
    const pending = write(stream, batch);
    batch = '';
    if (pending) await pending;
  };
  try {
    for await (const line of lines as AsyncIterable<FecWritableLine>) {
      batch += formatFecLine(line) + EOL;
      count++;
      if (batch.length >= BATCH_CHARS) await flush();
    }
    if (batch.length > 0) await flush();
    if (end) await finished(stream);
  } catch (err) {
    if (typeof out === 'string') (stream as fs.WriteStream).destroy();
    throw err;
  }
  return { lines: count, bytes };
}
