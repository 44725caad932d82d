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
