/** Factories for the API tests: keys (the clear key is returned, as at creation) and generated journal entries. */
import type { DataSource } from 'typeorm';
import { createApiKey } from '../../src/api-keys/api-key.service';
import type { ApiKey } from '../../src/api-keys/api-key.entity';
import { JournalEntryRow, JournalLineRow } from '../../src/journal/journal-entry.entity';
import { Company } from '../../src/companies/company.entity';
import type { ReferenceData } from './factories';

let sequence = 0;

export async function makeApiKey(ds: DataSource, ref: ReferenceData, access: 'read' | 'write' = 'write'): Promise<{ apiKey: ApiKey; key: string }> {
  return createApiKey(ds, { companyId: ref.company.id, name: `ERP ${++sequence}`, access }, null, '2026-11-22T08:00:00.000Z');
}

export interface JournalLineSpec {
  account: string;
  auxiliaryAccount?: string | null;
  label?: string;
  debit?: number;
  credit?: number;
}

/** A balanced provision entry by default (6817 / 491). */
export async function makeJournalEntry(
  ds: DataSource,
  ref: ReferenceData,
  overrides: Partial<JournalEntryRow> = {},
  lines: JournalLineSpec[] = [{ account: '681740', debit: 50000 }, { account: '491000', credit: 50000 }],
): Promise<JournalEntryRow> {
  const n = ++sequence;
  const entry = await ds.getRepository(JournalEntryRow).save({
    companyId: ref.company.id, number: `OD${String(n).padStart(6, '0')}`, journalCode: 'OD', date: '2026-11-22', label: `Dotation provision ${n}`,
    pieceRef: `PROV-${n}`, dossierId: null, createdAt: '2026-11-22T09:00:00.000Z', exportedAt: null, ...overrides,
  } as JournalEntryRow);
  for (const l of lines) {
    await ds.getRepository(JournalLineRow).save({
      journalEntryId: entry.id, account: l.account, auxiliaryAccount: l.auxiliaryAccount ?? null, label: l.label ?? entry.label, debit: l.debit ?? 0, credit: l.credit ?? 0,
    } as JournalLineRow);
  }
  return entry;
}

/** Reference data of a second company (same statuses and lists: they are global), to check a key sees only its own company. */
export async function makeOtherCompany(ds: DataSource, ref: ReferenceData): Promise<ReferenceData> {
  const company = await ds.getRepository(Company).save({ code: `API${++sequence}`, name: 'Autre Société', country: 'FR', legalForm: 'SA', parentId: null } as Company);
  return { ...ref, company };
}
