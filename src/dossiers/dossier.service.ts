/**
 * Dossier use cases: create and edit (optimistic lock), with their reference checks and numbering.
 * Every change writes its Chrono event in the same transaction. A dossier's entries are in
 * dossier-entries.service.ts, the list in dossier-list.service.ts, creation from a customer in
 * dossier-for-customer.service.ts.
 */
import { EntityManager } from 'typeorm';
import { Company } from '../companies';
import { Contact } from '../contacts';
import { CreditController } from '../credit-controllers';
import { Db, inTransaction, isUniqueViolation } from '../db/transactions';
import { Actor, lastDossierEvent, recordDossierEvent } from '../history';
import { DisputeReason, DossierResult, DossierStatus, Resolution, RiskCode } from '../settings';
import { AppError } from '../shared/errors';
import { Scenario, markScenarioJoined } from '../scenarios';
import { setCustomerRiskCode, ThirdParty } from '../third-parties';
import { Dossier } from './dossier.entity';
import { changedFields, conclusionErrors, proposeNumber } from './dossier.rules';

export type { Db };
export { inTransaction, isUniqueViolation };

// ---------------------------------------------------------------------------------------------
// Input and reference checks

/** Every field of the dossier form, as domain values. The risk code lives on the customer. */
export interface DossierInput {
  companyId: number;
  number: number;
  statusId: number;
  thirdPartyId: number;
  riskCodeId: number | null;
  lossHundredths: number;
  priority: number;
  startDate: string;
  originControllerId: number | null;
  disputeReasonId: number | null;
  originContactId: number | null;
  controllerId: number | null;
  contactId: number | null;
  comment: string | null;
  endDate: string | null;
  resolutionId: number | null;
  resultId: number | null;
  currency: string;
  creditorReference: string | null;
  /** Taken at creation only; the scenario panel changes it afterwards. */
  scenarioId?: number | null;
}

const DOSSIER_FIELDS = [
  'companyId', 'number', 'statusId', 'thirdPartyId', 'lossHundredths', 'priority', 'startDate', 'originControllerId', 'disputeReasonId',
  'originContactId', 'controllerId', 'contactId', 'comment', 'endDate', 'resolutionId', 'resultId', 'currency', 'creditorReference',
] as const;

type Labeler = (id: number | null) => Promise<string | null>;

/** How each edited field is shown in the Chrono: labels, not ids. */
async function labelersFor(m: EntityManager): Promise<Record<string, { format: 'text' | 'date' | 'percent'; label?: Labeler }>> {
  const byId = <T extends { id: number }>(entity: new () => T, name: (row: T) => string): Labeler => async (id) => {
    if (id === null) return null;
    const row = await m.getRepository(entity).findOneBy({ id } as never);
    return row ? name(row) : `#${id}`;
  };
  const refLabel = (row: { label: string }) => row.label;
  const contactName = (c: Contact) => [c.firstName, c.lastName].filter(Boolean).join(' ');
  return {
    companyId: { format: 'text', label: byId(Company, (c) => c.name) },
    number: { format: 'text' },
    statusId: { format: 'text', label: byId(DossierStatus, refLabel) },
    thirdPartyId: { format: 'text', label: byId(ThirdParty, (tp) => `${tp.name} (${tp.auxiliaryAccount})`) },
    lossHundredths: { format: 'percent' },
    priority: { format: 'text' },
    startDate: { format: 'date' },
    originControllerId: { format: 'text', label: byId(CreditController, (c) => c.name) },
    disputeReasonId: { format: 'text', label: byId(DisputeReason, refLabel) },
    originContactId: { format: 'text', label: byId(Contact, contactName) },
    controllerId: { format: 'text', label: byId(CreditController, (c) => c.name) },
    contactId: { format: 'text', label: byId(Contact, contactName) },
    comment: { format: 'text' },
    endDate: { format: 'date' },
    resolutionId: { format: 'text', label: byId(Resolution, refLabel) },
    resultId: { format: 'text', label: byId(DossierResult, refLabel) },
    currency: { format: 'text' },
    creditorReference: { format: 'text' },
    riskCodeId: { format: 'text', label: byId(RiskCode, refLabel) },
  };
}

