/**
 * Provision use cases: what a dossier is exposed to (outstanding TTC, VAT, HT base), setting its
 * provision, the payment of a doubtful receivable, settling the provision when the dossier ends
 * (reversal, or write-off when it ends as lost), and money received after a write-off.
 *
 * Each use case books its journal entries (src/journal) and its provision movements in the caller's
 * transaction, with a Chrono event, so that a refused action leaves nothing behind.
 */
import { In, type EntityManager } from 'typeorm';
import { Db, inTransaction, rawQuery } from '../db/transactions';
import { toNumber } from '../db/column-types';
import { AppError } from '../shared/errors';
import { hundredthsOf, percentOf, type Cents } from '../shared/money';
import { isBusinessDate, type BusinessDate } from '../shared/business-date';
import { loadConfig } from '../config';
import { recordDossierEvent, type Actor } from '../history';
import { Dossier, DossierEntry, dossierBalances, refreshDossierBalances } from '../dossiers';
import { LedgerEntry } from '../ledger';
import { ThirdParty } from '../third-parties';
import { readAppSetting, saveAuditedSetting } from '../settings';
import {
  bookJournalEntries,
  journalAccounts,
  recoveryAfterWriteOff,
  writeOff,
  type AccountingAccounts,
  type BookedEntry,
} from '../journal';
import { paymentAfterTransfer, provisionChange } from './provision-postings.rules';
import { htBase, isAllowance, mulDivRound, proposedProvision, type ProvisionMovementKind } from './provision.rules';
import { ProvisionMovementRow, type ProvisionReason } from './provision-movement.entity';

// ---------------------------------------------------------------------------------------------
// Settings read here

export const FISCAL_YEAR_START_SETTING = 'journal.fiscalYearStart';

/** Day the fiscal year starts, as `MM-DD` (default `01-01`), an app setting next to the journal accounts. */
export async function fiscalYearStartDay(db: Db): Promise<string> {
  const value = await readAppSetting(db, FISCAL_YEAR_START_SETTING);
  return value !== null && /^\d{2}-\d{2}$/.test(value) ? value : '01-01';
}

export async function saveFiscalYearStartDay(db: Db, monthDay: string): Promise<void> {
  if (!/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(monthDay)) throw AppError.field('fiscalYearStart', 'provisions.errors.fiscalYearStart');
  await saveAuditedSetting(db, FISCAL_YEAR_START_SETTING, monthDay);
}

/** Start of the fiscal year that contains `date`, for a year starting each year on `monthDay`. */
export function fiscalYearStartOf(date: BusinessDate, monthDay: string): BusinessDate {
  const year = Number(date.slice(0, 4));
  return date.slice(5) >= monthDay ? `${year}-${monthDay}` : `${year - 1}-${monthDay}`;
}

function defaultVatRate(): number {
  try {
    return loadConfig().defaultVatRate;
  } catch {
    return 20;
  }
}

// ---------------------------------------------------------------------------------------------
// Exposure

export interface DossierExposure {
  dossier: Dossier;
  thirdParty: ThirdParty;
  /** Open balance of the linked ledger entries, TTC. */
  ledgerOpenTtc: Cents;
  /** What is still owed once the entries the module booked (payments, write-off) are counted, TTC. */
  outstandingTtc: Cents;
  /** VAT contained in `outstandingTtc`. */
  outstandingVat: Cents;
  /** Outstanding amount excluding VAT: the provision's base. */
  base: Cents;
  /** Where the VAT comes from: the invoices' VAT lines (4457x), the default rate, or both. */
  vatSource: 'ledger' | 'default' | 'mixed' | 'none';
  vatRate: number;
  /** The receivable was transferred to doubtful receivables (416 balance on the dossier's entries). */
  onDoubtful: boolean;
  /** Current provision: the sum of the dossier's movements. */
  provision: Cents;
  /** Oldest invoice date among the open entries (decides 6541 / 6544 at write-off). */
  oldestInvoiceDate: BusinessDate | null;
  /** Amount already written off on this dossier (654x), and received back since (7714). */
  writtenOff: Cents;
  recoveredAfterWriteOff: Cents;
}

