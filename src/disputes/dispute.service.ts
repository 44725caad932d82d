/**
 * Litiges: open one on an invoice of the dossier or on the whole dossier (its owner is notified by
 * message), resolve it (credit note, rejected, settled), read a dossier's disputes. While a dispute
 * is open, what it covers leaves the reminders, the penalties and the scenario's balance (see
 * dispute-scope.ts, which the account, the letters and the scenario run call).
 */
import { In, IsNull } from 'typeorm';
import { User } from '../auth';
import { CreditController } from '../credit-controllers';
import { Db, inTransaction } from '../db/transactions';
import { addFinancialElement, dossierAccount, openInvoices } from '../dossier-account';
import { Dossier, DossierEntry, recordDossierEvent, type Actor } from '../dossiers';
import { LedgerEntry } from '../ledger';
import { sendMessage } from '../messages';
import { DisputeReason } from '../settings';
import { AppError } from '../shared/errors';
import { formatMoney, type Cents } from '../shared/money';
import { translate, type Locale } from '../shared/i18n';
import { Dispute, type DisputeResolution, type DisputeSource } from './dispute.entity';
import { disputeProblems, parseTeams } from './dispute.rules';

export interface DisputeInput {
  /** The contested invoice; null for the whole dossier. */
  ledgerEntryId: number | null;
  reasonId: number;
  ownerUserId: number | null;
  ownerTeam: string | null;
  dueDate: string;
  message: string | null;
}

export interface DisputeSettings {
  /** DISPUTE_TEAMS, as configured. */
  teams: string;
  locale: Locale;
}

/** Who is told of a new dispute: its owner, or every active member of its team. */
async function recipientsOf(db: Db, d: Pick<Dispute, 'ownerUserId' | 'ownerTeam'>, teams: Map<string, string[]>): Promise<User[]> {
  if (d.ownerUserId !== null) return db.getRepository(User).find({ where: { id: d.ownerUserId, active: true } });
  const usernames = teams.get(d.ownerTeam ?? '') ?? [];
  if (usernames.length === 0) return [];
  const users = await db.getRepository(User).find({ where: { active: true } });
  return users.filter((u) => usernames.includes(u.username.toLowerCase()));
}

export async function openDispute(db: Db, dossierId: number, input: DisputeInput, actor: Actor, at: string, today: string, settings: DisputeSettings, source: DisputeSource = 'staff'): Promise<Dispute> {
  const teams = parseTeams(settings.teams);
  const problems = disputeProblems(input, today);
  if (input.ownerTeam !== null && !teams.has(input.ownerTeam)) problems.owner = 'disputes.errors.owner';
  if (Object.keys(problems).length) throw AppError.validation(Object.entries(problems).map(([field, message]) => ({ field, message })));
  return inTransaction(db, async (m) => {
    const dossier = await m.getRepository(Dossier).findOneBy({ id: dossierId });
    if (!dossier) throw AppError.notFound();
    const reason = await m.getRepository(DisputeReason).findOneBy({ id: input.reasonId, active: true });
    if (!reason) throw AppError.field('reasonId', 'validation.choice');
    if (input.ownerUserId !== null && !(await m.getRepository(User).existsBy({ id: input.ownerUserId, active: true }))) throw AppError.field('owner', 'validation.choice');
    const account = await dossierAccount(m, dossierId, today);
    let amount: Cents = account.overview.balance;
    let pieceRef: string | null = null;
    if (input.ledgerEntryId !== null) {
      const linked = await m.getRepository(DossierEntry).existsBy({ dossierId, ledgerEntryId: input.ledgerEntryId });
      const entry = linked ? await m.getRepository(LedgerEntry).findOneBy({ id: input.ledgerEntryId }) : null;
      if (!entry || entry.debit <= entry.credit) throw AppError.field('ledgerEntryId', 'disputes.errors.invoice');
      if (await m.getRepository(Dispute).existsBy({ dossierId, ledgerEntryId: input.ledgerEntryId, status: 'open' })) throw AppError.field('ledgerEntryId', 'disputes.errors.alreadyOpen');
      const open = openInvoices(account.lines).find((i) => i.key === `ledger:${entry.id}`);
      amount = open?.amount ?? 0;
      pieceRef = entry.pieceRef ?? entry.entryNumber;
    } else if (await m.getRepository(Dispute).existsBy({ dossierId, ledgerEntryId: IsNull(), status: 'open' })) {
      throw AppError.field('ledgerEntryId', 'disputes.errors.alreadyOpen');
    }
    const saved = await m.getRepository(Dispute).save(m.getRepository(Dispute).create({
      dossierId, ledgerEntryId: input.ledgerEntryId, reasonId: reason.id, ownerUserId: input.ownerUserId, ownerTeam: input.ownerTeam, dueDate: input.dueDate,
      status: 'open', amount, message: input.message, source, openedOn: today, openedBy: actor.userId, openedByName: actor.userName,
      resolution: null, resolutionComment: null, resolvedOn: null, resolvedBy: null, resolvedByName: null, createdAt: at,
    }));
    const recipients = await recipientsOf(m, saved, teams);
    const controller = dossier.controllerId ? await m.getRepository(CreditController).findOneBy({ id: dossier.controllerId }) : null;
    for (const to of recipients) {
      const body = translate(settings.locale, 'disputes.notify.body', {
        number: dossier.number, what: pieceRef ?? translate(settings.locale, 'disputes.wholeDossier'), reason: reason.label,
        amount: formatMoney(amount, settings.locale), dueDate: input.dueDate.split('-').reverse().join('/'), message: input.message ?? '',
      });
      // The debtor has no account: the dossier's controller (or the owner) signs the notice.
      const from = actor.userId ?? controller?.userId ?? to.id;
      await sendMessage(m, from, { toUserId: to.id, dossierId, parentId: null, subject: translate(settings.locale, 'disputes.notify.subject', { number: dossier.number }).slice(0, 200), body: body.slice(0, 4000), urgent: false, replyRequired: true }, at);
    }
    await recordDossierEvent(m, actor, {
      dossierId, at, type: 'disputeOpened', amount,
      details: { disputeId: saved.id, what: pieceRef ?? '', reason: reason.label, owner: input.ownerTeam ?? recipients.map((u) => u.displayName).join(', '), dueDate: input.dueDate, source, notified: recipients.map((u) => u.displayName).join(', ') },
    });
    return saved;
  });
}

