/**
 * The reader's table of entries (entry-table.ts) and the ranks it gives the lines, which make their
 * source keys: checked against the plain Map counting they replace, on keys built to collide, keys
 * beyond Latin-1, interleaved entries and entries over several dates.
 */
import { expect } from 'chai';
import { EntryTable } from '../../../src/ledger/fec/entry-table';
import { readFec } from '../../../src/ledger/fec';
import { SourceKeyer } from '../../../src/ledger/ledger-import.service';
import { HEADER, row } from './fec-helpers';

/** A deterministic pseudo-random sequence (the tests must fail the same way every time). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('FEC entry table', () => {
  it('finds every key it was given, and no other, as a Map does: 200,000 keys, near-identical ones, beyond Latin-1', () => {
    const table = new EntryTable();
    const reference = new Map<string, number>();
    const next = random(7);
    const keys: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const kind = i % 5;
      // Near-identical keys (one character apart, one a prefix of another), accented, beyond U+00FF, and an empty entry number.
      const key = kind === 0 ? `VE\u0000${i}` : kind === 1 ? `VE\u0000${i}0` : kind === 2 ? `Opé\u0000é${i}` : kind === 3 ? `Ω\u0000${i}€` : `AC\u0000`.repeat(1 + (i % 3)) + String(i);
      keys.push(key);
    }
    for (const key of keys) {
      if (reference.has(key)) continue;
      expect(table.find(key)).to.equal(-1);
      const line = Math.floor(next() * 1e6);
      reference.set(key, table.add(key, line));
      expect(table.firstLineOf(reference.get(key)!)).to.equal(line);
    }
    expect(table.size).to.equal(reference.size);
    for (const [key, e] of reference) expect(table.find(key)).to.equal(e);
    for (const absent of ['VE\u00000x', 'Ω\u00001', 'Opé\u0000é', '', 'VE']) expect(table.find(absent), absent).to.equal(-1);
  });

  it('ranks the lines of an entry by date, as a count per (entry, date) would, when its dates alternate', () => {
    const table = new EntryTable();
    const a = table.add('VE\u00001', 2);
    const b = table.add('VE\u00002', 3);
    const sequence: [number, number][] = [[a, 20240115], [a, 20240115], [b, 20240116], [a, 20240116], [a, 20240115], [b, 20240116], [a, 20240116], [a, 20240117]];
    const counts = new Map<string, number>();
    for (const [entry, date] of sequence) {
      const key = `${entry}|${date}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      expect(table.nextRank(entry, date), key).to.equal(counts.get(key));
    }
  });

  it('keeps its count once released, and lets its arrays go', () => {
    const table = new EntryTable();
    for (let i = 0; i < 5000; i++) table.add(`K${i}`, i);
    table.release();
    expect(table.size).to.equal(5000);
  });
});

describe('FEC lines ranked in their entry, and their source keys', () => {
  /** A shuffled ledger: entries interleaved, some over two dates, journal codes and numbers with "|" and beyond Latin-1. */
  function shuffledLedger(count: number): { text: string; rows: { j: string; n: string; d: string }[] } {
    const next = random(11);
    const rows: { j: string; n: string; d: string }[] = [];
    const journals = ['VE', 'AC', 'A|B', 'A', 'Ω'];
    for (let i = 0; i < count; i++) {
      const j = journals[Math.floor(next() * journals.length)];
      const n = j === 'A' && next() < 0.5 ? `B|${Math.floor(next() * 5)}` : String(Math.floor(next() * 40));
      const d = next() < 0.8 ? '20240115' : '20240116';
      rows.push({ j, n, d });
    }
    // Each generated line is balanced on its own (debit = credit), so every entry balances whatever its lines.
    const lines = rows.map((r) => row({ JournalCode: r.j, EcritureNum: r.n, EcritureDate: r.d, PieceDate: r.d, Debit: '10,00', Credit: '10,00' }));
    return { text: `${[HEADER, ...lines].join('\n')}\n`, rows };
  }

  it('gives each line its rank among the lines of its journal, number and date so far, entries interleaved (both entry keys)', async () => {
    const { text, rows } = shuffledLedger(3000);
    for (const entryKey of ['journal-number', 'journal-number-date'] as const) {
      const counts = new Map<string, number>();
      const reader = readFec(Buffer.from(text), { entryKey });
      let i = 0;
      for await (const line of reader) {
        const r = rows[i++];
        const key = `${r.j}\u0000${r.n}\u0000${r.d}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        expect(line.entryRank, `${entryKey} line ${line.lineNumber}`).to.equal(counts.get(key));
      }
      expect(i).to.equal(rows.length);
      expect(reader.summary().problems).to.deep.equal([]);
    }
  });

  it('keys the lines exactly as counting by the written key did: unique, and ranked jointly when a "|" makes two entries\' keys alike', async () => {
    const { text } = shuffledLedger(3000);
    const keyer = new SourceKeyer('fec');
    const seen = new Map<string, number>();
    const keys = new Set<string>();
    for await (const line of readFec(Buffer.from(text))) {
      const entry = `${line.journalCode}|${line.entryNumber}|${line.entryDate}`;
      const rank = (seen.get(entry) ?? 0) + 1;
      seen.set(entry, rank);
      const key = keyer.keyOf(line);
      expect(key).to.equal(`fec:${entry}|${rank}`);
      keys.add(key);
    }
    expect(keys.size).to.equal(3000);
  });
});
