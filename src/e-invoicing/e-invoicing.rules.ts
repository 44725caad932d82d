/**
 * The lifecycle statuses of an e-invoice in the French reform (mandatory from 1 September 2026,
 * CGI art. 289 bis and 290 as amended by loi n° 2023-1322, art. 91). The codes and labels are the
 * DGFiP's "Spécifications externes de la facturation électronique" (annex "cycle de vie", statuses
 * 200 to 214, also norm AFNOR XP Z12-012). Four are mandatory: 200 Déposée, 210 Refusée, 212 Encaissée
 * and 213 Rejetée; the others are optional and reported when the platforms exchange them.
 *
 * What each one does to the recovery: Refusée (the buyer refuses the invoice) and En litige (the
 * buyer disputes part or all of it) open a dispute on that invoice, which takes it out of the
 * reminders; Encaissée (the supplier declares the payment received) records a payment received
 * directly, matched later with the ledger by the balance rule; the others are only recorded.
 */
export type LifecycleEffect = 'dispute' | 'payment' | 'record';

export interface LifecycleStatus {
  code: string;
  /** The label of the specification, in French. */
  label: string;
  mandatory: boolean;
  effect: LifecycleEffect;
}

export const LIFECYCLE_STATUSES: readonly LifecycleStatus[] = [
  { code: '200', label: 'Déposée', mandatory: true, effect: 'record' },
  { code: '201', label: 'Émise par la plateforme', mandatory: false, effect: 'record' },
  { code: '202', label: 'Reçue par la plateforme', mandatory: false, effect: 'record' },
  { code: '203', label: 'Mise à disposition', mandatory: false, effect: 'record' },
  { code: '204', label: 'Prise en charge', mandatory: false, effect: 'record' },
  { code: '205', label: 'Approuvée', mandatory: false, effect: 'record' },
  { code: '206', label: 'Approuvée partiellement', mandatory: false, effect: 'record' },
  { code: '207', label: 'En litige', mandatory: false, effect: 'dispute' },
  { code: '208', label: 'Suspendue', mandatory: false, effect: 'record' },
  { code: '209', label: 'Complétée', mandatory: false, effect: 'record' },
  { code: '210', label: 'Refusée', mandatory: true, effect: 'dispute' },
  { code: '211', label: 'Paiement transmis', mandatory: false, effect: 'record' },
  { code: '212', label: 'Encaissée', mandatory: true, effect: 'payment' },
  { code: '213', label: 'Rejetée', mandatory: true, effect: 'record' },
  { code: '214', label: 'Visée', mandatory: false, effect: 'record' },
];

export const LIFECYCLE_CODES = LIFECYCLE_STATUSES.map((s) => s.code) as [string, ...string[]];

export function lifecycleStatus(code: string): LifecycleStatus | undefined {
  return LIFECYCLE_STATUSES.find((s) => s.code === code);
}

/** The amount an Encaissée records: what the platform says was cashed, or else what the invoice still owes. */
export function cashedAmount(declared: number | null, openAmount: number): number {
  return declared ?? openAmount;
}
