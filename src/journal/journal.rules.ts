/**
 * Journal entries the module generates for doubtful receivables (PCG), as pure functions.
 * Every builder returns entries that balance, or throws an AppError saying why it cannot.
 * See /shared/DOMAIN-FR.md for the worked example the tests reproduce line for line.
 *
 * Over 300 lines: every PCG entry the module books, side by side, as the worked example reads them.
 */
import { AppError } from '../shared/errors';
import { formatMoney, type Cents } from '../shared/money';
import { isBusinessDate, type BusinessDate } from '../shared/business-date';
import type { AccountingAccounts, EntryContext, JournalEntry, JournalLine, ProvisionMovement, ProvisionPosting } from './journal.types';

export const DEFAULT_JOURNAL_CODE = 'OD';

export const DEFAULT_ACCOUNTS: Readonly<AccountingAccounts> = Object.freeze({
  customer: '411',
  doubtful: '416',
  depreciationCharge: '68174',
  depreciationAllowance: '491',
  depreciationReversal: '78174',
  badDebtCurrentYear: '6541',
  badDebtPriorYears: '6544',
  recoveredWrittenOff: '7714',
  vatCollected: '44571',
  bank: '512',
});

/**
 * Default entry labels. They end up in the ledger (and the FEC) read by French accountants,
 * hence French; every builder accepts its own `label`.
 */
export const DEFAULT_LABELS = Object.freeze({
  transfer: 'Transfert en créance douteuse',
  provisionCharge: 'Dotation dépréciation créance',
  provisionReversal: 'Reprise dépréciation créance',
  payment: 'Règlement créance douteuse',
  paymentReversal: 'Reprise dépréciation sur règlement',
  writeOff: 'Créance irrécouvrable',
  writeOffReversal: 'Reprise dépréciation créance irrécouvrable',
  vatRegularisation: 'Régularisation TVA créance irrécouvrable',
  recovery: 'Rentrée sur créance amortie',
});

function invalid(message: string): AppError {
  return new AppError('validation', message);
}

export function resolveAccounts(overrides: Partial<AccountingAccounts> = {}): AccountingAccounts {
  const accounts = { ...DEFAULT_ACCOUNTS };
  for (const [key, value] of Object.entries(overrides) as [keyof AccountingAccounts, string | undefined][]) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_ACCOUNTS)) throw invalid(`unknown accounting account setting "${key}"`);
    if (typeof value !== 'string' || !/^[0-9A-Za-z]+$/.test(value)) {
      throw invalid(`account setting "${key}" must be an account number, got ${JSON.stringify(value)}`);
    }
    accounts[key] = value;
  }
  return accounts;
}

// ---------------------------------------------------------------------------------------------
// Balance

export function entryTotals(entry: JournalEntry): { debit: Cents; credit: Cents } {
  let debit = 0;
  let credit = 0;
  for (const l of entry.lines) {
    debit += l.debit;
    credit += l.credit;
  }
  return { debit, credit };
}

/** Problems that make an entry unfit for the ledger; empty when it is sound and balanced. */
export function entryProblems(entry: JournalEntry): string[] {
  const problems: string[] = [];
  if (entry.lines.length < 2) problems.push(`it has ${entry.lines.length} line(s), at least 2 are needed`);
  entry.lines.forEach((l, i) => {
    const where = `line ${i + 1} (${l.account})`;
    for (const side of ['debit', 'credit'] as const) {
      if (!Number.isSafeInteger(l[side]) || l[side] < 0) problems.push(`${where}: ${side} ${l[side]} is not a non-negative integer of cents`);
    }
    if (l.debit > 0 && l.credit > 0) problems.push(`${where}: has both a debit and a credit`);
    if (l.debit === 0 && l.credit === 0) problems.push(`${where}: has no amount`);
  });
  const { debit, credit } = entryTotals(entry);
  if (debit !== credit) {
    problems.push(`debits ${formatMoney(debit, 'en')} differ from credits ${formatMoney(credit, 'en')} by ${formatMoney(debit - credit, 'en')}`);
  }
  return problems;
}

export function isBalanced(entry: JournalEntry): boolean {
  return entryProblems(entry).length === 0;
}

export function assertBalanced(entry: JournalEntry): JournalEntry {
  const problems = entryProblems(entry);
  if (problems.length > 0) {
    throw new AppError('invalid_state', `Journal entry "${entry.label}" (piece ${entry.pieceRef}, ${entry.date}) is not balanced: ${problems.join('; ')}`);
  }
  return entry;
}

