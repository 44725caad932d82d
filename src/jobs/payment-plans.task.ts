/**
 * Daily task: missed installments of active payment plans raise one intervention each (exactly once,
 * whatever the number of runs or the days caught up), and plans end as completed or broken.
 */
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { checkPaymentPlans } from '../payment-plans';

export async function paymentPlansTask(deps: { dataSource: DataSource; config: Config }, businessDate: string): Promise<Record<string, number>> {
  return checkPaymentPlans(deps.dataSource, businessDate, deps.config.defaultLocale, new Date().toISOString());
}
