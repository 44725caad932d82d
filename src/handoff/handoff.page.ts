/** What the hand-off panels read (page models): the dossier's panel, and Compte dossier's while entrusted. */
import type { Db } from '../db/sql';
import { DirectPayment } from '../dossier-account';
import { CollectionAgency, DossierStatus } from '../settings';
import { activeHandoff } from './handoff.service';

/** The active hand-off, the agencies to entrust to, and the closed status the panel's « Terminé » opens. */
export async function handoffPanel(db: Db, dossierId: number) {
  const handoff = await activeHandoff(db, dossierId);
  const agencies = await db.getRepository(CollectionAgency).find({ where: { active: true }, order: { position: 'ASC', id: 'ASC' } });
  const closed = await db.getRepository(DossierStatus).findOne({ where: { kind: 'closed', active: true }, order: { position: 'ASC', id: 'ASC' } });
  return { handoff, agencies, closedStatusId: closed?.id ?? null };
}

/** Compte dossier, while entrusted: the payments since, by who collected them. */
export async function handoffAccountPanel(db: Db, dossierId: number) {
  const handoff = await activeHandoff(db, dossierId);
  if (!handoff) return { handoff: null };
  const payments = await db.getRepository(DirectPayment).findBy({ dossierId });
  const since = payments.filter((p) => p.receivedDate >= handoff.entrustedOn);
  const sum = (by: string) => since.filter((p) => p.receivedBy === by).reduce((s, p) => s + p.amount, 0);
  return { handoff, byAgency: sum('agency'), byUs: sum('us') };
}
