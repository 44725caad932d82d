/**
 * The debtor page's read model and the debtor's answers. Everything is read from the dossier the
 * link names, never from an id the page sends: the page cannot show another customer's data. Each
 * answer lands in the dossier's Chrono, in the controller's messages and in Gestion des actions; a
 * promise or a dispute goes through the same use cases as from the dossier page.
 */
import { In } from 'typeorm';
import { Attachment } from '../attachments';
import { Company } from '../companies';
import { CreditController } from '../credit-controllers';
import { Db, inTransaction } from '../db/transactions';
import { dossierAccount, openInvoices, undisputedBalances } from '../dossier-account';
import { Dossier, DossierEntry, recordDossierEvent, type Actor } from '../dossiers';
import { disputedEntryIds, openDispute } from '../disputes';
import { addIntervention } from '../interventions';
import { LedgerEntry } from '../ledger';
import { sendMessage } from '../messages';
import { recordPromise } from '../promises';
import { DisputeReason } from '../settings';
import { translate, type Locale } from '../shared/i18n';
import type { Cents } from '../shared/money';
import { ThirdParty } from '../third-parties';
import { User } from '../auth';
import { AppError } from '../shared/errors';
import { rows } from '../db/sql';
import { creditorReference, epcPayload } from './debtor-portal.rules';
import { debtorLinksFor } from './debtor-link.service';

export const DEBTOR_ACTOR: Actor = { userId: null, userName: 'Débiteur (espace débiteur)' };

export interface PortalInvoice {
  entryId: number;
  reference: string | null;
  dueDate: string;
  amount: Cents;
  disputed: boolean;
  copies: { id: number; name: string }[];
}

export interface PortalPage {
  dossier: Dossier;
  creditor: Company;
  customer: ThirdParty;
  invoices: PortalInvoice[];
  amountDue: Cents;
  reference: string;
  payment: { iban: string | null; bic: string | null; qrDataUrl: string | null; payload: string | null };
  reasons: DisputeReason[];
}

/** The dossier's reference the transfer carries: the creditor's own one, else its number. */
export function transferReference(d: Pick<Dossier, 'number' | 'creditorReference'>): string {
  return creditorReference(d.creditorReference || `DOS${d.number}`);
}

