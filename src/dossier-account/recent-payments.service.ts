/**
 * Derniers encaissements: what was recovered over a period, payment by payment with its dossier.
 * A payment received directly and the ledger line that records it are one payment: the list shows
 * the direct payment (with the ledger reference once matched) and leaves the ledger line out.
 */
import { Between, In, IsNull, Not } from 'typeorm';
import { toNumber } from '../db/column-types';
import { Db, rawQuery } from '../db/transactions';
import { Dossier } from '../dossiers';
import { readAppSetting, writeAppSetting } from '../settings';
import { ThirdParty } from '../third-parties';
import { CreditController } from '../credit-controllers';
import type { Cents } from '../shared/money';
import { DirectPayment, PaymentMethod, ReceivedBy } from './dossier-account.entity';
import { isSalesJournal } from './dossier-account.rules';
import { pendingMatches } from './dossier-account.service';

export const RECENT_COLUMNS = ['date', 'dossier', 'customer', 'amount', 'method', 'receivedBy', 'reference', 'source', 'controller'] as const;
export type RecentColumn = (typeof RECENT_COLUMNS)[number];
export const DEFAULT_COLUMNS: RecentColumn[] = ['date', 'dossier', 'customer', 'amount', 'method', 'source'];

export interface RecentPaymentRow {
  key: string;
  date: string;
  dossierId: number;
  dossierNumber: number;
  customer: string;
  controller: string | null;
  /** The dossier's credit controller (the personal dashboard counts their payments). */
  controllerId: number | null;
  amount: Cents;
  method: PaymentMethod | null;
  receivedBy: ReceivedBy | null;
  reference: string | null;
  source: 'direct' | 'ledger';
  matchedRef: string | null;
}

export async function recentPayments(db: Db, period: { from: string; to: string }): Promise<{ rows: RecentPaymentRow[]; total: Cents }> {
  const direct = await db.getRepository(DirectPayment).find({ where: { paymentDate: Between(period.from, period.to) }, order: { paymentDate: 'DESC', id: 'DESC' } });
  // Ledger lines that stand for a direct payment (written down, or found on the fly before the daily task).
  const pending = await pendingMatches(db, await db.getRepository(DirectPayment).findBy({ matchedEntryId: IsNull() }));
  const matched = await db.getRepository(DirectPayment).find({ where: { matchedEntryId: Not(IsNull()) }, select: { id: true, matchedEntryId: true } });
  const recordedByDirect = new Set<number>([...matched.map((p) => p.matchedEntryId as number), ...pending.values()]);

  // Ledger payments of the period that belong to a dossier: the dossier's own lines and those lettered with them.
  const ledger = await rawQuery<Record<string, unknown>>(
    db,
    `SELECT le.id AS id, le.entry_date AS entry_date, le.credit AS credit, le.debit AS debit, le.piece_ref AS piece_ref, le.entry_number AS entry_number,
            le.journal_code AS journal_code, le.journal_label AS journal_label, MIN(de.dossier_id) AS dossier_id
       FROM ledger_entry le
       JOIN ledger_entry inv ON inv.third_party_id = le.third_party_id AND (inv.id = le.id OR (le.lettering IS NOT NULL AND inv.lettering = le.lettering))
       JOIN dossier_entry de ON de.ledger_entry_id = inv.id
      WHERE le.credit > le.debit AND le.entry_date >= :from AND le.entry_date <= :to
      GROUP BY le.id, le.entry_date, le.credit, le.debit, le.piece_ref, le.entry_number, le.journal_code, le.journal_label`,
    { from: period.from, to: period.to },
  );
  const ledgerRows = ledger.filter((r) => !isSalesJournal({ journalCode: String(r.journal_code), journalLabel: (r.journal_label as string | null) ?? null }) && !recordedByDirect.has(toNumber(r.id)));

  const dossierIds = [...new Set([...direct.map((p) => p.dossierId), ...ledgerRows.map((r) => toNumber(r.dossier_id))])];
  const dossiers = new Map((dossierIds.length ? await db.getRepository(Dossier).findBy({ id: In(dossierIds) }) : []).map((d) => [d.id, d]));
  const customerIds = [...new Set([...dossiers.values()].map((d) => d.thirdPartyId))];
  const customers = new Map((customerIds.length ? await db.getRepository(ThirdParty).findBy({ id: In(customerIds) }) : []).map((c) => [c.id, c.name]));
  const controllers = new Map((await db.getRepository(CreditController).find()).map((c) => [c.id, c.name]));
  const matchedIds = direct.map((p) => p.matchedEntryId ?? pending.get(p.id) ?? null).filter((x): x is number => x !== null);
  const matchedRefs = new Map<number, string>();
  if (matchedIds.length) {
    for (const r of await rawQuery<{ id: unknown; ref: string }>(db, 'SELECT id, COALESCE(piece_ref, entry_number) AS ref FROM ledger_entry WHERE id IN (:...ids)', { ids: matchedIds })) matchedRefs.set(toNumber(r.id), r.ref);
  }
  const about = (dossierId: number) => {
    const d = dossiers.get(dossierId);
    return { dossierId, dossierNumber: d?.number ?? 0, customer: d ? (customers.get(d.thirdPartyId) ?? '') : '', controller: d?.controllerId ? (controllers.get(d.controllerId) ?? null) : null, controllerId: d?.controllerId ?? null };
  };
  const rows: RecentPaymentRow[] = [
    ...direct.map((p) => {
      const entryId = p.matchedEntryId ?? pending.get(p.id) ?? null;
      return {
        key: `direct:${p.id}`, date: p.paymentDate, ...about(p.dossierId), amount: p.amount, method: p.method, receivedBy: p.receivedBy, reference: p.reference,
        source: 'direct' as const, matchedRef: entryId !== null ? (matchedRefs.get(entryId) ?? null) : null,
      };
    }),
    ...ledgerRows.map((r) => ({
      key: `ledger:${toNumber(r.id)}`, date: String(r.entry_date), ...about(toNumber(r.dossier_id)), amount: toNumber(r.credit) - toNumber(r.debit), method: null, receivedBy: null,
      reference: (r.piece_ref as string | null) ?? String(r.entry_number), source: 'ledger' as const, matchedRef: null,
    })),
  ].sort((a, b) => (a.date > b.date ? -1 : a.date < b.date ? 1 : a.key.localeCompare(b.key)));
  return { rows, total: rows.reduce((s, r) => s + r.amount, 0) };
}

const prefKey = (userId: number) => `prefs.recentPayments.${userId}`;

/** The columns the user chose to see, kept per user (app_setting); the defaults until they choose. */
export async function recentColumns(db: Db, userId: number): Promise<RecentColumn[]> {
  const value = await readAppSetting(db, prefKey(userId));
  if (value === null) return DEFAULT_COLUMNS;
  try {
    const chosen = (JSON.parse(value) as unknown[]).filter((c): c is RecentColumn => RECENT_COLUMNS.includes(c as RecentColumn));
    return chosen.length ? chosen : DEFAULT_COLUMNS;
  } catch {
    return DEFAULT_COLUMNS;
  }
}

export async function saveRecentColumns(db: Db, userId: number, columns: string[]): Promise<RecentColumn[]> {
  const chosen = RECENT_COLUMNS.filter((c) => columns.includes(c));
  const kept = chosen.length ? chosen : DEFAULT_COLUMNS;
  await writeAppSetting(db, prefKey(userId), JSON.stringify(kept));
  return kept;
}
