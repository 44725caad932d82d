/**
 * Loads what dossiers hold (dossier-balance.rules.ts says what it weighs) in a few set queries, and
 * keeps `dossier.balance` — the rule's figure, stored so that the list sorts 100,000 dossiers on an
 * index — in step: every write the figure derives from (linking, ledger import, financial element,
 * direct payment and its match, settlement, write-off) calls `refreshDossierBalances` inside its own
 * transaction. Raw SQL on the other components' tables, so that this door stays free of import cycles.
 */
import { toNumber } from '../db/column-types';
import { Db, rawQuery } from '../db/transactions';
import { boundQuery } from '../db/sql';
import { journalAccounts } from '../journal';
import {
  accountTransactions, balanceOf, matchDirectPayments, unallocatedCredit,
  type DirectPaymentRow, type DossierBalance, type DossierHoldings, type LedgerCandidate, type LedgerLine, type UnallocatedCredit,
} from './dossier-balance.rules';
import type { ClosureMoney, RestOfBalance } from './closure-balance.rules';

const CHUNK = 400;
const num = toNumber;
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

async function chunked<T>(ids: number[], fn: (slice: number[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await fn(ids.slice(i, i + CHUNK))));
  return out;
}

const LINE_COLUMNS = `le.id AS id, le.journal_code AS journal_code, le.journal_label AS journal_label, le.entry_date AS entry_date, le.piece_ref AS piece_ref,
  le.label AS label, le.debit AS debit, le.credit AS credit, le.due_date AS due_date, le.lettering AS lettering, le.third_party_id AS third_party_id, le.entry_number AS entry_number`;

function toLine(r: Record<string, unknown>): LedgerCandidate & { entryNumber: string | null } {
  return {
    id: num(r.id), journalCode: String(r.journal_code), journalLabel: str(r.journal_label), entryDate: String(r.entry_date), pieceRef: str(r.piece_ref), label: str(r.label),
    debit: num(r.debit), credit: num(r.credit), dueDate: str(r.due_date), lettering: str(r.lettering), thirdPartyId: r.third_party_id === null ? null : num(r.third_party_id),
    entryNumber: str(r.entry_number),
  };
}

export interface LoadedHoldings extends DossierHoldings {
  dossierId: number;
  thirdPartyId: number;
}

/**
 * The ledger lines that record direct payments not matched yet, for every open payment of these
 * customers (not only the dossiers' own), so that every surface pairs them the same way.
 */
async function pendingRecords(db: Db, thirdPartyIds: number[]): Promise<Map<number, number>> {
  if (thirdPartyIds.length === 0) return new Map();
  const open = await chunked(thirdPartyIds, (s) => rawQuery<Record<string, unknown>>(db,
    'SELECT id, third_party_id, amount, payment_date, received_date, reference FROM direct_payment WHERE matched_entry_id IS NULL AND third_party_id IN (:...ids)', { ids: s }));
  if (open.length === 0) return new Map();
  const tps = [...new Set(open.map((p) => num(p.third_party_id)))];
  const candidates = (await chunked(tps, (s) => rawQuery<Record<string, unknown>>(db, `SELECT ${LINE_COLUMNS} FROM ledger_entry le WHERE le.third_party_id IN (:...ids) AND le.credit > le.debit`, { ids: s }))).map(toLine);
  const taken = new Set((await chunked(candidates.map((c) => c.id), (s) => rawQuery<{ m: unknown }>(db, 'SELECT matched_entry_id AS m FROM direct_payment WHERE matched_entry_id IN (:...ids)', { ids: s }))).map((r) => num(r.m)));
  return matchDirectPayments(
    open.map((p) => ({ id: num(p.id), thirdPartyId: num(p.third_party_id), amount: num(p.amount), paymentDate: String(p.payment_date), receivedDate: String(p.received_date), reference: str(p.reference) })),
    candidates, taken,
  );
}

