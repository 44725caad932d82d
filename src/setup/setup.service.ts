/**
 * A company's first day with its own data (started with LOAD_DEMO=false): the company, the shipped
 * reference lists, the first FEC import (the imports component), credit controllers and users (their
 * admin pages), the default scenario. The set-up page reads where the administrator stands from the
 * data itself, so it never claims a step done that is not.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { Db, inTransaction } from '../db/transactions';
import { Company } from '../companies';
import { CreditController } from '../credit-controllers';
import { seedReferenceLists } from '../demo';
import { LedgerImport } from '../fec-import';
import { Scenario } from '../scenarios';
import { AppSetting, DossierStatus } from '../settings';
import { User } from '../auth';
import { isValidSiren } from '../third-parties';
import { AppError, type FieldError } from '../shared/errors';
import { nowIso } from '../shared/business-date';
import { companyCodeFrom } from './setup.rules';

export const DEFAULT_SCENARIO_SETTING = 'setup.defaultScenarioId';
export const SETUP_DONE_SETTING = 'setup.completedAt';

export interface FirstCompanyInput {
  name: string;
  siren: string | null;
  address: string | null;
  postalCode: string | null;
  city: string | null;
  fiscalYearStart: string | null;
}

export interface SetupStatus {
  company: Company | null;
  imports: { succeeded: number; last: LedgerImport | null };
  controllers: number;
  users: number;
  scenarios: Scenario[];
  defaultScenarioId: number | null;
  completed: boolean;
}

/** True while the module has no company: nothing else can work yet. */
export async function needsCompany(db: Db): Promise<boolean> {
  return (await db.getRepository(Company).count()) === 0;
}

export async function setupStatus(db: Db): Promise<SetupStatus> {
  const companies = await db.getRepository(Company).find({ order: { id: 'ASC' } });
  const settings = new Map((await db.getRepository(AppSetting).find()).map((s) => [s.key, s.value]));
  const defaultId = Number(settings.get(DEFAULT_SCENARIO_SETTING));
  return {
    company: companies.find((c) => c.parentId === null) ?? companies[0] ?? null,
    imports: {
      succeeded: await db.getRepository(LedgerImport).countBy({ status: 'succeeded' }),
      last: await db.getRepository(LedgerImport).findOne({ where: {}, order: { id: 'DESC' } }),
    },
    controllers: await db.getRepository(CreditController).countBy({ active: true }),
    users: await db.getRepository(User).countBy({ active: true }),
    scenarios: await db.getRepository(Scenario).find({ where: { active: true }, order: { name: 'ASC' } }),
    defaultScenarioId: Number.isInteger(defaultId) && defaultId > 0 ? defaultId : null,
    completed: settings.has(SETUP_DONE_SETTING),
  };
}

/** The default scenario chosen at set-up (offered first to a new dossier), or null. */
export async function defaultScenarioId(db: Db): Promise<number | null> {
  const row = await db.getRepository(AppSetting).findOneBy({ key: DEFAULT_SCENARIO_SETTING });
  const id = Number(row?.value);
  return Number.isInteger(id) && id > 0 ? id : null;
}

export function companyErrors(input: FirstCompanyInput): FieldError[] {
  const errors: FieldError[] = [];
  if (input.siren && !isValidSiren(input.siren)) errors.push({ field: 'siren', message: 'setup.errors.siren' });
  return errors;
}

async function freeCode(m: EntityManager, name: string): Promise<string> {
  const base = companyCodeFrom(name);
  for (let i = 1; ; i++) {
    const code = i === 1 ? base : `${base.slice(0, 18)}${i}`;
    if (!(await m.getRepository(Company).existsBy({ code }))) return code;
  }
}

/**
 * Creates the first company, and the shipped reference lists when there are none yet (statuses with
 * their behaviour, risk codes…), in one transaction. Refused once a company exists: later companies
 * (subsidiaries) are added under Administration → Sociétés.
 */
export async function createFirstCompany(db: DataSource | EntityManager, input: FirstCompanyInput): Promise<Company> {
  const errors = companyErrors(input);
  if (errors.length) throw AppError.validation(errors);
  return inTransaction(db, async (m) => {
    if ((await m.getRepository(Company).count()) > 0) throw new AppError('invalid_state', 'setup.errors.companyExists', 409);
    const company = await m.getRepository(Company).save({
      code: await freeCode(m, input.name), name: input.name, legalForm: null, address: input.address, postalCode: input.postalCode, city: input.city,
      country: 'FR', siren: input.siren, vatNumber: null, phone: null, email: null, parentId: null, fiscalYearStart: input.fiscalYearStart,
    });
    if ((await m.getRepository(DossierStatus).count()) === 0) await seedReferenceLists(m);
    return company;
  });
}

export async function updateFirstCompany(db: Db, id: number, input: FirstCompanyInput): Promise<void> {
  const errors = companyErrors(input);
  if (errors.length) throw AppError.validation(errors);
  await db.getRepository(Company).update({ id }, { name: input.name, siren: input.siren, address: input.address, postalCode: input.postalCode, city: input.city, fiscalYearStart: input.fiscalYearStart });
}

export async function setDefaultScenario(db: Db, scenarioId: number | null): Promise<void> {
  if (scenarioId !== null && !(await db.getRepository(Scenario).existsBy({ id: scenarioId, active: true }))) throw AppError.field('scenarioId', 'validation.choice');
  if (scenarioId === null) await db.getRepository(AppSetting).delete({ key: DEFAULT_SCENARIO_SETTING });
  else await db.getRepository(AppSetting).save({ key: DEFAULT_SCENARIO_SETTING, value: String(scenarioId) });
}

export async function setupCompleted(db: Db): Promise<boolean> {
  return db.getRepository(AppSetting).existsBy({ key: SETUP_DONE_SETTING });
}

export async function completeSetup(db: Db): Promise<void> {
  if (await needsCompany(db)) throw new AppError('invalid_state', 'setup.errors.noCompany', 409);
  await db.getRepository(AppSetting).save({ key: SETUP_DONE_SETTING, value: nowIso() });
}
