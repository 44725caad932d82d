/**
 * Bytes → text lines, chunk by chunk.
 *
 * Lines are cut on the LF byte before any decoding. In UTF-8, Windows-1252 and ISO-8859-15 the
 * byte 0x0A only ever means LF (a multi-byte UTF-8 character never contains it), so a character
 * that straddles two chunks is simply carried with the unfinished line into the next chunk and
 * decoded once the line is whole. Trailing CRs are dropped, which covers LF, CR LF and CR CR LF.
 *
 * Encoding is decided line by line: a pure ASCII line reads the same in every encoding; the first
 * line holding a byte above 0x7F decides the file's encoding (valid UTF-8 → UTF-8, else
 * Windows-1252). That matters because the first non-ASCII byte can be far into the file (one of
 * the real files has its first at byte 161 935, well past the first chunk).
 */
import { isAscii, isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import iconv from 'iconv-lite';
import type { FecEncoding, FecInput, FecLineEnding } from './types';

/** 64 KB: a chunk's lines are parsed at once, and fewer of them alive at a time keeps the heap small (fec-import.input.ts). */
export const DEFAULT_CHUNK_SIZE = 64 * 1024;

const LF = 0x0a;
const CR = 0x0d;

/** Normalises every accepted input into an async iterator of byte chunks. */
export function openChunks(input: FecInput, chunkSize: number): { chunks: AsyncIterator<Buffer>; close: () => void } {
  if (typeof input === 'string') {
    const stream = fs.createReadStream(input, { highWaterMark: chunkSize });
    return { chunks: bufferChunks(stream), close: () => stream.destroy() };
  }
  if (input instanceof Uint8Array) {
    return { chunks: sliceBuffer(Buffer.from(input.buffer, input.byteOffset, input.byteLength), chunkSize), close: () => undefined };
  }
  const stream = input;
  return {
    chunks: bufferChunks(stream),
    close: () => {
      const destroyable = stream as NodeJS.ReadableStream & { destroy?: () => void };
      if (typeof destroyable.destroy === 'function') destroyable.destroy();
    },
  };
}

async function* bufferChunks(stream: NodeJS.ReadableStream): AsyncGenerator<Buffer> {
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
  }
}

async function* sliceBuffer(buffer: Buffer, chunkSize: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < buffer.length; i += chunkSize) yield buffer.subarray(i, Math.min(buffer.length, i + chunkSize));
}

export type ForcedEncoding = 'utf-8' | 'windows-1252' | 'iso-8859-15';

/** Decodes whole lines, deciding the encoding as it goes (see the file comment). */
export class LineDecoder {
  encoding: FecEncoding = 'ascii';
  bom = false;
  mixedEncodingLines = 0;
  firstMixedEncodingLine: number | null = null;

  constructor(private readonly forced: ForcedEncoding | null) {
    if (forced) this.encoding = forced;
  }

  /** Removes a UTF-8 BOM from the first line; true if there was one. */
  stripBom(line: Buffer): Buffer {
    if (line.length >= 3 && line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf) {
      this.bom = true;
      if (!this.forced) this.encoding = 'utf-8';
      return line.subarray(3);
    }
    return line;
  }

  decode(line: Buffer, lineNumber: number): string {
    if (isAscii(line)) return line.toString('latin1');
    if (this.forced === 'utf-8') return line.toString('utf8');
    if (this.forced) return iconv.decode(line, this.forced);
    if (this.encoding === 'windows-1252') return iconv.decode(line, 'windows-1252');
    if (isUtf8(line)) {
      this.encoding = 'utf-8';
      return line.toString('utf8');
    }
    if (this.encoding === 'utf-8') {
      this.mixedEncodingLines++;
      this.firstMixedEncodingLine ??= lineNumber;
    } else {
      this.encoding = 'windows-1252';
    }
    return iconv.decode(line, 'windows-1252');
  }
}

export interface RawLine {
  lineNumber: number;
  bytes: Buffer;
  /** Number of CR bytes removed from the end of the line. */
  trailingCrs: number;
  /** False for a last line without LF. */
  terminated: boolean;
}

export function lineEndingOf(line: RawLine): FecLineEnding {
  if (!line.terminated) return 'none';
  if (line.trailingCrs === 0) return 'LF';
  return line.trailingCrs === 1 ? 'CRLF' : 'CRCRLF';
}

/** Cuts byte chunks into lines on LF; keeps the unfinished tail for the next chunk. */
export class ByteLineSplitter {
  /** Number of the last line emitted. */
  lineNumber = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly maxLineBytes: number) {}

  /** Bytes currently held for an unfinished line. */
  get pendingLength(): number {
    return this.pendingBytes;
  }

  /**
   * Emits every complete line of the chunk. Returns false (and stops) if a line grows beyond
   * maxLineBytes or `onLine` returns false.
   */
  push(chunk: Buffer, onLine: (line: RawLine) => boolean): boolean {
    let pos = 0;
    for (;;) {
      const nl = chunk.indexOf(LF, pos);
      if (nl === -1) {
        if (pos < chunk.length) {
          this.pending.push(chunk.subarray(pos));
          this.pendingBytes += chunk.length - pos;
        }
        return this.pendingBytes <= this.maxLineBytes;
      }
      let bytes = chunk.subarray(pos, nl);
      if (this.pending.length > 0) {
        this.pending.push(bytes);
        bytes = Buffer.concat(this.pending, this.pendingBytes + bytes.length);
        this.pending = [];
        this.pendingBytes = 0;
      }
      pos = nl + 1;
      if (bytes.length > this.maxLineBytes) return false;
      if (!onLine(this.makeLine(bytes, true))) return false;
    }
  }

  /** Emits the last line when the input does not end with LF. */
  end(onLine: (line: RawLine) => boolean): void {
    if (this.pendingBytes === 0) return;
    const bytes = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    onLine(this.makeLine(bytes, false));
  }

  private makeLine(bytes: Buffer, terminated: boolean): RawLine {
    let end = bytes.length;
    while (end > 0 && bytes[end - 1] === CR) end--;
    return { lineNumber: ++this.lineNumber, bytes: end === bytes.length ? bytes : bytes.subarray(0, end), trailingCrs: bytes.length - end, terminated };
  }
}
