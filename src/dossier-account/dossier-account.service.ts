/**
 * Compte dossier use cases: read the account (ledger lines, financial elements, direct payments),
 * add a financial element, record a payment received directly, and persist the matches between
 * direct payments and the ledger lines that record them.
 */
import { In, IsNull, type EntityManager } from 'typeorm';
import { Db, inTransaction } from '../db/transactions';
import { accountTransactions, Dossier, loadHoldings, recordDossierEvent, refreshDossierBalances, unallocatedCredits, type Actor, type UnallocatedCredit } from '../dossiers';
import { SYSTEM_ACTOR } from '../history';
import { LedgerEntry } from '../ledger';
import { loadRateTables } from '../late-payment';
import { ThirdParty } from '../third-parties';
import { DossierStatus } from '../settings';
import { disputedEntryIds, disputedEntryIdsOf } from '../dispute-scope';
import { AppError } from '../shared/errors';
import type { Cents } from '../shared/money';
import { DirectPayment, ElementKind, FinancialElement, PaymentMethod, ReceivedBy } from './dossier-account.entity';
import { AccountLine, AccountOverview, AccountTx, LedgerCandidate, accountOverview, disputedOpenAmount, matchDirectPayments, runningBalance } from './dossier-account.rules';
import { percentOf } from '../shared/money';

export interface DossierAccount {
  overview: AccountOverview;
  lines: AccountLine[];
  elements: FinancialElement[];
  payments: (DirectPayment & { matchedRef: string | null; matchedPending: boolean })[];
  /** The customer's payments and credit notes nothing allocates: proposed for linking, or shown beside the balance. */
  unallocated: UnallocatedCredit;
}

function toLine(e: LedgerEntry): LedgerCandidate {
  return {
    id: e.id, journalCode: e.journalCode, journalLabel: e.journalLabel, entryDate: e.entryDate, pieceRef: e.pieceRef, label: e.label,
    debit: e.debit, credit: e.credit, dueDate: e.dueDate, lettering: e.lettering, thirdPartyId: e.thirdPartyId,
  };
}

/** The customer's payment lines a direct payment could match, and the lines already matched by any direct payment. */
async function matchCandidates(db: Db, thirdPartyIds: number[]): Promise<{ candidates: LedgerCandidate[]; taken: Set<number> }> {
  if (thirdPartyIds.length === 0) return { candidates: [], taken: new Set() };
  const rows = await db
    .getRepository(LedgerEntry)
    .createQueryBuilder('le')
    .where('le.thirdPartyId IN (:...ids) AND le.credit > le.debit', { ids: thirdPartyIds })
    .getMany();
  const matched = rows.length
    ? await db.getRepository(DirectPayment).find({ where: { matchedEntryId: In(rows.map((r) => r.id)) }, select: { id: true, matchedEntryId: true } })
    : [];
  return { candidates: rows.map(toLine), taken: new Set(matched.map((m) => m.matchedEntryId as number)) };
}

/**
 * Pending matches: the ledger lines that record direct payments not matched yet. Applied on every
 * read, so a payment is never counted twice even before the daily task writes the match down.
 */
export async function pendingMatches(db: Db, payments: DirectPayment[]): Promise<Map<number, number>> {
  const open = payments.filter((p) => p.matchedEntryId === null);
  if (open.length === 0) return new Map();
  const { candidates, taken } = await matchCandidates(db, [...new Set(open.map((p) => p.thirdPartyId))]);
  return matchDirectPayments(open, candidates, taken);
}

/**
 * What is still owed on the invoices open disputes cover (issue 15), by the balance rule, for the
 * dossiers given that have an open dispute (the others are absent).
 */
export async function disputedOpenAmounts(db: Db, dossierIds: number[]): Promise<Map<number, Cents>> {
  const out = new Map<number, Cents>();
  const disputed = await disputedEntryIdsOf(db, [...new Set(dossierIds)]);
  if (disputed.size === 0) return out;
  const holdings = await loadHoldings(db, [...disputed.keys()]);
  for (const [id, entries] of disputed) {
    const h = holdings.get(id);
    if (h) out.set(id, disputedOpenAmount(accountTransactions(h), new Set([...entries].map((e) => `ledger:${e}`))));
  }
  return out;
}