/** Checks every referenced row exists and fits together; throws field errors otherwise. */
async function checkReferences(m: EntityManager, input: DossierInput, dossierId: number | null): Promise<{ status: DossierStatus; customer: ThirdParty }> {
  const errors: { field: string; message: string }[] = [];
  const exists = async (entity: new () => unknown, id: number | null, field: string) => {
    if (id === null) return;
    if (!(await m.getRepository(entity).existsBy({ id } as never))) errors.push({ field, message: 'validation.choice' });
  };
  const company = await m.getRepository(Company).findOneBy({ id: input.companyId });
  if (!company) errors.push({ field: 'companyId', message: 'validation.choice' });
  const status = await m.getRepository(DossierStatus).findOneBy({ id: input.statusId });
  if (!status) errors.push({ field: 'statusId', message: 'validation.choice' });
  const customer = await m.getRepository(ThirdParty).findOneBy({ id: input.thirdPartyId });
  if (!customer) errors.push({ field: 'thirdPartyId', message: 'validation.choice' });
  else if (company && customer.companyId !== company.id) errors.push({ field: 'thirdPartyId', message: 'dossiers.errors.customerOfOtherCompany' });
  await exists(RiskCode, input.riskCodeId, 'riskCodeId');
  await exists(CreditController, input.originControllerId, 'originControllerId');
  await exists(CreditController, input.controllerId, 'controllerId');
  await exists(DisputeReason, input.disputeReasonId, 'disputeReasonId');
  await exists(Resolution, input.resolutionId, 'resolutionId');
  await exists(DossierResult, input.resultId, 'resultId');
  for (const field of ['originContactId', 'contactId'] as const) {
    const id = input[field];
    if (id === null) continue;
    const c = await m.getRepository(Contact).findOneBy({ id });
    const fits = c && ((c.kind === 'customer' && c.thirdPartyId === input.thirdPartyId) || (c.kind === 'dossier' && dossierId !== null && c.dossierId === dossierId));
    if (!fits) errors.push({ field, message: 'dossiers.errors.contactNotOfCustomer' });
  }
  if (status) errors.push(...conclusionErrors(status.kind, input));
  if (errors.length) throw AppError.validation(errors);
  return { status: status!, customer: customer! };
}

async function assertNumberFree(m: EntityManager, companyId: number, number: number, dossierId: number | null): Promise<void> {
  const clash = await m.getRepository(Dossier).findOneBy({ companyId, number });
  if (clash && clash.id !== dossierId) throw numberTaken(number);
}

function numberTaken(number: number): AppError {
  return AppError.field('number', 'dossiers.errors.numberTaken', { number });
}

/** Writes the risk code on the customer (its only home) and records the change on the dossier. */
async function applyRiskCode(m: EntityManager, actor: Actor, at: string, dossierId: number, customer: ThirdParty, riskCodeId: number | null): Promise<void> {
  if ((customer.riskCodeId ?? null) === riskCodeId) return;
  const labels = await labelersFor(m);
  await setCustomerRiskCode(m, customer.id, riskCodeId, at);
  await recordDossierEvent(m, actor, {
    dossierId,
    at,
    type: 'riskCodeChanged',
    details: { before: await labels.riskCodeId.label!(customer.riskCodeId), after: await labels.riskCodeId.label!(riskCodeId), customer: customer.name },
  });
}

// ---------------------------------------------------------------------------------------------
// Numbering, defaults

export async function nextDossierNumber(db: Db, companyId: number): Promise<number> {
  const max = await db.getRepository(Dossier).maximum('number', { companyId });
  return proposeNumber(max === null || max === undefined ? null : Number(max));
}

/** The creditor company by default: the first root company (not a subsidiary). */
export async function defaultCompanyId(db: Db): Promise<number | null> {
  const companies = await db.getRepository(Company).find({ order: { id: 'ASC' } });
  return (companies.find((c) => c.parentId === null) ?? companies[0])?.id ?? null;
}

