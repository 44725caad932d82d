/** What a dossier is exposed to: outstanding TTC, its VAT, the HT base, and the current provision. */
import { In } from 'typeorm';
import { Db, rawQuery } from '../db/transactions';
import { toNumber } from '../db/column-types';
import { AppError } from '../shared/errors';
import type { Cents } from '../shared/money';
import type { BusinessDate } from '../shared/business-date';
import { Dossier, DossierEntry, dossierBalances } from '../dossiers';
import { LedgerEntry } from '../ledger';
import { ThirdParty } from '../third-parties';
import { journalAccounts } from '../journal';
import { htBase, isAllowance, mulDivRound } from './provision.rules';
import { ProvisionMovementRow } from './provision-movement.entity';
import { defaultVatRate } from './provision-settings.service';

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
