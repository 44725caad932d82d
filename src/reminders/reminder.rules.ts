/**
 * Pure rules of Rappel / relevé: the aging boundaries as dates, the letter level proposed from the
 * invoices' reminder counts, and the automatic-dossier rule's thresholds. Today is always a parameter.
 */
import { addDays, daysBetween } from '../shared/business-date';
import { agingBucket, agingDate, type AgingBucket } from '../ledger';

export type ReminderLevel = 1 | 2 | 3;
export const REMINDER_LEVELS: ReminderLevel[] = [1, 2, 3];

/** The shipped letter of each level (src/documents), and the account statement. */
export const LEVEL_TEMPLATES: Record<ReminderLevel, string> = { 1: 'relance-simple', 2: 'relance-ferme', 3: 'mise-en-demeure' };
export const STATEMENT_TEMPLATE = 'releve-compte';

/**
 * The bucket boundaries of src/ledger's agingBucket as dates, so SQL can bucket by comparing
 * `YYYY-MM-DD` strings: an item aged from date D is 1–30 days late when `d30 <= D < today`, 31–60
 * when `d60 <= D < d30`, 61–90 when `d90 <= D < d60`, over 90 when `D < d90`, not due when `D >= today`.
 */
export function agingBoundaries(today: string): { today: string; d30: string; d60: string; d90: string } {
  return { today, d30: addDays(today, -30), d60: addDays(today, -60), d90: addDays(today, -90) };
}

/** The latest date an item may be aged from to be at least `minDays` late (minDays ≥ 1). */
export function lateSince(today: string, minDays: number): string {
  return addDays(today, -Math.max(1, minDays));
}

/** Days the customer is late: the age of its oldest overdue invoice. */
export function customerDaysLate(oldestOverdue: string | null, today: string): number {
  return oldestOverdue ? Math.max(0, daysBetween(oldestOverdue, today)) : 0;
}

export interface ItemForReminder {
  debit: number;
  credit: number;
  dueDate: string | null;
  entryDate: string;
}

/** An invoice a reminder is about: a debit line whose aging date is before today. */
export function isOverdueInvoice(item: ItemForReminder, today: string): boolean {
  return item.debit > item.credit && agingDate(item) < today;
}

export function bucketOf(item: ItemForReminder, today: string): AgingBucket {
  return agingBucket(Math.max(0, daysBetween(agingDate(item), today)));
}

/**
 * The letter proposed for a customer: one level above the most reminded of its invoices in the
 * letter, capped at the mise en demeure (0 reminders → relance simple, 1 → ferme, 2 or more → mise en demeure).
 */
export function proposeLevel(counts: number[]): ReminderLevel {
  const most = counts.length ? Math.max(...counts) : 0;
  return Math.min(3, Math.max(1, most + 1)) as ReminderLevel;
}

export function isReminderLevel(value: unknown): value is ReminderLevel {
  return value === 1 || value === 2 || value === 3;
}

// ---------------------------------------------------------------------------------------------
// The automatic-dossier rule of the daily job

export interface AutoDossierRule {
  enabled: boolean;
  /** Net overdue amount (cents) from which a customer gets a dossier. */
  minOverdueCents: number;
  /** Age (days) of the customer's oldest overdue invoice from which it gets a dossier. */
  minDaysLate: number;
  /** The scenario put on the dossiers created; none when null. */
  scenarioId: number | null;
}

/** Off by default: a customer needs 1 000,00 € overdue for 60 days once an administrator turns it on. */
export const DEFAULT_AUTO_DOSSIER_RULE: AutoDossierRule = { enabled: false, minOverdueCents: 100000, minDaysLate: 60, scenarioId: null };

/** The stored JSON, with defaults for anything missing or malformed (a bad row never stops the daily job). */
export function parseAutoDossierRule(json: string | null | undefined): AutoDossierRule {
  if (!json) return { ...DEFAULT_AUTO_DOSSIER_RULE };
  let raw: Partial<Record<keyof AutoDossierRule, unknown>>;
  try {
    raw = JSON.parse(json) as typeof raw;
  } catch {
    return { ...DEFAULT_AUTO_DOSSIER_RULE };
  }
  const int = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : fallback);
  return {
    enabled: raw.enabled === true,
    minOverdueCents: int(raw.minOverdueCents, DEFAULT_AUTO_DOSSIER_RULE.minOverdueCents),
    minDaysLate: int(raw.minDaysLate, DEFAULT_AUTO_DOSSIER_RULE.minDaysLate),
    scenarioId: typeof raw.scenarioId === 'number' && Number.isInteger(raw.scenarioId) && raw.scenarioId > 0 ? raw.scenarioId : null,
  };
}
