/**
 * The document context as a pure function of the dossier's rows and a date: everything a letter
 * shows, with amounts both as raw cents and pre-formatted for French (`1 933,79 €`, `22/11/2026`),
 * so templates only print values and never compute.
 *
 * Over 300 lines: one pure function per block of a letter's context (parties, amounts, entries,
 * late payment), kept together because templates read them together.
 */
import { daysBetween, formatBusinessDate, type BusinessDate } from '../shared/business-date';
import { formatMoney, type Cents, formatRate } from '../shared/money';
import { latePaymentSummary, type LegalRateTable } from '../late-payment';
import { claimAtJudgment } from '../collective-procedures';

export interface PartySource {
  name: string;
  legalForm?: string | null;
  address?: string | null;
  postalCode?: string | null;
  city?: string | null;
  country?: string | null;
  siren?: string | null;
  vatNumber?: string | null;
  phone?: string | null;
  email?: string | null;
}

export interface ContactSource {
  id: number;
  kind: string;
  firstName: string | null;
  lastName: string;
  jobTitle: string | null;
  phone: string | null;
  mobile: string | null;
  email: string | null;
}

export interface EntrySource {
  id: number;
  pieceRef: string | null;
  pieceDate: string | null;
  entryDate: string;
  label: string | null;
  debit: Cents;
  credit: Cents;
  dueDate: string | null;
  originalDueDate: string | null;
  lettering: string | null;
}

export interface DossierContextSource {
  asOf: BusinessDate;
  creditor: PartySource;
  customer: PartySource & { auxiliaryAccount: string };
  contacts: ContactSource[];
  /** The dossier's chosen contact, if any. */
  contactId: number | null;
  controller: { name: string; email: string | null; phone: string | null } | null;
  dossier: { id: number; number: number; startDate: string; creditorReference: string | null; currency: string };
  status: { code: string; label: string; kind: string };
  entries: EntrySource[];
  rates: LegalRateTable;
  /** Contract rate replacing the legal table (L441-10), if the contract sets one. */
  contractRatePercent?: number;
  /** Legal interest rates: a contract rate is never below 3 x theirs. */
  legalInterest?: LegalRateTable;
  /** The dossier's balance by the one rule (src/dossiers/dossier-balance.rules.ts): what the letter says is due. */
  dossierBalance?: Cents;
}

const money = (cents: Cents) => formatMoney(cents, 'fr');
const date = (value: string | null | undefined) => formatBusinessDate(value ?? null, 'fr');
/** `2026-H2` → `2e semestre 2026`, as a letter says it. */
const halfYearText = (h: string) => `${h.endsWith('H1') ? '1er' : '2e'} semestre ${h.slice(0, 4)}`;
const percentText = formatRate;

function party(p: PartySource) {
  const cityLine = [p.postalCode, p.city].filter(Boolean).join(' ');
  const addressLines = [...(p.address ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean), ...(cityLine ? [cityLine] : [])];
  if (p.country && p.country !== 'FR') addressLines.push(p.country);
  return {
    name: p.name,
    legalForm: p.legalForm ?? '',
    fullName: p.legalForm ? `${p.name} (${p.legalForm})` : p.name,
    address: p.address ?? '',
    postalCode: p.postalCode ?? '',
    city: p.city ?? '',
    country: p.country ?? 'FR',
    addressLines,
    siren: p.siren ?? '',
    vatNumber: p.vatNumber ?? '',
    phone: p.phone ?? '',
    email: p.email ?? '',
  };
}

/** The customer with its account, keys in the order `{ ...party(p), account }` gives (object spread costs about a microsecond here). */
function customerParty(p: DossierContextSource['customer']) {
  const out = party(p) as ReturnType<typeof party> & { account: string };
  out.account = p.auxiliaryAccount;
  return out;
}

function contactView(c: ContactSource) {
  return {
    name: [c.firstName, c.lastName].filter(Boolean).join(' '),
    firstName: c.firstName ?? '',
    lastName: c.lastName,
    jobTitle: c.jobTitle ?? '',
    phone: c.phone ?? c.mobile ?? '',
    mobile: c.mobile ?? '',
    email: c.email ?? '',
  };
}

/** Open balance of a ledger line: nothing once lettered (as the dossier workspace counts it). */
export function openBalance(e: Pick<EntrySource, 'debit' | 'credit' | 'lettering'>): Cents {
  return e.lettering ? 0 : e.debit - e.credit;
}

/**
 * What remains due on each open invoice once unallocated credits (payments on account, credit
 * notes) are applied to the oldest due invoices first (Code civil art. 1342-10: failing a choice,
 * payment goes to the oldest debt). Penalties are computed on these amounts, never on more than
 * the customer owes.
 */
export function allocateCredits(entries: EntrySource[]): Map<number, Cents> {
  const open = entries.filter((e) => openBalance(e) !== 0);
  const invoices = open
    .filter((e) => openBalance(e) > 0)
    .sort((a, b) => (a.dueDate ?? a.entryDate).localeCompare(b.dueDate ?? b.entryDate) || a.id - b.id);
  let credit = -open.filter((e) => openBalance(e) < 0).reduce((s, e) => s + openBalance(e), 0);
  const remaining = new Map<number, Cents>();
  for (const inv of invoices) {
    const balance = openBalance(inv);
    const used = Math.min(balance, credit);
    credit -= used;
    remaining.set(inv.id, balance - used);
  }
  return remaining;
}

