export {
  htBase,
  htBaseFromInvoices,
  outstandingVat,
  proposedProvision,
  provisionMovement,
  provisionReversalOnPayment,
  provisionState,
  isAllowance,
} from './provision.rules';
export type {
  InvoiceVatShare,
  PaymentReversal,
  PaymentReversalInput,
  ProvisionMovement,
  ProvisionMovementKind,
  ProvisionMovementRecord,
  ProvisionState,
  ProvisionStateLine,
} from './provision.rules';
export { paymentAfterTransfer, provisionChange } from './provision-postings.rules';
export type { PaymentAfterTransferInput } from './provision-postings.rules';
export {
  settleProvisionOnClosure,
  setProvision,
  recordDoubtfulPayment,
  recordRecoveryAfterWriteOff,
  dossierExposure,
  currentProvision,
  provisionHistory,
  fiscalYearStartDay,
  saveFiscalYearStartDay,
  fiscalYearStartOf,
  FISCAL_YEAR_START_SETTING,
} from './provision.service';
export type {
  SettleOnClosureInput,
  SettleOnClosureResult,
  SetProvisionInput,
  DoubtfulPaymentInput,
  RecoveryInput,
  DossierExposure,
  ProvisionResult,
  MovementView,
} from './provision.service';
export { ProvisionMovementRow } from './provision-movement.entity';
export type { ProvisionReason } from './provision-movement.entity';
