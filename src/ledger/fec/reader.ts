/**
 * Streaming FEC reader. Reads chunk by chunk; memory holds one chunk, the lines parsed from it
 * and, for the balance check and the lines' ranks, about 35 bytes per ledger entry (not per line:
 * entry-table.ts).
 *
 *   const reader = readFec('/path/123456789FEC20231231.txt');
 *   const format = await reader.readHeader();       // separator, columns, ...
 *   for await (const line of reader) { ... }          // accepted lines only
 *   const { problemCount, problems } = reader.summary();  // decide at the end
 *
 * Over 300 lines: one streaming state machine (header, lines, entries' balance, problems); the value
 * parsers are values.ts, the columns columns.ts, the line source line-source.ts.
 */
import { analyzeHeader, countKnownColumns, type HeaderAnalysis } from './columns';
import { ByteLineSplitter, DEFAULT_CHUNK_SIZE, LineDecoder, lineEndingOf, openChunks, type RawLine } from './line-source';
import type { FecEntryKey, FecFormat, FecInput, FecLine, FecProblem, FecProblemCode, FecReadOptions, FecReader, FecSeparator, FecSummary } from './types';
import { formatFecAmount, parseFecAmount, parseFecDate, parseFecDirection } from './values';
import { EntryTable } from './entry-table';
import { exceedsMaxLineAmount, maxLineAmount } from '../../shared/money';

const DEFAULT_MAX_PROBLEMS = 50;
const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
const KEY_SEPARATOR = '\u0000';
const EMPTY_FIELDS: string[] = [];

function shorten(value: string): string {
  return value.length > 100 ? `${value.slice(0, 100)}…` : value;
}

/** A business date (YYYY-MM-DD) as the number YYYYMMDD. */
function dateNumber(date: string): number {
  return Number(date.slice(0, 4)) * 10000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10));
}

function countChar(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) n++;
  return n;
}

/** Column positions, -1 when the column is absent. */
interface Positions {
  journalCode: number;
  journalLabel: number;
  entryNumber: number;
  entryDate: number;
  account: number;
  accountLabel: number;
  auxiliaryAccount: number;
  auxiliaryLabel: number;
  pieceRef: number;
  pieceDate: number;
  label: number;
  debit: number;
  credit: number;
  amount: number;
  direction: number;
  lettering: number;
  letteringDate: number;
  validDate: number;
  currencyAmount: number;
  currency: number;
  dueDate: number;
  paymentMethod: number;
}

class StreamingFecReader implements FecReader {
  private readonly maxProblems: number;
  private readonly entryKey: FecEntryKey;
  private readonly decoder: LineDecoder;
  private readonly splitter: ByteLineSplitter;
  private readonly chunks: AsyncIterator<Buffer>;
  private readonly closeSource: () => void;

  private _format: FecFormat | null = null;
  private headerRead = false;
  private fatal = false;
  private _done = false;
  private iterated = false;
  private firstChunk = true;
  private pos: Positions | null = null;
  private headerNames: string[] = [];
  private separator: FecSeparator = '\t';
  private columnCount = 0;
  private otherSeparator: FecSeparator = '|';

  private readonly _problems: FecProblem[] = [];
  private _problemCount = 0;
  private lines = 0;
  private rejectedLines = 0;
  private totalDebit = 0;
  private totalCredit = 0;
  /** Every entry met: its first line (also gives the entry count) and its lines' ranks. */
  private readonly entries = new EntryTable();
  /** The entry of the previous line: lines of an entry usually follow one another, so most lines need no lookup. */
  private currentKey: string | null = null;
  private currentEntry = -1;
  /** Entry key → debit minus credit so far; absent means 0, so balanced entries cost nothing here. */
  private readonly entryBalance = new Map<string, number>();
  /** Entries with a line whose amount could not be read: their balance is meaningless. */
  private readonly taintedEntries = new Set<string>();