/** The dossier's provision: charges and increases minus decreases and reversals. */
export async function currentProvision(db: Db, dossierId: number): Promise<Cents> {
  const rows = await db.getRepository(ProvisionMovementRow).findBy({ dossierId });
  return rows.reduce((s, r) => s + (isAllowance(r.kind) ? r.amount : -r.amount), 0);
}

/**
 * The dossier's exposure. VAT: for each open entry, the VAT lines (accounts 4457x) of the same piece in
 * the ledger, pro rata of the customer's lines of that piece; the default rate for pieces without them.
 * Entries the module booked on the customer's 411/416 lines (payments, write-off) reduce the
 * outstanding amount, VAT pro rata.
 */
export async function dossierExposure(db: Db, dossierId: number, vatRatePercent?: number): Promise<DossierExposure> {
  const vatRate = vatRatePercent ?? defaultVatRate();
  const dossier = await db.getRepository(Dossier).findOneBy({ id: dossierId });
  if (!dossier) throw AppError.notFound();
  const thirdParty = await db.getRepository(ThirdParty).findOneByOrFail({ id: dossier.thirdPartyId });
  const accounts = await journalAccounts(db);
  const links = await db.getRepository(DossierEntry).findBy({ dossierId });
  const entries = links.length === 0 ? [] : await db.getRepository(LedgerEntry).findBy({ id: In(links.map((l) => l.ledgerEntryId)) });
  const open = entries.filter((e) => !e.lettering && e.debit - e.credit !== 0);
  const refs = [...new Set(open.map((e) => e.pieceRef).filter((r): r is string => !!r))];
  const pieces = new Map<string, { vat: number; ttc: number }>();
  if (refs.length > 0) {
    const rows = await rawQuery<{ piece_ref: string; vat: unknown; ttc: unknown }>(db,
      `SELECT piece_ref,
              SUM(CASE WHEN account LIKE '4457%' THEN credit - debit ELSE 0 END) AS vat,
              SUM(CASE WHEN auxiliary_account = :aux THEN debit - credit ELSE 0 END) AS ttc
         FROM ledger_entry WHERE company_id = :companyId AND piece_ref IN (:...refs) GROUP BY piece_ref`,
      { aux: thirdParty.auxiliaryAccount, companyId: dossier.companyId, refs });
    for (const r of rows) pieces.set(r.piece_ref, { vat: toNumber(r.vat), ttc: toNumber(r.ttc) });
  }
  let ledgerOpenTtc = 0;
  let ledgerVat = 0;
  let fromLedger = 0;
  let fromDefault = 0;
  let oldestInvoiceDate: string | null = null;
  for (const e of open) {
    const balance = e.debit - e.credit;
    ledgerOpenTtc += balance;
    const piece = e.pieceRef ? pieces.get(e.pieceRef) : undefined;
    // The piece's VAT applies when it is plausible: same sign as the customer total, and smaller.
    if (piece && piece.vat !== 0 && piece.ttc !== 0 && Math.sign(piece.vat) === Math.sign(piece.ttc) && Math.abs(piece.vat) < Math.abs(piece.ttc)) {
      ledgerVat += mulDivRound(piece.vat, balance, piece.ttc);
      fromLedger++;
    } else {
      ledgerVat += balance - htBase(balance, vatRate);
      fromDefault++;
    }
    if (balance > 0) {
      const d = e.pieceDate ?? e.entryDate;
      if (!oldestInvoiceDate || d < oldestInvoiceDate) oldestInvoiceDate = d;
    }
  }
  const booked = await rawQuery<{ account: string; net: unknown }>(db,
    `SELECT jl.account AS account, SUM(jl.debit - jl.credit) AS net
       FROM journal_line jl JOIN journal_entry je ON je.id = jl.journal_entry_id
      WHERE je.dossier_id = :dossierId AND (jl.auxiliary_account = :aux OR jl.account IN (:...accts))
      GROUP BY jl.account`,
    { dossierId, aux: thirdParty.auxiliaryAccount, accts: [accounts.badDebtCurrentYear, accounts.badDebtPriorYears, accounts.recoveredWrittenOff] });
  const net = (account: string) => toNumber(booked.find((r) => r.account === account)?.net);
  const customerNet = net(accounts.customer) + (accounts.doubtful === accounts.customer ? 0 : net(accounts.doubtful));
  void customerNet;
  // The provision's base is the dossier's balance rule (what the books still hold: a settlement's
  // concession is booked by the write-off), its VAT in the proportion of the open invoices' VAT.
  const outstandingTtc = (await dossierBalances(db, [dossierId])).get(dossierId)?.bookBalance ?? 0;
  const outstandingVat = ledgerOpenTtc === 0 ? outstandingTtc - htBase(outstandingTtc, vatRate) : mulDivRound(ledgerVat, outstandingTtc, ledgerOpenTtc);
  return {
    dossier,
    thirdParty,
    ledgerOpenTtc,
    outstandingTtc,
    outstandingVat,
    base: outstandingTtc - outstandingVat,
    vatSource: fromLedger > 0 && fromDefault > 0 ? 'mixed' : fromLedger > 0 ? 'ledger' : fromDefault > 0 ? 'default' : 'none',
    vatRate,
    onDoubtful: net(accounts.doubtful) > 0 && accounts.doubtful !== accounts.customer,
    provision: await currentProvision(db, dossierId),
    oldestInvoiceDate,
    writtenOff: net(accounts.badDebtCurrentYear) + (accounts.badDebtPriorYears === accounts.badDebtCurrentYear ? 0 : net(accounts.badDebtPriorYears)),
    recoveredAfterWriteOff: -net(accounts.recoveredWrittenOff),
  };
}