// ---------------------------------------------------------------------------------------------
// Building blocks

/** A line on the side given by the sign of `signedDebit` (negative = credit). Zero gives no line. */
function line(account: string, auxiliaryAccount: string | null, label: string, signedDebit: Cents): JournalLine[] {
  if (signedDebit === 0) return [];
  return [{
    account,
    auxiliaryAccount,
    label,
    debit: signedDebit > 0 ? signedDebit : 0,
    credit: signedDebit < 0 ? -signedDebit : 0,
  }];
}

function checkContext(ctx: Omit<EntryContext, 'pieceRef'> & { pieceRef?: string }): void {
  if (!isBusinessDate(ctx.date)) throw invalid(`entry date is not a date: ${JSON.stringify(ctx.date)}`);
  if (ctx.pieceRef !== undefined && (typeof ctx.pieceRef !== 'string' || ctx.pieceRef.trim() === '')) {
    throw invalid('pieceRef is required');
  }
}

function checkAmount(value: number, name: string, { positive = false, allowNegative = false } = {}): void {
  if (!Number.isSafeInteger(value)) throw invalid(`${name} must be an integer number of cents, got ${value}`);
  if (!allowNegative && value < 0) throw invalid(`${name} must not be negative, got ${value}`);
  if (positive && value === 0) throw invalid(`${name} must not be zero`);
}

function checkAuxiliary(aux: string, what: string): void {
  if (typeof aux !== 'string' || aux.trim() === '') throw invalid(`${what}: the customer's auxiliary account is required`);
}

function makeEntry(ctx: EntryContext, defaultLabel: string, lines: (label: string) => JournalLine[], journalCode?: string): JournalEntry {
  const label = ctx.label ?? `${defaultLabel} ${ctx.pieceRef}`;
  return assertBalanced({
    journalCode: journalCode ?? ctx.journalCode ?? DEFAULT_JOURNAL_CODE,
    date: ctx.date,
    label,
    pieceRef: ctx.pieceRef,
    lines: lines(label),
  });
}

// ---------------------------------------------------------------------------------------------
// Transfer to doubtful (411 -> 416)

export interface DoubtfulTransferItem {
  auxiliaryAccount: string;
  pieceRef: string;
  /** Open balance of the entry, TTC: positive for an invoice (debit), negative for a credit note or payment. */
  amountTtc: Cents;
  label?: string;
}

/**
 * One entry per picked ledger entry, under its own piece ref so lettering can follow:
 * 416 (aux) debit / 411 (aux) credit for the TTC amount; the other way round for credit balances.
 */
export function transferToDoubtful(items: DoubtfulTransferItem[], ctx: Omit<EntryContext, 'pieceRef' | 'label'>): JournalEntry[] {
  checkContext(ctx);
  if (items.length === 0) throw invalid('transfer to doubtful: no entry was picked');
  const a = resolveAccounts(ctx.accounts);
  return items.map((item, i) => {
    checkAuxiliary(item.auxiliaryAccount, `transfer to doubtful, entry ${i + 1}`);
    checkAmount(item.amountTtc, `transfer to doubtful, amount of ${item.pieceRef}`, { positive: true, allowNegative: true });
    return makeEntry({ ...ctx, pieceRef: item.pieceRef, label: item.label }, DEFAULT_LABELS.transfer, (label) => [
      ...line(a.doubtful, item.auxiliaryAccount, label, item.amountTtc),
      ...line(a.customer, item.auxiliaryAccount, label, -item.amountTtc),
    ]);
  });
}

// ---------------------------------------------------------------------------------------------
// Provision movements (68174 / 491 / 78174)

/** Charge / increase: 68174 D / 491 C. Decrease / reversal: 491 D / 78174 C. 'none': no entry. */
export function provisionMovementEntries(movement: ProvisionMovement, ctx: EntryContext): JournalEntry[] {
  checkContext(ctx);
  checkAmount(movement.amount, 'provision movement amount');
  if (movement.kind === 'none' || movement.amount === 0) return [];
  const a = resolveAccounts(ctx.accounts);
  const up = movement.kind === 'charge' || movement.kind === 'increase';
  return [makeEntry(ctx, up ? DEFAULT_LABELS.provisionCharge : DEFAULT_LABELS.provisionReversal, (label) => up
    ? [...line(a.depreciationCharge, null, label, movement.amount), ...line(a.depreciationAllowance, null, label, -movement.amount)]
    : [...line(a.depreciationAllowance, null, label, movement.amount), ...line(a.depreciationReversal, null, label, -movement.amount)])];
}

