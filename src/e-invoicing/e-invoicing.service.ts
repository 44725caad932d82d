/**
 * The lifecycle statuses the e-invoicing platforms report for our invoices (through the API): each
 * is recorded once, put in the dossier's Chrono, and the ones that matter to the recovery act
 * through the use case that owns the effect — a dispute (disputes) or a payment received directly
 * (the dossier's account). See e-invoicing.rules.ts for the codes and their sources.
 */
import { In, type EntityManager } from 'typeorm';
import { User } from '../auth';
import { CreditController } from '../credit-controllers';
import type { Db } from '../db/transactions';
import { Dispute, openDispute } from '../disputes';
import { dossierAccount, openInvoices, recordDirectPayment } from '../dossier-account';
import { Dossier, DossierEntry, recordDossierEvent, type Actor } from '../dossiers';
import { LedgerEntry } from '../ledger';
import { DisputeReason } from '../settings';
import { addDays } from '../shared/business-date';
import { AppError } from '../shared/errors';
import type { Locale } from '../shared/i18n';
import { EInvoiceStatus } from './e-invoice-status.entity';
import { cashedAmount, lifecycleStatus, type LifecycleEffect } from './e-invoicing.rules';

/** Who the Chrono names for what a platform reported. */
export const PLATFORM_ACTOR: Actor = { userId: null, userName: 'Plateforme de facturation électronique' };

export interface LifecycleInput {
  /** The invoice: its piece reference, or the externalId it was posted with through the API. */
  pieceRef: string | null;
  externalId: string | null;
  code: string;
  statusDate: string;
  /** Encaissée: the amount cashed; absent, what the invoice still owes. */
  amount: number | null;
  comment: string | null;
}

export interface EInvoicingSettings {
  /** EINVOICING_DISPUTE_REASON: the code of the dispute reason a refusal opens with (empty: the first active reason). */
  disputeReason: string;
  /** EINVOICING_DISPUTE_DAYS: the days the dispute's owner has to deal with it. */
  disputeDays: number;
  disputeTeams: string;
  locale: Locale;
}

export interface LifecycleResult {
  created: boolean;
  effect: LifecycleEffect | 'none';
  status: EInvoiceStatus;
}

async function findInvoice(m: EntityManager, companyId: number, input: LifecycleInput): Promise<LedgerEntry> {
  const where = input.externalId !== null ? { companyId, sourceKey: `api:${input.externalId}` } : { companyId, pieceRef: input.pieceRef ?? '' };
  const field = input.externalId !== null ? 'externalId' : 'pieceRef';
  const lines = (await m.getRepository(LedgerEntry).find({ where, order: { id: 'ASC' } })).filter((l) => l.debit > l.credit && l.thirdPartyId !== null);
  if (lines.length === 0) throw new AppError('not_found', 'eInvoicing.errors.unknownInvoice', 404, [{ field, message: 'eInvoicing.errors.unknownInvoice' }]);
  if (lines.length > 1) throw AppError.field(field, 'eInvoicing.errors.ambiguous');
  return lines[0];
}

async function disputeReasonId(m: EntityManager, code: string): Promise<number> {
  const reason = code
    ? await m.getRepository(DisputeReason).findOneBy({ code, active: true })
    : await m.getRepository(DisputeReason).findOne({ where: { active: true }, order: { position: 'ASC', id: 'ASC' } });
  // Never silently skip the dispute: the platform is told, and the administrator sees the message in the API log.
  if (!reason) throw AppError.field('code', 'eInvoicing.errors.noDisputeReason');
  return reason.id;
}

async function disputeOwner(m: EntityManager, dossier: Dossier): Promise<number | null> {
  const controller = dossier.controllerId ? await m.getRepository(CreditController).findOneBy({ id: dossier.controllerId }) : null;
  if (controller?.userId) return controller.userId;
  const admin = await m.getRepository(User).findOne({ where: { role: 'admin', active: true }, order: { id: 'ASC' } });
  return admin?.id ?? null;
}

