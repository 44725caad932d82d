/** What the disputes panel of Compte dossier reads (a page model): the dossier's disputes, the reasons and owners to choose. */
import { activeUsersByName } from '../auth';
import type { Db } from '../db/sql';
import { DisputeReason } from '../settings';
import { DISPUTE_RESOLUTIONS } from './dispute.entity';
import { parseTeams } from './dispute.rules';
import { dossierDisputes } from './dispute.service';

/** The owners offered: active users, then the teams of DISPUTE_TEAMS. */
export async function ownerChoices(db: Db, disputeTeams: string): Promise<{ value: string; label: string }[]> {
  const users = await activeUsersByName(db);
  return [...users.map((u) => ({ value: `user:${u.id}`, label: u.displayName })), ...[...parseTeams(disputeTeams).keys()].map((t) => ({ value: `team:${t}`, label: t }))];
}

export async function disputesPanel(db: Db, dossierId: number, disputeTeams: string) {
  return {
    disputes: await dossierDisputes(db, dossierId),
    disputeReasons: await db.getRepository(DisputeReason).find({ where: { active: true }, order: { position: 'ASC', id: 'ASC' } }),
    disputeOwners: await ownerChoices(db, disputeTeams),
    resolutions: DISPUTE_RESOLUTIONS,
  };
}
