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
export { settleProvisionOnClosure, recordRecoveryAfterWriteOff } from './provision-closure.service';
export { setProvision, recordDoubtfulPayment } from './provision.service';
export { dossierExposure, currentProvision } from './provision-exposure.service';
export { provisionHistory } from './provision-history.service';
export { fiscalYearStartDay, saveFiscalYearStartDay, fiscalYearStartOf, FISCAL_YEAR_START_SETTING } from './provision-settings.service';
export type { SettleOnClosureInput, SettleOnClosureResult, RecoveryInput } from './provision-closure.service';
export type { SetProvisionInput, DoubtfulPaymentInput, ProvisionResult } from './provision.service';
export type { DossierExposure } from './provision-exposure.service';
export type { MovementView } from './provision-history.service';
export { ProvisionMovementRow } from './provision-movement.entity';
export type { ProvisionReason } from './provision-movement.entity';
