/**
 * Compte dossier, as pure functions: which ledger lines are invoices, credit notes or payments, the
 * transactions with their running balance, the overview, and the matching of payments received
 * directly with the ledger lines that later record them. Today is always a parameter.
 */
import { balanceOf, type AccountTx, type DossierBalance, type TxKind, type TxSource } from '../dossiers';
import { latePaymentSummary, type LegalRateTable } from '../late-payment';
import type { Cents } from '../shared/money';

// The account's lines and the balance are the dossier's (src/dossiers/dossier-balance.rules.ts); this file lays them out.
export {
  accountTransactions, classifyLedgerLine, isSalesJournal, ledgerTransactions, matchDirectPayments, MATCH_WINDOW_AFTER_DAYS, MATCH_WINDOW_BEFORE_DAYS,
} from '../dossiers';
export type { AccountTx, LedgerCandidate, LedgerLine, PaymentToMatch, TxKind, TxSource } from '../dossiers';

export interface AccountLine extends AccountTx {
  balance: Cents;
}

const KIND_ORDER: Record<TxKind, number> = { invoice: 0, cost: 1, creditNote: 2, payment: 3, givenUp: 4, writeOff: 5 };
const SOURCE_ORDER: Record<TxSource, number> = { ledger: 0, element: 1, direct: 2, journal: 3, settlement: 4 };

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
  const isCredit = (t: AccountTx) => t.counted && (t.kind === 'creditNote' || t.kind === 'payment' || t.kind === 'givenUp' || t.kind === 'writeOff');
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

export interface AccountOverview extends DossierBalance {
  /** L441-10 penalties on what is still owed, at today; D441-5 indemnities (40 € per late invoice). */
  penalties: Cents;
  indemnities: Cents;
  /** Some penalty uses a rate carried over from an earlier half-year: the figures are provisional. */
  penaltiesProvisional: boolean;
  /** True only when the legal rate table is empty (no penalty could be computed). */
  penaltiesIncomplete: boolean;
  /** The half-years whose rate is not entered yet (priced at the latest known rate). */
  missingHalfYears: string[];
  /** The customer's contract rate (L441-10), in percent, when it replaces the legal one. */
  contractRatePercent: number | null;
  /** Balance + penalties + indemnities: what may be claimed from the debtor. */
  totalClaimable: Cents;
  /** What open disputes contest (issue 15): part of the balance, without penalties, out of the reminders. */
  disputed: Cents;
}

export interface PenaltyOptions {
  collectiveProcedure: boolean;
  /** The legal penalty rates, as administrators maintain them. */
  rates: LegalRateTable;
  /** The customer's contract rate, if any, and the legal interest rates that floor it. */
  contractRatePercent?: number | null;
  legalInterest?: LegalRateTable;
  /** Issue 15: the keys (`ledger:<id>`) of the invoices open disputes cover. */
  disputedKeys?: ReadonlySet<string>;
}

/** What is still owed on the invoices open disputes cover: part of the balance, out of the penalties, the reminders and the scenario's weighing. */
export function disputedOpenAmount(txs: AccountTx[], disputedKeys: ReadonlySet<string>): Cents {
  if (disputedKeys.size === 0) return 0;
  return openInvoices(txs).filter((i) => disputedKeys.has(i.key)).reduce((a, i) => a + i.amount, 0);
}

export function accountOverview(txs: AccountTx[], today: string, options: PenaltyOptions): AccountOverview {
  const money = balanceOf(txs);
  const { balance } = money;
  // Issue 15 hook: an invoice in dispute bears no penalty while the dispute is open.
  const disputed = options.disputedKeys ?? new Set<string>();
  const late = openInvoices(txs).filter((i) => i.dueDate < today && !disputed.has(i.key));
  const summary = latePaymentSummary(
    late.map((i) => ({ amountDueTtc: i.amount, dueDate: i.dueDate, pieceRef: i.reference ?? undefined })),
    today,
    {
      rates: options.rates,
      contractRatePercent: options.contractRatePercent ?? undefined,
      legalInterest: options.legalInterest,
      paymentForbiddenByCollectiveProcedure: options.collectiveProcedure,
    },
  );
  return {
    ...money,
    penalties: summary.totals.penalty, indemnities: summary.totals.indemnity,
    penaltiesProvisional: summary.provisional, penaltiesIncomplete: summary.incomplete, missingHalfYears: summary.missingHalfYears,
    contractRatePercent: options.contractRatePercent ?? null,
    totalClaimable: balance + summary.totals.penalty + summary.totals.indemnity,
    disputed: disputedOpenAmount(txs, disputed),
  };
}
