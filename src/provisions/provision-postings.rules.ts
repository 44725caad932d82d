/**
 * The journal entries of a provision's moves, as pure functions: the provision's arithmetic
 * (provision.rules) on the journal's entry builders. They live here, not in the journal, so that
 * the journal knows nothing of provisions (issue 13: no import cycle journal <-> provisions).
 */
import {
  checkDoubtfulPayment,
  DEFAULT_LABELS,
  doubtfulPaymentEntry,
  provisionMovementEntries,
  type DoubtfulPaymentInput,
  type EntryContext,
  type ProvisionPosting,
} from '../journal';
import type { Cents } from '../shared/money';
import { provisionMovement, provisionReversalOnPayment, type PaymentReversalInput, type ProvisionMovement } from './provision.rules';

/** Moves the provision from `currentProvision` to `targetProvision` (e.g. after a loss-percentage change). */
export function provisionChange(currentProvision: Cents, targetProvision: Cents, ctx: EntryContext): ProvisionPosting & { movement: ProvisionMovement } {
  const movement = provisionMovement(currentProvision, targetProvision);
  return { entries: provisionMovementEntries(movement, ctx), movement, provisionMoved: movement.amount, provisionAfter: targetProvision };
}

export interface PaymentAfterTransferInput extends DoubtfulPaymentInput, PaymentReversalInput {}

/**
 * 512 D / 416 (aux) C for the amount received, then 491 D / 78174 C for the provision that no longer
 * has a base. The reversal is the paid share of the HT base applied to the current provision,
 * capped at it, and never leaving more provision than remaining HT base
 * (see provisionReversalOnPayment).
 */
export function paymentAfterTransfer(input: PaymentAfterTransferInput): ProvisionPosting & { outstandingTtcAfter: Cents; outstandingVatAfter: Cents } {
  checkDoubtfulPayment(input);
  const r = provisionReversalOnPayment(input);
  const payment = doubtfulPaymentEntry(input);
  const reversal = provisionMovementEntries(
    { kind: r.provisionAfter === 0 ? 'reversal' : 'decrease', amount: r.reversal },
    { ...input, label: input.label ?? `${DEFAULT_LABELS.paymentReversal} ${input.pieceRef}` },
  );
  return {
    entries: [payment, ...reversal],
    provisionMoved: r.reversal,
    provisionAfter: r.provisionAfter,
    outstandingTtcAfter: r.outstandingTtcAfter,
    outstandingVatAfter: r.outstandingVatAfter,
  };
}