// ---------------------------------------------------------------------------------------------
// Shared steps

interface MovementInput {
  dossier: Dossier;
  date: BusinessDate;
  kind: Exclude<ProvisionMovementKind, 'none'>;
  amount: Cents;
  outstandingTtc: Cents;
  base: Cents;
  lossHundredths: number;
  provisionAfter: Cents;
  journalEntryId: number | null;
  reason: ProvisionReason;
  comment?: string | null;
  actor: Actor;
  at: string;
}

async function saveMovement(m: EntityManager, input: MovementInput): Promise<ProvisionMovementRow> {
  return m.getRepository(ProvisionMovementRow).save(m.getRepository(ProvisionMovementRow).create({
    companyId: input.dossier.companyId, dossierId: input.dossier.id, date: input.date, kind: input.kind, amount: input.amount,
    outstandingTtc: input.outstandingTtc, base: input.base, lossHundredths: input.lossHundredths, provisionAfter: input.provisionAfter, journalEntryId: input.journalEntryId,
    reason: input.reason, comment: input.comment ?? null, createdAt: input.at, createdBy: input.actor.userId, createdByName: input.actor.userName,
  }));
}

function pieceRefOf(dossier: Dossier): string {
  return `REC${dossier.number}`;
}

/** The provision entry among booked entries: the one with a line on the allowance account (491). */
function provisionEntry(booked: BookedEntry[], accounts: AccountingAccounts): BookedEntry | undefined {
  return booked.find((e) => e.lines.some((l) => l.account === accounts.depreciationAllowance));
}

async function refuseWhenClosed(m: EntityManager, dossier: Dossier): Promise<void> {
  const [row] = await rawQuery<{ kind: string }>(m, 'SELECT kind FROM dossier_status WHERE id = :id', { id: dossier.statusId });
  if (row?.kind === 'closed') throw new AppError('invalid_state', 'provisions.errors.dossierClosed', 409);
}

function checkDate(date: string, field = 'date'): void {
  if (!isBusinessDate(date)) throw AppError.field(field, 'provisions.errors.date');
}

// ---------------------------------------------------------------------------------------------
// Set the provision (by loss percentage or by hand)

