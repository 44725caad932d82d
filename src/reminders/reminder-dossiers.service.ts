/**
 * "Créer un dossier" for many customers at once, and the automatic rule the daily job applies.
 *
 * One transaction per customer, not all-or-nothing: the customers are independent, a failure on one
 * (its entries taken by a colleague meanwhile, a number clash retried by createDossierForCustomer)
 * must not undo the dossiers of the others, and the summary says exactly who was skipped and why.
 * Each customer's dossier, its links, its scenario and their Chrono lines still commit together.
 */
import { In, type DataSource } from 'typeorm';
import { toNumber } from '../db/column-types';
import { Db, rawQuery } from '../db/transactions';
import { createDossierForCustomer } from '../dossiers';
import type { Actor } from '../dossiers';
import { assignScenario, Scenario } from '../scenarios';
import { readAppSetting, saveAuditedSetting } from '../settings';
import { AppError, isAppError } from '../shared/errors';
import { logger } from '../shared/logger';
import { ThirdParty } from '../third-parties';
import { matchingCustomerIds } from './reminder-list.service';
import { AutoDossierRule, parseAutoDossierRule } from './reminder.rules';

export type SkipReason = 'noOverdue' | 'alreadyInDossier' | 'failed';

export interface BulkDossierResult {
  created: { customerId: number; name: string; dossierId: number; number: number; linked: number }[];
  skipped: { customerId: number; name: string; reason: SkipReason; dossierNumbers: number[]; message?: string }[];
}

export interface BulkDossierOptions {
  scenarioId: number | null;
  today: string;
  actor: Actor;
  at: string;
}

/** Per customer: its overdue open invoices, and the open dossiers already holding some of them. */
async function overdueHoldings(db: Db, customerIds: number[], today: string): Promise<Map<number, { invoices: number; free: number; heldBy: Set<number> }>> {
  const out = new Map<number, { invoices: number; free: number; heldBy: Set<number> }>();
  for (let i = 0; i < customerIds.length; i += 500) {
    const rows = await rawQuery(
      db,
      `SELECT le.third_party_id AS tp,
          (SELECT MIN(xd.number) FROM dossier_entry xe JOIN dossier xd ON xd.id = xe.dossier_id JOIN dossier_status xs ON xs.id = xd.status_id
            WHERE xe.ledger_entry_id = le.id AND xs.kind <> 'closed') AS held_by
        FROM ledger_entry le
       WHERE le.third_party_id IN (:...ids) AND le.lettering IS NULL AND le.debit > le.credit AND COALESCE(le.due_date, le.entry_date) < :today`,
      { ids: customerIds.slice(i, i + 500), today },
    );
    for (const r of rows) {
      const tp = toNumber(r.tp);
      const h = out.get(tp) ?? { invoices: 0, free: 0, heldBy: new Set<number>() };
      h.invoices++;
      if (r.held_by === null || r.held_by === undefined) h.free++;
      else h.heldBy.add(toNumber(r.held_by));
      out.set(tp, h);
    }
  }
  return out;
}

/**
 * A dossier per customer over its overdue entries that no open dossier holds yet, on the scenario.
 * A customer without overdue invoice, or whose overdue invoices are all in open dossiers already, is
 * skipped with the reason; so is one whose creation fails (the others go on).
 */
