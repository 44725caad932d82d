/**
 * Provision use cases: setting a dossier's provision (by loss percentage or by hand) and the payment
 * of a doubtful receivable, with the steps the closure's use cases share (provision-closure.service.ts).
 * What the dossier is exposed to is provision-exposure.service.ts; its history provision-history.service.ts.
 *
 * Each use case books its journal entries (src/journal) and its provision movements in the caller's
 * transaction, with a Chrono event, so that a refused action leaves nothing behind.
 */
import { type EntityManager } from 'typeorm';
import { Db, inTransaction, rawQuery } from '../db/transactions';
import { AppError } from '../shared/errors';
import { hundredthsOf, percentOf, type Cents } from '../shared/money';
import { isBusinessDate, type BusinessDate } from '../shared/business-date';
import { recordDossierEvent, type Actor } from '../history';
import { Dossier, refreshDossierBalances } from '../dossiers';
import { bookJournalEntries, journalAccounts, type AccountingAccounts, type BookedEntry } from '../journal';
import { paymentAfterTransfer, provisionChange } from './provision-postings.rules';
import { proposedProvision, type ProvisionMovementKind } from './provision.rules';
import { ProvisionMovementRow, type ProvisionReason } from './provision-movement.entity';
import { dossierExposure } from './provision-exposure.service';

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

export async function saveMovement(m: EntityManager, input: MovementInput): Promise<ProvisionMovementRow> {
  return m.getRepository(ProvisionMovementRow).save(m.getRepository(ProvisionMovementRow).create({
    companyId: input.dossier.companyId, dossierId: input.dossier.id, date: input.date, kind: input.kind, amount: input.amount,
    outstandingTtc: input.outstandingTtc, base: input.base, lossHundredths: input.lossHundredths, provisionAfter: input.provisionAfter, journalEntryId: input.journalEntryId,
    reason: input.reason, comment: input.comment ?? null, createdAt: input.at, createdBy: input.actor.userId, createdByName: input.actor.userName,
  }));
}

export function pieceRefOf(dossier: Dossier): string {
  return `REC${dossier.number}`;
}

/** The provision entry among booked entries: the one with a line on the allowance account (491). */
export function provisionEntry(booked: BookedEntry[], accounts: AccountingAccounts): BookedEntry | undefined {
  return booked.find((e) => e.lines.some((l) => l.account === accounts.depreciationAllowance));
}

async function refuseWhenClosed(m: EntityManager, dossier: Dossier): Promise<void> {
  const [row] = await rawQuery<{ kind: string }>(m, 'SELECT kind FROM dossier_status WHERE id = :id', { id: dossier.statusId });
  if (row?.kind === 'closed') throw new AppError('invalid_state', 'provisions.errors.dossierClosed', 409);
}

export function checkDate(date: string, field = 'date'): void {
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

