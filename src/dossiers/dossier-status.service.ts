/**
 * The dossier row's side of a status change. The change itself (rules, approvals, closure money,
 * interventions, the Chrono) is the status-changes component's, the one status path; it writes
 * the outcome on the dossier through this.
 */
import type { EntityManager } from 'typeorm';
import { Dossier } from './dossier.entity';

export type DossierStatusFields = Partial<Pick<Dossier,
  'statusId' | 'endDate' | 'resolutionId' | 'resultId' | 'judgmentDate' | 'bodaccDate' | 'claimsDeclarationDeadline' | 'lossHundredths' | 'updatedAt' | 'updatedBy'>>;

/** Writes the status fields on the dossier, bumping its version. */
export async function writeDossierStatus(m: EntityManager, dossierId: number, fields: DossierStatusFields): Promise<void> {
  await m.createQueryBuilder().update(Dossier).set({ ...fields, version: () => 'version + 1' }).where('id = :id', { id: dossierId }).execute();
}
