/** What other components may call from the payment plans (accords de paiement) and approvals. */
export { APPROVER_ROLES, createPaymentPlan, decidePaymentPlan, suspendScenarioForPlan, proposeSettlement, decideSettlement, dossierSettlements, dossierPlans, checkPaymentPlans, authorityLimit, saveAuthorityLimit, AUTHORITY_LIMIT_SETTING, DEFAULT_AUTHORITY_LIMIT } from './payment-plan.service';
export type { PlanInput, PlanView } from './payment-plan.service';
export { buildSchedule, scheduleSummary, trackInstallments, planOutcome, MISSED_GRACE_DAYS } from './payment-plan.rules';
export { PaymentPlan, PlanInstallment, Settlement, PERIODICITIES } from './payment-plan.entity';
export type { Periodicity, PlanStatus, SettlementStatus } from './payment-plan.entity';
