/** What other components may call: status changes with behaviour, reopening, the Écritures tab's actions. */
export { changeStatus, reopenDossier, isDossierClosed, rescheduleEntries, transferEntriesToDoubtful, doubtfulCandidates, CLOSURE_HOOKS } from './status-change.service';
export type { ChangeContext } from './status-change.service';
export { procedureOf, proposedDeadline, procedureInterventions, statusChangeErrors } from './status-change.rules';
export type { CollectiveProcedure, StatusChangeInput, Reschedule } from './status-change.rules';
export { statusChangeSchema, toStatusChangeInput } from './status-change.forms';