/**
 * The balance the scenario run weighs (issue 15): the dossier's stored balance (the balance rule's
 * figure), less what open disputes contest on its invoices.
 */
export async function undisputedBalances(db: Db, dossierIds: number[]): Promise<Map<number, Cents>> {
  const out = new Map<number, Cents>();
  const ids = [...new Set(dossierIds)];
  for (let i = 0; i < ids.length; i += 400) {
    for (const d of await db.getRepository(Dossier).find({ where: { id: In(ids.slice(i, i + 400)) }, select: { id: true, balance: true } })) out.set(d.id, d.balance);
  }
  for (const [id, part] of await disputedOpenAmounts(db, ids)) out.set(id, (out.get(id) ?? 0) - part);
  return out;
}

export async function dossierAccount(db: Db, dossierId: number, today: string): Promise<DossierAccount> {
  const dossier = await db.getRepository(Dossier).findOneBy({ id: dossierId });
  if (!dossier) throw AppError.notFound();
  const status = await db.getRepository(DossierStatus).findOneByOrFail({ id: dossier.statusId });
  const holdings = (await loadHoldings(db, [dossierId])).get(dossierId)!;
  const txs: AccountTx[] = accountTransactions(holdings);
  const elements = await db.getRepository(FinancialElement).find({ where: { dossierId }, order: { issueDate: 'ASC', id: 'ASC' } });
  const payments = await db.getRepository(DirectPayment).find({ where: { dossierId }, order: { paymentDate: 'ASC', id: 'ASC' } });
  const recorded = new Map(holdings.payments.map((p) => [p.id, p.recordedBy]));
  const viewPayments = payments.map((p) => {
    const entry = recorded.get(p.id) ?? null;
    return Object.assign(p, { matchedRef: entry ? (entry.pieceRef ?? entry.entryNumber ?? String(entry.id)) : null, matchedPending: p.matchedEntryId === null && entry !== null });
  });
  const lines = runningBalance(txs);
  const [tables, customer] = await Promise.all([loadRateTables(db), db.getRepository(ThirdParty).findOneBy({ id: dossier.thirdPartyId })]);
  // Issue 15 hook: the invoices open disputes cover.
  const disputedKeys = new Set([...(await disputedEntryIds(db, dossierId))].map((id) => `ledger:${id}`));
  const penaltyOptions = {
    collectiveProcedure: status.kind === 'legal',
    rates: tables.penalty,
    legalInterest: tables.legalInterest,
    contractRatePercent: customer?.contractRateHundredths != null ? percentOf(customer.contractRateHundredths) : null,
    disputedKeys,
  };
  return {
    overview: accountOverview(txs, today, penaltyOptions), lines, elements, payments: viewPayments,
    unallocated: await unallocatedCredits(db, holdings),
  };
}

export interface FinancialElementInput {
  kind: ElementKind;
  number: string;
  issueDate: string;
  dueDate: string | null;
  grossAmount: Cents;
  netAmount: Cents | null;
  currency: string;
  comment: string | null;
}

export async function addFinancialElement(db: Db, dossierId: number, input: FinancialElementInput, actor: Actor, at: string): Promise<FinancialElement> {
  if (input.grossAmount <= 0) throw AppError.field('grossAmount', 'account.errors.positive');
  if (input.netAmount !== null && (input.netAmount < 0 || input.netAmount > input.grossAmount)) throw AppError.field('netAmount', 'account.errors.netAboveGross');
  if (input.dueDate !== null && input.dueDate < input.issueDate) throw AppError.field('dueDate', 'account.errors.dueBeforeIssue');
  return inTransaction(db, async (m) => {
    if (!(await m.getRepository(Dossier).existsBy({ id: dossierId }))) throw AppError.notFound();
    const saved = await m.getRepository(FinancialElement).save(m.getRepository(FinancialElement).create({ ...input, dossierId, createdAt: at, createdBy: actor.userId }));
    await recordDossierEvent(m, actor, {
      dossierId, at, type: 'financialElementAdded', amount: input.grossAmount,
      details: { kind: input.kind, number: input.number, issueDate: input.issueDate },
    });
    await refreshDossierBalances(m, { dossierIds: [dossierId] });
    return saved;
  });
}

