/**
 * Status changes, as pure rules: what a chosen status needs, which collective procedure it opens,
 * which interventions it raises, and the entry actions of the Écritures tab (reschedule, transfer to
 * doubtful). No database, no clock: `today` is a parameter.
 */
import { claimsDeclarationDeadline, declarationReminderDate, type DeclarationDelays } from '../collective-procedures';
import type { InterventionType } from '../interventions';
import type { StatusKind } from '../settings';
import { addDays, formatBusinessDate, type BusinessDate } from '../shared/business-date';
import type { FieldError } from '../shared/errors';

export type CollectiveProcedure = 'redressement' | 'sauvegarde' | 'liquidation';

/**
 * The collective procedure a `legal` status stands for. Statuses are the administrator's list, so
 * the procedure is read from the status code (REDRESSEMENT_JUDICIAIRE, SAUVEGARDE,
 * LIQUIDATION_JUDICIAIRE as shipped), then from its label; any other legal status counts as a
 * redressement, whose rules (R622-24 via L631-14) are the same for the deadline.
 */
export function procedureOf(status: { kind: StatusKind; code: string; label: string }): CollectiveProcedure | null {
  if (status.kind !== 'legal') return null;
  const text = `${status.code} ${status.label}`.toUpperCase();
  if (text.includes('SAUVEGARDE')) return 'sauvegarde';
  if (text.includes('LIQUIDATION')) return 'liquidation';
  return 'redressement';
}

/** What the dialog asks for a status change, once parsed. */
export interface StatusChangeInput {
  statusId: number;
  endDate: BusinessDate | null;
  resolutionId: number | null;
  resultId: number | null;
  judgmentDate: BusinessDate | null;
  bodaccDate: BusinessDate | null;
  outsideMetropolitanFrance: boolean;
  /** null: take the proposal (BODACC + 2 or 4 months). */
  claimsDeclarationDeadline: BusinessDate | null;
  /** null: keep the dossier's loss percentage. */
  lossHundredths: number | null;
  transferToDoubtful: boolean;
  /** Terminé as a loss: a rectified invoice was issued, so the VAT on the lost amount is recovered (44571). */
  rectifiedInvoiceIssued?: boolean;
  /** Terminé with a balance left and a result that is not a loss: what happens to the rest (see src/dossiers/closure-balance.rules.ts). */
  restOfBalance?: 'writeOff' | 'settlement' | null;
  comment: string | null;
}

/** The claims-declaration deadline the dialog proposes, or null while the publication date is unknown. */
export function proposedDeadline(bodaccDate: BusinessDate | null, outsideMetropolitanFrance: boolean, delays: DeclarationDelays): BusinessDate | null {
  return bodaccDate ? claimsDeclarationDeadline(bodaccDate, outsideMetropolitanFrance, delays) : null;
}

/** Why a status change is refused, as field errors (empty: it may go ahead). */
export function statusChangeErrors(
  dossier: { statusId: number; startDate: BusinessDate },
  target: { id: number; kind: StatusKind; active: boolean },
  input: StatusChangeInput,
  today: BusinessDate,
): FieldError[] {
  const errors: FieldError[] = [];
  if (target.id === dossier.statusId) errors.push({ field: 'statusId', message: 'statusChanges.errors.sameStatus' });
  else if (!target.active) errors.push({ field: 'statusId', message: 'validation.choice' });
  if (target.kind === 'closed') {
    if (!input.endDate) errors.push({ field: 'endDate', message: 'dossiers.errors.closedNeedsEndDate' });
    else if (input.endDate < dossier.startDate) errors.push({ field: 'endDate', message: 'statusChanges.errors.endBeforeStart' });
    if (!input.resolutionId) errors.push({ field: 'resolutionId', message: 'dossiers.errors.closedNeedsResolution' });
    if (!input.resultId) errors.push({ field: 'resultId', message: 'dossiers.errors.closedNeedsResult' });
  }
  if (target.kind === 'legal') {
    if (!input.judgmentDate) errors.push({ field: 'judgmentDate', message: 'validation.required' });
    else if (input.judgmentDate > today) errors.push({ field: 'judgmentDate', message: 'statusChanges.errors.judgmentInFuture' });
    if (!input.bodaccDate) errors.push({ field: 'bodaccDate', message: 'validation.required' });
    else if (input.judgmentDate && input.bodaccDate < input.judgmentDate) errors.push({ field: 'bodaccDate', message: 'statusChanges.errors.publicationBeforeJudgment' });
    const deadline = input.claimsDeclarationDeadline;
    if (deadline && input.bodaccDate && deadline <= input.bodaccDate) errors.push({ field: 'claimsDeclarationDeadline', message: 'statusChanges.errors.deadlineBeforePublication' });
  }
  return errors;
}