export interface SetProvisionInput {
  dossierId: number;
  date: BusinessDate;
  /** Target provision; when null, proposed from the base and `lossPercentage`. */
  amount: Cents | null;
  /** Loss percentage (0–100, two decimals); defaults to the dossier's. */
  lossPercentage?: number | null;
  comment?: string | null;
  vatRatePercent?: number;
  actor: Actor;
  at: string;
}

export interface ProvisionResult {
  movement: ProvisionMovementRow | null;
  entries: BookedEntry[];
  provisionAfter: Cents;
}

/** Moves the dossier's provision to a target (68174/491 up, 491/78174 down) and records the movement. */
export async function setProvision(db: Db, input: SetProvisionInput): Promise<ProvisionResult> {
  checkDate(input.date);
  return inTransaction(db, async (m) => {
    const x = await dossierExposure(m, input.dossierId, input.vatRatePercent);
    await refuseWhenClosed(m, x.dossier);
    const lossHundredths = input.lossPercentage === null || input.lossPercentage === undefined ? x.dossier.lossHundredths : hundredthsOf(input.lossPercentage);
    if (!Number.isInteger(lossHundredths) || lossHundredths < 0 || lossHundredths > 10000) throw AppError.field('lossPercentage', 'provisions.errors.lossPercentage');
    const target = input.amount ?? proposedProvision(x.base, percentOf(lossHundredths));
    if (!Number.isSafeInteger(target) || target < 0) throw AppError.field('amount', 'provisions.errors.amount');
    if (target > Math.max(0, x.base)) throw AppError.field('amount', 'provisions.errors.amountAboveBase');
    const accounts = await journalAccounts(m);
    const change = provisionChange(x.provision, target, { date: input.date, pieceRef: pieceRefOf(x.dossier), accounts });
    if (change.movement.kind === 'none') throw AppError.field('amount', 'provisions.errors.noChange');
    const booked = await bookJournalEntries(m, change.entries, { companyId: x.dossier.companyId, dossierId: x.dossier.id, at: input.at });
    const movement = await saveMovement(m, {
      dossier: x.dossier, date: input.date, kind: change.movement.kind, amount: change.movement.amount, outstandingTtc: x.outstandingTtc, base: x.base, lossHundredths,
      provisionAfter: target, journalEntryId: booked[0]?.id ?? null, reason: 'manual', comment: input.comment, actor: input.actor, at: input.at,
    });
    await recordDossierEvent(m, input.actor, {
      dossierId: x.dossier.id, at: input.at, type: 'provisionChanged', amount: target,
      details: { kind: change.movement.kind, moved: change.movement.amount, before: x.provision, after: target, base: x.base, loss: percentOf(lossHundredths), number: booked[0]?.number ?? null },
    });
    return { movement, entries: booked, provisionAfter: target };
  });
}

// ---------------------------------------------------------------------------------------------
// Payment of a doubtful receivable (512 / 416, then the provision that lost its base)

export interface DoubtfulPaymentInput {
  dossierId: number;
  date: BusinessDate;
  amount: Cents;
  vatRatePercent?: number;
  actor: Actor;
  at: string;
}

