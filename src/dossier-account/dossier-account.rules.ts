/**
 * Compte dossier, as pure functions: which ledger lines are invoices, credit notes or payments, the
 * transactions with their running balance, the overview, and the matching of payments received
 * directly with the ledger lines that later record them. Today is always a parameter.
 */
import { bundledLegalRates, latePaymentSummary } from '../late-payment';
import { addDays, daysBetween } from '../shared/business-date';
import type { Cents } from '../shared/money';
import type { ElementKind } from './dossier-account.entity';

export type TxKind = ElementKind;
export type TxSource = 'ledger' | 'element' | 'direct';

export interface LedgerLine {
  id: number;
  journalCode: string;
  journalLabel: string | null;
  entryDate: string;
  pieceRef: string | null;
  label: string | null;
  debit: Cents;
  credit: Cents;
  dueDate: string | null;
  lettering: string | null;
}

/**
 * A credit on a sales journal (VT, VE, AV… or labelled "Ventes"/"Avoirs") is a credit note; any other
 * credit (bank, OD, collection agency) is a payment.
 */
export function isSalesJournal(line: Pick<LedgerLine, 'journalCode' | 'journalLabel'>): boolean {
  return /^(V|AV)/i.test(line.journalCode) || /vente|avoir|sales/i.test(line.journalLabel ?? '');
}

export function classifyLedgerLine(line: LedgerLine): TxKind | null {
  const net = line.debit - line.credit;
  if (net > 0) return 'invoice';
  if (net < 0) return isSalesJournal(line) ? 'creditNote' : 'payment';
  return null;
}

export interface AccountTx {
  key: string;
  source: TxSource;
  sourceId: number;
  kind: TxKind;
  date: string;
  dueDate: string | null;
  reference: string | null;
  label: string | null;
  debit: Cents;
  credit: Cents;
  /** False for a direct payment already recorded by a ledger line (shown, never counted twice). */
  counted: boolean;
  /** For a matched direct payment: the ledger line's reference. */
  matchedWith: string | null;
  /** Ledger lettering code: the credits of a lettering group settle that group's invoices first. */
  lettering?: string | null;
}

export interface AccountLine extends AccountTx {
  balance: Cents;
}

/**
 * The ledger side of the account: the dossier's own lines, and the lines of the same customer that
 * share a lettering code with them (the payments and credit notes that settled them). A payment
 * lettered with several invoices, some outside the dossier, counts here only up to what the
 * dossier's lines of that lettering group owe.
 */
export function ledgerTransactions(linked: LedgerLine[], counterparts: LedgerLine[]): AccountTx[] {
  const out: AccountTx[] = [];
  const toTx = (l: LedgerLine, kind: TxKind, debit: Cents, credit: Cents): AccountTx => ({
    key: `ledger:${l.id}`, source: 'ledger', sourceId: l.id, kind, date: l.entryDate, dueDate: l.dueDate, reference: l.pieceRef, label: l.label,
    debit, credit, counted: true, matchedWith: null, lettering: l.lettering,
  });
  const linkedIds = new Set(linked.map((l) => l.id));
  for (const l of linked) {
    const kind = classifyLedgerLine(l);
    if (kind) out.push(toTx(l, kind, Math.max(0, l.debit - l.credit), Math.max(0, l.credit - l.debit)));
  }
  const budget = new Map<string, Cents>();
  for (const l of linked) if (l.lettering) budget.set(l.lettering, (budget.get(l.lettering) ?? 0) + l.debit - l.credit);
  const sorted = counterparts.filter((c) => !linkedIds.has(c.id) && c.lettering && c.credit > c.debit).sort((a, b) => (a.entryDate < b.entryDate ? -1 : a.entryDate > b.entryDate ? 1 : a.id - b.id));
  for (const c of sorted) {
    const left = budget.get(c.lettering as string) ?? 0;
    if (left <= 0) continue;
    const credit = Math.min(left, c.credit - c.debit);
    budget.set(c.lettering as string, left - credit);
    out.push(toTx(c, classifyLedgerLine(c) as TxKind, 0, credit));
  }
  return out;
}