export async function recordLifecycleStatus(m: EntityManager, companyId: number, input: LifecycleInput, at: string, today: string, settings: EInvoicingSettings): Promise<LifecycleResult> {
  const status = lifecycleStatus(input.code);
  if (!status) throw AppError.field('code', 'validation.choice');
  if (input.statusDate > today) throw AppError.field('statusDate', 'eInvoicing.errors.future');
  const entry = await findInvoice(m, companyId, input);
  const repo = m.getRepository(EInvoiceStatus);
  const known = await repo.findOneBy({ ledgerEntryId: entry.id, code: status.code, statusDate: input.statusDate });
  if (known) return { created: false, effect: known.disputeId ? 'dispute' : known.directPaymentId ? 'payment' : 'record', status: known };

  const link = await m.getRepository(DossierEntry).findOne({ where: { ledgerEntryId: entry.id }, order: { dossierId: 'DESC' } });
  const dossier = link ? await m.getRepository(Dossier).findOneBy({ id: link.dossierId }) : null;
  const ref = entry.pieceRef ?? entry.entryNumber;
  let disputeId: number | null = null;
  let directPaymentId: number | null = null;
  let effect: LifecycleEffect | 'none' = dossier ? status.effect : 'none';

  if (dossier && status.effect === 'dispute') {
    // Refusée after En litige (or the reverse) is still the one dispute on that invoice.
    const open = await m.getRepository(Dispute).findOneBy({ dossierId: dossier.id, ledgerEntryId: entry.id, status: 'open' });
    disputeId = open?.id ?? (await openDispute(m, dossier.id, {
      ledgerEntryId: entry.id, reasonId: await disputeReasonId(m, settings.disputeReason), ownerUserId: await disputeOwner(m, dossier), ownerTeam: null,
      dueDate: addDays(today, settings.disputeDays), message: `${status.code} ${status.label}${input.comment ? ` — ${input.comment}` : ''}`.slice(0, 2000),
    }, PLATFORM_ACTOR, at, today, { teams: settings.disputeTeams, locale: settings.locale }, 'platform')).id;
  } else if (dossier && status.effect === 'payment') {
    const account = await dossierAccount(m, dossier.id, today);
    const owed = openInvoices(account.lines).find((i) => i.key === `ledger:${entry.id}`)?.amount ?? 0;
    const amount = cashedAmount(input.amount, owed);
    if (amount > 0) {
      directPaymentId = (await recordDirectPayment(m, dossier.id, {
        receivedDate: input.statusDate, paymentDate: input.statusDate, amount, method: 'other', receivedBy: 'us',
        reference: `${status.code} ${ref}`.slice(0, 60), comment: input.comment,
      }, PLATFORM_ACTOR, at, today)).id;
    } else {
      effect = 'record';
    }
  }

  const saved = await repo.save(repo.create({
    companyId, ledgerEntryId: entry.id, dossierId: dossier?.id ?? null, code: status.code, statusDate: input.statusDate,
    amount: input.amount, comment: input.comment, disputeId, directPaymentId, createdAt: at,
  }));
  if (dossier) {
    await recordDossierEvent(m, PLATFORM_ACTOR, {
      dossierId: dossier.id, at, type: 'eInvoiceStatus', amount: input.amount,
      details: { code: status.code, label: status.label, ref, date: input.statusDate, comment: input.comment ?? '' },
    });
  }
  return { created: true, effect, status: saved };
}

export interface InvoiceStatusView {
  ledgerEntryId: number;
  ref: string;
  dueDate: string | null;
  history: { code: string; label: string; statusDate: string; amount: number | null; comment: string | null; effect: string }[];
}

/** The Écritures tab's panel: each invoice of the dossier that a platform reported on, latest status first. */
export async function dossierInvoiceStatuses(db: Db, dossierId: number): Promise<InvoiceStatusView[]> {
  const entryIds = (await db.getRepository(DossierEntry).find({ where: { dossierId } })).map((e) => e.ledgerEntryId);
  if (entryIds.length === 0) return [];
  const rows = await db.getRepository(EInvoiceStatus).find({ where: { ledgerEntryId: In(entryIds) }, order: { statusDate: 'DESC', id: 'DESC' } });
  const entries = new Map((await db.getRepository(LedgerEntry).findBy({ id: In([...new Set(rows.map((r) => r.ledgerEntryId))]) })).map((e) => [e.id, e]));
  const views = new Map<number, InvoiceStatusView>();
  for (const r of rows) {
    const e = entries.get(r.ledgerEntryId);
    const v = views.get(r.ledgerEntryId) ?? { ledgerEntryId: r.ledgerEntryId, ref: e?.pieceRef ?? e?.entryNumber ?? '', dueDate: e?.dueDate ?? null, history: [] };
    v.history.push({
      code: r.code, label: lifecycleStatus(r.code)?.label ?? r.code, statusDate: r.statusDate, amount: r.amount, comment: r.comment,
      effect: r.disputeId ? 'dispute' : r.directPaymentId ? 'payment' : 'record',
    });
    views.set(r.ledgerEntryId, v);
  }
  return [...views.values()];
}