export async function portalPage(db: Db, dossierId: number, today: string): Promise<PortalPage> {
  const dossier = await db.getRepository(Dossier).findOneByOrFail({ id: dossierId });
  const [creditor, customer, account] = await Promise.all([
    db.getRepository(Company).findOneByOrFail({ id: dossier.companyId }),
    db.getRepository(ThirdParty).findOneByOrFail({ id: dossier.thirdPartyId }),
    dossierAccount(db, dossierId, today),
  ]);
  const open = openInvoices(account.lines);
  const ledgerIds = open.filter((i) => i.key.startsWith('ledger:')).map((i) => Number(i.key.slice(7)));
  // The copies: attachments of the financial elements (a ledger invoice's copy is the element with its number).
  const elements = account.elements;
  const copies = await db.getRepository(Attachment).find({ where: { dossierId, elementId: In(elements.map((e) => e.id).concat([0])) }, order: { id: 'ASC' } });
  const entries = ledgerIds.length ? await db.getRepository(LedgerEntry).findBy({ id: In(ledgerIds) }) : [];
  const disputedKeys = new Set([...(await disputedEntryIds(db, dossierId))].map((id) => `ledger:${id}`));
  const invoices: PortalInvoice[] = open.map((i) => {
    const isLedger = i.key.startsWith('ledger:');
    const id = Number(i.key.slice(isLedger ? 7 : 8));
    const number = isLedger ? (entries.find((e) => e.id === id)?.pieceRef ?? null) : (elements.find((e) => e.id === id)?.number ?? null);
    const elementIdsOfInvoice = elements.filter((e) => (isLedger ? number !== null && e.number === number : e.id === id)).map((e) => e.id);
    return {
      entryId: isLedger ? id : 0, reference: i.reference, dueDate: i.dueDate, amount: i.amount, disputed: disputedKeys.has(i.key),
      copies: copies.filter((c) => c.elementId !== null && elementIdsOfInvoice.includes(c.elementId)).map((c) => ({ id: c.id, name: c.originalName })),
    };
  });
  const reference = transferReference(dossier);
  const amountDue = Math.max(0, account.overview.balance - account.overview.disputed);
  let qrDataUrl: string | null = null;
  let payload: string | null = null;
  if (creditor.iban) {
    payload = epcPayload({ bic: creditor.bic, name: creditor.name, iban: creditor.iban, amount: amountDue, reference });
    qrDataUrl = await (await import('qrcode')).default.toDataURL(payload, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
  }
  const reasons = await db.getRepository(DisputeReason).find({ where: { active: true }, order: { position: 'ASC', id: 'ASC' } });
  return { dossier, creditor, customer, invoices, amountDue, reference, payment: { iban: creditor.iban, bic: creditor.bic, qrDataUrl, payload }, reasons };
}

/** The copy a debtor may download: an attachment of one of this dossier's financial elements, nothing else. */
export async function portalCopy(db: Db, dossierId: number, attachmentId: number): Promise<Attachment | null> {
  const a = await db.getRepository(Attachment).findOneBy({ id: attachmentId, dossierId });
  return a && a.elementId !== null ? a : null;
}

export type DebtorAnswerKind = 'promise' | 'dispute' | 'plan' | 'message';

/**
 * Tells the controller: a message (signed by the controller's own user, the debtor having none) and a
 * to-do intervention in Gestion des actions, plus the Chrono line, in one transaction.
 */
async function tellController(db: Db, dossierId: number, kind: DebtorAnswerKind, text: string, at: string, today: string, locale: Locale, amount: Cents | null = null): Promise<void> {
  await inTransaction(db, async (m) => {
    const dossier = await m.getRepository(Dossier).findOneByOrFail({ id: dossierId });
    const controller = dossier.controllerId ? await m.getRepository(CreditController).findOneBy({ id: dossier.controllerId }) : null;
    const label = translate(locale, `portal.answers.${kind}`, { number: dossier.number }).slice(0, 200);
    await addIntervention(m, { dossierId, type: 'task', label, dueDate: today, priority: dossier.priority + 10, assigneeId: dossier.controllerId, source: 'system', comment: text.slice(0, 2000) }, DEBTOR_ACTOR, at);
    const to = controller?.userId ? await m.getRepository(User).findOneBy({ id: controller.userId, active: true }) : null;
    if (to) await sendMessage(m, to.id, { toUserId: to.id, dossierId, parentId: null, subject: label, body: text.slice(0, 4000), urgent: kind === 'dispute', replyRequired: true }, at);
    await recordDossierEvent(m, DEBTOR_ACTOR, { dossierId, at, type: 'debtorAnswered', amount, details: { kind, label, text: text.slice(0, 500) } });
  });
}

export async function debtorPromise(db: Db, dossierId: number, input: { promisedDate: string; amount: Cents; comment: string | null }, at: string, today: string, graceDays: number, locale: Locale): Promise<void> {
  await recordPromise(db, dossierId, { ...input, channel: 'debtorPage' }, DEBTOR_ACTOR, at, today, graceDays);
  await tellController(db, dossierId, 'promise', translate(locale, 'portal.answers.promiseText', { date: input.promisedDate.split('-').reverse().join('/'), comment: input.comment ?? '' }), at, today, locale, input.amount);
}

/** A dispute from the page: on one of the dossier's invoices (checked by the use case), owned by the dossier's controller. */
export async function debtorDispute(db: Db, dossierId: number, input: { ledgerEntryId: number | null; reasonId: number; message: string }, at: string, today: string, settings: { teams: string; locale: Locale; dueDays: number }): Promise<number> {
  const dossier = await db.getRepository(Dossier).findOneByOrFail({ id: dossierId });
  const controller = dossier.controllerId ? await db.getRepository(CreditController).findOneBy({ id: dossier.controllerId }) : null;
  const admin = controller?.userId ? null : await db.getRepository(User).findOne({ where: { role: 'admin', active: true }, order: { id: 'ASC' } });
  const ownerUserId = controller?.userId ?? admin?.id ?? null;
  const due = new Date(`${today}T00:00:00Z`);
  due.setUTCDate(due.getUTCDate() + settings.dueDays);
  const dispute = await openDispute(db, dossierId, {
    ledgerEntryId: input.ledgerEntryId, reasonId: input.reasonId, ownerUserId, ownerTeam: null, dueDate: due.toISOString().slice(0, 10), message: input.message,
  }, DEBTOR_ACTOR, at, today, { teams: settings.teams, locale: settings.locale }, 'debtor');
  await tellController(db, dossierId, 'dispute', input.message, at, today, settings.locale, dispute.amount);
  return dispute.id;
}

export async function debtorRequest(db: Db, dossierId: number, kind: 'plan' | 'message', text: string, at: string, today: string, locale: Locale): Promise<void> {
  await tellController(db, dossierId, kind, text, at, today, locale);
}

/** For the page's own checks: whether an entry belongs to the dossier (the dispute form sends one). */
export async function isDossierEntry(db: Db, dossierId: number, ledgerEntryId: number): Promise<boolean> {
  return db.getRepository(DossierEntry).existsBy({ dossierId, ledgerEntryId });
}

export interface LetterDebtorPage {
  url: string;
  expiresOnText: string;
  reference: string;
  /** The EPC QR code (PNG data URL) when the company has an IBAN and something is owed. */
  qrDataUrl: string | null;
  iban: string | null;
}

/** What a letter or e-mail prints of the debtor page: the personal link and the transfer's QR code. */
export async function letterDebtorPage(db: Db, dossierId: number, asOf: string): Promise<LetterDebtorPage> {
  const page = (await letterDebtorPages(db, [dossierId], asOf)).get(dossierId);
  if (!page) throw AppError.notFound();
  return page;
}

/** The same for many dossiers (the daily job's letters), read in a few queries; unknown dossiers are absent. */
export async function letterDebtorPages(db: Db, dossierIds: number[], asOf: string): Promise<Map<number, LetterDebtorPage>> {
  const out = new Map<number, LetterDebtorPage>();
  const ids = [...new Set(dossierIds)];
  // Raw: only what the letter prints, for thousands of dossiers (TypeORM's entity layer costs several times the query).
  const dossiers: { id: number; number: number; creditorReference: string | null; companyId: number }[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    for (const r of await rows<Record<string, unknown>>(db, `SELECT id, number, creditor_reference, company_id FROM dossier WHERE id IN (${slice.map(() => '?').join(', ')})`, slice)) {
      dossiers.push({ id: Number(r.id), number: Number(r.number), creditorReference: r.creditor_reference === null ? null : String(r.creditor_reference), companyId: Number(r.company_id) });
    }
  }
  if (dossiers.length === 0) return out;
  const links = await debtorLinksFor(db, dossiers.map((d) => d.id), asOf);
  // Lighter than the page: the daily run prints thousands of letters (no invoice list, the QR code only when there is an IBAN).
  const creditors = new Map((await db.getRepository(Company).findBy({ id: In([...new Set(dossiers.map((d) => d.companyId))]) })).map((c) => [c.id, c]));
  const withIban = dossiers.filter((d) => creditors.get(d.companyId)?.iban);
  // The stored balance (the balance rule's), less what open disputes contest.
  const due = withIban.length ? await undisputedBalances(db, withIban.map((d) => d.id)) : new Map<number, Cents>();
  for (const dossier of dossiers) {
    const creditor = creditors.get(dossier.companyId);
    if (!creditor) throw AppError.notFound();
    const link = links.get(dossier.id)!;
    const reference = transferReference(dossier);
    let qrDataUrl: string | null = null;
    if (creditor.iban) {
      const amountDue = Math.max(0, due.get(dossier.id) ?? 0);
      if (amountDue > 0) qrDataUrl = await (await import('qrcode')).default.toDataURL(epcPayload({ bic: creditor.bic, name: creditor.name, iban: creditor.iban, amount: amountDue, reference }), { errorCorrectionLevel: 'M', margin: 2, width: 240 });
    }
    out.set(dossier.id, { url: link.url, expiresOnText: link.expiresOn.split('-').reverse().join('/'), reference, qrDataUrl, iban: creditor.iban });
  }
  return out;
}