const KIND_ORDER: Record<TxKind, number> = { invoice: 0, cost: 1, creditNote: 2, payment: 3 };
const SOURCE_ORDER: Record<TxSource, number> = { ledger: 0, element: 1, direct: 2 };

/** Transactions by date (debits before credits on the same day), each with the balance after it. */
export function runningBalance(txs: AccountTx[]): AccountLine[] {
  const sorted = [...txs].sort(
    (a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source] || a.sourceId - b.sourceId,
  );
  let balance = 0;
  return sorted.map((tx) => {
    if (tx.counted) balance += tx.debit - tx.credit;
    return { ...tx, balance };
  });
}

export interface OpenInvoice {
  /** The transaction's key (`ledger:<id>`, `element:<id>`). */
  key: string;
  reference: string | null;
  dueDate: string;
  amount: Cents;
}

/**
 * What is still owed on each invoice. Credits lettered with invoices settle those invoices (the
 * ledger says so); the other credit notes and payments settle the oldest due invoices first (the
 * imputation when the debtor does not say which debt he pays, Code civil art. 1342-10).
 */
export function openInvoices(txs: AccountTx[]): OpenInvoice[] {
  const isCredit = (t: AccountTx) => t.counted && (t.kind === 'creditNote' || t.kind === 'payment');
  const invoices = txs
    .filter((t) => t.counted && t.kind === 'invoice')
    .map((t) => ({ key: t.key, reference: t.reference, dueDate: t.dueDate ?? t.date, amount: t.debit - t.credit, lettering: t.lettering ?? null }))
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
  const lettered = new Map<string, Cents>();
  let pool = 0;
  for (const t of txs.filter(isCredit)) {
    if (t.lettering && invoices.some((i) => i.lettering === t.lettering)) lettered.set(t.lettering, (lettered.get(t.lettering) ?? 0) + t.credit - t.debit);
    else pool += t.credit - t.debit;
  }
  for (const inv of invoices) {
    if (!inv.lettering) continue;
    const settled = Math.max(0, Math.min(lettered.get(inv.lettering) ?? 0, inv.amount));
    lettered.set(inv.lettering, (lettered.get(inv.lettering) ?? 0) - settled);
    inv.amount -= settled;
  }
  for (const left of lettered.values()) pool += left;
  const out: OpenInvoice[] = [];
  for (const inv of invoices) {
    const settled = Math.max(0, Math.min(pool, inv.amount));
    pool -= settled;
    if (inv.amount - settled > 0) out.push({ key: inv.key, reference: inv.reference, dueDate: inv.dueDate, amount: inv.amount - settled });
  }
  return out;
}

export interface AccountOverview {
  originalClaim: Cents;
  creditNotes: Cents;
  payments: Cents;
  recoveryCosts: Cents;
  /** Claim + costs − credit notes − payments: the last running balance. */
  balance: Cents;
  /** L441-10 penalties on what is still owed, at today; D441-5 indemnities (40 € per late invoice). */
  penalties: Cents;
  indemnities: Cents;
  penaltiesIncomplete: boolean;
  missingHalfYears: string[];
  /** Balance + penalties + indemnities: what may be claimed from the debtor. */
  totalClaimable: Cents;
  /** What open disputes contest (issue 15): part of the balance, without penalties, out of the reminders. */
  disputed: Cents;
}

