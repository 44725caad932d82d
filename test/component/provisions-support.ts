/** Shared by the provision tests: the worked example of DOMAIN-FR.md as ledger rows, and the booked lines of a dossier. */
import type { DataSource } from 'typeorm';
import { linkDirectly, makeDossier, makeEntry, makeThirdParty, ReferenceData } from '../support/factories';
import { bookJournalEntries, journalAccounts, JournalEntryRow, JournalLineRow, transferToDoubtful } from '../../src/journal';
import type { Dossier } from '../../src/dossiers/dossier.entity';
import type { ThirdParty } from '../../src/third-parties/third-party.entity';

const AT = '2026-11-22T09:00:00.000Z';

export interface Line { account: string; aux: string | null; debit: number; credit: number }

/** The journal lines booked for a dossier, entry by entry, in booking order. */
export async function bookedLines(ds: DataSource, dossierId: number): Promise<{ number: string; date: string; lines: Line[] }[]> {
  const entries = await ds.getRepository(JournalEntryRow).find({ where: { dossierId }, order: { id: 'ASC' } });
  const out = [];
  for (const e of entries) {
    const lines = await ds.getRepository(JournalLineRow).find({ where: { journalEntryId: e.id }, order: { id: 'ASC' } });
    out.push({ number: e.number, date: e.date, lines: lines.map((l) => ({ account: l.account, aux: l.auxiliaryAccount, debit: l.debit, credit: l.credit })) });
  }
  return out;
}

/** An invoice of 1 200,00 TTC (1 000,00 HT + 200,00 VAT at 20 %), with its VAT line in the ledger. */
export async function workedExampleDossier(ds: DataSource, ref: ReferenceData, opts: { vatLine?: boolean; invoiceDate?: string } = {}): Promise<{ dossier: Dossier; customer: ThirdParty }> {
  const customer = await makeThirdParty(ds, ref);
  const invoiceDate = opts.invoiceDate ?? '2026-06-01';
  const invoice = await makeEntry(ds, ref, customer, { debit: 120000, entryDate: invoiceDate, pieceDate: invoiceDate });
  if (opts.vatLine !== false) {
    await makeEntry(ds, ref, customer, {
      account: '445710', auxiliaryAccount: null, thirdPartyId: null, debit: 0, credit: 20000, pieceRef: invoice.pieceRef, entryNumber: invoice.entryNumber,
      entryDate: invoiceDate, dueDate: null,
    });
    await makeEntry(ds, ref, customer, {
      account: '706000', auxiliaryAccount: null, thirdPartyId: null, debit: 0, credit: 100000, pieceRef: invoice.pieceRef, entryNumber: invoice.entryNumber,
      entryDate: invoiceDate, dueDate: null,
    });
  }
  const dossier = await makeDossier(ds, ref, customer, { lossHundredths: 5000 });
  await linkDirectly(ds, dossier.id, [invoice.id], AT);
  return { dossier, customer };
}

export async function transfer(ds: DataSource, dossier: Dossier, customer: ThirdParty, date: string): Promise<void> {
  const accounts = await journalAccounts(ds);
  await bookJournalEntries(ds, transferToDoubtful([{ auxiliaryAccount: customer.auxiliaryAccount, pieceRef: `REC${dossier.number}`, amountTtc: 120000 }], { date, accounts }),
    { companyId: dossier.companyId, dossierId: dossier.id });
}

