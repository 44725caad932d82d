/**
 * Transmettre le dossier: entrust a dossier to a collection agency or a credit insurer (recorded with
 * the agency and the date, in the Chrono; the scenario waits while it is entrusted), the agency's
 * costs, the end of the hand-off (returned by the agency), the package its portal asks for (see
 * handoff-package.ts), and the "Informer l'agence du paiement direct" intervention raised once for
 * each payment received directly while the dossier is entrusted.
 */
import { In, IsNull, type EntityManager } from 'typeorm';
import { inTransaction, rawQuery, type Db } from '../db/transactions';
import { DIRECT_PAYMENT_HOOKS } from '../dossier-account';
import { Dossier, recordDossierEvent, type Actor } from '../dossiers';
import { SYSTEM_ACTOR } from '../history';
import { CLOSURE_HOOKS } from '../status-changes';
import { addIntervention } from '../interventions';
import { CollectionAgency, DossierStatus } from '../settings';
import { AppError } from '../shared/errors';
import { formatMoney } from '../shared/money';
import { translate, type Locale } from '../shared/i18n';
import { DossierHandoff } from './handoff.entity';
import { informAgencyDueDate } from './handoff.rules';

export interface HandoffSettings {
  locale: Locale;
  /** HANDOFF_INFORM_DAYS: the agency is told of a direct payment within this many days (48 hours). */
  informDays: number;
  /** HANDOFF_AUTHORITY_LIMIT, in cents. */
  authorityLimit: number;
}

/** Set by the routes from the configuration (the payment hook runs inside the account's use case). */
let current: HandoffSettings = { locale: 'fr', informDays: 2, authorityLimit: 5_000_000 };
export function configureHandoff(settings: HandoffSettings): void {
  current = settings;
}

export async function activeHandoff(db: Db, dossierId: number): Promise<(DossierHandoff & { agencyLabel: string }) | null> {
  const h = await db.getRepository(DossierHandoff).findOneBy({ dossierId, endedOn: IsNull() });
  if (!h) return null;
  const agency = await db.getRepository(CollectionAgency).findOneBy({ id: h.agencyId });
  return Object.assign(h, { agencyLabel: agency?.label ?? '?' });
}

export interface EntrustInput {
  agencyId: number;
  entrustedOn: string;
  customerNumber: string | null;
  comment: string | null;
}

export async function entrustDossier(db: Db, dossierId: number, input: EntrustInput, actor: Actor, at: string, today: string, settings: HandoffSettings): Promise<DossierHandoff> {
  if (input.entrustedOn > today) throw AppError.field('entrustedOn', 'handoff.errors.future');
  return inTransaction(db, async (m) => {
    const dossier = await m.getRepository(Dossier).findOneBy({ id: dossierId });
    if (!dossier) throw AppError.notFound();
    const status = await m.getRepository(DossierStatus).findOneBy({ id: dossier.statusId });
    if (status?.kind === 'closed') throw AppError.field('agencyId', 'handoff.errors.closed');
    const agency = await m.getRepository(CollectionAgency).findOneBy({ id: input.agencyId, active: true });
    if (!agency) throw AppError.field('agencyId', 'validation.choice');
    if (await m.getRepository(DossierHandoff).existsBy({ dossierId, endedOn: IsNull() })) throw AppError.field('agencyId', 'handoff.errors.already');
    const saved = await m.getRepository(DossierHandoff).save(m.getRepository(DossierHandoff).create({
      dossierId, agencyId: agency.id, entrustedOn: input.entrustedOn, customerNumber: input.customerNumber, comment: input.comment,
      authorityLimit: settings.authorityLimit, recoveryCosts: 0, endedOn: null, createdAt: at, createdBy: actor.userId,
    }));
    await recordDossierEvent(m, actor, { dossierId, at, type: 'dossierEntrusted', details: { agency: agency.label, date: input.entrustedOn, limit: formatMoney(settings.authorityLimit) } });
    return saved;
  });
}

