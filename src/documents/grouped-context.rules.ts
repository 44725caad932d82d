/**
 * The context of a grouped letter or e-mail (one communication per customer): the dossier contexts
 * of the day's parts, put side by side. Every figure is read from those contexts, which the dossier
 * rules built (the balance rule's balance, the L441-10 penalties and D441-5 indemnity of each late
 * invoice): nothing here computes a penalty or a balance; totals only add up what each dossier says.
 * Pure: the contexts and the date come in as arguments.
 */
import { formatMoney, type Cents } from '../shared/money';
import type { LetterDebtorPage } from '../debtor-portal';
import type { DossierDocumentContext } from './document-context.rules';

/** The grouped templates, one per channel. */
export const GROUPED_TEMPLATES = { letter: 'courrier-groupe', email: 'e-mail-groupe' } as const;

export type GroupedLevel = 1 | 2 | 3;

/** What each level is called in the letter, and the tone flags the grouped template reads. */
const LEVEL_TEXT: Record<GroupedLevel, string> = { 1: 'Rappel', 2: 'Relance', 3: 'Mise en demeure' };

export interface GroupedPartSource {
  /** The dossier's context at the letter's date (buildDossierContext), with its debtor page (personal link and QR code). */
  context: DossierDocumentContext & { debtorPage?: LetterDebtorPage | null };
  /** The most advanced level of the dossier's parts of the day. */
  level: GroupedLevel;
  /** The scenario step's label, for the controller (not printed to the debtor by the shipped templates). */
  stepLabel: string;
  /** The part's own template, whose tone the letter takes when it is the lead. */
  templateCode: string;
}

const money = (cents: Cents) => formatMoney(cents, 'fr');
const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);
const percentText = (rate: number) => `${rate.toFixed(2).replace('.', ',')}\u00a0%`;

/**
 * `parts[0]` is the lead (the most advanced part): the letter takes its tone, its dossier's creditor,
 * customer, contact and controller. One part per dossier; the dossiers are listed in the given order.
 */
export function buildGroupedContext(parts: GroupedPartSource[]) {
  if (parts.length === 0) throw new Error('a grouped letter needs at least one part');
  const lead = parts[0];
  const base = lead.context;

  const dossiers = parts.map((p) => {
    const c = p.context;
    const lateByEntry = new Map(c.latePayment.lines.map((l) => [l.entryId, l]));
    const invoices = c.overdueEntries.map((e) => {
      const late = lateByEntry.get(e.id);
      return {
        dossierNumber: c.dossier.number,
        dossierReference: c.dossier.reference,
        level: p.level,
        levelText: LEVEL_TEXT[p.level],
        pieceRef: e.pieceRef,
        label: e.label,
        dateText: e.dateText,
        dueDate: e.dueDate,
        dueDateText: e.dueDateText,
        daysLate: e.daysLate,
        amountText: e.amountText,
        balance: e.balance,
        balanceText: e.balanceText,
        /** Empty when the invoice bears no penalty (covered by a credit, or no rate known). */
        penaltyText: late?.penaltyText ?? '',
        indemnityText: late ? late.indemnityText : '',
        ratesText: late?.ratesText ?? '',
        provisional: late?.provisional ?? false,
        hasPenalty: Boolean(late),
      };
    });
    return {
      id: c.dossier.id,
      number: c.dossier.number,
      reference: c.dossier.reference,
      status: c.dossier.status,
      level: p.level,
      levelText: LEVEL_TEXT[p.level],
      stepLabel: p.stepLabel,
      templateCode: p.templateCode,
      /** The dossier's debtor page: its personal link and transfer QR code (the page shows that dossier). */
      debtorPage: c.debtorPage ?? null,
      invoices,
      invoiceCount: invoices.length,
      totals: {
        balanceText: c.totals.balanceText,
        overdueText: c.totals.overdueText,
        penaltyText: c.latePayment.totals.penaltyText,
        indemnityText: c.latePayment.totals.indemnityText,
        claimedText: c.latePayment.totals.claimedText,
      },
    };
  });

  const invoices = dossiers.flatMap((d) => d.invoices);
  const contexts = parts.map((p) => p.context);
  const balance = sum(contexts.map((c) => c.totals.balance));
  const overdue = sum(contexts.map((c) => c.totals.overdue));
  const penalty = sum(contexts.map((c) => c.latePayment.totals.penalty));
  const indemnity = sum(contexts.map((c) => c.latePayment.totals.indemnity));
  const claimed = sum(contexts.map((c) => c.latePayment.totals.claimed));
  const provisional = contexts.find((c) => c.latePayment.provisional);

  return {
    asOf: base.asOf,
    asOfText: base.asOfText,
    creditor: base.creditor,
    customer: base.customer,
    contacts: base.contacts,
    contact: base.contact,
    controller: base.controller,
    grouped: true,
    tone: {
      level: lead.level,
      levelText: LEVEL_TEXT[lead.level],
      templateCode: lead.templateCode,
      courteous: lead.level === 1,
      firm: lead.level === 2,
      formalNotice: lead.level === 3,
    },
    dossiers,
    /**
     * Issue 15: the debtor page is a dossier's, so the letter prints each listed dossier's personal
     * link and QR code (all the same customer's: no page shows another customer's).
     */
    debtorPages: dossiers.filter((d) => d.debtorPage).map((d) => ({ dossierNumber: d.number, ...d.debtorPage! })),
    invoices,
    /** `3 dossiers, 7 factures`, as Gestion des actions shows it. */
    summary: `${dossiers.length} dossier${dossiers.length > 1 ? 's' : ''}, ${invoices.length} facture${invoices.length > 1 ? 's' : ''}`,
    totals: {
      dossierCount: dossiers.length,
      invoiceCount: invoices.length,
      balance,
      balanceText: money(balance),
      overdue,
      overdueText: money(overdue),
      penalty,
      penaltyText: money(penalty),
      indemnity,
      indemnityText: money(indemnity),
      claimed,
      claimedText: money(claimed),
    },
    latePayment: {
      contractRate: base.latePayment.contractRate,
      ratesText: [...new Set(contexts.flatMap((c) => c.latePayment.rates))].sort((a, b) => a - b).map(percentText).join(' / '),
      provisional: Boolean(provisional),
      provisionalNote: provisional?.latePayment.provisionalNote ?? '',
    },
  };
}

export type GroupedDocumentContext = ReturnType<typeof buildGroupedContext>;
