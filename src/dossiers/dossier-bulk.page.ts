/**
 * What the bulk actions of the dossier list read (a page model): whether the controller, scenario or
 * status chosen may be applied (else the field's error), and the dossiers, customers, resolutions and
 * results the status step shows before it applies.
 */
import { In } from 'typeorm';
import type { Db } from '../db/sql';
import { CreditController } from '../credit-controllers';
import { Scenario } from '../scenarios';
import { DossierResult, DossierStatus, Resolution } from '../settings';
import { AppError } from '../shared/errors';
import { ThirdParty } from '../third-parties';
import { Dossier } from './dossier.entity';

export async function checkController(db: Db, controllerId: number | null): Promise<void> {
  if (controllerId !== null && !(await db.getRepository(CreditController).existsBy({ id: controllerId }))) throw AppError.field('controllerId', 'validation.choice');
}

export async function checkActiveScenario(db: Db, scenarioId: number | null): Promise<void> {
  if (scenarioId !== null && !(await db.getRepository(Scenario).existsBy({ id: scenarioId, active: true }))) throw AppError.field('scenarioId', 'validation.choice');
}

export async function activeStatus(db: Db, statusId: number): Promise<DossierStatus> {
  const status = await db.getRepository(DossierStatus).findOneBy({ id: statusId, active: true });
  if (!status) throw AppError.field('statusId', 'validation.choice');
  return status;
}

/** The status step: the selected dossiers by number, their customers' names, the resolutions and results to pick. */
export async function bulkStatusForm(db: Db, ids: number[]) {
  const dossiers = await db.getRepository(Dossier).findBy({ id: In(ids) });
  return {
    dossiers: dossiers.sort((a, b) => a.number - b.number),
    customers: new Map((await db.getRepository(ThirdParty).findBy({ id: In([...new Set(dossiers.map((d) => d.thirdPartyId))]) })).map((c) => [c.id, c.name])),
    resolutions: await db.getRepository(Resolution).find({ where: { active: true }, order: { position: 'ASC', id: 'ASC' } }),
    results: await db.getRepository(DossierResult).find({ where: { active: true }, order: { position: 'ASC', id: 'ASC' } }),
  };
}
