/**
 * The entries of a FEC being read, by key: for each, the line it starts on and how many of its
 * lines carry the current entry date (the rank that makes a line's source key). A large ledger has
 * hundreds of thousands of entries: held in a Map of strings, they took about 135 bytes each of
 * the JavaScript heap (50 MB at 1,000,000 lines), and the heap's growth then let the garbage of
 * the lines pile up to 300 MB before it was collected. Here they take about 35 bytes each in typed
 * arrays, outside the heap: keys as Latin-1 bytes in one pool, an open-addressing index over them.
 * Exact: a key with a character beyond U+00FF is kept in a Map instead, and an entry whose lines
 * carry several dates counts each date apart, in a Map too (both are rare).
 */

const NO_DATE = 0;
/** The entry's lines carry more than one date: ranks are in `ranksByDate`. */
const MANY_DATES = -1;

function grown(array: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(size);
  next.set(array);
  return next;
}

/** FNV-1a over the key's UTF-16 code units. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function isLatin1(key: string): boolean {
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) > 0xff) return false;
  return true;
}

export class EntryTable {
  /** Number of entries; their indexes are 0 … size − 1, in the order they were first met. */
  size = 0;
  private capacity = 1024;
  private firstLines = new Int32Array(this.capacity);
  private dates = new Int32Array(this.capacity);
  private ranks = new Int32Array(this.capacity);
  /** Offset of each entry's key in the pool; the key ends where the next one starts (keyStarts[size] = poolUsed). */
  private keyStarts = new Int32Array(this.capacity + 1);
  private pool = new Uint8Array(16 * 1024);
  private poolUsed = 0;
  /** Entry index + 1 by hash; 0 is a free slot. Kept at most three quarters full. */
  private slots = new Int32Array(2048);
  private wideKeys: Map<string, number> | null = null;
  private ranksByDate: Map<string, number> | null = null;

  /** The entry's index, or −1 when the key was never added. */
  find(key: string): number {
    if (!isLatin1(key)) return this.wideKeys?.get(key) ?? -1;
    const mask = this.slots.length - 1;
    for (let s = hashOf(key) & mask; ; s = (s + 1) & mask) {
      const slot = this.slots[s];
      if (slot === 0) return -1;
      if (this.keyIs(slot - 1, key)) return slot - 1;
    }
  }

  /** Adds a key that find() did not know; returns its index. */
  add(key: string, firstLine: number): number {
    const e = this.size;
    if (e === this.capacity) this.grow();
    this.firstLines[e] = firstLine;
    this.dates[e] = NO_DATE;
    this.ranks[e] = 0;
    this.keyStarts[e] = this.poolUsed;
    if (isLatin1(key)) {
      if (this.poolUsed + key.length > this.pool.length) {
        const pool = new Uint8Array(Math.max(this.pool.length * 2, this.poolUsed + key.length));
        pool.set(this.pool.subarray(0, this.poolUsed));
        this.pool = pool;
      }
      for (let i = 0; i < key.length; i++) this.pool[this.poolUsed++] = key.charCodeAt(i);
    } else {
      (this.wideKeys ??= new Map()).set(key, e);
    }
    this.keyStarts[e + 1] = this.poolUsed;
    this.size = e + 1;
    if (this.size * 4 > this.slots.length * 3) this.rehash(this.slots.length * 2);
    else if (this.keyStarts[e + 1] > this.keyStarts[e]) this.place(e, hashOf(key));
    return e;
  }

  firstLineOf(e: number): number {
    return this.firstLines[e];
  }

  /** One more line of entry `e` dated `date` (YYYYMMDD as a number): its rank among the entry's lines of that date, from 1. */
  nextRank(e: number, date: number): number {
    const current = this.dates[e];
    if (current === date) return ++this.ranks[e];
    if (current === NO_DATE) {
      this.dates[e] = date;
      return (this.ranks[e] = 1);
    }
    const byDate = (this.ranksByDate ??= new Map());
    if (current !== MANY_DATES) {
      // The entry's first other date: what was counted so far belongs to the date counted so far.
      byDate.set(`${e}|${current}`, this.ranks[e]);
      this.dates[e] = MANY_DATES;
    }
    const k = `${e}|${date}`;
    const rank = (byDate.get(k) ?? 0) + 1;
    byDate.set(k, rank);
    return rank;
  }

  /** Lets the memory go once the file is read; only `size` is kept. */
  release(): void {
    this.capacity = 0;
    this.firstLines = this.dates = this.ranks = this.keyStarts = this.slots = new Int32Array(0);
    this.pool = new Uint8Array(0);
    this.wideKeys = this.ranksByDate = null;
  }

  private keyIs(e: number, key: string): boolean {
    const start = this.keyStarts[e];
    if (this.keyStarts[e + 1] - start !== key.length) return false;
    for (let i = 0; i < key.length; i++) if (this.pool[start + i] !== key.charCodeAt(i)) return false;
    return true;
  }

  private place(e: number, hash: number): void {
    const mask = this.slots.length - 1;
    let s = hash & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = e + 1;
  }

  private grow(): void {
    this.capacity *= 2;
    this.firstLines = grown(this.firstLines, this.capacity);
    this.dates = grown(this.dates, this.capacity);
    this.ranks = grown(this.ranks, this.capacity);
    this.keyStarts = grown(this.keyStarts, this.capacity + 1);
  }

  private rehash(slotCount: number): void {
    this.slots = new Int32Array(slotCount);
    for (let e = 0; e < this.size; e++) {
      const start = this.keyStarts[e];
      const end = this.keyStarts[e + 1];
      if (end === start) continue; // a wide key, in wideKeys
      let h = 0x811c9dc5;
      for (let i = start; i < end; i++) h = Math.imul(h ^ this.pool[i], 0x01000193);
      this.place(e, h >>> 0);
    }
  }
}
