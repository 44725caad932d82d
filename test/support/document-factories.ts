/** Factories for document tests: a dossier with a creditor, a customer, contacts and linked ledger entries. */
import type { DataSource } from 'typeorm';
import { Company } from '../../src/companies/company.entity';
import { Dossier } from '../../src/dossiers/dossier.entity';
import type { LedgerEntry } from '../../src/ledger/ledger-entry.entity';
import type { ThirdParty } from '../../src/third-parties/third-party.entity';
import { linkDirectly, makeContact, makeDossier, makeEntry, makeThirdParty, type ReferenceData } from './factories';

/** Gives the reference company a full letterhead. */
export async function completeCreditor(ds: DataSource, ref: ReferenceData): Promise<Company> {
  await ds.getRepository(Company).update(
    { id: ref.company.id },
    { address: '12 avenue des Tilleuls', postalCode: '69003', city: 'Lyon', siren: '552100554', vatNumber: 'FR40552100554', phone: '04 72 00 00 00', email: 'compta@atlas.test' },
  );
  return ds.getRepository(Company).findOneByOrFail({ id: ref.company.id });
}

export async function linkEntries(ds: DataSource, dossier: Dossier, entries: LedgerEntry[]): Promise<void> {
  await linkDirectly(ds, dossier.id, entries.map((e) => e.id), '2026-11-22T09:00:00.000Z');
}

export interface DocumentDossier {
  dossier: Dossier;
  customer: ThirdParty;
  entries: LedgerEntry[];
}

/**
 * A dossier over the given invoices (amount in cents and due date), for a customer with an e-mail
 * address and a contact; `customer` and `dossier` override their fields.
 */
export async function makeDocumentDossier(
  ds: DataSource,
  ref: ReferenceData,
  invoices: { amount: number; dueDate: string; pieceRef?: string; date?: string; credit?: boolean; lettering?: string; journalCode?: string }[],
  overrides: { customer?: Partial<ThirdParty>; dossier?: Partial<Dossier> } = {},
): Promise<DocumentDossier> {
  const customer = await makeThirdParty(ds, ref, { email: 'compta@client.test', ...overrides.customer });
  await makeContact(ds, { kind: 'customer', thirdPartyId: customer.id, firstName: 'Jeanne', lastName: 'Moreau', email: 'jeanne.moreau@client.test' });
  const entries: LedgerEntry[] = [];
  for (const inv of invoices) {
    entries.push(
      await makeEntry(ds, ref, customer, {
        debit: inv.credit ? 0 : inv.amount,
        credit: inv.credit ? inv.amount : 0,
        dueDate: inv.dueDate,
        entryDate: inv.date ?? inv.dueDate,
        pieceDate: inv.date ?? inv.dueDate,
        lettering: inv.lettering ?? null,
        ...(inv.pieceRef ? { pieceRef: inv.pieceRef } : {}),
        ...(inv.journalCode ? { journalCode: inv.journalCode, journalLabel: null } : {}),
      }),
    );
  }
  const dossier = await makeDossier(ds, ref, customer, overrides.dossier);
  await linkEntries(ds, dossier, entries);
  return { dossier, customer, entries };
}
