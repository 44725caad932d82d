/**
 * The document contexts of many dossiers at once, for the daily job's letters and e-mails: the same
 * rows as loadContextSource reads for one dossier (document-context.service.ts), read by slices of
 * 500 dossiers in a few queries, then the same pure rules (buildContextFromSource). Only how the
 * data is loaded differs; test/component/step-documents-batch.test.ts checks the letters come out
 * byte for byte as the one-by-one path makes them.
 */
import { In } from 'typeorm';
import { dossierBalances, Dossier, DossierEntry } from '../dossiers';
import type { BusinessDate } from '../shared/business-date';
import { loadRateTables } from '../late-payment';
import { Company } from '../companies';
import { ThirdParty } from '../third-parties';
import { Contact } from '../contacts';
import { CreditController } from '../credit-controllers';
import { LedgerEntry } from '../ledger';
import { DossierStatus } from '../settings';
import { disputedEntryIdsOf } from '../dispute-scope';
import { letterDebtorPages, type LetterDebtorPage } from '../debtor-portal';
import { disputedOpenAmounts } from '../dossier-account';
import { percentOf } from '../shared/money';
import type { Db } from '../db/sql';
import { buildContextFromSource, type DossierContextSource, type DossierDocumentContext } from './document-context.rules';
import type { TemplateError } from './template-engine';

const SLICE = 500;

/** A dossier's context source, or why it could not be read (the letter fails with that message, the others go on). */
export type SourceOrError = { source: DossierContextSource } | { error: TemplateError };
export type ContextOrError = { context: DossierDocumentContext & { debtorPage?: LetterDebtorPage | null } } | { error: TemplateError };

const unique = <T>(list: T[]) => [...new Set(list)];

async function byIds<T extends { id: number }>(db: Db, entity: new () => T, ids: number[]): Promise<Map<number, T>> {
  const out = new Map<number, T>();
  for (let i = 0; i < ids.length; i += SLICE) {
    for (const row of await db.getRepository(entity).findBy({ id: In(ids.slice(i, i + SLICE)) } as never)) out.set(row.id, row);
  }
  return out;
}

/** loadContextSource for many dossiers at `asOf`; a dossier that does not exist is absent. */
export async function loadContextSources(db: Db, dossierIds: number[], asOf: BusinessDate): Promise<Map<number, SourceOrError>> {
  const out = new Map<number, SourceOrError>();
  const ids = unique(dossierIds);
  if (ids.length === 0) return out;
  const tables = await loadRateTables(db);
  const statuses = new Map((await db.getRepository(DossierStatus).find()).map((s) => [s.id, s]));
  const companies = new Map<number, Company>();
  for (let i = 0; i < ids.length; i += SLICE) {
    const dossiers = [...(await byIds(db, Dossier, ids.slice(i, i + SLICE))).values()];
    const slice = dossiers.map((d) => d.id);
    if (slice.length === 0) continue;
    const wanted = unique(dossiers.map((d) => d.companyId)).filter((id) => !companies.has(id));
    for (const c of (await byIds(db, Company, wanted)).values()) companies.set(c.id, c);
    // A subsidiary's letters carry the creditor's identity when the subsidiary has none of its own.
    const parents = unique([...companies.values()].filter((c) => c.parentId && !c.siren && !companies.has(c.parentId)).map((c) => c.parentId!));
    for (const c of (await byIds(db, Company, parents)).values()) companies.set(c.id, c);
    const customers = await byIds(db, ThirdParty, unique(dossiers.map((d) => d.thirdPartyId)));
    const controllers = await byIds(db, CreditController, unique(dossiers.flatMap((d) => (d.controllerId ? [d.controllerId] : []))));
    const links = await db.getRepository(DossierEntry).find({ where: { dossierId: In(slice) }, select: { dossierId: true, ledgerEntryId: true } });
    // Issue 15 hook: an invoice in open dispute leaves the letters (and their penalties).
    const disputed = await disputedEntryIdsOf(db, slice);
    const entries = await byIds(db, LedgerEntry, unique(links.map((l) => l.ledgerEntryId)));
    const contacts = await db.getRepository(Contact).find({
      where: [{ thirdPartyId: In(unique(dossiers.map((d) => d.thirdPartyId))), kind: 'customer' }, { dossierId: In(slice), kind: 'dossier' }],
      order: { id: 'ASC' },
    });
    const balances = await dossierBalances(db, slice);
    const disputedParts = await disputedOpenAmounts(db, slice.filter((id) => (disputed.get(id)?.size ?? 0) > 0));
    const entriesOf = new Map<number, number[]>();
    for (const l of links) entriesOf.set(l.dossierId, [...(entriesOf.get(l.dossierId) ?? []), l.ledgerEntryId]);

    for (const dossier of dossiers) {
      const company = companies.get(dossier.companyId);
      const customer = customers.get(dossier.thirdPartyId);
      const status = statuses.get(dossier.statusId);
      if (!company || !customer || !status) {
        out.set(dossier.id, { error: { message: `Dossier ${dossier.number}: its ${!company ? 'company' : !customer ? 'customer' : 'status'} could not be found`, line: null } });
        continue;
      }
      const parent = company.parentId && !company.siren ? (companies.get(company.parentId) ?? null) : null;
      const off = disputed.get(dossier.id) ?? new Set<number>();
      // As the one-dossier read returns them: by id.
      const own = (entriesOf.get(dossier.id) ?? []).map((id) => entries.get(id)).filter((e): e is LedgerEntry => Boolean(e) && !off.has(e!.id)).sort((a, b) => a.id - b.id);
      const balance = balances.get(dossier.id)?.balance;
      out.set(dossier.id, {
        source: {
          asOf,
          creditor: { ...company, siren: company.siren ?? parent?.siren ?? null, vatNumber: company.vatNumber ?? parent?.vatNumber ?? null },
          customer,
          contacts: contacts.filter((c) => (c.thirdPartyId === customer.id && c.kind === 'customer') || (c.dossierId === dossier.id && c.kind === 'dossier')),
          contactId: dossier.contactId,
          controller: dossier.controllerId ? (controllers.get(dossier.controllerId) ?? null) : null,
          dossier,
          status,
          entries: own,
          rates: tables.penalty,
          legalInterest: tables.legalInterest,
          contractRatePercent: customer.contractRateHundredths != null ? percentOf(customer.contractRateHundredths) : undefined,
          dossierBalance: balance === undefined || off.size === 0 ? balance : balance - (disputedParts.get(dossier.id) ?? 0),
        },
      });
    }
  }
  return out;
}

/** buildDossierContext for many dossiers: the context by the rules, with the debtor page each letter carries. */
export async function buildDossierContexts(db: Db, dossierIds: number[], asOf: BusinessDate): Promise<Map<number, ContextOrError>> {
  const sources = await loadContextSources(db, dossierIds, asOf);
  const readable = [...sources].filter(([, s]) => 'source' in s).map(([id]) => id);
  // Issue 15 hook: every letter and e-mail of a dossier carries the debtor's personal link and the transfer's QR code.
  const pages = await letterDebtorPages(db, readable, asOf);
  const out = new Map<number, ContextOrError>();
  for (const [id, s] of sources) {
    if ('error' in s) out.set(id, s);
    else out.set(id, { context: { ...buildContextFromSource(s.source), debtorPage: pages.get(id) } });
  }
  return out;
}