export type DossierDocumentContext = ReturnType<typeof buildContextFromSource>;

export interface PenaltyRates {
  rates: LegalRateTable;
  contractRatePercent?: number;
  legalInterest?: LegalRateTable;
}

const byDue = (a: EntrySource, b: EntrySource) => (a.dueDate ?? a.entryDate).localeCompare(b.dueDate ?? b.entryDate) || a.id - b.id;

/**
 * The L441-10 penalties and D441-5 indemnities of a dossier's entries at `asOf`, as letters and the
 * detailed print show them (raw cents and French text): on what remains due on each late invoice,
 * provisional when a half-year's rate is carried over, no indemnity under a collective procedure.
 */
export function latePaymentOfEntries(allEntries: EntrySource[], asOf: BusinessDate, r: PenaltyRates, collectiveProcedure: boolean) {
  const openEntries = allEntries.filter((e) => openBalance(e) !== 0).sort(byDue);
  const remaining = allocateCredits(openEntries);
  const lateInvoices = openEntries.filter((e) => (remaining.get(e.id) ?? 0) > 0 && e.dueDate !== null && e.dueDate < asOf);
  const summary = latePaymentSummary(
    lateInvoices.map((e) => ({ amountDueTtc: remaining.get(e.id) ?? 0, dueDate: e.dueDate as string, pieceRef: e.pieceRef ?? undefined })),
    asOf,
    { rates: r.rates, contractRatePercent: r.contractRatePercent, legalInterest: r.legalInterest, paymentForbiddenByCollectiveProcedure: collectiveProcedure },
  );
  const balance = openEntries.reduce((s, e) => s + openBalance(e), 0);
  const lines = summary.lines.map((l, i) => ({
    /** The ledger line it is about (a grouped letter puts each invoice's penalty on its row). */
    entryId: lateInvoices[i].id,
    pieceRef: l.pieceRef ?? '',
    dueDate: l.dueDate,
    dueDateText: date(l.dueDate),
    daysLate: l.daysLate,
    amountDue: l.amountDueTtc,
    amountDueText: money(l.amountDueTtc),
    rates: l.rates,
    ratesText: l.rates.map(percentText).join(' / '),
    segments: l.segments.map((s) => ({
      fromText: date(s.from), toText: date(s.to), days: s.days, rate: s.ratePercent, rateText: percentText(s.ratePercent), penalty: s.penalty, penaltyText: money(s.penalty), provisional: s.provisional,
    })),
    penalty: l.penalty,
    penaltyText: l.penalty === null ? '' : money(l.penalty),
    indemnity: l.indemnity,
    indemnityText: money(l.indemnity),
    missingRate: l.penalty === null,
    provisional: l.provisional,
  }));
  const allRates = [...new Set(summary.lines.flatMap((l) => l.rates))].sort((a, b) => a - b);
  return {
    lateByEntry: new Map(lateInvoices.map((e, i) => [e.id, summary.lines[i]])),
    block: {
      lines,
      hasLines: lines.length > 0,
      rates: allRates,
      ratesText: allRates.map(percentText).join(' / '),
      contractRate: r.contractRatePercent ?? null,
      indemnityForbidden: collectiveProcedure,
      incomplete: summary.incomplete,
      /** A rate carried over from an earlier half-year: letters and prints say the figures are provisional. */
      provisional: summary.provisional,
      missingHalfYears: summary.missingHalfYears,
      provisionalNote: summary.provisional
        ? `Montant provisoire : le taux applicable pour le ${summary.missingHalfYears.map(halfYearText).join(', le ')} n'étant pas encore publié ou saisi, les pénalités sont calculées au dernier taux connu et seront ajustées.`
        : '',
      totals: {
        amountDue: summary.totals.amountDue,
        amountDueText: money(summary.totals.amountDue),
        penalty: summary.totals.penalty,
        penaltyText: money(summary.totals.penalty),
        indemnity: summary.totals.indemnity,
        indemnityText: money(summary.totals.indemnity),
        total: summary.totals.total,
        totalText: money(summary.totals.total),
        /** Balance plus penalties and indemnities: what the mise en demeure claims. */
        claimed: balance + summary.totals.total,
        claimedText: money(balance + summary.totals.total),
      },
    },
  };
}

