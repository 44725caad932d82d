/** What the Rappel / relevé pages offer to choose from (a page model): active controllers, risk codes, scenarios. */
import type { Db } from '../db/sql';
import { CreditController } from '../credit-controllers';
import { Scenario } from '../scenarios';
import { RiskCode } from '../settings';

export async function reminderChoices(db: Db) {
  return {
    controllers: await db.getRepository(CreditController).find({ where: { active: true }, order: { name: 'ASC' } }),
    riskCodes: await db.getRepository(RiskCode).find({ where: { active: true }, order: { position: 'ASC', id: 'ASC' } }),
    scenarios: await db.getRepository(Scenario).find({ where: { active: true }, order: { name: 'ASC' } }),
  };
}
