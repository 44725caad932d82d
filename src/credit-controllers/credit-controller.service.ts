/** Chargés de recouvrement: the administrator's list, and who works for which user. */
import { DataSource, Not } from 'typeorm';
import { userExists } from '../auth';
import { toNumber } from '../db/column-types';
import { AppError } from '../shared/errors';
import { CreditController } from './credit-controller.entity';
import { recordSettingChange } from '../audit';

import type { Db } from '../db/sql';

export interface ControllerInput {
  code: string;
  name: string;
  email: string | null;
  phone: string | null;
  userId: number | null;
  active: boolean;
}

/** Where a controller is referenced (whitelisted identifiers). */
const USED_BY: [string, string][] = [
  ['dossier', 'controller_id'],
  ['dossier', 'origin_controller_id'],
  ['third_party', 'credit_controller_id'],
  ['intervention', 'assignee_id'],
];

function dsOf(db: Db): DataSource {
  return db instanceof DataSource ? db : db.connection;
}

export async function controllerUsage(db: Db, id: number): Promise<number> {
  let n = 0;
  for (const [table, column] of USED_BY) {
    const [q, p] = dsOf(db).driver.escapeQueryWithParameters(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = :id`, { id });
    n += toNumber(((await db.query(q, p)) as { n: unknown }[])[0]?.n);
  }
  return n;
}

/** Controllers by name; active ones only unless `includeInactive`. */
export async function listControllers(db: Db, options: { includeInactive?: boolean } = {}): Promise<CreditController[]> {
  return db.getRepository(CreditController).find({ where: options.includeInactive ? {} : { active: true }, order: { name: 'ASC', id: 'ASC' } });
}

/** The active controller linked to the user, or null (an administrator or accountant usually has none). */
export async function controllerOfUser(db: Db, userId: number): Promise<CreditController | null> {
  return db.getRepository(CreditController).findOne({ where: { userId, active: true }, order: { id: 'ASC' } });
}

export async function getController(db: Db, id: number): Promise<CreditController> {
  const c = await db.getRepository(CreditController).findOneBy({ id });
  if (!c) throw AppError.notFound();
  return c;
}

export async function saveController(ds: DataSource, id: number | null, input: ControllerInput): Promise<CreditController> {
  return ds.transaction(async (m) => {
    const repo = m.getRepository(CreditController);
    const before = id ? await getController(m, id) : null;
    if (await repo.findOneBy({ code: input.code, ...(id ? { id: Not(id) } : {}) })) throw AppError.field('code', 'settings.errors.duplicateCode');
    if (input.userId !== null) {
      if (!(await userExists(m, input.userId))) throw AppError.field('userId', 'validation.choice');
      const other = await repo.findOneBy({ userId: input.userId, ...(id ? { id: Not(id) } : {}) });
      if (other) throw new AppError('validation', 'settings.errors.userTaken', 422, [{ field: 'userId', message: 'settings.errors.userTaken' }], { name: other.name });
    }
    if (id) {
      await repo.update({ id }, input);
      const after = await getController(m, id);
      await recordSettingChange(m, null, { area: 'credit-controllers', entityId: id, before, after });
      return after;
    }
    const created = await repo.save(repo.create(input));
    await recordSettingChange(m, null, { area: 'credit-controllers', entityId: created.id, before: null, after: created });
    return created;
  });
}

export async function setControllerActive(ds: DataSource, id: number, active: boolean): Promise<void> {
  await ds.transaction(async (m) => {
    const before = await getController(m, id);
    await m.getRepository(CreditController).update({ id }, { active });
    await recordSettingChange(m, null, { area: 'credit-controllers', entityId: id, before, after: { ...before, active } });
  });
}

/** A controller that works or worked dossiers stays (deactivate it instead): their history names them. */
export async function deleteController(ds: DataSource, id: number): Promise<void> {
  await ds.transaction(async (m) => {
    const c = await getController(m, id);
    const usage = await controllerUsage(m, id);
    if (usage > 0) throw new AppError('invalid_state', 'settings.errors.inUse', 409, [], { count: usage, code: c.code });
    await m.getRepository(CreditController).delete({ id });
    await recordSettingChange(m, null, { area: 'credit-controllers', entityId: id, before: c, after: null });
  });
}

/** The id of the credit controller linked to the user (active or not), or null. */
export async function controllerIdOfUser(db: Db, userId: number): Promise<number | null> {
  return (await db.getRepository(CreditController).findOne({ where: { userId }, order: { id: 'ASC' } }))?.id ?? null;
}

/** Links the user to one credit controller (or none), refusing a controller that already works for someone else. */
export async function linkControllerToUser(db: Db, userId: number, controllerId: number | null): Promise<void> {
  const repo = db.getRepository(CreditController);
  if (controllerId !== null) {
    const c = await repo.findOneBy({ id: controllerId });
    if (!c) throw AppError.field('controllerId', 'validation.choice');
    if (c.userId !== null && c.userId !== userId) throw AppError.field('controllerId', 'users.errors.controllerTaken');
  }
  await repo.update({ userId, ...(controllerId !== null ? { id: Not(controllerId) } : {}) }, { userId: null });
  if (controllerId !== null) await repo.update({ id: controllerId }, { userId });
}