export async function recordDoubtfulPayment(db: Db, input: DoubtfulPaymentInput): Promise<ProvisionResult> {
  checkDate(input.date);
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw AppError.field('amount', 'provisions.errors.amount');
  return inTransaction(db, async (m) => {
    const x = await dossierExposure(m, input.dossierId, input.vatRatePercent);
    await refuseWhenClosed(m, x.dossier);
    if (input.amount > x.outstandingTtc) throw AppError.field('amount', 'provisions.errors.paymentAboveBalance');
    const accounts = await journalAccounts(m);
    const posting = paymentAfterTransfer({
      date: input.date, pieceRef: pieceRefOf(x.dossier), accounts: x.onDoubtful ? accounts : { ...accounts, doubtful: accounts.customer },
      auxiliaryAccount: x.thirdParty.auxiliaryAccount, currentProvision: x.provision, outstandingTtc: x.outstandingTtc,
      outstandingVat: Math.max(0, Math.min(x.outstandingVat, x.outstandingTtc)), amountPaid: input.amount,
    });
    const booked = await bookJournalEntries(m, posting.entries, { companyId: x.dossier.companyId, dossierId: x.dossier.id, at: input.at });
    await refreshDossierBalances(m, { dossierIds: [x.dossier.id] });
    let movement: ProvisionMovementRow | null = null;
    if (posting.provisionMoved > 0) {
      movement = await saveMovement(m, {
        dossier: x.dossier, date: input.date, kind: posting.provisionAfter === 0 ? 'reversal' : 'decrease', amount: posting.provisionMoved,
        outstandingTtc: posting.outstandingTtcAfter, base: posting.outstandingTtcAfter - posting.outstandingVatAfter, lossHundredths: x.dossier.lossHundredths, provisionAfter: posting.provisionAfter,
        journalEntryId: provisionEntry(booked, accounts)?.id ?? null, reason: 'payment', actor: input.actor, at: input.at,
      });
    }
    await recordDossierEvent(m, input.actor, {
      dossierId: x.dossier.id, at: input.at, type: 'doubtfulPayment', amount: input.amount,
      details: { reversal: posting.provisionMoved, provisionAfter: posting.provisionAfter, number: booked[0]?.number ?? null },
    });
    return { movement, entries: booked, provisionAfter: posting.provisionAfter };
  });
}

// ---------------------------------------------------------------------------------------------
// The dossier ends

export interface SettleOnClosureInput {
  dossierId: number;
  date: BusinessDate;
  /** The dossier ends as lost (its result has `lost`): write the receivable off. */
  lost: boolean;
  actor: Actor;
  at: string;
  /** A rectified invoice was issued (CGI art. 272-1): the VAT is recovered (44571) at write-off. */
  rectifiedInvoiceIssued?: boolean;
  vatRatePercent?: number;
}

export interface SettleOnClosureResult {
  entries: BookedEntry[];
  /** Provision reversed (491 / 78174). */
  reversed: Cents;
  /** Loss booked on 654x (0 when not lost). */
  writtenOff: Cents;
  vatRecovered: Cents;
  lossAccount: string | null;
}

/**
 * When a dossier ends: what is left of its provision is reversed (491 / 78174); when it ends as lost,
 * the outstanding receivable is written off (654x HT, 44571 VAT with a rectified invoice, credit 416 —
 * or 411 when it was never transferred to doubtful), with the reversal of the whole provision.
 * Books in the caller's transaction; does nothing when there is neither provision nor balance.
 */
