/**
 * Books the journal entries the rules build: checks each balances, numbers it in the company's
 * journal and stores it with its lines, inside the caller's transaction, so that a refused status
 * change or provision leaves no entry behind.
 */
import { Db, inTransaction, isPostgres, rawQuery } from '../db/transactions';
import { AppError } from '../shared/errors';
import { nowIso } from '../shared/business-date';
import { JournalEntryRow, JournalLineRow } from './journal-entry.entity';
import { entryProblems } from './journal.rules';
import type { JournalEntry } from './journal.types';

/** Width of the zero-padded piece number: text order is number order, so MAX() finds the last one. */
const NUMBER_WIDTH = 8;

export function formatJournalNumber(sequence: number): string {
  return String(sequence).padStart(NUMBER_WIDTH, '0');
}

export interface BookingContext {
  companyId: number;
  dossierId: number | null;
  /** Creation timestamp (ISO); defaults to now. */
  at?: string;
}

export interface BookedEntry extends JournalEntry {
  id: number;
  number: string;
}

/**
 * Stores `entries` in order, each with the next number of its journal. Unbalanced entries are a
 * programming error in a rule, never user input: they are refused before anything is written.
 */
export async function bookJournalEntries(db: Db, entries: JournalEntry[], ctx: BookingContext): Promise<BookedEntry[]> {
  for (const e of entries) {
    const problems = entryProblems(e);
    if (problems.length > 0) throw new AppError('invalid_state', 'journal.errors.unbalanced', 500, [], { problems: problems.join('; ') });
  }
  if (entries.length === 0) return [];
  return inTransaction(db, async (m) => {
    // PostgreSQL: one writer per company numbers at a time, held until commit, so that ids are in
    // commit order too (the API cursor relies on it). SQLite already serialises writers.
    if (isPostgres(m)) await m.query('SELECT pg_advisory_xact_lock($1, $2)', [4242, ctx.companyId]);
    const at = ctx.at ?? nowIso();
    const booked: BookedEntry[] = [];
    const next = new Map<string, number>();
    for (const e of entries) {
      let seq = next.get(e.journalCode);
      if (seq === undefined) {
        const [row] = await rawQuery<{ last: string | null }>(m,
          'SELECT MAX(number) AS last FROM journal_entry WHERE company_id = :companyId AND journal_code = :journal',
          { companyId: ctx.companyId, journal: e.journalCode });
        seq = row?.last ? Number(row.last) + 1 : 1;
      }
      next.set(e.journalCode, seq + 1);
      const number = formatJournalNumber(seq);
      const inserted = await m.getRepository(JournalEntryRow).insert({
        companyId: ctx.companyId, number, journalCode: e.journalCode, date: e.date, label: e.label.slice(0, 300),
        pieceRef: e.pieceRef.slice(0, 60), dossierId: ctx.dossierId, createdAt: at, exportedAt: null,
      });
      const id = Number(inserted.identifiers[0].id);
      await m.getRepository(JournalLineRow).insert(e.lines.map((l) => ({
        journalEntryId: id, account: l.account, auxiliaryAccount: l.auxiliaryAccount, label: l.label.slice(0, 300), debit: l.debit, credit: l.credit,
      })));
      booked.push({ ...e, id, number });
    }
    return booked;
  });
}