export interface DirectPaymentInput {
  receivedDate: string;
  paymentDate: string;
  amount: Cents;
  method: PaymentMethod;
  receivedBy: ReceivedBy;
  reference: string | null;
  comment: string | null;
}

/**
 * What other components do, in the same transaction, once a payment received directly is recorded
 * (the hand-off tells the agency of a payment we received while it holds the dossier). Registered
 * once, when the component's module loads.
 */
export const DIRECT_PAYMENT_HOOKS: ((m: EntityManager, payment: DirectPayment, at: string, today: string) => Promise<void>)[] = [];

export async function recordDirectPayment(db: Db, dossierId: number, input: DirectPaymentInput, actor: Actor, at: string, today: string): Promise<DirectPayment> {
  if (input.amount <= 0) throw AppError.field('amount', 'account.errors.positive');
  if (input.paymentDate > today) throw AppError.field('paymentDate', 'account.errors.future');
  if (input.receivedDate > today) throw AppError.field('receivedDate', 'account.errors.future');
  return inTransaction(db, async (m) => {
    const dossier = await m.getRepository(Dossier).findOneBy({ id: dossierId });
    if (!dossier) throw AppError.notFound();
    const saved = await m.getRepository(DirectPayment).save(
      m.getRepository(DirectPayment).create({ ...input, dossierId, thirdPartyId: dossier.thirdPartyId, matchedEntryId: null, matchedAt: null, createdAt: at, createdBy: actor.userId }),
    );
    await recordDossierEvent(m, actor, {
      dossierId, at, type: 'paymentRecorded', amount: input.amount,
      details: { paymentDate: input.paymentDate, method: input.method, receivedBy: input.receivedBy, reference: input.reference ?? '—' },
    });
    for (const hook of DIRECT_PAYMENT_HOOKS) await hook(m, saved, at, today);
    await reconcileDirectPayments(m, { dossierId }, at);
    // A payment of a customer may take, by the matching rule, a ledger line another dossier of the customer counted.
    await refreshDossierBalances(m, { thirdPartyIds: [dossier.thirdPartyId] });
    return m.getRepository(DirectPayment).findOneByOrFail({ id: saved.id });
  });
}

/**
 * Writes down the matches of direct payments with the ledger lines that record them (see
 * matchDirectPayments for the rule), one Chrono line each. Idempotent: a matched payment is left alone,
 * and the unique index on matched_entry_id refuses a line matched twice even by two runs at once.
 */
export async function reconcileDirectPayments(db: Db, scope: { dossierId?: number }, at: string): Promise<number> {
  return inTransaction(db, async (m) => {
    const where = scope.dossierId ? { dossierId: scope.dossierId, matchedEntryId: IsNull() } : { matchedEntryId: IsNull() };
    const open = await m.getRepository(DirectPayment).find({ where, order: { id: 'ASC' } });
    const pairs = await pendingMatches(m, open);
    const touched = new Set<number>();
    let n = 0;
    for (const p of open) {
      const entryId = pairs.get(p.id);
      if (entryId === undefined) continue;
      const entry = await m.getRepository(LedgerEntry).findOneByOrFail({ id: entryId });
      const done = await m.getRepository(DirectPayment).update({ id: p.id, matchedEntryId: IsNull() }, { matchedEntryId: entryId, matchedAt: at });
      if (!done.affected) continue;
      await recordDossierEvent(m, SYSTEM_ACTOR, {
        dossierId: p.dossierId, at, type: 'paymentMatched', amount: p.amount,
        details: { paymentDate: p.paymentDate, reference: p.reference ?? '—', ledgerRef: entry.pieceRef ?? entry.entryNumber, entryDate: entry.entryDate },
      });
      n++;
      touched.add(p.thirdPartyId);
    }
    if (touched.size) await refreshDossierBalances(m, { thirdPartyIds: [...touched] });
    return n;
  });
}
