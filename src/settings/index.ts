/** What other components may use from the settings lists. */
export { listRiskCodes, referenceLists, listStatuses, statusByCode, itemUsage, saveAuditedSetting, readAppSetting, writeAppSetting } from './settings.service';
export type { ReferenceLists } from './settings.service';
export { DossierStatus, RiskCode, DisputeReason, CollectionAgency, Resolution, DossierResult, STATUS_KINDS } from './reference-list.entities';
export type { StatusKind } from './reference-list.entities';
export { AppSetting } from './reference-list.entities';
export { isValidCode, normalizeCode } from './settings.rules';
