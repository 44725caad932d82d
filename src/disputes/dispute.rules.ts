/**
 * Litiges, as pure rules: which invoices an open dispute takes out of the reminders, the penalties
 * and the scenario's balance, the teams setting, and the age buckets of the report.
 */
import { daysBetween, type BusinessDate } from '../shared/business-date';

export { disputedEntries, coversWholeDossier, type DisputeScope } from '../dispute-scope';

/** DISPUTE_TEAMS: `sales=jdupont,mmartin;quality=pdurand` → team code → usernames. */
export function parseTeams(value: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of value.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [code, members = ''] = part.split('=');
    const users = members.split(',').map((u) => u.trim().toLowerCase()).filter(Boolean);
    if (code.trim()) out.set(code.trim(), users);
  }
  return out;
}

export const TEAMS_PATTERN = /^([A-Za-z0-9_-]{1,40}=[A-Za-z0-9._@-]+(,[A-Za-z0-9._@-]+)*)?(;[A-Za-z0-9_-]{1,40}=[A-Za-z0-9._@-]+(,[A-Za-z0-9._@-]+)*)*$/;

export const AGE_BUCKETS = ['d0to30', 'd31to60', 'd61to90', 'over90'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

/** Age of an open dispute (days since it was opened) as a report bucket. */
export function ageBucket(openedOn: BusinessDate, today: BusinessDate): AgeBucket {
  const days = daysBetween(openedOn, today);
  if (days <= 30) return 'd0to30';
  if (days <= 60) return 'd31to60';
  if (days <= 90) return 'd61to90';
  return 'over90';
}

/** Field problems of a new dispute (i18n keys by field). */
export function disputeProblems(input: { dueDate: BusinessDate; ownerUserId: number | null; ownerTeam: string | null }, today: BusinessDate): Record<string, string> {
  const out: Record<string, string> = {};
  if (input.dueDate < today) out.dueDate = 'disputes.errors.past';
  if ((input.ownerUserId === null) === (input.ownerTeam === null)) out.owner = 'disputes.errors.owner';
  return out;
}