/** What each dossier holds, in about eight queries whatever the number of dossiers. */
export async function loadHoldings(db: Db, dossierIds: number[]): Promise<Map<number, LoadedHoldings>> {
  const out = new Map<number, LoadedHoldings>();
  const ids = [...new Set(dossierIds)];
  if (ids.length === 0) return out;
  for (const r of await chunked(ids, (s) => rawQuery<{ id: unknown; tp: unknown }>(db, 'SELECT id, third_party_id AS tp FROM dossier WHERE id IN (:...ids)', { ids: s }))) {
    out.set(num(r.id), { dossierId: num(r.id), thirdPartyId: num(r.tp), linked: [], counterparts: [], elements: [], payments: [], settlements: [], booked: [] });
  }
  const present = [...out.keys()];
  const of = (r: Record<string, unknown>) => out.get(num(r.dossier_id));

  for (const r of await chunked(present, (s) => rawQuery<Record<string, unknown>>(db,
    `SELECT de.dossier_id AS dossier_id, ${LINE_COLUMNS} FROM dossier_entry de JOIN ledger_entry le ON le.id = de.ledger_entry_id WHERE de.dossier_id IN (:...ids) ORDER BY le.id`, { ids: s }))) {
    of(r)?.linked.push(toLine(r));
  }
  // The customer's lines lettered with a linked line: the payments and credit notes that settled it.
  for (const r of await chunked(present, (s) => rawQuery<Record<string, unknown>>(db,
    `SELECT DISTINCT de.dossier_id AS dossier_id, ${LINE_COLUMNS}
       FROM dossier_entry de JOIN ledger_entry inv ON inv.id = de.ledger_entry_id
       JOIN ledger_entry le ON le.third_party_id = inv.third_party_id AND le.lettering = inv.lettering
      WHERE de.dossier_id IN (:...ids) AND inv.lettering IS NOT NULL ORDER BY le.id`, { ids: s }))) {
    of(r)?.counterparts.push(toLine(r));
  }
  for (const r of await chunked(present, (s) => rawQuery<Record<string, unknown>>(db,
    'SELECT id, dossier_id, kind, number, issue_date, due_date, gross_amount, comment FROM financial_element WHERE dossier_id IN (:...ids) ORDER BY issue_date, id', { ids: s }))) {
    of(r)?.elements.push({ id: num(r.id), kind: String(r.kind) as never, number: String(r.number), issueDate: String(r.issue_date), dueDate: str(r.due_date), grossAmount: num(r.gross_amount), comment: str(r.comment) });
  }

  const payments = await chunked(present, (s) => rawQuery<Record<string, unknown>>(db,
    'SELECT id, dossier_id, payment_date, amount, reference, comment, matched_entry_id FROM direct_payment WHERE dossier_id IN (:...ids) ORDER BY payment_date, id', { ids: s }));
  const pending = await pendingRecords(db, [...new Set([...out.values()].filter((h) => payments.some((p) => num(p.dossier_id) === h.dossierId && p.matched_entry_id === null)).map((h) => h.thirdPartyId))]);
  const recordIds = payments.map((p) => (p.matched_entry_id === null ? pending.get(num(p.id)) : num(p.matched_entry_id))).filter((x): x is number => x !== undefined);
  const records = new Map((await chunked([...new Set(recordIds)], (s) => rawQuery<Record<string, unknown>>(db, `SELECT ${LINE_COLUMNS} FROM ledger_entry le WHERE le.id IN (:...ids)`, { ids: s }))).map((r) => [num(r.id), toLine(r)]));
  for (const p of payments) {
    const entryId = p.matched_entry_id === null ? pending.get(num(p.id)) : num(p.matched_entry_id);
    const row: DirectPaymentRow = {
      id: num(p.id), paymentDate: String(p.payment_date), amount: num(p.amount), reference: str(p.reference), comment: str(p.comment),
      recordedBy: entryId !== undefined ? (records.get(entryId) ?? null) : null,
    };
    of(p)?.payments.push(row);
  }

  for (const r of await chunked(present, (s) => rawQuery<Record<string, unknown>>(db,
    "SELECT id, dossier_id, given_up, decided_at, created_at FROM settlement WHERE status = 'accepted' AND dossier_id IN (:...ids) ORDER BY id", { ids: s }))) {
    of(r)?.settlements.push({ id: num(r.id), date: String(r.decided_at ?? r.created_at).slice(0, 10), givenUp: num(r.given_up) });
  }

  const accounts = await journalAccounts(db);
  const customerAccounts = [...new Set([accounts.customer, accounts.doubtful])];
  const lossAccounts = [...new Set([accounts.badDebtCurrentYear, accounts.badDebtPriorYears])];
  for (const r of await chunked(present, (s) => rawQuery<Record<string, unknown>>(db,
    `SELECT je.id AS id, je.dossier_id AS dossier_id, je.date AS date, je.number AS number,
            SUM(CASE WHEN jl.account IN (:...cust) AND jl.auxiliary_account IS NOT NULL AND jl.auxiliary_account = tp.auxiliary_account THEN jl.debit - jl.credit ELSE 0 END) AS net,
            SUM(CASE WHEN jl.account IN (:...loss) THEN 1 ELSE 0 END) AS loss
       FROM journal_entry je JOIN journal_line jl ON jl.journal_entry_id = je.id JOIN dossier d ON d.id = je.dossier_id JOIN third_party tp ON tp.id = d.third_party_id
      WHERE je.dossier_id IN (:...ids) GROUP BY je.id, je.dossier_id, je.date, je.number ORDER BY je.id`, { ids: s, cust: customerAccounts, loss: lossAccounts }))) {
    of(r)?.booked.push({ journalEntryId: num(r.id), date: String(r.date), number: str(r.number), net: num(r.net), loss: num(r.loss) > 0 });
  }
  return out;
}

