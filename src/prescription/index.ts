/** What other components may use from prescription. */
export { dossierPrescription, prescriptionsOf, claimsAtRisk, recordInterruption, prescriptionSettings } from './prescription.service';
export type { DossierPrescription, InvoicePrescription, ClaimAtRisk, PrescriptionSettings } from './prescription.service';
export { prescriptionAlertsTask } from './prescription-alerts.task';
export { prescriptionRoutes } from './prescription.routes';
export { prescriptionOf, addYears, CUSTOMER_TYPES, INTERRUPTION_KINDS, LEGAL_PERIODS } from './prescription.rules';
export type { CustomerType, Interruption, InterruptionKind } from './prescription.rules';
export { PrescriptionInterruption } from './prescription.entity';
