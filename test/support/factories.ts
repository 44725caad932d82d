/** Small factories: each test builds the rows it needs, nothing shared between tests. */
import type { DataSource } from 'typeorm';
import { Company } from '../../src/companies/company.entity';
import { CreditController } from '../../src/credit-controllers/credit-controller.entity';
import { ThirdParty } from '../../src/third-parties/third-party.entity';
import { LedgerEntry } from '../../src/ledger/ledger-entry.entity';
import { DisputeReason, DossierResult, DossierStatus, Resolution, RiskCode, StatusKind } from '../../src/settings/reference-list.entities';
import { Dossier, DossierEntry } from '../../src/dossiers/dossier.entity';
import { refreshDossierBalances } from '../../src/dossiers';
import { Contact } from '../../src/contacts/contact.entity';

let sequence = 0;
const next = () => ++sequence;
const NOW = '2026-11-22T09:00:00.000Z';

export interface ReferenceData {
  company: Company;
  statuses: Record<string, DossierStatus>;
  riskCodes: Record<string, RiskCode>;
  disputeReasons: Record<string, DisputeReason>;
  resolutions: Record<string, Resolution>;
  results: Record<string, DossierResult>;
  controllers: CreditController[];
}

const STATUSES: [string, string, StatusKind, number | null][] = [
  ['EN_COURS', 'En cours', 'open', null],
  ['AMIABLE', 'Amiable', 'open', null],
  ['CONTENTIEUX', 'Contentieux', 'open', 5000],
  ['REDRESSEMENT_JUDICIAIRE', 'Redressement judiciaire', 'legal', 5000],
  ['LIQUIDATION_JUDICIAIRE', 'Liquidation judiciaire', 'legal', 10000],
  ['SAUVEGARDE', 'Sauvegarde', 'legal', 2500],
  ['TERMINE', 'Terminé', 'closed', null],
];

export async function seedReferenceData(ds: DataSource): Promise<ReferenceData> {
  const company = await ds.getRepository(Company).save({ code: `C${next()}`, name: 'Atlas Équipements', country: 'FR', legalForm: 'SAS', parentId: null } as Company);
  const statuses: Record<string, DossierStatus> = {};
  let position = 0;
  for (const [code, label, kind, proposed] of STATUSES) {
    // CONTENTIEUX starts legal proceedings: as shipped, a controller's change to it waits for approval.
    statuses[code] = await ds.getRepository(DossierStatus).save({ code, label, kind, proposedLossHundredths: proposed, position: position++, active: true, requiresApproval: code === 'CONTENTIEUX' } as DossierStatus);
  }
  const list = async <T extends { code: string }>(entity: new () => T, items: [string, string][]) => {
    const out: Record<string, T> = {};
    for (const [i, [code, label]] of items.entries()) out[code] = await ds.getRepository(entity).save({ code, label, position: i, active: true } as unknown as T);
    return out;
  };
  const riskCodes = await list(RiskCode, [['R1', 'Risque faible'], ['R2', 'Risque moyen'], ['R3', 'Risque élevé']]);
  const disputeReasons = await list(DisputeReason, [['CONTESTEE', 'Facture contestée'], ['DIFFICULTES', 'Difficultés financières']]);
  const resolutions = await list(Resolution, [['PAIEMENT', 'Paiement intégral'], ['PERTE', 'Passage en perte']]);
  const results = await list(DossierResult, [['RECOUVRE', 'Recouvré'], ['PERDU', 'Perdu']]);
  const controllers = [
    await ds.getRepository(CreditController).save({ code: 'CM', name: 'Claire Martin', email: 'claire.martin@atlas.test', phone: '01 02 03 04 05', userId: null, active: true } as CreditController),
    await ds.getRepository(CreditController).save({ code: 'PD', name: 'Paul Durand', email: 'paul.durand@atlas.test', phone: null, userId: null, active: true } as CreditController),
  ];
  return { company, statuses, riskCodes, disputeReasons, resolutions, results, controllers };
}