export async function recordRecoveryCosts(db: Db, dossierId: number, amount: number, actor: Actor, at: string): Promise<void> {
  if (amount < 0) throw AppError.field('recoveryCosts', 'account.errors.positive');
  await inTransaction(db, async (m) => {
    const h = await activeHandoff(m, dossierId);
    if (!h) throw AppError.field('recoveryCosts', 'handoff.errors.notEntrusted');
    await m.getRepository(DossierHandoff).update({ id: h.id }, { recoveryCosts: amount });
    await recordDossierEvent(m, actor, { dossierId, at, type: 'agencyCosts', amount, details: { agency: h.agencyLabel } });
  });
}

/** Returned by the agency: the hand-off ends and the scenario goes on. */
export async function endHandoff(db: Db, dossierId: number, actor: Actor, at: string, today: string): Promise<void> {
  await inTransaction(db, async (m) => {
    const h = await activeHandoff(m, dossierId);
    if (!h) throw AppError.field('endedOn', 'handoff.errors.notEntrusted');
    await endMandate(m, h, actor, at, today, { type: 'handoffEnded', date: today });
  });
}

async function endMandate(m: EntityManager, h: DossierHandoff & { agencyLabel: string }, actor: Actor, at: string, today: string, event: { type: string; date: string }): Promise<void> {
  const done = await m.getRepository(DossierHandoff).update({ id: h.id, endedOn: IsNull() }, { endedOn: today });
  if (!done.affected) return;
  await recordDossierEvent(m, actor, { dossierId: h.dossierId, at, type: event.type, details: { agency: h.agencyLabel, date: event.date } });
}

/** Terminé (the status-change use case, in its transaction): the agency's mandate on the dossier ends with it, in the Chrono. */
async function endHandoffOnClosure(m: EntityManager, closure: { dossierId: number; endDate: string; actor: Actor; at: string; today: string }): Promise<void> {
  const h = await activeHandoff(m, closure.dossierId);
  if (h) await endMandate(m, h, closure.actor, closure.at, closure.today, { type: 'handoffEndedOnClosure', date: closure.endDate });
}

CLOSURE_HOOKS.push(endHandoffOnClosure);

/** The dossiers of an id range entrusted today: the scenario run treats them as waiting. */
export async function entrustedDossierIds(db: Db, range: { fromId: number; toId: number }): Promise<number[]> {
  const rows = await rawQuery<{ dossier_id: number }>(db, 'SELECT dossier_id FROM dossier_handoff WHERE ended_on IS NULL AND dossier_id BETWEEN :fromId AND :toId', range);
  return rows.map((r) => Number(r.dossier_id));
}

export async function entrustedAmong(db: Db, dossierIds: number[]): Promise<Set<number>> {
  if (dossierIds.length === 0) return new Set();
  return new Set((await db.getRepository(DossierHandoff).find({ where: { dossierId: In(dossierIds), endedOn: IsNull() } })).map((h) => h.dossierId));
}

/** A payment we received while an agency holds the dossier: the agency must be told (once per payment: this runs in the payment's own transaction). */
async function informAgencyOfDirectPayment(m: EntityManager, payment: { id: number; dossierId: number; amount: number; receivedBy: string; receivedDate: string }, at: string, today: string): Promise<void> {
  if (payment.receivedBy !== 'us') return;
  const h = await activeHandoff(m, payment.dossierId);
  if (!h) return;
  const dossier = await m.getRepository(Dossier).findOneByOrFail({ id: payment.dossierId });
  const from = payment.receivedDate > today ? today : payment.receivedDate < h.entrustedOn ? today : payment.receivedDate;
  await addIntervention(m, {
    dossierId: payment.dossierId, type: 'task', label: translate(current.locale, 'handoff.informAgency'), dueDate: informAgencyDueDate(from, current.informDays),
    priority: Math.max(1, dossier.priority - 10), assigneeId: dossier.controllerId, source: 'system',
    comment: `${h.agencyLabel} — ${formatMoney(payment.amount)} (paiement n° ${payment.id})`,
  }, SYSTEM_ACTOR, at);
}

DIRECT_PAYMENT_HOOKS.push(informAgencyOfDirectPayment);
