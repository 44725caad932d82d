/**
 * Pure rules of the hand-off to a collection agency or a credit insurer.
 * - The agencies require to be told of a payment the creditor received directly while the dossier is
 *   entrusted, within 48 hours in their usual terms: HANDOFF_INFORM_DAYS (2) days.
 * - The agency agrees payment plans on its own up to its authority limit (HANDOFF_AUTHORITY_LIMIT,
 *   50 000 € by default); beyond it, it asks us.
 */
import { addDays } from '../shared/business-date';

export function informAgencyDueDate(receivedOn: string, days: number): string {
  return addDays(receivedOn, days);
}

export function withinAuthority(planAmount: number, limit: number): boolean {
  return planAmount <= limit;
}

/** A financial element of the package, as the insurers' portals ask for it. */
export interface PackageElement {
  type: 'invoice' | 'creditNote' | 'payment' | 'cost';
  number: string;
  issueDate: string;
  dueDate: string | null;
  grossAmount: number;
  netAmount: number | null;
  currency: string;
  comment: string | null;
  /** The file name of its copy in the zip, when the dossier holds one. */
  copy: string | null;
}

/** The copy of an element: the attachment linked to it, or else one whose name carries its number. */
export function copyOf(element: { elementId: number | null; number: string }, files: { elementId: number | null; name: string }[]): string | null {
  const linked = element.elementId !== null ? files.find((f) => f.elementId === element.elementId) : undefined;
  if (linked) return linked.name;
  const byName = element.number ? files.find((f) => f.elementId === null && f.name.includes(element.number)) : undefined;
  return byName?.name ?? null;
}