export async function makeThirdParty(ds: DataSource, ref: ReferenceData, overrides: Partial<ThirdParty> = {}): Promise<ThirdParty> {
  const n = next();
  return ds.getRepository(ThirdParty).save({
    companyId: ref.company.id,
    auxiliaryAccount: `411CUST${n}`,
    name: `Client ${n}`,
    legalForm: 'SARL',
    address: `${n} rue de la Paix`,
    postalCode: '75002',
    city: 'Paris',
    country: 'FR',
    vatNumber: null,
    siren: null,
    phone: null,
    email: null,
    riskCodeId: null,
    creditControllerId: null,
    paymentTermsDays: 30,
    version: 1,
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  } as ThirdParty);
}

/** An invoice (debit) by default; pass `credit` for a payment or credit note. */
export async function makeEntry(ds: DataSource, ref: ReferenceData, customer: ThirdParty, overrides: Partial<LedgerEntry> = {}): Promise<LedgerEntry> {
  const n = next();
  const saved = await ds.getRepository(LedgerEntry).save({
    companyId: ref.company.id,
    sourceKey: `test:${n}`,
    journalCode: 'VT',
    journalLabel: 'Ventes',
    entryNumber: String(n),
    entryDate: '2026-06-01',
    account: '411000',
    accountLabel: 'Clients',
    auxiliaryAccount: customer.auxiliaryAccount,
    auxiliaryLabel: customer.name,
    thirdPartyId: customer.id,
    pieceRef: `FA2026-${String(n).padStart(4, '0')}`,
    pieceDate: '2026-06-01',
    label: `Facture ${n}`,
    debit: 120000,
    credit: 0,
    dueDate: '2026-07-01',
    originalDueDate: null,
    lettering: null,
    letteringDate: null,
    validDate: null,
    currencyAmount: null,
    currency: null,
    importedAt: NOW,
    ...overrides,
  } as LedgerEntry);
  // As the FEC import and the API do: a new ledger line refreshes its customer's dossier balances.
  if (saved.thirdPartyId !== null) await refreshDossierBalances(ds, { thirdPartyIds: [saved.thirdPartyId] });
  return saved;
}

/** Links ledger lines to a dossier the way tests build rows directly, keeping the stored balance in step (as linkEntries does). */
export async function linkDirectly(ds: DataSource, dossierId: number, entryIds: number[], linkedAt = NOW): Promise<void> {
  for (const id of entryIds) await ds.getRepository(DossierEntry).save({ dossierId, ledgerEntryId: id, linkedAt, linkedBy: null } as DossierEntry);
  await refreshDossierBalances(ds, { dossierIds: [dossierId] });
}

export async function makeDossier(ds: DataSource, ref: ReferenceData, customer: ThirdParty, overrides: Partial<Dossier> = {}): Promise<Dossier> {
  const repo = ds.getRepository(Dossier);
  const max = (await repo.maximum('number', { companyId: ref.company.id })) ?? 0;
  return repo.save({
    companyId: ref.company.id,
    number: Number(max) + 1,
    statusId: ref.statuses.EN_COURS.id,
    thirdPartyId: customer.id,
    scenarioId: null,
    lossHundredths: 0,
    priority: 100,
    startDate: '2026-11-01',
    originControllerId: null,
    disputeReasonId: null,
    originContactId: null,
    controllerId: ref.controllers[0].id,
    contactId: null,
    comment: null,
    endDate: null,
    resolutionId: null,
    resultId: null,
    currency: 'EUR',
    creditorReference: null,
    version: 1,
    createdAt: NOW,
    updatedAt: NOW,
    createdBy: null,
    updatedBy: null,
    ...overrides,
  } as Dossier);
}

export async function makeContact(ds: DataSource, overrides: Partial<Contact>): Promise<Contact> {
  return ds.getRepository(Contact).save({
    kind: 'customer', thirdPartyId: null, companyId: null, dossierId: null, firstName: 'Jeanne', lastName: `Contact${next()}`,
    jobTitle: 'Comptable', phone: '01 23 45 67 89', mobile: null, email: 'jeanne@example.test', version: 1, ...overrides,
  } as Contact);
}

/** A company of its own (no reference lists), e.g. one per imported ledger. */
export async function makeCompany(ds: DataSource, overrides: Partial<Company> = {}): Promise<Company> {
  const n = next();
  return ds.getRepository(Company).save({ code: `CO${n}`, name: `Société ${n}`, country: 'FR', legalForm: 'SAS', parentId: null, ...overrides } as Company);
}
