export {
  RECOVERY_INDEMNITY_CENTS,
  MissingLegalRateError,
  bundledLegalRates,
  checkContractRate,
  contractRateFloor,
  missingHalfYearsBetween,
  rateInForce,
  halfYearBounds,
  halfYearOf,
  isContractRateAllowed,
  lateDaysByHalfYear,
  latePaymentSummary,
  loadLegalRates,
  minimumContractRate,
  nextHalfYear,
  penaltyForInvoice,
  rateForHalfYear,
  recoveryIndemnity,
} from './late-payment.rules';
export type {
  ContractRate,
  HalfYear,
  InvoicePenalty,
  LateInvoice,
  LatePaymentInvoice,
  LatePaymentLine,
  LatePaymentOptions,
  LatePaymentSummary,
  LegalRateRow,
  LegalRateTable,
  PenaltyRateSource,
  PenaltySegment,
  RateInForce,
  ContractRateCheck,
} from './late-payment.rules';
export { loadRateTables, listRates, saveRate, deleteRate, missingRatesInForce } from './late-payment.service';
export type { RateTables, RateInput, MissingRate } from './late-payment.service';
export { LatePaymentRate, RATE_KINDS } from './late-payment-rate.entity';
export type { RateKind } from './late-payment-rate.entity';
