/**
 * Terminé agrees with the money (issue 11 point 4): a result that does not mean a loss says the debt was
 * recovered, so it is refused while the dossier's balance (the one rule) is not zero, unless the user says
 * what happens to the rest: written off at closure, or given up by an accepted settlement (whose amount
 * must then have been received). A lost result writes the balance off: nothing to confirm. Pure.
 */
import type { Cents } from '../shared/money';

export type RestOfBalance = 'writeOff' | 'settlement';
export const REST_OF_BALANCE: RestOfBalance[] = ['writeOff', 'settlement'];

export interface ClosureMoney {
  /** The dossier's balance by the rule, at closure. */
  balance: Cents;
  /** The chosen result books a loss (its `lost` flag). */
  lost: boolean;
  /** What the user confirmed for the rest, if anything. */
  rest: RestOfBalance | null;
  hasAcceptedSettlement: boolean;
}

export function closureBalanceErrors(c: ClosureMoney): { field: string; message: string }[] {
  if (c.balance <= 0 || c.lost || c.rest === 'writeOff') return [];
  // With an accepted settlement the given-up part is out of the balance: what is left is its amount, not received yet.
  if (c.hasAcceptedSettlement) return [{ field: 'resultId', message: 'statusChanges.errors.settlementNotReceived' }];
  if (c.rest === 'settlement') return [{ field: 'restOfBalance', message: 'balance.closure.settlementMissing' }];
  return [{ field: 'restOfBalance', message: 'balance.closure.notZero' }];
}

/** The result's `lost` flag, or the user's choice to write the rest off: the closure books a write-off. */
export function closureWritesOff(c: Pick<ClosureMoney, 'lost' | 'rest' | 'balance'>): boolean {
  return c.lost || (c.rest === 'writeOff' && c.balance > 0);
}