export async function createDossiersForCustomers(ctx: { dataSource: DataSource }, customerIds: number[], options: BulkDossierOptions): Promise<BulkDossierResult> {
  const ds = ctx.dataSource;
  const ids = [...new Set(customerIds)];
  if (ids.length === 0) throw AppError.field('customers', 'reminders.errors.noneSelected');
  if (options.scenarioId !== null) {
    const scenario = await ds.getRepository(Scenario).findOneBy({ id: options.scenarioId });
    if (!scenario || !scenario.active) throw AppError.field('scenarioId', 'validation.choice');
  }
  const result: BulkDossierResult = { created: [], skipped: [] };
  const names = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const c of await ds.getRepository(ThirdParty).find({ where: { id: In(ids.slice(i, i + 500)) }, select: { id: true, name: true } })) names.set(c.id, c.name);
  }
  const holdings = await overdueHoldings(ds, ids, options.today);
  for (const id of ids) {
    const name = names.get(id);
    if (name === undefined) continue;
    const h = holdings.get(id);
    if (!h || h.invoices === 0) {
      result.skipped.push({ customerId: id, name, reason: 'noOverdue', dossierNumbers: [] });
      continue;
    }
    if (h.free === 0) {
      result.skipped.push({ customerId: id, name, reason: 'alreadyInDossier', dossierNumbers: [...h.heldBy].sort((a, b) => a - b) });
      continue;
    }
    try {
      const { dossier, linked } = await createDossierForCustomer({ dataSource: ds }, id, {
        today: options.today,
        actor: options.actor,
        at: options.at,
        entries: 'overdue',
        requireEntries: true,
        afterCreate: options.scenarioId === null ? undefined : async (m, d) => void (await assignScenario(m, d.id, options.scenarioId, options.actor, options.at, options.today)),
      });
      result.created.push({ customerId: id, name, dossierId: dossier.id, number: dossier.number, linked });
    } catch (err) {
      if (!isAppError(err)) logger.error('bulk dossier creation failed', { customerId: id, error: err instanceof Error ? err.message : String(err) });
      result.skipped.push({ customerId: id, name, reason: 'failed', dossierNumbers: [], message: isAppError(err) ? err.message : 'errors.internal' });
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// The automatic rule (settings in app_setting, applied by src/jobs/auto-dossiers.task.ts)

export const AUTO_DOSSIER_SETTING = 'reminders.autoDossier';

export async function autoDossierRule(db: Db): Promise<AutoDossierRule> {
  return parseAutoDossierRule(await readAppSetting(db, AUTO_DOSSIER_SETTING));
}

export async function saveAutoDossierRule(db: Db, rule: AutoDossierRule): Promise<AutoDossierRule> {
  if (rule.scenarioId !== null) {
    // An enabled rule starts dossiers on its scenario: that one must be active.
    const where = rule.enabled ? { id: rule.scenarioId, active: true } : { id: rule.scenarioId };
    if (!(await db.getRepository(Scenario).existsBy(where))) throw AppError.field('scenarioId', 'validation.choice');
  }
  await saveAuditedSetting(db, AUTO_DOSSIER_SETTING, JSON.stringify(rule));
  return rule;
}

export interface AutoDossierCounts {
  candidates: number;
  created: number;
  skipped: number;
  errors: number;
  messages: string[];
}

/**
 * Creates a dossier for every customer whose net overdue amount and oldest overdue invoice pass the
 * rule's thresholds at `businessDate`. Running it again creates nothing new: a customer whose overdue
 * invoices are all held by an open dossier is skipped.
 */
export async function applyAutoDossierRule(ds: DataSource, rule: AutoDossierRule, businessDate: string, at: string): Promise<AutoDossierCounts> {
  const candidates = await matchingCustomerIds(ds, { minOverdue: rule.minOverdueCents, minDays: rule.minDaysLate, controllerId: null, riskCodeId: null, q: null }, businessDate, 1_000_000);
  if (candidates.length === 0) return { candidates: 0, created: 0, skipped: 0, errors: 0, messages: [] };
  const result = await createDossiersForCustomers({ dataSource: ds }, candidates, { scenarioId: rule.scenarioId, today: businessDate, actor: { userId: null, userName: null }, at });
  const failed = result.skipped.filter((s) => s.reason === 'failed');
  return {
    candidates: candidates.length,
    created: result.created.length,
    skipped: result.skipped.length,
    errors: failed.length,
    messages: failed.map((f) => `${f.name}: ${f.message ?? ''}`),
  };
}
