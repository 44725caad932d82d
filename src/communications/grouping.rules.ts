/**
 * One communication per customer, as pure rules: which of the day's pending letters and e-mails
 * go out together, which of them leads (its tone is the letter's), and each part's level.
 * No clock, no database: the pending steps come in as plain rows.
 */
import { LEVEL_TEMPLATES } from '../reminders';
import type { GroupedLevel } from '../documents';

export type Grouping = 'customer' | 'dossier';
export type Channel = 'letter' | 'email';

/** A scenario step waiting for its letter or e-mail (state todo, template set, due today or before). */
export interface PendingStep {
  interventionId: number;
  dossierId: number;
  dossierNumber: number;
  thirdPartyId: number;
  /** The kind of the step's template: what the customer receives. */
  channel: Channel;
  templateCode: string;
  label: string;
  priority: number;
  dueDate: string;
  /** The step's position in its scenario (1 = first), 0 when the scenario no longer has the step. */
  stepPosition: number;
}

/**
 * The shipped templates' levels, as Rappel / relevé counts them (src/reminders LEVEL_TEMPLATES:
 * 1 relance simple, 2 relance ferme, 3 mise en demeure); the courteous e-mail and the account
 * statement are first-level messages.
 */
const TEMPLATE_LEVELS: Record<string, GroupedLevel> = {
  ...Object.fromEntries(Object.entries(LEVEL_TEMPLATES).map(([level, code]) => [code, Number(level) as GroupedLevel])),
  'relance-amiable': 1,
  'releve-compte': 1,
};

/**
 * The level of a step's template. An administrator's own template is taken as a firm reminder (2):
 * never as a mise en demeure, which has legal effects and must be chosen on purpose.
 */
export function levelOfTemplate(templateCode: string): GroupedLevel {
  return TEMPLATE_LEVELS[templateCode] ?? 2;
}

/** More advanced first: higher level, then later in its scenario, then more urgent, then later due, then newer. */
export function compareAdvance(a: PendingStep, b: PendingStep): number {
  return (
    levelOfTemplate(b.templateCode) - levelOfTemplate(a.templateCode) ||
    b.stepPosition - a.stepPosition ||
    b.priority - a.priority ||
    b.dueDate.localeCompare(a.dueDate) ||
    b.interventionId - a.interventionId
  );
}

export interface PlannedPart {
  step: PendingStep;
  /** 0 for the lead, then in the order the letter lists the dossiers. */
  position: number;
  /** The level its dossier's invoices show: the most advanced of the dossier's steps of the day. */
  level: GroupedLevel;
  /** Whether its dossier's invoices are listed from this step (one per dossier). */
  listsDossier: boolean;
}

export interface PlannedCommunication {
  thirdPartyId: number;
  channel: Channel;
  lead: PendingStep;
  level: GroupedLevel;
  parts: PlannedPart[];
  dossierCount: number;
}

/**
 * The communications to build: per customer and channel, every pending step together when there
 * are two or more (several dossiers, or one dossier catching up several steps). A customer with a
 * single step keeps its own letter, exactly as per dossier. `dossier` groups nothing.
 */
export function planCommunications(pending: PendingStep[], grouping: Grouping): PlannedCommunication[] {
  if (grouping === 'dossier') return [];
  const byKey = new Map<string, PendingStep[]>();
  for (const p of pending) {
    const key = `${p.thirdPartyId}|${p.channel}`;
    const list = byKey.get(key);
    if (list) list.push(p);
    else byKey.set(key, [p]);
  }
  const out: PlannedCommunication[] = [];
  for (const steps of byKey.values()) {
    if (steps.length < 2) continue;
    const sorted = [...steps].sort(compareAdvance);
    const seen = new Set<number>();
    const parts: PlannedPart[] = sorted.map((step, position) => {
      const first = !seen.has(step.dossierId);
      seen.add(step.dossierId);
      // Sorted most advanced first: a dossier's first step is its most advanced one.
      const dossierLead = sorted.find((s) => s.dossierId === step.dossierId)!;
      return { step, position, level: levelOfTemplate(dossierLead.templateCode), listsDossier: first };
    });
    out.push({ thirdPartyId: sorted[0].thirdPartyId, channel: sorted[0].channel, lead: sorted[0], level: levelOfTemplate(sorted[0].templateCode), parts, dossierCount: seen.size });
  }
  return out.sort((a, b) => a.thirdPartyId - b.thirdPartyId || a.channel.localeCompare(b.channel));
}