/** An intervention a status change raises. */
export interface PlannedIntervention {
  type: InterventionType;
  label: string;
  dueDate: BusinessDate;
  /** Raised already done on that date. */
  doneDate: BusinessDate | null;
  priority: number;
}

const INFORMATION_LABELS: Record<CollectiveProcedure, string> = {
  redressement: 'Information du redressement judiciaire',
  sauvegarde: 'Information de la procédure de sauvegarde',
  liquidation: 'Information de la liquidation judiciaire',
};

export const DECLARATION_LABEL = 'Envoi de la déclaration de créances';

/**
 * Opening a collective procedure: "Information du …" (done today), "Envoi de la déclaration de
 * créances" (to do by the deadline) and, when there is room before the deadline, a reminder
 * `reminderDays` before it (never before today).
 */
export function procedureInterventions(procedure: CollectiveProcedure, deadline: BusinessDate, reminderDays: number, today: BusinessDate): PlannedIntervention[] {
  const out: PlannedIntervention[] = [
    { type: 'legal', label: INFORMATION_LABELS[procedure], dueDate: today, doneDate: today, priority: 900 },
    { type: 'legal', label: DECLARATION_LABEL, dueDate: deadline, doneDate: null, priority: 900 },
  ];
  const reminder = declarationReminderDate(deadline, reminderDays);
  const due = reminder < today ? today : reminder;
  if (due < deadline) {
    out.push({ type: 'task', label: `Rappel : déclaration de créances à envoyer avant le ${formatBusinessDate(deadline)}`, dueDate: due, doneDate: null, priority: 800 });
  }
  return out;
}

/**
 * The to-do interventions a collective procedure stops: every one that is not a legal step, whoever
 * raised it — the scenario, a controller by hand, the demo (French law forbids individual pursuit
 * after the opening judgment). Legal ones stay.
 */
export function stoppedByProcedure(i: { state: string; type: string; source?: string }): boolean {
  return i.state === 'todo' && i.type !== 'legal';
}

// ---------------------------------------------------------------------------------------------
// Écritures tab: reschedule, transfer to doubtful

export type Reschedule = { newDueDate: BusinessDate; shiftDays?: undefined } | { shiftDays: number; newDueDate?: undefined };

/** The due date an entry gets; an entry without a due date counts from its entry date. */
export function rescheduledDueDate(entry: { dueDate: BusinessDate | null; entryDate: BusinessDate }, how: Reschedule): BusinessDate {
  if (how.newDueDate !== undefined) return how.newDueDate;
  return addDays(entry.dueDate ?? entry.entryDate, how.shiftDays);
}

/**
 * The original due date to keep: set on the first reschedule only, so the ledger's date survives
 * any number of reschedules (and a FEC re-import knows the due date is now the module's).
 */
export function originalDueDateAfter(entry: { dueDate: BusinessDate | null; originalDueDate: BusinessDate | null; entryDate: BusinessDate }): BusinessDate {
  return entry.originalDueDate ?? entry.dueDate ?? entry.entryDate;
}

/** Why an entry cannot be transferred to doubtful receivables, as an i18n key; null when it can. */
export function doubtfulRefusal(entry: { account: string; lettering: string | null; debit: number; credit: number; doubtfulAt: string | null }, customerAccount: string): string | null {
  if (entry.doubtfulAt) return 'statusChanges.errors.alreadyDoubtful';
  if (entry.lettering) return 'statusChanges.errors.letteredEntry';
  if (!entry.account.startsWith(customerAccount)) return 'statusChanges.errors.notCustomerAccount';
  if (entry.debit - entry.credit === 0) return 'statusChanges.errors.zeroBalance';
  return null;
}