  private queue: (FecLine | undefined)[] = [];
  /** State of the line being parsed. */
  private fields: string[] = EMPTY_FIELDS;
  private lineNumber = 0;
  private lineOk = true;
  /** False when the lines are only counted (summary), not handed out. */
  private keepLines = true;
  private queueIndex = 0;

  constructor(input: FecInput, options: FecReadOptions) {
    this.maxProblems = options.maxProblems ?? DEFAULT_MAX_PROBLEMS;
    this.entryKey = options.entryKey ?? 'journal-number';
    const forced = options.encoding && options.encoding !== 'auto' ? options.encoding : null;
    this.decoder = new LineDecoder(forced);
    this.splitter = new ByteLineSplitter(options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
    const source = openChunks(input, options.chunkSize ?? DEFAULT_CHUNK_SIZE);
    this.chunks = source.chunks;
    this.closeSource = source.close;
  }

  get format(): FecFormat | null {
    if (this._format) {
      this._format.encoding = this.decoder.encoding;
      this._format.mixedEncodingLines = this.decoder.mixedEncodingLines;
    }
    return this._format;
  }

  get problems(): readonly FecProblem[] {
    return this._problems;
  }

  get problemCount(): number {
    return this._problemCount;
  }

  get done(): boolean {
    return this._done;
  }

  async readHeader(): Promise<FecFormat | null> {
    while (!this.headerRead && !this._done) await this.pump();
    return this.format;
  }

  summary(): FecSummary {
    if (!this._done) throw new Error('The FEC summary is available once every line has been read.');
    const problems = [...this._problems].sort((a, b) => a.lineNumber - b.lineNumber);
    return {
      lines: this.lines,
      rejectedLines: this.rejectedLines,
      entries: this.entries.size,
      totalDebit: this.totalDebit,
      totalCredit: this.totalCredit,
      problems,
      problemCount: this._problemCount,
      format: this.format,
    };
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<FecLine> {
    if (this.iterated) throw new Error('A FEC reader can be iterated only once.');
    this.iterated = true;
    try {
      for (;;) {
        while (this.queueIndex < this.queue.length) {
          const line = this.queue[this.queueIndex];
          this.queue[this.queueIndex++] = undefined;
          yield line as FecLine;
        }
        this.queue = [];
        this.queueIndex = 0;
        if (this._done) return;
        await this.pump();
      }
    } finally {
      if (!this._done) this.closeSource();
    }
  }

  /** Reads to the end without handing out the lines (for the summary). */
  async drain(): Promise<void> {
    if (this.iterated) throw new Error('A FEC reader can be iterated only once.');
    this.iterated = true;
    this.keepLines = false;
    try {
      while (!this._done) await this.pump();
    } finally {
      if (!this._done) this.closeSource();
    }
  }

  // ---- reading ---------------------------------------------------------------------------

  private async pump(): Promise<void> {
    let next: IteratorResult<Buffer>;
    try {
      next = await this.chunks.next();
    } catch (err) {
      this._done = true;
      this.closeSource();
      throw err;
    }
    if (next.done) {
      this.finish();
      return;
    }
    this.processChunk(next.value);
    if (this.fatal) this.stop();
  }

  private processChunk(chunk: Buffer): void {
    if (this.firstChunk) {
      this.firstChunk = false;
      if (chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))) {
        this.fatalProblem(1, 'unsupported_encoding', 'The file is in UTF-16; a FEC must be in UTF-8, Windows-1252 or ISO-8859-15.');
        return;
      }
    }
    const nul = chunk.indexOf(0);
    if (nul !== -1) {
      let lineNumber = this.splitter.lineNumber + 1;
      for (let i = chunk.indexOf(0x0a); i !== -1 && i < nul; i = chunk.indexOf(0x0a, i + 1)) lineNumber++;
      this.fatalProblem(lineNumber, 'binary_file', 'The file holds NUL bytes: it is a binary file, not a FEC text file.');
      return;
    }
    const ok = this.splitter.push(chunk, (line) => this.handleLine(line));
    if (!ok && !this.fatal) {
      this.fatalProblem(
        this.splitter.lineNumber + 1,
        'line_too_long',
        'A line is longer than the limit: the file is not a FEC text file, or its lines do not end in LF.',
      );
    }
  }