// ---------------------------------------------------------------------------------------------
// Payment of a doubtful receivable (the provision's reversal is the provisions component's
// paymentAfterTransfer, which builds on this entry and on provisionMovementEntries)

export interface DoubtfulPaymentInput extends EntryContext {
  auxiliaryAccount: string;
  amountPaid: Cents;
  /** Journal of the 512 / 416 entry; defaults to `journalCode`, then 'OD'. */
  paymentJournalCode?: string;
}

/** Checks a payment of a doubtful receivable before anything is computed from it. */
export function checkDoubtfulPayment(input: DoubtfulPaymentInput): void {
  checkContext(input);
  checkAuxiliary(input.auxiliaryAccount, 'payment after transfer');
  checkAmount(input.amountPaid, 'amountPaid', { positive: true });
  resolveAccounts(input.accounts);
}

/** 512 D / 416 (aux) C for the amount received. */
export function doubtfulPaymentEntry(input: DoubtfulPaymentInput): JournalEntry {
  checkDoubtfulPayment(input);
  const a = resolveAccounts(input.accounts);
  return makeEntry(input, DEFAULT_LABELS.payment, (label) => [
    ...line(a.bank, null, label, input.amountPaid),
    ...line(a.doubtful, input.auxiliaryAccount, label, -input.amountPaid),
  ], input.paymentJournalCode);
}

// ---------------------------------------------------------------------------------------------
// Write-off (créance irrécouvrable)

/**
 * 6541 when the receivable was born in the current fiscal year (invoice date on or after its start),
 * 6544 when it comes from a prior year.
 */
export function badDebtAccount(invoiceDate: BusinessDate, fiscalYearStart: BusinessDate, accounts: Partial<AccountingAccounts> = {}): string {
  if (!isBusinessDate(invoiceDate)) throw invalid(`invoiceDate is not a date: ${JSON.stringify(invoiceDate)}`);
  if (!isBusinessDate(fiscalYearStart)) throw invalid(`fiscalYearStart is not a date: ${JSON.stringify(fiscalYearStart)}`);
  const a = resolveAccounts(accounts);
  return invoiceDate >= fiscalYearStart ? a.badDebtCurrentYear : a.badDebtPriorYears;
}

export type VatWithoutRectifiedInvoice = 'keep-on-doubtful' | 'expense';

export interface WriteOffInput extends EntryContext {
  auxiliaryAccount: string;
  /** Whole balance written off, TTC (the 416 balance of the receivable). */
  outstandingTtc: Cents;
  /** VAT contained in it. */
  outstandingVat: Cents;
  currentProvision: Cents;
  invoiceDate: BusinessDate;
  /** Start of the fiscal year in which the write-off is booked. */
  fiscalYearStart: BusinessDate;
  /** A rectified invoice (CGI art. 272-1) was issued: the VAT is recovered from the State. */
  rectifiedInvoiceIssued: boolean;
  /**
   * Without a rectified invoice (practice varies): 'keep-on-doubtful' (default) leaves the VAT on 416
   * until the rectified invoice comes (see vatRegularisationAfterWriteOff); 'expense' books it as a loss too.
   */
  vatWithoutRectifiedInvoice?: VatWithoutRectifiedInvoice;
}

/**
 * 654x D (HT) + 44571 D (VAT, only with a rectified invoice) / 416 (aux) C, then 491 D / 78174 C for the
 * whole remaining provision: nothing is left to depreciate once the receivable is written off.
 */
