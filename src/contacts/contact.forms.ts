/** The contact forms of the dossier page's Contacts tab. */
import { z } from 'zod';
import { field } from '../web/form';
import { CONTACT_KINDS } from './contact.entity';

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
