/** The FEC import's input, metered (bytes read, SHA-256), and SQLite's cache for the import's duration. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Transform } from 'node:stream';
import type { DataSource } from 'typeorm';
import type { DatabaseKind } from '../db/sql';
import type { FecInput } from '../ledger';

const IMPORT_SQLITE_CACHE_KIB = 32 * 1024;
/**
 * The reader parses a whole chunk's lines before the import takes them (fec/reader.ts): with 256 KB
 * chunks, 1,600 lines at a time were alive across the young generation's collections, and one 1M-line
 * import in two let its heap settle at twice the size (peak 227 MB instead of 145, and 2 s slower).
 * 64 KB (400 lines) measured 10 runs out of 10 at the low size, at the same speed.
 */
const READ_CHUNK_BYTES = 64 * 1024;
const DEFERRED_INDEXES_CACHE_KIB = 2 * 1024;

/** The file being read: its stream, its size when known, the bytes read so far, its SHA-256 once read. */
export interface OpenedInput {
  source: FecInput;
  totalBytes: number | null;
  isPath: boolean;
  bytesRead: () => number;
  digest: () => string | null;
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

/** A path, a buffer or a stream, metered. */
export async function openInput(input: FecInput): Promise<OpenedInput> {
  let bytesRead = 0;
  const count = (n: number) => (bytesRead += n);
  if (typeof input === 'string') {
    const totalBytes = (await fs.promises.stat(input)).size;
    const m = meter(count);
    const source = fs.createReadStream(input, { highWaterMark: READ_CHUNK_BYTES }).on('error', (err) => m.stream.destroy(err)).pipe(m.stream);
    return { source, totalBytes, isPath: true, bytesRead: () => bytesRead, digest: m.digest };
  }
  if (input instanceof Uint8Array) {
    const sha = createHash('sha256').update(input).digest('hex');
    return { source: input, totalBytes: input.byteLength, isPath: false, bytesRead: () => bytesRead, digest: () => sha };
  }
  const m = meter(count);
  return { source: (input as NodeJS.ReadableStream).pipe(m.stream), totalBytes: null, isPath: false, bytesRead: () => bytesRead, digest: m.digest };
}

/**
 * SQLite's page cache for the import's duration; returns the restore. better-sqlite3's default (16 MB)
 * is far smaller than the indexes a large ledger touches when they are kept up to date row by row:
 * 32 MB then saves a quarter of the write time. Lines written before their indexes (ledger-indexes.ts)
 * only append pages, and the sorts that build the indexes afterwards spill to temporary files: 2 MB
 * is as fast there (measured at 1,000,000 lines) and keeps 14 MB out of the process.
 */
export async function sizeSqliteCache(ds: DataSource, dialect: DatabaseKind, indexesDeferred: boolean): Promise<() => Promise<void>> {
  if (dialect !== 'sqlite') return async () => undefined;
  const previous = Number((await ds.query('PRAGMA cache_size'))[0]?.cache_size ?? -2000);
  const size = indexesDeferred ? -DEFERRED_INDEXES_CACHE_KIB : IMPORT_SQLITE_CACHE_KIB > -previous ? -IMPORT_SQLITE_CACHE_KIB : previous;
  await ds.query(`PRAGMA cache_size = ${size}`);
  return async () => {
    await ds.query(`PRAGMA cache_size = ${previous}`).catch(() => undefined);
  };
}
