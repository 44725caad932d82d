/**
 * Daily task: writes down the matches between payments received directly and the ledger lines that
 * record them (the FEC import or the API brought them since). Idempotent, so the catch-up of missed
 * days costs nothing: a matched payment is never matched again. The matches are dated by the
 * business date of the run, not by the clock.
 */
import type { DataSource } from 'typeorm';
import { reconcileDirectPayments } from '../dossier-account';
import { startOfBusinessDate } from '../shared/business-date';

export async function matchPaymentsTask(deps: { dataSource: DataSource }, businessDate: string): Promise<Record<string, number>> {
  const matched = await reconcileDirectPayments(deps.dataSource, {}, startOfBusinessDate(businessDate));
  return { paymentsMatched: matched };
}