  private finish(): void {
    if (!this.fatal) this.splitter.end((line) => this.handleLine(line));
    if (!this.fatal) {
      if (!this.headerRead) {
        this.fatalProblem(0, 'empty_file', 'The file is empty.');
      } else {
        if (this.lines === 0) this.addProblem(0, null, null, 'no_data_lines', 'The file has a header but no data line.');
        this.checkBalances();
        this.entries.release();
        if (!Number.isSafeInteger(this.totalDebit) || !Number.isSafeInteger(this.totalCredit)) {
          this.addProblem(0, null, null, 'total_overflow', 'The totals are too large to be added exactly.');
        }
      }
    }
    this.stop();
  }

  private stop(): void {
    this._done = true;
    this.closeSource();
  }

  private checkBalances(): void {
    const unbalanced: [number, string, number][] = [];
    for (const [key, balance] of this.entryBalance) {
      if (this.taintedEntries.has(key)) continue;
      unbalanced.push([this.entries.firstLineOf(this.entries.find(key)), key, balance]);
    }
    unbalanced.sort((a, b) => a[0] - b[0]);
    for (const [lineNumber, key, balance] of unbalanced) {
      const [journal, number, date] = key.split(KEY_SEPARATOR);
      const name = `${journal} ${number}${date !== undefined ? ` of ${date}` : ''}`;
      this.addProblem(
        lineNumber,
        this.headerNames[this.pos?.entryNumber ?? -1] ?? 'EcritureNum',
        `${journal} ${number}`,
        'unbalanced_entry',
        `Entry ${name} does not balance: ${balance > 0 ? 'debits exceed credits' : 'credits exceed debits'} by ${formatFecAmount(Math.abs(balance))}.`,
      );
    }
  }

  private addProblem(lineNumber: number, column: string | null, value: string | null, code: FecProblemCode, message: string): void {
    this._problemCount++;
    if (this._problems.length < this.maxProblems) this._problems.push({ lineNumber, column, value: value === null ? null : shorten(value), code, message });
  }

  private fatalProblem(lineNumber: number, code: FecProblemCode, message: string): void {
    this.addProblem(lineNumber, null, null, code, message);
    this.fatal = true;
  }

  /** Returns false to stop the splitter. */
  private handleLine(raw: RawLine): boolean {
    if (!this.headerRead) {
      const bytes = raw.lineNumber === 1 ? this.decoder.stripBom(raw.bytes) : raw.bytes;
      const text = this.decoder.decode(bytes, raw.lineNumber);
      if (text.trim() === '') return true;
      this.readHeaderLine(text, raw);
      return !this.fatal;
    }
    const text = this.decoder.decode(raw.bytes, raw.lineNumber);
    const line = this.parseDataLine(text, raw.lineNumber);
    if (line && this.keepLines) this.queue.push(line);
    return true;
  }

  // ---- header ----------------------------------------------------------------------------

