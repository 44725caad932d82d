/**
 * The provision when the dossier ends (reversed, or written off with the receivable when it ends
 * as lost) and money received after a write-off (512 / 7714).
 */
import { Db, inTransaction } from '../db/transactions';
import { AppError } from '../shared/errors';
import type { Cents } from '../shared/money';
import type { BusinessDate } from '../shared/business-date';
import { recordDossierEvent, type Actor } from '../history';
import { refreshDossierBalances } from '../dossiers';
import { bookJournalEntries, journalAccounts, recoveryAfterWriteOff, writeOff, type BookedEntry } from '../journal';
import { provisionChange } from './provision-postings.rules';
import { checkDate, pieceRefOf, provisionEntry, saveMovement } from './provision.service';
import { dossierExposure } from './provision-exposure.service';
import { fiscalYearStartDay, fiscalYearStartOf } from './provision-settings.service';

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
