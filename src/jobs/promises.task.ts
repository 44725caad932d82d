/** Daily task: open promises to pay are closed as kept or broken; a broken one raises one "Promesse non tenue". */
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { checkPromises } from '../promises';

export async function promisesTask(deps: { dataSource: DataSource; config: Config }, businessDate: string): Promise<Record<string, number>> {
  return checkPromises(deps.dataSource, businessDate, deps.config.defaultLocale, new Date().toISOString());
}
