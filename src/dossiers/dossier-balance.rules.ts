/**
 * A dossier's money, defined once (issue 11 point 1). The balance is a pure function of what the
 * dossier holds: its linked ledger lines with the lines lettered with them (partial payments, credit
 * notes), the financial elements added in Compte dossier, the payments received directly (counted
 * until the ledger line that records them is found: then that line counts, once), the amounts given
 * up by accepted settlements and the entries the module booked on the customer's account (write-off,
 * payment of a doubtful receivable). Every surface that shows or uses a dossier's amount reads
 * `dossierBalance` (live) or the `dossier.balance` column it writes (see dossier-balance.service.ts).
 * No clock, no database.
 *
 * Over 300 lines on purpose: the one definition of a dossier's money, kept in one file so that it
 * is read and changed in one place.
 */
import { addDays, daysBetween } from '../shared/business-date';
import type { Cents } from '../shared/money';

/** What a line of the account is. `givenUp`: the part of the balance a settlement gave up; `writeOff`: a loss the module booked. */
export type TxKind = 'invoice' | 'creditNote' | 'payment' | 'cost' | 'givenUp' | 'writeOff';
export type TxSource = 'ledger' | 'element' | 'direct' | 'settlement' | 'journal';

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
  // A lettered group none of whose credits is in the ledger we hold was settled by lines outside what was
  // imported (an earlier year): counted as settled. A group with visible credits that leave something owing
  // is a partial lettering: what is left stays owed.
  const withCredits = new Set([...linked, ...counterparts].filter((l) => l.lettering && l.credit > l.debit).map((l) => l.lettering as string));
  for (const [code, left] of budget) {
    if (left <= 0 || withCredits.has(code)) continue;
    const date = linked.filter((l) => l.lettering === code).reduce((d, l) => (l.entryDate > d ? l.entryDate : d), '');
    out.push({
      key: `lettering:${code}`, source: 'ledger', sourceId: 0, kind: 'payment', date, dueDate: null, reference: code, label: null,
      debit: 0, credit: left, counted: true, matchedWith: null, lettering: code,
    });
  }
  return out;
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

// ---------------------------------------------------------------------------------------------
// What the dossier holds, and its balance

export interface ElementRow {
  id: number;
  kind: 'invoice' | 'creditNote' | 'payment' | 'cost';
  number: string;
  issueDate: string;
  dueDate: string | null;
  grossAmount: Cents;
  comment: string | null;
}

export interface DirectPaymentRow {
  id: number;
  paymentDate: string;
  amount: Cents;
  reference: string | null;
  comment: string | null;
  /** The ledger line that records this payment (written down, or found by the matching rule): it counts instead. */
  recordedBy: (LedgerLine & { entryNumber?: string | null }) | null;
}

export interface SettlementRow {
  id: number;
  /** Business date the settlement was accepted. */
  date: string;
  givenUp: Cents;
}

/** One journal entry the module booked for the dossier, reduced to its effect on the customer's 411/416 lines. */
export interface BookedEntry {
  journalEntryId: number;
  date: string;
  number: string | null;
  /** Debit − credit on the customer's accounts. */
  net: Cents;
  /** The entry books a loss (654x): a write-off. */
  loss: boolean;
}

export interface DossierHoldings {
  linked: LedgerLine[];
  counterparts: LedgerLine[];
  elements: ElementRow[];
  payments: DirectPaymentRow[];
  settlements: SettlementRow[];
  booked: BookedEntry[];
}

/**
 * Every movement of the dossier's account. A write-off books (among other things) what a settlement
 * gave up, so a settlement counts only for what no write-off has booked yet: never twice.
 */