export function writeOff(input: WriteOffInput): ProvisionPosting & { lossAccount: string; loss: Cents; vatLeftOnDoubtful: Cents } {
  checkContext(input);
  checkAuxiliary(input.auxiliaryAccount, 'write-off');
  checkAmount(input.outstandingTtc, 'outstandingTtc', { positive: true });
  checkAmount(input.outstandingVat, 'outstandingVat');
  checkAmount(input.currentProvision, 'currentProvision');
  if (input.outstandingVat > input.outstandingTtc) throw invalid(`outstandingVat ${input.outstandingVat} exceeds outstandingTtc ${input.outstandingTtc}`);
  if (!isBusinessDate(input.invoiceDate)) throw invalid(`invoiceDate is not a date: ${JSON.stringify(input.invoiceDate)}`);
  if (!isBusinessDate(input.fiscalYearStart)) throw invalid(`fiscalYearStart is not a date: ${JSON.stringify(input.fiscalYearStart)}`);
  if (input.fiscalYearStart > input.date) throw invalid(`the write-off date ${input.date} is before the start of its fiscal year ${input.fiscalYearStart}`);
  if (input.invoiceDate > input.date) throw invalid(`the invoice date ${input.invoiceDate} is after the write-off date ${input.date}`);
  const a = resolveAccounts(input.accounts);
  const lossAccount = badDebtAccount(input.invoiceDate, input.fiscalYearStart, a);
  const vat = input.outstandingVat;
  const ht = input.outstandingTtc - vat;
  const mode = input.vatWithoutRectifiedInvoice ?? 'keep-on-doubtful';
  const vatRecovered = input.rectifiedInvoiceIssued ? vat : 0;
  const vatAsLoss = !input.rectifiedInvoiceIssued && mode === 'expense' ? vat : 0;
  const loss = ht + vatAsLoss;
  const credited = loss + vatRecovered;
  if (credited === 0) throw invalid('write-off: nothing to write off (the balance is VAT only and no rectified invoice was issued)');
  const lossEntry = makeEntry(input, DEFAULT_LABELS.writeOff, (label) => [
    ...line(lossAccount, null, label, loss),
    ...line(a.vatCollected, null, label, vatRecovered),
    ...line(a.doubtful, input.auxiliaryAccount, label, -credited),
  ]);
  const reversal = provisionMovementEntries(
    { kind: 'reversal', amount: input.currentProvision },
    { ...input, label: input.label ?? `${DEFAULT_LABELS.writeOffReversal} ${input.pieceRef}` },
  );
  return {
    entries: [lossEntry, ...reversal],
    lossAccount,
    loss,
    vatLeftOnDoubtful: input.outstandingTtc - credited,
    provisionMoved: input.currentProvision,
    provisionAfter: 0,
  };
}

/** Once the rectified invoice is issued after a write-off that kept the VAT on 416: 44571 D / 416 (aux) C. */
export function vatRegularisationAfterWriteOff(input: EntryContext & { auxiliaryAccount: string; vat: Cents }): JournalEntry[] {
  checkContext(input);
  checkAuxiliary(input.auxiliaryAccount, 'VAT regularisation');
  checkAmount(input.vat, 'vat', { positive: true });
  const a = resolveAccounts(input.accounts);
  return [makeEntry(input, DEFAULT_LABELS.vatRegularisation, (label) => [
    ...line(a.vatCollected, null, label, input.vat),
    ...line(a.doubtful, input.auxiliaryAccount, label, -input.vat),
  ])];
}

// ---------------------------------------------------------------------------------------------
// Money received after write-off

export interface RecoveryAfterWriteOffInput extends EntryContext {
  amountReceived: Cents;
  /**
   * VAT to collect again, contained in `amountReceived`: when the VAT was recovered at write-off
   * (rectified invoice), a later payment makes it due again. Default 0: all of it goes to 7714.
   */
  vatToRecollect?: Cents;
  /** Journal of the entry; defaults to `journalCode`, then 'OD'. */
  paymentJournalCode?: string;
}

/** 512 D / 7714 C for the amount received (and 44571 C for VAT collected again, when given). */
export function recoveryAfterWriteOff(input: RecoveryAfterWriteOffInput): JournalEntry[] {
  checkContext(input);
  checkAmount(input.amountReceived, 'amountReceived', { positive: true });
  const vat = input.vatToRecollect ?? 0;
  checkAmount(vat, 'vatToRecollect');
  if (vat >= input.amountReceived) throw invalid(`vatToRecollect ${vat} must be less than the amount received ${input.amountReceived}`);
  const a = resolveAccounts(input.accounts);
  return [makeEntry(input, DEFAULT_LABELS.recovery, (label) => [
    ...line(a.bank, null, label, input.amountReceived),
    ...line(a.recoveredWrittenOff, null, label, -(input.amountReceived - vat)),
    ...line(a.vatCollected, null, label, -vat),
  ], input.paymentJournalCode)];
}
