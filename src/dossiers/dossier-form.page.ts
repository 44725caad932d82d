/**
 * What the dossier form reads (a page model, as dossier.page.ts for the dossier page): the values an
 * existing dossier starts from, the customer's risk code and controller, the first open status.
 */
import { ThirdParty } from '../third-parties';
import { DossierStatus } from '../settings';
import type { Db } from '../db/sql';
import { Dossier } from './dossier.entity';
import { dateInput, percentInput } from './dossier.rules';

const asId = (v: unknown): number | null => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : null);

/** The risk code a new or edited dossier takes from its customer. */
export async function customerRiskCodeId(db: Db, thirdPartyId: number): Promise<number | null> {
  const customer = await db.getRepository(ThirdParty).findOneBy({ id: thirdPartyId });
  return customer?.riskCodeId ?? null;
}

/** The status a new dossier starts in when the form names none. */
export async function firstOpenStatusId(db: Db): Promise<number | null> {
  const first = await db.getRepository(DossierStatus).findOne({ where: { kind: 'open', active: true }, order: { position: 'ASC', id: 'ASC' } });
  return first?.id ?? null;
}

/** Raw form values for an existing dossier (what the edit form shows first). */
export async function valuesOf(db: Db, d: Dossier, locale: 'fr' | 'en'): Promise<Record<string, string>> {
  const customer = await db.getRepository(ThirdParty).findOneBy({ id: d.thirdPartyId });
  const s = (v: number | string | null) => (v === null || v === undefined ? '' : String(v));
  return {
    companyId: s(d.companyId), number: s(d.number), statusId: s(d.statusId), thirdPartyId: s(d.thirdPartyId), riskCodeId: s(customer?.riskCodeId ?? null),
    riskCodeFor: s(d.thirdPartyId), lossPercentage: percentInput(d.lossHundredths, locale), priority: s(d.priority), startDate: dateInput(d.startDate),
    originControllerId: s(d.originControllerId), disputeReasonId: s(d.disputeReasonId), originContactId: s(d.originContactId),
    controllerId: s(d.controllerId), contactId: s(d.contactId), comment: d.comment ?? '', endDate: dateInput(d.endDate), resolutionId: s(d.resolutionId),
    resultId: s(d.resultId), currency: d.currency, creditorReference: d.creditorReference ?? '', version: s(d.version),
  };
}

/** When the customer picked in the form is not the one the risk code was read for, show the new customer's code. */
export async function refreshRiskCode(db: Db, values: Record<string, string>): Promise<void> {
  const tpId = asId(values.thirdPartyId);
  if (!tpId || values.riskCodeFor === values.thirdPartyId) return;
  const customer = await db.getRepository(ThirdParty).findOneBy({ id: tpId });
  if (!customer) return;
  values.riskCodeId = customer.riskCodeId ? String(customer.riskCodeId) : '';
  values.riskCodeFor = String(customer.id);
  if (!values.controllerId && customer.creditControllerId) values.controllerId = String(customer.creditControllerId);
}
