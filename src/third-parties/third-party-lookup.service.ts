/** One customer by id, for the other components (the customer's page is third-party.service.ts). */
import { AppError } from '../shared/errors';
import type { Db } from '../db/sql';
import { ThirdParty } from './third-party.entity';

export async function getThirdParty(db: Db, id: number): Promise<ThirdParty> {
  const tp = await db.getRepository(ThirdParty).findOneBy({ id });
  if (!tp) throw AppError.notFound();
  return tp;
}