/** Each dossier's balance, computed now by the rule (0 for an unknown id). */
export async function dossierBalances(db: Db, dossierIds: number[]): Promise<Map<number, DossierBalance>> {
  const holdings = await loadHoldings(db, dossierIds);
  return new Map([...holdings.entries()].map(([id, h]) => [id, balanceOf(accountTransactions(h))]));
}

/**
 * Writes the rule's balance to `dossier.balance` for the dossiers given, and for every dossier of the
 * customers given (a ledger line of a customer may letter, or record a payment of, any of its dossiers).
 * Call it with the transaction's manager, after the write, before the commit.
 */
export async function refreshDossierBalances(m: Db, scope: { dossierIds?: number[]; thirdPartyIds?: number[] }): Promise<number> {
  const ids = new Set(scope.dossierIds ?? []);
  const tps = [...new Set(scope.thirdPartyIds ?? [])];
  for (const r of await chunked(tps, (s) => rawQuery<{ id: unknown }>(m, 'SELECT id FROM dossier WHERE third_party_id IN (:...ids)', { ids: s }))) ids.add(num(r.id));
  const all = [...ids];
  let changed = 0;
  for (let i = 0; i < all.length; i += CHUNK) {
    const slice = all.slice(i, i + CHUNK);
    const balances = await dossierBalances(m, slice);
    const stored = new Map((await rawQuery<{ id: unknown; balance: unknown }>(m, 'SELECT id, balance FROM dossier WHERE id IN (:...ids)', { ids: slice })).map((r) => [num(r.id), num(r.balance)]));
    for (const [id, b] of balances) {
      if (stored.get(id) === b.balance) continue;
      await rawQuery(m, 'UPDATE dossier SET balance = :balance WHERE id = :id', { balance: b.balance, id });
      changed++;
    }
  }
  return changed;
}

/** The customer's credit lines that nothing allocates: unlettered, linked to no dossier, recording no direct payment. */
export async function unallocatedCredits(db: Db, holdings: LoadedHoldings): Promise<UnallocatedCredit> {
  const rows = (await boundQuery<Record<string, unknown>>(db,
    `SELECT ${LINE_COLUMNS} FROM ledger_entry le
      WHERE le.third_party_id = :tp AND le.lettering IS NULL AND le.credit > le.debit
        AND NOT EXISTS (SELECT 1 FROM dossier_entry de WHERE de.ledger_entry_id = le.id)
        AND NOT EXISTS (SELECT 1 FROM direct_payment dp WHERE dp.matched_entry_id = le.id)
      ORDER BY le.entry_date, le.id`, { tp: holdings.thirdPartyId })).map(toLine);
  const pending = new Set((await pendingRecords(db, [holdings.thirdPartyId])).values());
  const free: LedgerLine[] = rows.filter((r) => !pending.has(r.id));
  const refs = [
    ...holdings.linked.filter((l) => l.debit > l.credit).map((l) => l.pieceRef ?? ''),
    ...holdings.elements.filter((e) => e.kind === 'invoice').map((e) => e.number),
  ];
  return unallocatedCredit(free, refs);
}


/** The money facts a closure is checked against (see closure-balance.rules.ts), read in the caller's transaction. */
export async function closureMoney(m: Db, dossierId: number, resultId: number | null, rest: RestOfBalance | null): Promise<ClosureMoney> {
  const balance = (await dossierBalances(m, [dossierId])).get(dossierId)?.balance ?? 0;
  const [result] = resultId ? await rawQuery<{ lost: unknown }>(m, 'SELECT lost FROM dossier_result WHERE id = :id', { id: resultId }) : [];
  const lost = result ? result.lost === true || result.lost === 1 || result.lost === '1' || result.lost === 't' : false;
  const [settlement] = await rawQuery<{ n: unknown }>(m, "SELECT COUNT(*) AS n FROM settlement WHERE dossier_id = :id AND status = 'accepted'", { id: dossierId });
  return { balance, lost, rest, hasAcceptedSettlement: num(settlement?.n) > 0 };
}
