/**
 * Who must ask before starting legal proceedings, as pure rules. Administrators decide alone (the
 * same approvers as payment plans and settlements above the authority limit); every other role's
 * request waits for one of them.
 */
import type { Role } from '../auth';
import { APPROVER_ROLES } from '../payment-plans';

export function isApprover(role: Role): boolean {
  return APPROVER_ROLES.includes(role);
}

/** A change to a status flagged `requiresApproval` (CONTENTIEUX as shipped) waits when a non-approver asks for it. */
export function statusChangeNeedsApproval(role: Role, target: { requiresApproval: boolean }): boolean {
  return target.requiresApproval && !isApprover(role);
}

/**
 * A legal step (action type `legal`) of a scenario, or added by hand, starts proceedings when it is
 * done. The `legal` interventions a collective-procedure status raises (the claims declaration)
 * follow a court's opening judgment, not a creditor's decision, and stay free.
 */
export function startsLegalProceedings(intervention: { type: string; source: string }): boolean {
  return intervention.type === 'legal' && intervention.source !== 'status';
}

export function legalActionNeedsApproval(role: Role, intervention: { type: string; source: string }): boolean {
  return startsLegalProceedings(intervention) && !isApprover(role);
}