  private readHeaderLine(text: string, raw: RawLine): void {
    this.headerRead = true;
    const lineNumber = raw.lineNumber;
    const tabs = countChar(text, '\t');
    const pipes = countChar(text, '|');
    if (tabs === 0 && pipes === 0) {
      const other = [';', ','].find((c) => text.includes(c));
      this.addProblem(
        lineNumber,
        null,
        shorten(text),
        'wrong_header',
        other ? `The header is separated by "${other}"; a FEC uses tab or "|".` : 'The first line is not a FEC header: no tab or "|" separator.',
      );
      this.fatal = true;
      return;
    }
    let separator: FecSeparator = tabs > 0 ? '\t' : '|';
    if (tabs > 0 && pipes > 0) {
      const byTab = countKnownColumns(text.split('\t'));
      const byPipe = countKnownColumns(text.split('|'));
      separator = byPipe > byTab ? '|' : '\t';
      this.addProblem(lineNumber, null, shorten(text), 'mixed_separators', 'The header mixes tab and "|" separators; a FEC uses one separator.');
    }
    const analysis: HeaderAnalysis = analyzeHeader(text.split(separator), lineNumber);
    for (const p of analysis.problems) this.addProblem(p.lineNumber, p.column, p.value, p.code, p.message);
    if (analysis.fatal) {
      this.fatal = true;
      return;
    }
    this.separator = separator;
    this.otherSeparator = separator === '\t' ? '|' : '\t';
    this.headerNames = analysis.headers;
    this.columnCount = analysis.headers.length;
    const c = analysis.columns;
    const at = (i: number | undefined): number => (i === undefined ? -1 : i);
    this.pos = {
      journalCode: at(c.journalCode),
      journalLabel: at(c.journalLabel),
      entryNumber: at(c.entryNumber),
      entryDate: at(c.entryDate),
      account: at(c.account),
      accountLabel: at(c.accountLabel),
      auxiliaryAccount: at(c.auxiliaryAccount),
      auxiliaryLabel: at(c.auxiliaryLabel),
      pieceRef: at(c.pieceRef),
      pieceDate: at(c.pieceDate),
      label: at(c.label),
      debit: at(c.debit),
      credit: at(c.credit),
      amount: at(c.amount),
      direction: at(c.direction),
      lettering: at(c.lettering),
      letteringDate: at(c.letteringDate),
      validDate: at(c.validDate),
      currencyAmount: at(c.currencyAmount),
      currency: at(c.currency),
      dueDate: at(c.dueDate),
      paymentMethod: at(c.paymentMethod),
    };
    this._format = {
      separator,
      encoding: this.decoder.encoding,
      bom: this.decoder.bom,
      lineEnding: lineEndingOf(raw),
      headers: analysis.headers,
      columnCount: analysis.headers.length,
      trailingSeparator: analysis.trailingSeparator,
      amountLayout: analysis.amountLayout,
      columns: analysis.columns,
      extraColumns: analysis.extraColumns,
      mixedEncodingLines: this.decoder.mixedEncodingLines,
    };
  }

  // ---- data lines ------------------------------------------------------------------------

