/**
 * The choices of the printing criteria form (statuses, credit controllers, the customers already
 * picked), also used to say the criteria in words under a printed title. Reads only.
 */
import { In, type DataSource } from 'typeorm';
import { DossierStatus } from '../settings';
import { CreditController } from '../credit-controllers';
import { ThirdParty } from '../third-parties';
import type { PrintCriteria } from './printing.rules';

export async function criteriaChoices(ds: DataSource, c: PrintCriteria) {
  const [statuses, controllers, customers] = await Promise.all([
    ds.getRepository(DossierStatus).find({ order: { position: 'ASC', label: 'ASC' } }),
    ds.getRepository(CreditController).find({ order: { name: 'ASC' } }),
    c.customerIds.length ? ds.getRepository(ThirdParty).find({ where: { id: In(c.customerIds) }, order: { name: 'ASC' } }) : Promise.resolve([]),
  ]);
  return { statuses, controllers, customers };
}