export interface ResolutionInput {
  resolution: DisputeResolution;
  comment: string | null;
  /** A credit note's amount: recorded as a credit-note financial element of the dossier (the one path). */
  creditNoteAmount: Cents | null;
}

export async function resolveDispute(db: Db, disputeId: number, input: ResolutionInput, actor: Actor, at: string, today: string): Promise<Dispute> {
  if (input.resolution === 'creditNote' && input.creditNoteAmount !== null && input.creditNoteAmount <= 0) throw AppError.field('creditNoteAmount', 'account.errors.positive');
  return inTransaction(db, async (m) => {
    const dispute = await m.getRepository(Dispute).findOneBy({ id: disputeId });
    if (!dispute) throw AppError.notFound();
    const done = await m.getRepository(Dispute).update(
      { id: disputeId, status: 'open' },
      { status: 'resolved', resolution: input.resolution, resolutionComment: input.comment, resolvedOn: today, resolvedBy: actor.userId, resolvedByName: actor.userName },
    );
    if (!done.affected) throw new AppError('invalid_state', 'disputes.errors.notOpen', 409);
    const entry = dispute.ledgerEntryId ? await m.getRepository(LedgerEntry).findOneBy({ id: dispute.ledgerEntryId }) : null;
    if (input.resolution === 'creditNote' && input.creditNoteAmount) {
      await addFinancialElement(m, dispute.dossierId, {
        kind: 'creditNote', number: `LIT-${dispute.id}`, issueDate: today, dueDate: null, grossAmount: input.creditNoteAmount, netAmount: null, currency: 'EUR', comment: input.comment,
      }, actor, at);
    }
    await recordDossierEvent(m, actor, {
      dossierId: dispute.dossierId, at, type: 'disputeResolved', amount: input.creditNoteAmount ?? dispute.amount,
      details: { disputeId, what: entry ? (entry.pieceRef ?? entry.entryNumber) : '', resolution: input.resolution, comment: input.comment ?? '' },
    });
    return m.getRepository(Dispute).findOneByOrFail({ id: disputeId });
  });
}

export interface DisputeView extends Dispute {
  reasonLabel: string;
  ownerName: string;
  pieceRef: string | null;
}

export async function dossierDisputes(db: Db, dossierId: number): Promise<DisputeView[]> {
  const list = await db.getRepository(Dispute).find({ where: { dossierId }, order: { id: 'DESC' } });
  if (list.length === 0) return [];
  const reasons = new Map((await db.getRepository(DisputeReason).find()).map((r) => [r.id, r.label]));
  const userIds = list.map((d) => d.ownerUserId).filter((x): x is number => x !== null);
  const users = new Map((userIds.length ? await db.getRepository(User).findBy({ id: In(userIds) }) : []).map((u) => [u.id, u.displayName]));
  const entryIds = list.map((d) => d.ledgerEntryId).filter((x): x is number => x !== null);
  const entries = new Map((entryIds.length ? await db.getRepository(LedgerEntry).findBy({ id: In(entryIds) }) : []).map((e) => [e.id, e.pieceRef ?? e.entryNumber]));
  return list.map((d) => Object.assign(d, {
    reasonLabel: reasons.get(d.reasonId) ?? '—', ownerName: d.ownerTeam ?? (d.ownerUserId ? (users.get(d.ownerUserId) ?? '—') : '—'), pieceRef: d.ledgerEntryId ? (entries.get(d.ledgerEntryId) ?? null) : null,
  }));
}

/** One of the dossier's disputes, or "not found" (another dossier's is not found either). */
export async function getDossierDispute(db: Db, dossierId: number, id: number): Promise<Dispute> {
  const dispute = await db.getRepository(Dispute).findOneBy({ id, dossierId });
  if (!dispute) throw AppError.notFound();
  return dispute;
}