  private parseDataLine(text: string, lineNumber: number): FecLine | null {
    // Blank lines, and lines made only of separators, are skipped.
    if (this.separator === '\t' ? text.trim() === '' : /^[\s|]*$/.test(text)) return null;
    this.lines++;
    this.lineNumber = lineNumber;
    const fields = text.split(this.separator);
    const n = this.columnCount;
    if (fields.length === n + 1 && fields[n].trim() === '') {
      fields.length = n; // trailing separator
    } else if (fields.length !== n) {
      this.rejectedLines++;
      const other = text.split(this.otherSeparator);
      const otherFits = other.length === n || (other.length === n + 1 && other[n].trim() === '');
      // The entry this line belongs to cannot be checked for balance any more.
      this.taintEntry(otherFits ? other : fields);
      if (otherFits) {
        const used = this.separator === '\t' ? 'tab' : '"|"';
        const found = this.separator === '\t' ? '"|"' : 'tab';
        this.addProblem(lineNumber, null, shorten(text), 'mixed_separators', `The line is separated by ${found} while the file uses ${used}.`);
      } else {
        this.addProblem(lineNumber, null, shorten(text), 'wrong_column_count', `The line has ${fields.length} columns; the header has ${n}.`);
      }
      return null;
    }

    const pos = this.pos!;
    const names = this.headerNames;
    this.fields = fields;
    this.lineOk = true;

    const journalCode = this.requiredField(pos.journalCode);
    const entryNumber = this.requiredField(pos.entryNumber);
    const account = this.requiredField(pos.account);
    const entryDateText = this.field(pos.entryDate);
    let entryDate: string | null = null;
    if (entryDateText === '') {
      this.lineProblem(pos.entryDate, '', 'missing_value', `${names[pos.entryDate]} is empty.`);
    } else {
      entryDate = parseFecDate(entryDateText);
      if (entryDate === null) this.lineProblem(pos.entryDate, entryDateText, 'bad_date', `${names[pos.entryDate]} "${entryDateText}" is not a date (expected YYYYMMDD).`);
    }

    let debit: number | null;
    let credit: number | null;
    if (pos.debit >= 0) {
      debit = this.amountField(pos.debit);
      credit = this.amountField(pos.credit);
    } else {
      const amountText = this.field(pos.amount);
      const parsed = parseFecAmount(amountText);
      const amount = this.withinMaximum(pos.amount, amountText, parsed);
      if (parsed === null) this.lineProblem(pos.amount, amountText, 'bad_amount', `${names[pos.amount]} "${amountText}" is not an amount (expected digits with a comma or dot decimal, no thousands separator).`);
      const directionText = this.field(pos.direction);
      const direction = parseFecDirection(directionText);
      if (direction === null) this.lineProblem(pos.direction, directionText, 'bad_direction', `${names[pos.direction]} "${directionText}" is not a direction (expected D or C).`);
      if (amount === null || direction === null) {
        debit = null;
        credit = null;
      } else {
        debit = direction === 'D' ? amount : 0;
        credit = direction === 'C' ? amount : 0;
      }
    }

    const currencyAmountText = this.field(pos.currencyAmount);
    let currencyAmount: number | null = null;
    if (currencyAmountText !== '') {
      currencyAmount = parseFecAmount(currencyAmountText);
      if (currencyAmount === null) this.lineProblem(pos.currencyAmount, currencyAmountText, 'bad_amount', `${names[pos.currencyAmount]} "${currencyAmountText}" is not an amount.`);
      currencyAmount = this.withinMaximum(pos.currencyAmount, currencyAmountText, currencyAmount);
    }
    const pieceDate = this.optionalDate(pos.pieceDate);
    const letteringDate = this.optionalDate(pos.letteringDate);
    const validDate = this.optionalDate(pos.validDate);
    const dueDate = this.optionalDate(pos.dueDate);

    let entry = -1;
    if (journalCode !== '' && entryNumber !== '') {
      const key = this.entryKeyOf(journalCode, entryNumber, entryDate ?? entryDateText);
      entry = this.entryOf(key, lineNumber);
      if (debit === null || credit === null) {
        this.taintedEntries.add(key);
      } else if (debit !== credit) {
        const balance = (this.entryBalance.get(key) ?? 0) + debit - credit;
        if (balance === 0) this.entryBalance.delete(key);
        else this.entryBalance.set(key, balance);
      }
    }

    if (!this.lineOk) {
      this.rejectedLines++;
      return null;
    }
    this.totalDebit += debit!;
    this.totalCredit += credit!;
    return {
      lineNumber,
      entryRank: this.entries.nextRank(entry, dateNumber(entryDate!)),
      journalCode,
      journalLabel: this.field(pos.journalLabel),
      entryNumber,
      entryDate: entryDate!,
      account,
      accountLabel: this.field(pos.accountLabel),
      auxiliaryAccount: this.fieldOrNull(pos.auxiliaryAccount),
      auxiliaryLabel: this.fieldOrNull(pos.auxiliaryLabel),
      pieceRef: this.field(pos.pieceRef),
      pieceDate,
      label: this.field(pos.label),
      debit: debit!,
      credit: credit!,
      lettering: this.fieldOrNull(pos.lettering),
      letteringDate,
      validDate,
      currencyAmount,
      currency: this.fieldOrNull(pos.currency),
      dueDate,
      paymentMethod: this.fieldOrNull(pos.paymentMethod),
    };
  }

