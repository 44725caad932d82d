/** A customer's record, for the other components: read it, set its risk code (the customer's page is third-party.service.ts). */
import { AppError } from '../shared/errors';
import type { EntityManager } from 'typeorm';
import type { Db } from '../db/sql';
import { ThirdParty } from './third-party.entity';

export async function getThirdParty(db: Db, id: number): Promise<ThirdParty> {
  const tp = await db.getRepository(ThirdParty).findOneBy({ id });
  if (!tp) throw AppError.notFound();
  return tp;
}

/** Writes the customer's risk code (its only home: a dossier shows its customer's), bumping its version. */
export async function setCustomerRiskCode(m: EntityManager, thirdPartyId: number, riskCodeId: number | null, at: string): Promise<void> {
  await m
    .createQueryBuilder()
    .update(ThirdParty)
    .set({ riskCodeId, version: () => 'version + 1', updatedAt: at })
    .where('id = :id', { id: thirdPartyId })
    .execute();
}
