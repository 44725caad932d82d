/** The creditor company and its subsidiaries (Filiales). */
import { DataSource, Not } from 'typeorm';
import { toNumber } from '../db/column-types';
import { AppError } from '../shared/errors';
import { Company } from './company.entity';
import { recordSettingChange } from '../audit';

import type { Db } from '../db/sql';

export type CompanyInput = Omit<Company, 'id' | 'fiscalYearStart'> & { fiscalYearStart?: string | null };

const USED_BY: [string, string][] = [
  ['third_party', 'company_id'],
  ['ledger_entry', 'company_id'],
  ['dossier', 'company_id'],
  ['contact', 'company_id'],
  ['company', 'parent_id'],
];

function dsOf(db: Db): DataSource {
  return db instanceof DataSource ? db : db.connection;
}

export async function companyUsage(db: Db, id: number): Promise<number> {
  let n = 0;
  for (const [table, column] of USED_BY) {
    const [q, p] = dsOf(db).driver.escapeQueryWithParameters(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = :id`, { id });
    n += toNumber(((await db.query(q, p)) as { n: unknown }[])[0]?.n);
  }
  return n;
}

export async function listCompanies(db: Db, by: 'code' | 'name' | 'id' = 'code'): Promise<Company[]> {
  return db.getRepository(Company).find({ order: by === 'id' ? { id: 'ASC' } : { [by]: 'ASC', id: 'ASC' } });
}

export const companyExists = (db: Db, id: number): Promise<boolean> => db.getRepository(Company).existsBy({ id });

export async function getCompany(db: Db, id: number): Promise<Company> {
  const c = await db.getRepository(Company).findOneBy({ id });
  if (!c) throw AppError.notFound();
  return c;
}

/** Whether making `parentId` the parent of `id` would close a loop (A → B → A). */
async function wouldLoop(db: Db, id: number, parentId: number): Promise<boolean> {
  const seen = new Set<number>();
  let current: number | null = parentId;
  while (current !== null && !seen.has(current)) {
    if (current === id) return true;
    seen.add(current);
    current = (await db.getRepository(Company).findOneBy({ id: current }))?.parentId ?? null;
  }
  return false;
}

export async function saveCompany(ds: DataSource, id: number | null, input: CompanyInput): Promise<Company> {
  return ds.transaction(async (m) => {
    const repo = m.getRepository(Company);
    const before = id ? await getCompany(m, id) : null;
    if (await repo.findOneBy({ code: input.code, ...(id ? { id: Not(id) } : {}) })) throw AppError.field('code', 'settings.errors.duplicateCode');
    if (input.parentId !== null) {
      if (!(await repo.existsBy({ id: input.parentId }))) throw AppError.field('parentId', 'validation.choice');
      if (id && (await wouldLoop(m, id, input.parentId))) throw AppError.field('parentId', 'settings.errors.parentLoop');
    }
    if (id) {
      await repo.update({ id }, input);
      const after = await getCompany(m, id);
      await recordSettingChange(m, null, { area: 'companies', entityId: id, before, after });
      return after;
    }
    const created = await repo.save(repo.create(input));
    await recordSettingChange(m, null, { area: 'companies', entityId: created.id, before: null, after: created });
    return created;
  });
}

/** A company with customers, ledger lines, dossiers, contacts or subsidiaries is kept. */
export async function deleteCompany(ds: DataSource, id: number): Promise<void> {
  await ds.transaction(async (m) => {
    const c = await getCompany(m, id);
    const usage = await companyUsage(m, id);
    if (usage > 0) throw new AppError('invalid_state', 'settings.errors.inUse', 409, [], { count: usage, code: c.code });
    await m.getRepository(Company).delete({ id });
    await recordSettingChange(m, null, { area: 'companies', entityId: id, before: c, after: null });
  });
}
