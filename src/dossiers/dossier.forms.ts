/** The dossier workspace's forms, validated at the edge: raw strings in, domain values out. */
import { z } from 'zod';
import { field } from '../web/form';
import { INTERVENTION_TYPES } from '../interventions/intervention.entity';
import { CONTACT_KINDS } from '../contacts/contact.entity';
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

export const versionSchema = z.object({ version: field.integer(1, 2_147_483_647) });

export const entrySelectionSchema = z.object({ entryIds: field.idList() });

export const interventionSchema = z.object({
  type: field.oneOf(INTERVENTION_TYPES),
  label: field.requiredText(200),
  dueDate: field.requiredDate(),
  priority: field.integer(0, 999),
  assigneeId: field.optionalId(),
});

export const doneSchema = z.object({ result: field.optionalText(200), comment: field.optionalText(4000) });
export const skipSchema = z.object({ reason: field.requiredText(300) });

export const contactSchema = z.object({
  firstName: field.optionalText(80),
  lastName: field.requiredText(80),
  jobTitle: field.optionalText(120),
  phone: field.optionalText(40),
  mobile: field.optionalText(40),
  email: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().max(200, { error: 'validation.tooLong' }).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { error: 'validation.email' }).optional(),
  ).transform((v) => v ?? null),
});

export const contactKindSchema = z.object({ kind: field.oneOf(CONTACT_KINDS) });
