/** What other components may call from the approvals of steps that start legal proceedings. */
export { submitStatusChange, submitInterventionDone, decideApproval, listApprovals, pendingApprovalCounts } from './approval.service';
export type { Approver, ApprovalRow, LegalActionInput, PendingCounts } from './approval.service';
export { isApprover, statusChangeNeedsApproval, legalActionNeedsApproval, startsLegalProceedings } from './approval.rules';
export { ApprovalRequest, APPROVAL_KINDS } from './approval-request.entity';
export type { ApprovalKind, ApprovalStatus } from './approval-request.entity';
