/**
 * Injonction de payer (Code de procédure civile, art. 1405 and following), as pure functions. The
 * procedure's events, in order, with the deadlines the texts set (each a setting, the legal value
 * as its default):
 *
 *  1. Filing: the creditor files the request (requête) with the court — the tribunal de commerce
 *     between traders (Cerfa 12946; 12948 is the civil court's form). Its content (CPC 1407): the
 *     parties, the amount claimed with the breakdown of its elements, the ground of the claim, and
 *     the list (bordereau) of the supporting documents. Filing is a claim in court: it interrupts
 *     prescription (Code civil 2241).
 *  2. Order: the judge grants it (in full or in part) or rejects it (CPC 1409). Since 1 March 2022
 *     (décret 2021-1322) the certified copy of the order is issued with the formule exécutoire
 *     from the start (CPC 1410): there is no longer a separate request for enforceability (the
 *     former 1423 is repealed). An order made before that date follows the former rule: the
 *     creditor asked for the formule exécutoire within one month after the opposition period.
 *  3. Service: the order is void (non avenue) if not served within 6 months of its date (CPC 1411).
 *  4. Opposition: the debtor may oppose within 1 month of service (CPC 1416). When the order was
 *     not served to the debtor in person, that month runs from the first enforcement measure that
 *     makes the debtor's goods unavailable: the module then shows no final date by itself.
 *  5. Without opposition the order has all the effects of a judgment given after hearing both
 *     parties (CPC 1422): the creditor has a commissaire de justice enforce it. With an opposition
 *     the case goes to a hearing (CPC 1417): the dossier continues in the litigation phase.
 * No clock, no database.
 */
import { addDays, addMonths, type BusinessDate } from '../shared/business-date';

export type PaymentOrderStatus = 'prepared' | 'filed' | 'ordered' | 'rejected' | 'served' | 'opposed' | 'final' | 'void';
export const PAYMENT_ORDER_STATUSES: PaymentOrderStatus[] = ['prepared', 'filed', 'ordered', 'rejected', 'served', 'opposed', 'final', 'void'];

/** The delays, from the settings (the legal values are their defaults). */
export interface PaymentOrderDelays {
  /** CPC 1411: 6 months. */
  serviceMonths: number;
  /** CPC 1416: 1 month. */
  oppositionMonths: number;
  /** Former CPC 1423 (orders before 1 March 2022): 1 month. */
  formerEnforceabilityMonths: number;
}
/** Décret 2021-1322: orders made from this date carry the formule exécutoire from the start (CPC 1410). */
export const EXECUTORY_FROM_START = '2022-03-01';

export interface PaymentOrderFacts {
  status: PaymentOrderStatus;
  filedDate: BusinessDate | null;
  orderDate: BusinessDate | null;
  servedDate: BusinessDate | null;
  /** Served to the debtor in person (signification à personne): the opposition month runs from it. */
  servedToPerson: boolean;
  oppositionDate: BusinessDate | null;
}

export interface PaymentOrderDeadlines {
  /** Last day to serve the order before it is void (CPC 1411). */
  serviceDeadline: BusinessDate | null;
  /** Last day of the debtor's opposition (CPC 1416), when it runs from the service. */
  oppositionDeadline: BusinessDate | null;
  /** First day the order is final, without opposition (CPC 1422). */
  finalFrom: BusinessDate | null;
  /** Orders made before 1 March 2022: last day to ask for the formule exécutoire (former CPC 1423). */
  formerEnforceabilityDeadline: BusinessDate | null;
  executoryFromStart: boolean;
}

export function paymentOrderDeadlines(facts: PaymentOrderFacts, delays: PaymentOrderDelays): PaymentOrderDeadlines {
  const serviceDeadline = facts.orderDate ? addMonths(facts.orderDate, delays.serviceMonths) : null;
  const oppositionDeadline = facts.servedDate && facts.servedToPerson ? addMonths(facts.servedDate, delays.oppositionMonths) : null;
  const executoryFromStart = facts.orderDate ? facts.orderDate >= EXECUTORY_FROM_START : true;
  return {
    serviceDeadline,
    oppositionDeadline,
    finalFrom: oppositionDeadline ? addDays(oppositionDeadline, 1) : null,
    formerEnforceabilityDeadline: !executoryFromStart && oppositionDeadline ? addMonths(oppositionDeadline, delays.formerEnforceabilityMonths) : null,
    executoryFromStart,
  };
}

/** The status the facts give on `today`: an order not served in time is void; one past its opposition month is final. */
export function paymentOrderStatusOn(facts: PaymentOrderFacts, today: BusinessDate, delays: PaymentOrderDelays): PaymentOrderStatus {
  if (facts.status === 'rejected' || facts.status === 'opposed' || facts.status === 'void' || facts.status === 'final') return facts.status;
  const d = paymentOrderDeadlines(facts, delays);
  if (facts.status === 'ordered' && d.serviceDeadline && today > d.serviceDeadline) return 'void';
  if (facts.status === 'served' && d.finalFrom && today >= d.finalFrom && !facts.oppositionDate) return 'final';
  return facts.status;
}

export type PaymentOrderEvent = 'filed' | 'ordered' | 'rejected' | 'served' | 'opposed';

/** Which events may follow a status: a step out of order is refused with the reason. */
export const NEXT_EVENTS: Record<PaymentOrderStatus, PaymentOrderEvent[]> = {
  prepared: ['filed'],
  filed: ['ordered', 'rejected'],
  ordered: ['served'],
  served: ['opposed'],
  rejected: [],
  opposed: [],
  final: [],
  void: [],
};

/** The legal to-do each event opens, with its deadline: what Gestion des actions shows. */
export function legalStepAfter(event: PaymentOrderEvent, facts: PaymentOrderFacts, delays: PaymentOrderDelays): { code: string; label: string; dueDate: BusinessDate } | null {
  const d = paymentOrderDeadlines(facts, delays);
  switch (event) {
    case 'filed':
      return facts.filedDate ? { code: 'IP-ORDONNANCE', label: "Injonction de payer : suivre la décision du juge sur la requête", dueDate: addMonths(facts.filedDate, 1) } : null;
    case 'ordered':
      return d.serviceDeadline ? { code: 'IP-SIGNIFICATION', label: "Injonction de payer : faire signifier l'ordonnance (non avenue après le délai de l'article 1411 CPC)", dueDate: d.serviceDeadline } : null;
    case 'served':
      return d.finalFrom
        ? { code: 'IP-EXECUTION', label: d.executoryFromStart ? "Injonction de payer : sans opposition, faire exécuter l'ordonnance (CPC 1422)" : 'Injonction de payer : demander la formule exécutoire (ancien art. 1423 CPC)', dueDate: d.executoryFromStart ? d.finalFrom : (d.formerEnforceabilityDeadline ?? d.finalFrom) }
        : null;
    default:
      return null;
  }
}
