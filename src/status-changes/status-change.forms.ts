/** The status-change dialog, the reopen form and the Écritures tab's actions, validated at the edge. */
import { z } from 'zod';
import { AppError } from '../shared/errors';
import { field } from '../web/form';
import type { Reschedule, StatusChangeInput } from './status-change.rules';

export const statusChangeSchema = z.object({
  statusId: field.requiredId(),
  version: field.optionalInteger(1, 2_147_483_647),
  endDate: field.optionalDate(),
  resolutionId: field.optionalId(),
  resultId: field.optionalId(),
  judgmentDate: field.optionalDate(),
  bodaccDate: field.optionalDate(),
  outsideMetropolitanFrance: field.checkbox(),
  claimsDeclarationDeadline: field.optionalDate(),
  lossPercentage: field.percentage(),
  transferToDoubtful: field.checkbox(),
  rectifiedInvoiceIssued: field.checkbox(),
  restOfBalance: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.enum(['writeOff', 'settlement'], { error: 'validation.choice' }).nullable()),
  comment: field.optionalText(2000),
});

/** Form → use-case input; an empty (or absent) loss field keeps the dossier's percentage. */
export function toStatusChangeInput(form: z.output<typeof statusChangeSchema>, body: Record<string, unknown>): StatusChangeInput {
  const { lossPercentage, version: _version, ...rest } = form;
  const typed = typeof body.lossPercentage === 'string' && body.lossPercentage.trim() !== '';
  return { ...rest, lossHundredths: typed ? lossPercentage : null };
}

export const reopenSchema = z.object({ statusId: field.requiredId(), reason: field.requiredText(300) });

export const rescheduleSchema = z.object({
  entryIds: field.idList(),
  newDueDate: field.optionalDate(),
  shiftDays: field.optionalInteger(-3650, 3650),
});

/** Exactly one of a new due date or a shift in days (not zero). */
export function toReschedule(form: z.output<typeof rescheduleSchema>): Reschedule {
  if (form.newDueDate && form.shiftDays !== null) throw AppError.field('shiftDays', 'statusChanges.errors.dateOrShift');
  if (form.newDueDate) return { newDueDate: form.newDueDate };
  if (form.shiftDays === 0) throw AppError.field('shiftDays', 'statusChanges.errors.zeroShift');
  if (form.shiftDays !== null) return { shiftDays: form.shiftDays };
  throw AppError.field('newDueDate', 'statusChanges.errors.dateOrShift');
}

export const selectionSchema = z.object({ entryIds: field.idList() });
