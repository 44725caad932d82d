/**
 * What open disputes take out, for the components that must leave it aside: the dossier's account
 * (penalties, the amount in dispute), the letters, Rappel / relevé and the scenario run. Reads only
 * the dispute and dossier_entry tables, so any component may call it without a cycle.
 */
import { In } from 'typeorm';
import { toNumber } from '../db/column-types';
import { Db, rawQuery } from '../db/transactions';
import { DossierEntry } from '../dossiers';
import { Dispute } from './dispute.entity';
import { coversWholeDossier, disputedEntries } from './dispute.rules';

/** The ledger entries of the dossier that an open dispute covers (all of them under a dispute of the whole dossier). */
export async function disputedEntryIds(db: Db, dossierId: number): Promise<Set<number>> {
  const disputes = await db.getRepository(Dispute).find({ where: { dossierId, status: 'open' }, select: { id: true, status: true, ledgerEntryId: true } });
  if (disputes.length === 0) return new Set();
  const links = coversWholeDossier(disputes) ? await db.getRepository(DossierEntry).find({ where: { dossierId }, select: { ledgerEntryId: true } }) : [];
  return disputedEntries(disputes, links.map((l) => l.ledgerEntryId));
}

/** The same for several dossiers at once (id → entries). */
export async function disputedEntryIdsOf(db: Db, dossierIds: number[]): Promise<Map<number, Set<number>>> {
  const out = new Map<number, Set<number>>();
  if (dossierIds.length === 0) return out;
  const disputes = await db.getRepository(Dispute).find({ where: { dossierId: In(dossierIds), status: 'open' } });
  for (const id of new Set(disputes.map((d) => d.dossierId))) out.set(id, await disputedEntryIds(db, id));
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
  const hasAny = await db.getRepository(Dispute).existsBy({ status: 'open' });
  if (!hasAny) return new Set();
  const rows = await rawQuery<{ id: unknown }>(db, `SELECT le.id FROM ledger_entry le WHERE le.id IN (:...ids) AND NOT ${notDisputedSql('le')}`, { ids: entryIds });
  return new Set(rows.map((r) => toNumber(r.id)));
}
