/** A dossier's provision movements, each with its journal entry and lines. */
import { Db, rawQuery } from '../db/transactions';
import { toNumber } from '../db/column-types';
import { ProvisionMovementRow } from './provision-movement.entity';

export interface MovementView extends ProvisionMovementRow {
  entry: { id: number; number: string; journalCode: string; date: string; exportedAt: string | null; lines: { account: string; auxiliaryAccount: string | null; label: string; debit: number; credit: number }[] } | null;
}

/** The dossier's movements, oldest first, each with its journal entry and lines. */
export async function provisionHistory(db: Db, dossierId: number): Promise<MovementView[]> {
  const rows = await db.getRepository(ProvisionMovementRow).find({ where: { dossierId }, order: { date: 'ASC', id: 'ASC' } });
  const ids = rows.map((r) => r.journalEntryId).filter((id): id is number => id !== null);
  const entries = ids.length === 0 ? [] : await rawQuery<{ id: unknown; number: string; journal_code: string; date: string; exported_at: string | null }>(db,
    'SELECT id, number, journal_code, date, exported_at FROM journal_entry WHERE id IN (:...ids)', { ids });
  const lines = ids.length === 0 ? [] : await rawQuery<{ journal_entry_id: unknown; account: string; auxiliary_account: string | null; label: string; debit: unknown; credit: unknown }>(db,
    'SELECT journal_entry_id, account, auxiliary_account, label, debit, credit FROM journal_line WHERE journal_entry_id IN (:...ids) ORDER BY id', { ids });
  return rows.map((r) => {
    const e = entries.find((x) => toNumber(x.id) === r.journalEntryId);
    return Object.assign(r, {
      entry: e ? {
        id: toNumber(e.id), number: e.number, journalCode: e.journal_code, date: e.date, exportedAt: e.exported_at,
        lines: lines.filter((l) => toNumber(l.journal_entry_id) === r.journalEntryId).map((l) => ({
          account: l.account, auxiliaryAccount: l.auxiliary_account, label: l.label, debit: toNumber(l.debit), credit: toNumber(l.credit),
        })),
      } : null,
    });
  });
}