export async function settleProvisionOnClosure(db: Db, input: SettleOnClosureInput): Promise<SettleOnClosureResult> {
  checkDate(input.date, 'endDate');
  return inTransaction(db, async (m) => {
    const x = await dossierExposure(m, input.dossierId, input.vatRatePercent);
    const accounts = await journalAccounts(m);
    const ctx = { date: input.date, pieceRef: pieceRefOf(x.dossier), accounts };
    const book = (entries: Parameters<typeof bookJournalEntries>[1]) =>
      bookJournalEntries(m, entries, { companyId: x.dossier.companyId, dossierId: x.dossier.id, at: input.at });
    const none: SettleOnClosureResult = { entries: [], reversed: 0, writtenOff: 0, vatRecovered: 0, lossAccount: null };

    if (input.lost && x.outstandingTtc > 0) {
      const rectified = input.rectifiedInvoiceIssued ?? false;
      const vat = Math.max(0, Math.min(x.outstandingVat, x.outstandingTtc));
      if (x.outstandingTtc - vat > 0 || rectified) {
        const fiscalYearStart = fiscalYearStartOf(input.date, await fiscalYearStartDay(m));
        const invoiceDate = x.oldestInvoiceDate && x.oldestInvoiceDate <= input.date ? x.oldestInvoiceDate : input.date;
        const posting = writeOff({
          ...ctx, accounts: x.onDoubtful ? accounts : { ...accounts, doubtful: accounts.customer },
          auxiliaryAccount: x.thirdParty.auxiliaryAccount, outstandingTtc: x.outstandingTtc, outstandingVat: vat,
          currentProvision: x.provision, invoiceDate, fiscalYearStart, rectifiedInvoiceIssued: rectified,
        });
        const booked = await book(posting.entries);
        await refreshDossierBalances(m, { dossierIds: [x.dossier.id] });
        if (posting.provisionMoved > 0) {
          await saveMovement(m, {
            dossier: x.dossier, date: input.date, kind: 'reversal', amount: posting.provisionMoved, outstandingTtc: posting.vatLeftOnDoubtful, base: 0, lossHundredths: x.dossier.lossHundredths,
            provisionAfter: 0, journalEntryId: provisionEntry(booked, accounts)?.id ?? null, reason: 'writeOff', actor: input.actor, at: input.at,
          });
        }
        const vatRecovered = rectified ? vat : 0;
        await recordDossierEvent(m, input.actor, {
          dossierId: x.dossier.id, at: input.at, type: 'writtenOff', amount: posting.loss,
          details: { lossAccount: posting.lossAccount, loss: posting.loss, vat: vatRecovered, reversal: posting.provisionMoved, numbers: booked.map((b) => b.number).join(', ') },
        });
        return { entries: booked, reversed: posting.provisionMoved, writtenOff: posting.loss, vatRecovered, lossAccount: posting.lossAccount };
      }
    }

    if (x.provision <= 0) return none;
    const change = provisionChange(x.provision, 0, ctx);
    const booked = await book(change.entries);
    await saveMovement(m, {
      dossier: x.dossier, date: input.date, kind: 'reversal', amount: x.provision, outstandingTtc: x.outstandingTtc, base: x.base, lossHundredths: x.dossier.lossHundredths,
      provisionAfter: 0, journalEntryId: booked[0]?.id ?? null, reason: 'closure', actor: input.actor, at: input.at,
    });
    await recordDossierEvent(m, input.actor, {
      dossierId: x.dossier.id, at: input.at, type: 'provisionSettled', amount: x.provision,
      details: { reversal: x.provision, number: booked[0]?.number ?? null },
    });
    return { ...none, entries: booked, reversed: x.provision };
  });
}

// ---------------------------------------------------------------------------------------------
// Money received after a write-off (512 / 7714)

export interface RecoveryInput {
  dossierId: number;
  date: BusinessDate;
  amount: Cents;
  /** VAT to collect again, contained in the amount (when the VAT was recovered at write-off). */
  vatToRecollect?: Cents;
  actor: Actor;
  at: string;
}

export async function recordRecoveryAfterWriteOff(db: Db, input: RecoveryInput): Promise<BookedEntry[]> {
  checkDate(input.date);
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw AppError.field('amount', 'provisions.errors.amount');
  const vat = input.vatToRecollect ?? 0;
  if (!Number.isSafeInteger(vat) || vat < 0 || (vat > 0 && vat >= input.amount)) throw AppError.field('vatToRecollect', 'provisions.errors.vatToRecollect');
  return inTransaction(db, async (m) => {
    const x = await dossierExposure(m, input.dossierId);
    if (x.writtenOff <= 0) throw new AppError('invalid_state', 'provisions.errors.notWrittenOff', 409);
    const accounts = await journalAccounts(m);
    const entries = recoveryAfterWriteOff({ date: input.date, pieceRef: pieceRefOf(x.dossier), accounts, amountReceived: input.amount, vatToRecollect: vat });
    const booked = await bookJournalEntries(m, entries, { companyId: x.dossier.companyId, dossierId: x.dossier.id, at: input.at });
    await recordDossierEvent(m, input.actor, {
      dossierId: x.dossier.id, at: input.at, type: 'recoveryAfterWriteOff', amount: input.amount,
      details: { vat, number: booked[0]?.number ?? null },
    });
    return booked;
  });
}

// ---------------------------------------------------------------------------------------------
// Reading

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