// ---------------------------------------------------------------------------------------------
// Create and edit

export async function createDossier(db: Db, input: DossierInput, actor: Actor, at: string): Promise<Dossier> {
  try {
    return await inTransaction(db, async (m) => {
      const { status, customer } = await checkReferences(m, input, null);
      await assertNumberFree(m, input.companyId, input.number, null);
      const { riskCodeId, scenarioId = null, ...fields } = input;
      if (scenarioId !== null && !(await m.getRepository(Scenario).existsBy({ id: scenarioId, active: true }))) throw AppError.field('scenarioId', 'validation.choice');
      const dossier = await m.getRepository(Dossier).save(
        m.getRepository(Dossier).create({ ...fields, scenarioId, version: 1, createdAt: at, updatedAt: at, createdBy: actor.userId, updatedBy: actor.userId }),
      );
      // Created on a scenario: it joins it on its start date (steps already due then are passed over but the latest).
      if (scenarioId !== null) await markScenarioJoined(m, dossier.id, dossier.startDate);
      await recordDossierEvent(m, actor, {
        dossierId: dossier.id,
        at,
        type: 'created',
        details: { number: dossier.number, customer: customer.name, status: status.label },
      });
      await applyRiskCode(m, actor, at, dossier.id, customer, riskCodeId);
      return dossier;
    });
  } catch (err) {
    // Two creations racing for the same number: the unique index decides, the user gets the field message.
    if (isUniqueViolation(err)) throw numberTaken(input.number);
    throw err;
  }
}

/** Saves every field if nobody saved the dossier since `version` was read; otherwise nothing is written. */
export async function updateDossier(db: Db, dossierId: number, version: number, input: DossierInput, actor: Actor, at: string): Promise<Dossier> {
  try {
    return await inTransaction(db, async (m) => {
      const before = await m.getRepository(Dossier).findOneBy({ id: dossierId });
      if (!before) throw AppError.notFound();
      if (before.version !== version) throw await conflictError(m, dossierId);
      // A status has behaviour (closure, collective procedures): the status dialog changes it, never a plain edit.
      if (input.statusId !== before.statusId) throw AppError.field('statusId', 'dossiers.errors.statusThroughDialog');
      const { customer } = await checkReferences(m, input, dossierId);
      await assertNumberFree(m, input.companyId, input.number, dossierId);
      const { riskCodeId, scenarioId: _scenarioChangesOnItsPanel, ...fields } = input;
      const result = await m
        .createQueryBuilder()
        .update(Dossier)
        .set({ ...fields, version: () => 'version + 1', updatedAt: at, updatedBy: actor.userId })
        .where('id = :id AND version = :version', { id: dossierId, version })
        .execute();
      if (!result.affected) throw await conflictError(m, dossierId);
      const labels = await labelersFor(m);
      for (const change of changedFields(before, fields, [...DOSSIER_FIELDS])) {
        const how = labels[change.field];
        const show = async (v: unknown) => (how.label ? how.label(v as number | null) : v === null ? null : String(v));
        await recordDossierEvent(m, actor, {
          dossierId,
          at,
          type: 'fieldChanged',
          details: { field: change.field, format: how.format, before: await show(change.before), after: await show(change.after) },
        });
      }
      await applyRiskCode(m, actor, at, dossierId, customer, riskCodeId);
      return m.getRepository(Dossier).findOneByOrFail({ id: dossierId });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw numberTaken(input.number);
    throw err;
  }
}

async function conflictError(m: EntityManager, dossierId: number): Promise<AppError> {
  const last = await lastDossierEvent(m, dossierId);
  return new AppError('conflict', 'errors.conflict', 409, [], { user: last?.userName ?? '?' });
}


/** The dossier a page or form is about, or "not found". */
export async function getDossier(db: Db, id: number): Promise<Dossier> {
  const dossier = await db.getRepository(Dossier).findOneBy({ id });
  if (!dossier) throw AppError.notFound();
  return dossier;
}