export function accountOverview(txs: AccountTx[], today: string, options: { collectiveProcedure: boolean; disputedKeys?: ReadonlySet<string> }): AccountOverview {
  const counted = txs.filter((t) => t.counted);
  const sum = (kind: TxKind, f: (t: AccountTx) => Cents) => counted.filter((t) => t.kind === kind).reduce((s, t) => s + f(t), 0);
  const originalClaim = sum('invoice', (t) => t.debit - t.credit);
  const recoveryCosts = sum('cost', (t) => t.debit - t.credit);
  const creditNotes = sum('creditNote', (t) => t.credit - t.debit);
  const payments = sum('payment', (t) => t.credit - t.debit);
  const balance = originalClaim + recoveryCosts - creditNotes - payments;
  const open = openInvoices(txs);
  // Issue 15 hook: an invoice in dispute bears no penalty while the dispute is open.
  const disputed = options.disputedKeys ?? new Set<string>();
  const late = open.filter((i) => i.dueDate < today && !disputed.has(i.key));
  const summary = latePaymentSummary(
    late.map((i) => ({ amountDueTtc: i.amount, dueDate: i.dueDate, pieceRef: i.reference ?? undefined })),
    today,
    { rates: bundledLegalRates(), paymentForbiddenByCollectiveProcedure: options.collectiveProcedure },
  );
  return {
    originalClaim, creditNotes, payments, recoveryCosts, balance,
    penalties: summary.totals.penalty, indemnities: summary.totals.indemnity, penaltiesIncomplete: summary.incomplete, missingHalfYears: summary.missingHalfYears,
    totalClaimable: balance + summary.totals.penalty + summary.totals.indemnity,
    disputed: open.filter((i) => disputed.has(i.key)).reduce((a, i) => a + i.amount, 0),
  };
}

// ---------------------------------------------------------------------------------------------
// Matching a payment received directly with the ledger line that later records it

/**
 * The matching rule. A ledger line records a direct payment when it is a payment (a credit outside
 * the sales journals) of the SAME CUSTOMER for the SAME AMOUNT, not already matched to another
 * direct payment, and either
 *   - its piece reference or label contains the payment's reference (case-insensitive, ≥ 4 characters), at any date, or
 *   - its entry date falls in the window [payment date − 3 days, received date + 45 days]
 *     (a collection agency remits weeks later; the bank may book a transfer before we record it).
 * Reference matches win over date matches; among date matches the nearest entry date wins, then the
 * lowest id. Payments are matched oldest first, so the result does not depend on the order they were typed.
 */
export const MATCH_WINDOW_BEFORE_DAYS = 3;
export const MATCH_WINDOW_AFTER_DAYS = 45;

export interface PaymentToMatch {
  id: number;
  thirdPartyId: number;
  amount: Cents;
  paymentDate: string;
  receivedDate: string;
  reference: string | null;
}

export interface LedgerCandidate extends LedgerLine {
  thirdPartyId: number | null;
}

function referenceMatches(reference: string | null, line: LedgerLine): boolean {
  const ref = (reference ?? '').trim().toLowerCase();
  if (ref.length < 4) return false;
  return `${line.pieceRef ?? ''} ${line.label ?? ''}`.toLowerCase().includes(ref);
}

/** Pairs (payment id → ledger line id); `taken` holds ledger lines already matched elsewhere. */
export function matchDirectPayments(payments: PaymentToMatch[], candidates: LedgerCandidate[], taken: Set<number> = new Set()): Map<number, number> {
  const used = new Set(taken);
  const out = new Map<number, number>();
  const ordered = [...payments].sort((a, b) => (a.paymentDate < b.paymentDate ? -1 : a.paymentDate > b.paymentDate ? 1 : a.id - b.id));
  for (const p of ordered) {
    const pool = candidates.filter((c) => !used.has(c.id) && c.thirdPartyId === p.thirdPartyId && c.credit - c.debit === p.amount && !isSalesJournal(c));
    const byRef = pool.filter((c) => referenceMatches(p.reference, c)).sort((a, b) => a.id - b.id);
    const from = addDays(p.paymentDate, -MATCH_WINDOW_BEFORE_DAYS);
    const to = addDays(p.receivedDate > p.paymentDate ? p.receivedDate : p.paymentDate, MATCH_WINDOW_AFTER_DAYS);
    const distance = (c: LedgerLine) => Math.abs(daysBetween(p.paymentDate, c.entryDate));
    const byDate = pool.filter((c) => c.entryDate >= from && c.entryDate <= to).sort((a, b) => distance(a) - distance(b) || a.id - b.id);
    const chosen = byRef[0] ?? byDate[0];
    if (chosen) {
      used.add(chosen.id);
      out.set(p.id, chosen.id);
    }
  }
  return out;
}