export function accountTransactions(h: DossierHoldings): AccountTx[] {
  const txs = ledgerTransactions(h.linked, h.counterparts);
  const inAccount = new Set(txs.map((t) => t.sourceId));
  for (const e of h.elements) {
    const debit = e.kind === 'invoice' || e.kind === 'cost';
    txs.push({
      key: `element:${e.id}`, source: 'element', sourceId: e.id, kind: e.kind, date: e.issueDate, dueDate: e.dueDate, reference: e.number, label: e.comment,
      debit: debit ? e.grossAmount : 0, credit: debit ? 0 : e.grossAmount, counted: true, matchedWith: null,
    });
  }
  for (const p of h.payments) {
    const line = p.recordedBy;
    if (line && !inAccount.has(line.id)) {
      inAccount.add(line.id);
      txs.push(...ledgerTransactions([line], []));
    }
    txs.push({
      key: `direct:${p.id}`, source: 'direct', sourceId: p.id, kind: 'payment', date: p.paymentDate, dueDate: null, reference: p.reference, label: p.comment,
      debit: 0, credit: p.amount, counted: !line, matchedWith: line ? (line.pieceRef ?? line.entryNumber ?? String(line.id)) : null,
    });
  }
  let absorbed = h.booked.filter((b) => b.loss && b.net < 0).reduce((s, b) => s - b.net, 0);
  for (const b of h.booked) {
    if (b.net === 0) continue;
    txs.push({
      key: `journal:${b.journalEntryId}`, source: 'journal', sourceId: b.journalEntryId, kind: b.net < 0 ? (b.loss ? 'writeOff' : 'payment') : 'cost',
      date: b.date, dueDate: null, reference: b.number, label: null, debit: Math.max(0, b.net), credit: Math.max(0, -b.net), counted: true, matchedWith: null,
    });
  }
  const writeOffRef = h.booked.find((b) => b.loss)?.number ?? null;
  for (const s of h.settlements) {
    const booked = Math.min(absorbed, s.givenUp);
    absorbed -= booked;
    const left = s.givenUp - booked;
    txs.push({
      key: `settlement:${s.id}`, source: 'settlement', sourceId: s.id, kind: 'givenUp', date: s.date, dueDate: null, reference: null, label: null,
      debit: 0, credit: left > 0 ? left : s.givenUp, counted: left > 0, matchedWith: left > 0 ? null : writeOffRef,
    });
  }
  return txs;
}

export interface DossierBalance {
  /** Invoices (ledger and financial elements), TTC. */
  originalClaim: Cents;
  recoveryCosts: Cents;
  creditNotes: Cents;
  /** Payments: ledger, direct (until the ledger records them), and those the module booked. */
  payments: Cents;
  /** Given up by accepted settlements and not yet booked by a write-off. */
  givenUp: Cents;
  writtenOff: Cents;
  /** What the debtor still owes: the dossier's amount everywhere. */
  balance: Cents;
  /** What the books still hold (the balance before what settlements gave up): the provision's and the write-off's base. */
  bookBalance: Cents;
}

export function balanceOf(txs: AccountTx[]): DossierBalance {
  const counted = txs.filter((t) => t.counted);
  const sum = (kind: TxKind) => counted.filter((t) => t.kind === kind).reduce((s, t) => s + t.debit - t.credit, 0);
  const originalClaim = sum('invoice');
  const recoveryCosts = sum('cost');
  const creditNotes = -sum('creditNote');
  const payments = -sum('payment');
  const givenUp = -sum('givenUp');
  const writtenOff = -sum('writeOff');
  const balance = originalClaim + recoveryCosts - creditNotes - payments - givenUp - writtenOff;
  return { originalClaim, recoveryCosts, creditNotes, payments, givenUp, writtenOff, balance, bookBalance: balance + givenUp };
}

export function dossierBalance(h: DossierHoldings): DossierBalance {
  return balanceOf(accountTransactions(h));
}

// ---------------------------------------------------------------------------------------------
// The customer's credits that no dossier holds

export interface UnallocatedCredit {
  /** Sum of the customer's payments and credit notes neither lettered, nor linked, nor recording a direct payment. */
  total: Cents;
  /** Those that name one of the dossier's invoices (piece reference or label): proposed for linking. */
  proposals: { line: LedgerLine; invoiceRef: string }[];
}

function namesReference(line: Pick<LedgerLine, 'pieceRef' | 'label'>, ref: string): boolean {
  const r = ref.trim().toLowerCase();
  if (r.length < 4) return false;
  const text = `${line.pieceRef ?? ''} ${line.label ?? ''}`.toLowerCase();
  let at = text.indexOf(r);
  const alnum = /[\p{L}\p{N}]/u;
  while (at >= 0) {
    // "FA-004" must not name "FA-0042": the reference ends where the text's word does.
    const before = at === 0 ? '' : text[at - 1];
    const after = text[at + r.length] ?? '';
    if (!alnum.test(before) && !alnum.test(after)) return true;
    at = text.indexOf(r, at + 1);
  }
  return false;
}

/**
 * `free`: the customer's credit lines that nothing allocates (the caller filters lettered, linked and
 * matched ones out). `invoiceRefs`: the piece references of the dossier's invoices. Nothing is left out:
 * each line is either proposed for linking or counted in the total shown beside the amount.
 */
export function unallocatedCredit(free: LedgerLine[], invoiceRefs: string[]): UnallocatedCredit {
  const refs = [...new Set(invoiceRefs.filter((r) => r && r.trim().length >= 4))];
  const proposals: UnallocatedCredit['proposals'] = [];
  let total = 0;
  for (const line of free) {
    const amount = line.credit - line.debit;
    if (amount <= 0) continue;
    total += amount;
    const named = refs.find((r) => r !== line.pieceRef && namesReference(line, r));
    if (named) proposals.push({ line, invoiceRef: named });
  }
  return { total, proposals };
}
