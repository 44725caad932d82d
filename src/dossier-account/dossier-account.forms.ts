/** Form schemas of the Compte dossier tab. */
import { z } from 'zod';
import { field } from '../web/form';
import { ELEMENT_KINDS, PAYMENT_METHODS, RECEIVED_BY } from './dossier-account.entity';

export const elementSchema = z.object({
  kind: field.oneOf(ELEMENT_KINDS),
  number: field.requiredText(60),
  issueDate: field.requiredDate(),
  dueDate: field.optionalDate(),
  grossAmount: field.requiredAmount(),
  netAmount: field.optionalAmount(),
  currency: z.preprocess((v) => (typeof v === 'string' && v.trim() ? v.trim().toUpperCase() : 'EUR'), z.string().regex(/^[A-Z]{3}$/, { error: 'validation.choice' })),
  comment: field.optionalText(1000),
});

export const paymentSchema = z.object({
  receivedDate: field.requiredDate(),
  paymentDate: field.requiredDate(),
  amount: field.requiredAmount(),
  method: field.oneOf(PAYMENT_METHODS),
  receivedBy: field.oneOf(RECEIVED_BY),
  reference: field.optionalText(60),
  comment: field.optionalText(1000),
});
