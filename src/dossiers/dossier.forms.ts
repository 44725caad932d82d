/** The dossier workspace's forms, validated at the edge: raw strings in, domain values out. */
import { z } from 'zod';
import { field } from '../web/form';
import type { DossierInput } from './dossier.service';

const currency = () =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v.trim().toUpperCase() : 'EUR'), z.string().regex(/^[A-Z]{3}$/, { error: 'dossiers.errors.currency' }));

export const dossierSchema = z.object({
  companyId: field.requiredId(),
  number: field.integer(1, 999_999_999),
  statusId: field.requiredId(),
  thirdPartyId: field.requiredId(),
  riskCodeId: field.optionalId(),
  /** The customer the risk code field was read for: when the customer changed meanwhile, an empty field keeps the customer's code. */
  riskCodeFor: field.optionalId(),
  lossPercentage: field.percentage(),
  priority: field.integer(0, 999),
  startDate: field.requiredDate(),
  originControllerId: field.optionalId(),
  disputeReasonId: field.optionalId(),
  originContactId: field.optionalId(),
  controllerId: field.optionalId(),
  contactId: field.optionalId(),
  comment: field.optionalText(4000),
  endDate: field.optionalDate(),
  resolutionId: field.optionalId(),
  resultId: field.optionalId(),
  currency: currency(),
  creditorReference: field.optionalText(60),
  /** New dossiers only: afterwards the scenario panel of the dossier page changes it (with its history). */
  scenarioId: field.optionalId(),
});

export type DossierForm = z.output<typeof dossierSchema>;

/** Form values → use-case input; `customerRiskCode` is the customer's current code. */
export function toDossierInput(form: DossierForm, customerRiskCode: number | null): DossierInput {
  const { lossPercentage, riskCodeFor, riskCodeId, ...rest } = form;
  const readForThisCustomer = riskCodeFor === form.thirdPartyId;
  return { ...rest, lossHundredths: lossPercentage, riskCodeId: readForThisCustomer || riskCodeId !== null ? riskCodeId : customerRiskCode };
}

export { versionSchema } from '../web/form';

export const entrySelectionSchema = z.object({ entryIds: field.idList() });
