/**
 * The administrator's lists (statuses, risk codes, dispute reasons, resolutions, results): create,
 * edit, deactivate, and delete only what nothing uses. Other components read them through
 * `referenceLists()` and `listStatuses()`.
 */
import { findById } from '../db/entity-reader';
import { DataSource, Not } from 'typeorm';
import { toNumber } from '../db/column-types';
import { AppError } from '../shared/errors';
import { AppSetting, CollectionAgency, DisputeReason, DossierResult, DossierStatus, Resolution, RiskCode, StatusKind } from './reference-list.entities';
import { itemChangeProblem, ListSlug } from './settings.rules';
import { recordSettingChange } from '../audit';

import type { Db } from '../db/sql';
import { inTransaction } from '../db/transactions';
type ItemEntity = typeof DossierStatus | typeof RiskCode | typeof DisputeReason | typeof CollectionAgency | typeof Resolution | typeof DossierResult;

export type ReferenceRow = DossierStatus | RiskCode | DisputeReason | CollectionAgency | Resolution | DossierResult;

interface ListSpec {
  entity: ItemEntity;
  /** Where the item's id is used: [table, column] (whitelisted identifiers, never user input). */
  usedBy: [string, string][];
}

const LISTS: Record<ListSlug, ListSpec> = {
  statuses: { entity: DossierStatus, usedBy: [['dossier', 'status_id']] },
  'risk-codes': { entity: RiskCode, usedBy: [['third_party', 'risk_code_id']] },
  'dispute-reasons': { entity: DisputeReason, usedBy: [['dossier', 'dispute_reason_id']] },
  resolutions: { entity: Resolution, usedBy: [['dossier', 'resolution_id']] },
  results: { entity: DossierResult, usedBy: [['dossier', 'result_id']] },
  agencies: { entity: CollectionAgency, usedBy: [['dossier_handoff', 'agency_id']] },
};

export interface ReferenceItemInput {
  code: string;
  label: string;
  position: number;
  active: boolean;
  /** Statuses only. */
  kind?: StatusKind;
  proposedLossHundredths?: number | null;
  /** Statuses only: a change to it by a non-administrator waits for approval. */
  requiresApproval?: boolean;
  /** Results only: a dossier ending with it is written off. */
  lost?: boolean;
}

function dsOf(db: Db): DataSource {
  return db instanceof DataSource ? db : db.connection;
}