export function buildContextFromSource(src: DossierContextSource) {
  const { asOf } = src;
  const openEntries = src.entries.filter((e) => openBalance(e) !== 0).sort(byDue);
  const legal = src.status.kind === 'legal';
  const late = latePaymentOfEntries(src.entries, asOf, src, legal);
  const lateByEntry = late.lateByEntry;

  const entries = openEntries.map((e) => {
    const balance = openBalance(e);
    const daysLate = e.dueDate && e.dueDate < asOf ? lateByEntry.get(e.id)?.daysLate ?? daysBetween(e.dueDate, asOf) : 0;
    const amount = e.debit > 0 ? e.debit : -e.credit;
    return {
      id: e.id,
      pieceRef: e.pieceRef ?? '',
      label: e.label ?? '',
      date: e.pieceDate ?? e.entryDate,
      dateText: date(e.pieceDate ?? e.entryDate),
      dueDate: e.dueDate ?? '',
      dueDateText: date(e.dueDate),
      originalDueDate: e.originalDueDate ?? '',
      originalDueDateText: date(e.originalDueDate),
      rescheduled: Boolean(e.originalDueDate && e.originalDueDate !== e.dueDate),
      daysLate,
      overdue: daysLate > 0,
      isCredit: balance < 0,
      amount,
      amountText: money(amount),
      balance,
      balanceText: money(balance),
    };
  });

  const linesBalance = entries.reduce((s, e) => s + e.balance, 0);
  const balance = src.dossierBalance ?? linesBalance;
  // Payments the lines do not show (received directly, settlements) settle the oldest, overdue debts first.
  const overdueLines = entries.filter((e) => e.overdue).reduce((s, e) => s + e.balance, 0);
  const overdue = src.dossierBalance === undefined ? overdueLines : Math.max(0, Math.min(balance, overdueLines));
  const contact = src.contacts.find((c) => c.id === src.contactId) ?? src.contacts.find((c) => c.kind === 'customer') ?? src.contacts[0];

  return {
    asOf,
    asOfText: date(asOf),
    creditor: party(src.creditor),
    customer: customerParty(src.customer),
    contacts: src.contacts.map(contactView),
    contact: contact ? contactView(contact) : null,
    controller: src.controller
      ? { name: src.controller.name, email: src.controller.email ?? '', phone: src.controller.phone ?? '' }
      : null,
    dossier: {
      id: src.dossier.id,
      number: src.dossier.number,
      startDate: src.dossier.startDate,
      startDateText: date(src.dossier.startDate),
      reference: src.dossier.creditorReference ?? '',
      currency: src.dossier.currency,
      status: src.status.label,
      statusCode: src.status.code,
      statusKind: src.status.kind,
      collectiveProcedure: legal,
    },
    entries,
    overdueEntries: entries.filter((e) => e.overdue),
    totals: {
      balance,
      balanceText: money(balance),
      overdue,
      overdueText: money(overdue),
      notDue: balance - overdue,
      notDueText: money(balance - overdue),
      count: entries.length,
      overdueCount: entries.filter((e) => e.overdue).length,
    },
    latePayment: late.block,
  };
}

/**
 * Context of a déclaration de créances (L622-25, R622-23): the dossier context plus the claim split
 * at the judgment date, the penalties accrued until the judgment (the judgment stops interest, L622-28)
 * and no 40 € indemnity (D441-5: not claimable once the procedure forbids paying the debt).
 */
export function buildClaimsContext(src: DossierContextSource, judgmentDate: BusinessDate, securities: string | null) {
  const base = buildContextFromSource({ ...src, asOf: judgmentDate, status: { ...src.status, kind: 'legal' } });
  const open = src.entries.filter((e) => openBalance(e) !== 0);
  const claim = claimAtJudgment(
    open.map((e) => ({ pieceRef: e.pieceRef ?? `#${e.id}`, amount: openBalance(e), dueDate: e.dueDate, date: e.pieceDate ?? e.entryDate })),
    judgmentDate,
  );
  const penalties = base.latePayment.totals.penalty;
  return {
    ...base,
    asOf: src.asOf,
    asOfText: date(src.asOf),
    judgment: { date: judgmentDate, dateText: date(judgmentDate) },
    claim: {
      dueAtJudgment: {
        total: claim.dueAtJudgment.total,
        totalText: money(claim.dueAtJudgment.total),
        entries: claim.dueAtJudgment.entries.map((e) => ({
          pieceRef: e.pieceRef, date: e.date ?? '', dateText: date(e.date), dueDate: e.dueDate ?? '', dueDateText: date(e.dueDate), amount: e.amount, amountText: money(e.amount),
        })),
      },
      notYetDue: {
        total: claim.notYetDue.total,
        totalText: money(claim.notYetDue.total),
        hasEntries: claim.notYetDue.entries.length > 0,
        entries: claim.notYetDue.entries.map((e) => ({ pieceRef: e.pieceRef, dueDate: e.dueDate, dueDateText: date(e.dueDate), amount: e.amount, amountText: money(e.amount) })),
        byDueDate: claim.notYetDue.byDueDate.map((d) => ({ dueDate: d.dueDate, dueDateText: date(d.dueDate), amount: d.amount, amountText: money(d.amount) })),
      },
      penalties,
      penaltiesText: money(penalties),
      total: claim.total + penalties,
      totalText: money(claim.total + penalties),
      principal: claim.total,
      principalText: money(claim.total),
      postJudgment: claim.postJudgment.map((e) => ({ pieceRef: e.pieceRef, amount: e.amount, amountText: money(e.amount) })),
      hasPostJudgment: claim.postJudgment.length > 0,
    },
    securities: securities ?? '',
    hasSecurities: Boolean(securities && securities.trim()),
  };
}
