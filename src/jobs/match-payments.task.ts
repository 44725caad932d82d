/**
 * Daily task: writes down the matches between payments received directly and the ledger lines that
 * record them (the FEC import or the API brought them since). Idempotent, so the catch-up of missed
 * days costs nothing: a matched payment is never matched again.
 */
import type { DataSource } from 'typeorm';
import { reconcileDirectPayments } from '../dossier-account';

export async function matchPaymentsTask(deps: { dataSource: DataSource }, _businessDate: string): Promise<Record<string, number>> {
  const matched = await reconcileDirectPayments(deps.dataSource, {}, new Date().toISOString());
  return { paymentsMatched: matched };
}