async function countWhere(db: Db, table: string, column: string, value: unknown): Promise<number> {
  const [q, p] = dsOf(db).driver.escapeQueryWithParameters(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = :value`, { value });
  const rows = (await db.query(q, p)) as { n: unknown }[];
  return toNumber(rows[0]?.n);
}

function hasTable(db: Db, table: string): boolean {
  return dsOf(db).entityMetadatas.some((m) => m.tableName === table);
}

/** How many rows use the item: dossiers, customers, and for a status the scenario steps that set it. */
export async function itemUsage(db: Db, slug: ListSlug, item: { id: number; code: string }): Promise<number> {
  let n = 0;
  for (const [table, column] of LISTS[slug].usedBy) n += await countWhere(db, table, column, item.id);
  if (slug === 'statuses' && hasTable(db, 'scenario_step')) n += await countWhere(db, 'scenario_step', 'set_status_code', item.code);
  return n;
}

export async function listItems(db: Db, slug: ListSlug): Promise<(ReferenceRow & { usage: number })[]> {
  const items = (await db.getRepository(LISTS[slug].entity).find({ order: { position: 'ASC', id: 'ASC' } })) as ReferenceRow[];
  const out: (ReferenceRow & { usage: number })[] = [];
  for (const item of items) out.push(Object.assign(item, { usage: await itemUsage(db, slug, item) }));
  return out;
}

export async function getItem(db: Db, slug: ListSlug, id: number): Promise<ReferenceRow> {
  const item = (await db.getRepository(LISTS[slug].entity).findOneBy({ id })) as ReferenceRow | null;
  if (!item) throw AppError.notFound();
  return item;
}

async function otherActiveOpenStatuses(db: Db, excludeId: number | null): Promise<number> {
  return db.getRepository(DossierStatus).countBy({ kind: 'open', active: true, ...(excludeId ? { id: Not(excludeId) } : {}) });
}

/** Creates (id null) or edits an item, refusing a duplicate code or a change that would break what uses it. */
export async function saveItem(ds: DataSource, slug: ListSlug, id: number | null, input: ReferenceItemInput): Promise<ReferenceRow> {
  return ds.transaction(async (m) => {
    const repo = m.getRepository(LISTS[slug].entity);
    const before = id ? await getItem(m, slug, id) : null;
    const duplicate = await repo.findOneBy({ code: input.code, ...(id ? { id: Not(id) } : {}) });
    if (duplicate) throw AppError.field('code', 'settings.errors.duplicateCode');
    const isStatus = slug === 'statuses';
    const problem = itemChangeProblem({
      inUse: before ? (await itemUsage(m, slug, before)) > 0 : false,
      before: before ? { code: before.code, active: before.active, kind: isStatus ? (before as DossierStatus).kind : undefined } : null,
      after: { code: input.code, active: input.active, kind: isStatus ? input.kind : undefined },
      otherActiveOpenStatuses: isStatus ? await otherActiveOpenStatuses(m, id) : undefined,
    });
    if (problem) throw AppError.field(problem.field, problem.message);
    const values: Record<string, unknown> = { code: input.code, label: input.label, position: input.position, active: input.active };
    if (isStatus) {
      values.kind = input.kind;
      values.proposedLossHundredths = input.proposedLossHundredths ?? null;
      values.requiresApproval = input.requiresApproval ?? false;
    }
    if (slug === 'results') values.lost = input.lost ?? false;
    if (before) {
      await repo.update({ id: before.id }, values);
      const after = await getItem(m, slug, before.id);
      await recordSettingChange(m, null, { area: 'reference-lists', entityId: `${slug}/${before.id}`, before, after });
      return after;
    }
    const created = (await repo.save(repo.create(values))) as ReferenceRow;
    await recordSettingChange(m, null, { area: 'reference-lists', entityId: `${slug}/${created.id}`, before: null, after: created });
    return created;
  });
}

export async function setItemActive(ds: DataSource, slug: ListSlug, id: number, active: boolean): Promise<void> {
  await ds.transaction(async (m) => {
    const item = await getItem(m, slug, id);
    if (slug === 'statuses') {
      const status = item as DossierStatus;
      const problem = itemChangeProblem({
        inUse: false,
        before: { code: status.code, active: status.active, kind: status.kind },
        after: { code: status.code, active, kind: status.kind },
        otherActiveOpenStatuses: await otherActiveOpenStatuses(m, id),
      });
      if (problem) throw new AppError('invalid_state', problem.message);
    }
    await m.getRepository(LISTS[slug].entity).update({ id }, { active });
    await recordSettingChange(m, null, { area: 'reference-lists', entityId: `${slug}/${id}`, before: item, after: { ...item, active } });
  });
}

/** Deletes an item nothing uses; an item in use is refused (deactivate it instead). */
export async function deleteItem(ds: DataSource, slug: ListSlug, id: number): Promise<void> {
  await ds.transaction(async (m) => {
    const item = await getItem(m, slug, id);
    const usage = await itemUsage(m, slug, item);
    if (usage > 0) throw new AppError('invalid_state', 'settings.errors.inUse', 409, [], { count: usage, code: item.code });
    if (slug === 'statuses' && item.active && (item as DossierStatus).kind === 'open' && (await otherActiveOpenStatuses(m, id)) === 0) {
      throw new AppError('invalid_state', 'settings.errors.lastOpenStatus');
    }
    await m.getRepository(LISTS[slug].entity).delete({ id });
    await recordSettingChange(m, null, { area: 'reference-lists', entityId: `${slug}/${id}`, before: item, after: null });
  });
}

// ---------------------------------------------------------------------------------------------
// For other components

export interface ReferenceLists {
  statuses: DossierStatus[];
  riskCodes: RiskCode[];
  disputeReasons: DisputeReason[];
  resolutions: Resolution[];
  results: DossierResult[];
}

const ORDER = { position: 'ASC', id: 'ASC' } as const;

/** Every list for the selects of a form: active items only, by position. */
export async function referenceLists(db: Db): Promise<ReferenceLists> {
  const [statuses, riskCodes, disputeReasons, resolutions, results] = await Promise.all([
    db.getRepository(DossierStatus).find({ where: { active: true }, order: ORDER }),
    db.getRepository(RiskCode).find({ where: { active: true }, order: ORDER }),
    db.getRepository(DisputeReason).find({ where: { active: true }, order: ORDER }),
    db.getRepository(Resolution).find({ where: { active: true }, order: ORDER }),
    db.getRepository(DossierResult).find({ where: { active: true }, order: ORDER }),
  ]);
  return { statuses, riskCodes, disputeReasons, resolutions, results };
}

/** Statuses by position; active ones only unless `includeInactive` (a list filter shows them all). */
export async function listStatuses(db: Db, options: { includeInactive?: boolean } = {}): Promise<DossierStatus[]> {
  return db.getRepository(DossierStatus).find({ where: options.includeInactive ? {} : { active: true }, order: ORDER });
}

/** The status with this code (scenario steps name statuses by code), active or not; null when unknown. */
export async function statusByCode(db: Db, code: string): Promise<DossierStatus | null> {
  return db.getRepository(DossierStatus).findOneBy({ code });
}

/** One key of app_setting (the module's simple settings and preferences), or null when unset. */
export async function readAppSetting(db: Db, key: string): Promise<string | null> {
  // Plain SQL: some pages read a setting on every view (the dossier page's journal accounts).
  return (await findById(db, AppSetting, key))?.value ?? null;
}

/** Writes one key of app_setting, unaudited: a user's preference, or a caller that records its own audit row. */
export async function writeAppSetting(db: Db, key: string, value: string): Promise<void> {
  await db.getRepository(AppSetting).save({ key, value });
}

/** Saves one key of app_setting and records the change, in one transaction (the module's simple settings). */
export async function saveAuditedSetting(db: Db, key: string, value: string): Promise<void> {
  await inTransaction(db, async (m) => {
    const before = await m.getRepository(AppSetting).findOneBy({ key });
    await m.getRepository(AppSetting).save({ key, value });
    await recordSettingChange(m, null, { area: 'app-settings', entityId: key, before: before ? { value: before.value } : null, after: { value } });
  });
}

/** Every risk code, inactive ones included (a customer keeps the one it has), in the list's order. */
export const listRiskCodes = (db: Db): Promise<RiskCode[]> => db.getRepository(RiskCode).find({ order: { position: 'ASC', id: 'ASC' } });