  private entryKeyOf(journalCode: string, entryNumber: string, entryDate: string): string {
    const key = journalCode + KEY_SEPARATOR + entryNumber;
    return this.entryKey === 'journal-number-date' ? key + KEY_SEPARATOR + entryDate : key;
  }

  /** Marks the entry of a line that could not be split into columns (when its key can be read). */
  private taintEntry(fields: string[]): void {
    const pos = this.pos!;
    const value = (i: number): string => (i >= 0 && i < fields.length ? fields[i].trim() : '');
    const journalCode = value(pos.journalCode);
    const entryNumber = value(pos.entryNumber);
    if (journalCode === '' || entryNumber === '') return;
    const dateText = value(pos.entryDate);
    const key = this.entryKeyOf(journalCode, entryNumber, parseFecDate(dateText) ?? dateText);
    this.entryOf(key, this.lineNumber);
    this.taintedEntries.add(key);
  }

  /** The entry of a key, added (with this line as its first) when new. */
  private entryOf(key: string, lineNumber: number): number {
    if (key === this.currentKey) return this.currentEntry;
    let entry = this.entries.find(key);
    if (entry < 0) entry = this.entries.add(key, lineNumber);
    this.currentKey = key;
    this.currentEntry = entry;
    return entry;
  }

  // Field helpers for the line being parsed (methods rather than per-line closures: cheaper).

  private field(i: number): string {
    return i < 0 ? '' : this.fields[i].trim();
  }

  private fieldOrNull(i: number): string | null {
    const v = this.field(i);
    return v === '' ? null : v;
  }

  private lineProblem(i: number, value: string, code: FecProblemCode, message: string): void {
    this.lineOk = false;
    this.addProblem(this.lineNumber, this.headerNames[i] ?? null, value, code, message);
  }

  private requiredField(i: number): string {
    const v = this.field(i);
    if (v === '') this.lineProblem(i, v, 'missing_value', `${this.headerNames[i]} is empty.`);
    return v;
  }

  /** Empty (or `00000000`, written by some programs for "no date") gives null. */
  private optionalDate(i: number): string | null {
    const v = this.field(i);
    if (v === '' || v === '00000000') return null;
    const d = parseFecDate(v);
    if (d === null) this.lineProblem(i, v, 'bad_date', `${this.headerNames[i]} "${v}" is not a date (expected YYYYMMDD).`);
    return d;
  }

  /** Debit or Credit: empty reads as 0. */
  private amountField(i: number): number | null {
    const v = this.field(i);
    if (v === '') return 0;
    const cents = parseFecAmount(v);
    if (cents === null) this.lineProblem(i, v, 'bad_amount', `${this.headerNames[i]} "${v}" is not an amount (expected digits with a comma or dot decimal, no thousands separator).`);
    return this.withinMaximum(i, v, cents);
  }

  /** An amount above MAX_LINE_AMOUNT is a problem of its line, like a malformed one. */
  private withinMaximum(i: number, text: string, cents: number | null): number | null {
    if (cents === null || !exceedsMaxLineAmount(cents)) return cents;
    this.lineProblem(i, text, 'amount_too_large', `${this.headerNames[i]} "${text}" is above the largest amount allowed for one line (${formatFecAmount(maxLineAmount())}, setting MAX_LINE_AMOUNT).`);
    return null;
  }
}

/**
 * Opens a FEC for streaming: a file path, a readable stream or a buffer. Nothing is read until
 * `readHeader()` is called or the reader is iterated.
 */
export function readFec(input: FecInput, options: FecReadOptions = {}): FecReader {
  return new StreamingFecReader(input, options);
}

/** Reads a whole FEC without keeping its lines and returns the figures and problems. */
export async function summarizeFec(input: FecInput, options: FecReadOptions = {}): Promise<FecSummary> {
  const reader = new StreamingFecReader(input, options);
  await reader.drain();
  return reader.summary();
}
