/**
 * What open disputes take out, for the components that must leave it aside: the dossier's account
 * (penalties, the amount in dispute), the letters, Rappel / relevé and the scenario run. Reads only
 * the dispute and dossier_entry tables, in SQL, so that it imports no component: the disputes
 * component (which uses the dossier's account) and the account can both call it.
 */
import { toNumber } from '../db/column-types';
import { type Db, rawQuery } from '../db/sql';
import { coversWholeDossier, disputedEntries, type DisputeScope } from './dispute-scope.rules';

type ScopeRow = { dossier_id: unknown; ledger_entry_id: unknown };

const scopeOf = (r: ScopeRow): DisputeScope => ({ status: 'open', ledgerEntryId: r.ledger_entry_id == null ? null : toNumber(r.ledger_entry_id) });

async function entriesOfDossier(db: Db, dossierId: number): Promise<number[]> {
  const links = await rawQuery<{ ledger_entry_id: unknown }>(db, 'SELECT ledger_entry_id FROM dossier_entry WHERE dossier_id = :dossierId', { dossierId });
  return links.map((l) => toNumber(l.ledger_entry_id));
}

/** The ledger entries of the dossier that an open dispute covers (all of them under a dispute of the whole dossier). */
export async function disputedEntryIds(db: Db, dossierId: number): Promise<Set<number>> {
  const rows = await rawQuery<ScopeRow>(db, `SELECT dossier_id, ledger_entry_id FROM dispute WHERE dossier_id = :dossierId AND status = 'open'`, { dossierId });
  if (rows.length === 0) return new Set();
  const disputes = rows.map(scopeOf);
  return disputedEntries(disputes, coversWholeDossier(disputes) ? await entriesOfDossier(db, dossierId) : []);
}

/** The same for several dossiers at once (id → entries). */
export async function disputedEntryIdsOf(db: Db, dossierIds: number[]): Promise<Map<number, Set<number>>> {
  const out = new Map<number, Set<number>>();
  if (dossierIds.length === 0) return out;
  const rows = await rawQuery<ScopeRow>(db, `SELECT dossier_id, ledger_entry_id FROM dispute WHERE status = 'open' AND dossier_id IN (:...ids)`, { ids: dossierIds });
  for (const id of new Set(rows.map((r) => toNumber(r.dossier_id)))) out.set(id, await disputedEntryIds(db, id));
  return out;
}

/**
 * A SQL condition, true for a ledger line (alias `le`) that no open dispute covers: for the queries that
 * sum open lines (the scenario run, Rappel / relevé). The dispute table is small; both branches use its indexes.
 */
export function notDisputedSql(alias = 'le'): string {
  return `NOT EXISTS (SELECT 1 FROM dispute dsp WHERE dsp.status = 'open' AND (dsp.ledger_entry_id = ${alias}.id
    OR (dsp.ledger_entry_id IS NULL AND EXISTS (SELECT 1 FROM dossier_entry dspe WHERE dspe.dossier_id = dsp.dossier_id AND dspe.ledger_entry_id = ${alias}.id))))`;
}

/** The scenario run's hook: among dossiers [fromId, toId], those with a dispute of the whole dossier (they wait) and those with a disputed invoice. */
export async function disputeHolds(db: Db, range: { fromId: number; toId: number }): Promise<{ wholeDossier: Set<number>; someInvoices: Set<number> }> {
  const rows = await rawQuery<{ dossier_id: unknown; whole: unknown }>(
    db,
    `SELECT dossier_id, MAX(CASE WHEN ledger_entry_id IS NULL THEN 1 ELSE 0 END) AS whole FROM dispute
      WHERE status = 'open' AND dossier_id BETWEEN :fromId AND :toId GROUP BY dossier_id`,
    range,
  );
  const wholeDossier = new Set<number>();
  const someInvoices = new Set<number>();
  for (const r of rows) (toNumber(r.whole) ? wholeDossier : someInvoices).add(toNumber(r.dossier_id));
  return { wholeDossier, someInvoices };
}

/** Among the given ledger entries, those an open dispute covers (for letters built from a customer's items). */
export async function disputedAmong(db: Db, entryIds: number[]): Promise<Set<number>> {
  if (entryIds.length === 0) return new Set();
  const any = await rawQuery(db, `SELECT 1 AS one FROM dispute WHERE status = 'open' LIMIT 1`);
  if (any.length === 0) return new Set();
  const rows = await rawQuery<{ id: unknown }>(db, `SELECT le.id FROM ledger_entry le WHERE le.id IN (:...ids) AND NOT ${notDisputedSql('le')}`, { ids: entryIds });
  return new Set(rows.map((r) => toNumber(r.id)));
}
