/**
 * Use cases behind the host ERP's API. Every function works for one company (the API key's).
 * Writes take the caller's EntityManager: the route runs them in one transaction, so a batch with
 * one bad line writes nothing.
 */
import { EntityManager, In, IsNull } from 'typeorm';
import { toNumber } from '../db/column-types';
import { CreditController } from '../credit-controllers';
import { Dossier, DossierEntry, dossierBalances, refreshDossierBalances } from '../dossiers';
import { Intervention } from '../interventions';
import { JournalEntryRow, JournalLineRow } from '../journal';
import { appendLedgerEntries, LedgerEntry, linkOrphanEntries } from '../ledger';
import { DossierStatus, RiskCode } from '../settings';
import { AppError, FieldError } from '../shared/errors';
import { ThirdParty } from '../third-parties';
import { daysOverdue, decodeCursor, encodeCursor, isCustomerAccount, replayDifferences, REPLAY_FIELDS } from './api.rules';
import type { LedgerLineInput, ThirdPartyInput } from './api.schemas';

import type { Db } from '../db/sql';

export const API_SOURCE_PREFIX = 'api:';
const sourceKeyOf = (externalId: string) => `${API_SOURCE_PREFIX}${externalId}`;
const externalIdOf = (sourceKey: string) => (sourceKey.startsWith(API_SOURCE_PREFIX) ? sourceKey.slice(API_SOURCE_PREFIX.length) : null);

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Third parties

const THIRD_PARTY_FIELDS = ['name', 'legalForm', 'address', 'postalCode', 'city', 'country', 'vatNumber', 'siren', 'phone', 'email', 'paymentTermsDays'] as const;

/** Creates or replaces the customer of an auxiliary account; the version moves only when something changed. */
export async function upsertThirdParty(m: EntityManager, companyId: number, auxiliaryAccount: string, input: ThirdPartyInput, at: string): Promise<{ created: boolean; thirdParty: ThirdParty }> {
  const repo = m.getRepository(ThirdParty);
  const existing = await repo.findOneBy({ companyId, auxiliaryAccount });
  if (!existing) {
    const thirdParty = await repo.save(
      repo.create({ companyId, auxiliaryAccount, ...input, riskCodeId: null, creditControllerId: null, version: 1, createdAt: at, updatedAt: at }),
    );
    await linkOrphanEntries(m, thirdParty);
    await refreshDossierBalances(m, { thirdPartyIds: [thirdParty.id] });
    return { created: true, thirdParty };
  }
  const changed = THIRD_PARTY_FIELDS.some((f) => (existing[f] ?? null) !== (input[f] ?? null));
  if (changed) {
    Object.assign(existing, input, { version: existing.version + 1, updatedAt: at });
    await repo.save(existing);
  }
  return { created: false, thirdParty: existing };
}

async function thirdPartyView(db: Db, tp: ThirdParty) {
  const [risk, controller] = await Promise.all([
    tp.riskCodeId ? db.getRepository(RiskCode).findOneBy({ id: tp.riskCodeId }) : null,
    tp.creditControllerId ? db.getRepository(CreditController).findOneBy({ id: tp.creditControllerId }) : null,
  ]);
  return {
    auxiliaryAccount: tp.auxiliaryAccount, name: tp.name, legalForm: tp.legalForm, address: tp.address, postalCode: tp.postalCode, city: tp.city,
    country: tp.country, vatNumber: tp.vatNumber, siren: tp.siren, phone: tp.phone, email: tp.email, paymentTermsDays: tp.paymentTermsDays,
    riskCode: risk?.code ?? null, creditController: controller ? { code: controller.code, name: controller.name } : null,
    version: tp.version, createdAt: tp.createdAt, updatedAt: tp.updatedAt,
  };
}

export async function thirdPartySummary(db: Db, tp: ThirdParty) {
  return thirdPartyView(db, tp);
}

/** The customer with its balance and open items (unlettered lines), aged at `today`. */
export async function thirdPartyDetail(db: Db, companyId: number, auxiliaryAccount: string, today: string) {
  const tp = await db.getRepository(ThirdParty).findOneBy({ companyId, auxiliaryAccount });
  if (!tp) throw AppError.notFound();
  const totals = await db.getRepository(LedgerEntry).createQueryBuilder('le')
    .select('COALESCE(SUM(le.debit - le.credit), 0)', 'balance')
    .where('le.thirdPartyId = :id', { id: tp.id })
    .getRawOne<{ balance: unknown }>();
  const open = await db.getRepository(LedgerEntry).find({ where: { thirdPartyId: tp.id, lettering: IsNull() }, order: { dueDate: 'ASC', entryDate: 'ASC', id: 'ASC' } });
  const openItems = open.map((e) => ({
    entryId: e.id, externalId: externalIdOf(e.sourceKey), journalCode: e.journalCode, entryNumber: e.entryNumber, entryDate: e.entryDate, pieceRef: e.pieceRef,
    label: e.label, dueDate: e.dueDate, debit: e.debit, credit: e.credit, amount: e.debit - e.credit, daysOverdue: daysOverdue(e.dueDate, today),
  }));
  return {
    ...(await thirdPartyView(db, tp)),
    balance: toNumber(totals?.balance),
    openAmount: openItems.reduce((s, i) => s + i.amount, 0),
    overdueAmount: openItems.filter((i) => (i.daysOverdue ?? 0) > 0).reduce((s, i) => s + i.amount, 0),
    openItems,
  };
}

// ---------------------------------------------------------------------------------------------
// Ledger lines and lettering

export interface LedgerPostResult {
  received: number;
  created: number;
  unchanged: number;
  thirdPartiesCreated: number;
  lines: { externalId: string; entryId: number; status: 'created' | 'unchanged' }[];
}

/**
 * Posts ledger lines keyed by the caller's externalId: a line already posted with the same content
 * is left as is, one with another content is a conflict. Customer lines get their third party,
 * created from the auxiliary label when it does not exist yet.
 */
export async function postLedgerLines(m: EntityManager, companyId: number, lines: LedgerLineInput[], customerPrefixes: string, at: string): Promise<LedgerPostResult> {
  const seen = new Map<string, number>();
  const duplicates: FieldError[] = [];
  lines.forEach((l, i) => {
    if (seen.has(l.externalId)) duplicates.push({ field: `/lines/${i}/externalId`, message: 'api.errors.duplicateInBatch' });
    seen.set(l.externalId, i);
  });
  if (duplicates.length) throw AppError.validation(duplicates);

  const repo = m.getRepository(LedgerEntry);
  const existing = new Map<string, LedgerEntry>();
  for (const keys of chunks(lines.map((l) => sourceKeyOf(l.externalId)), 500)) {
    for (const e of await repo.find({ where: { companyId, sourceKey: In(keys) } })) existing.set(e.sourceKey, e);
  }
  const conflicts: FieldError[] = [];
  lines.forEach((l, i) => {
    const stored = existing.get(sourceKeyOf(l.externalId));
    if (!stored) return;
    const posted = Object.fromEntries(REPLAY_FIELDS.map((f) => [f, l[f]])) as Parameters<typeof replayDifferences>[0];
    for (const f of replayDifferences(posted, stored)) conflicts.push({ field: `/lines/${i}/${f}`, message: 'api.errors.externalIdConflict' });
  });
  if (conflicts.length) throw new AppError('conflict', 'api.errors.externalIdConflict', 409, conflicts);

  const fresh = lines.filter((l) => !existing.has(sourceKeyOf(l.externalId)));
  const customers = new Map<string, string>();
  for (const l of fresh) {
    if (l.auxiliaryAccount && isCustomerAccount(l.account, customerPrefixes) && !customers.has(l.auxiliaryAccount)) customers.set(l.auxiliaryAccount, l.auxiliaryLabel ?? l.auxiliaryAccount);
  }
  const { ids: thirdPartyIds, created: thirdPartiesCreated } = await ensureCustomers(m, companyId, customers, at);

  const rows = fresh.map((l) => ({
    companyId, sourceKey: sourceKeyOf(l.externalId), journalCode: l.journalCode, journalLabel: l.journalLabel, entryNumber: l.entryNumber, entryDate: l.entryDate,
    account: l.account, accountLabel: l.accountLabel, auxiliaryAccount: l.auxiliaryAccount, auxiliaryLabel: l.auxiliaryLabel,
    thirdPartyId: l.auxiliaryAccount && isCustomerAccount(l.account, customerPrefixes) ? (thirdPartyIds.get(l.auxiliaryAccount) ?? null) : null,
    pieceRef: l.pieceRef, pieceDate: l.pieceDate, label: l.label, debit: l.debit, credit: l.credit, dueDate: l.dueDate, originalDueDate: null,
    lettering: l.lettering, letteringDate: l.lettering ? l.letteringDate : null, validDate: null, currencyAmount: l.currencyAmount, currency: l.currency, importedAt: at,
  }));
  await appendLedgerEntries(m, rows);
  await refreshDossierBalances(m, { thirdPartyIds: rows.map((r) => r.thirdPartyId).filter((x): x is number => x !== null) });

  const ids = new Map<string, number>();
  for (const keys of chunks(fresh.map((l) => sourceKeyOf(l.externalId)), 500)) {
    for (const e of await repo.find({ where: { companyId, sourceKey: In(keys) }, select: { id: true, sourceKey: true } })) ids.set(e.sourceKey, e.id);
  }
  const out = lines.map((l) => {
    const key = sourceKeyOf(l.externalId);
    const stored = existing.get(key);
    return { externalId: l.externalId, entryId: stored ? stored.id : ids.get(key)!, status: stored ? ('unchanged' as const) : ('created' as const) };
  });
  return { received: lines.length, created: fresh.length, unchanged: lines.length - fresh.length, thirdPartiesCreated, lines: out };
}

async function ensureCustomers(m: EntityManager, companyId: number, customers: Map<string, string>, at: string): Promise<{ ids: Map<string, number>; created: number }> {
  const repo = m.getRepository(ThirdParty);
  const ids = new Map<string, number>();
  let created = 0;
  for (const accounts of chunks([...customers.keys()], 500)) {
    for (const tp of await repo.find({ where: { companyId, auxiliaryAccount: In(accounts) }, select: { id: true, auxiliaryAccount: true } })) ids.set(tp.auxiliaryAccount, tp.id);
  }
  for (const [account, name] of customers) {
    if (ids.has(account)) continue;
    const tp = await repo.save(
      repo.create({
        companyId, auxiliaryAccount: account, name: name.slice(0, 200) || account, legalForm: null, address: null, postalCode: null, city: null, country: 'FR',
        vatNumber: null, siren: null, phone: null, email: null, riskCodeId: null, creditControllerId: null, paymentTermsDays: null, version: 1, createdAt: at, updatedAt: at,
      }),
    );
    ids.set(account, tp.id);
    created++;
  }
  return { ids, created };
}

export interface LetteringItem {
  externalId?: string;
  entryId?: number;
  lettering: string | null;
  letteringDate: string | null;
}

/** Sets or removes the lettering of lines of the company; a lettered customer line is no longer open. */
export async function updateLettering(m: EntityManager, companyId: number, items: LetteringItem[], today: string) {
  const repo = m.getRepository(LedgerEntry);
  const byKey = new Map<string, LedgerEntry>();
  const byId = new Map<number, LedgerEntry>();
  const keys = items.filter((i) => i.externalId !== undefined).map((i) => sourceKeyOf(i.externalId!));
  const ids = items.filter((i) => i.entryId !== undefined).map((i) => i.entryId!);
  for (const batch of chunks(keys, 500)) for (const e of await repo.find({ where: { companyId, sourceKey: In(batch) } })) byKey.set(e.sourceKey, e);
  for (const batch of chunks(ids, 500)) for (const e of await repo.find({ where: { companyId, id: In(batch) } })) byId.set(e.id, e);

  const errors: FieldError[] = [];
  const touched = new Set<number>();
  const targets = items.map((item, i) => {
    const entry = item.externalId !== undefined ? byKey.get(sourceKeyOf(item.externalId)) : byId.get(item.entryId!);
    const field = `/items/${i}/${item.externalId !== undefined ? 'externalId' : 'entryId'}`;
    if (!entry) errors.push({ field, message: 'api.errors.entryNotFound' });
    else if (touched.has(entry.id)) errors.push({ field, message: 'api.errors.duplicateInBatch' });
    else touched.add(entry.id);
    return entry;
  });
  if (errors.length) throw AppError.validation(errors);

  let updated = 0;
  const out = [];
  for (const [i, item] of items.entries()) {
    const entry = targets[i]!;
    const lettering = item.lettering;
    const letteringDate = lettering ? (item.letteringDate ?? entry.letteringDate ?? today) : null;
    const same = entry.lettering === lettering && entry.letteringDate === letteringDate;
    if (!same) {
      await repo.update({ id: entry.id }, { lettering, letteringDate });
      updated++;
    }
    out.push({ entryId: entry.id, externalId: externalIdOf(entry.sourceKey), lettering, letteringDate, status: same ? ('unchanged' as const) : ('updated' as const) });
  }
  if (updated) await refreshDossierBalances(m, { thirdPartyIds: targets.map((e) => e!.thirdPartyId).filter((x): x is number => x !== null) });
  return { updated, unchanged: items.length - updated, items: out };
}

// ---------------------------------------------------------------------------------------------
// Dossiers

export interface DossierFilter {
  status?: string;
  thirdParty?: string;
  cursor?: string;
  limit: number;
}

async function dossierViews(db: Db, dossiers: Dossier[]) {
  if (dossiers.length === 0) return [];
  const ids = dossiers.map((d) => d.id);
  const [statuses, customers, controllers, balances, todos] = await Promise.all([
    db.getRepository(DossierStatus).findBy({ id: In([...new Set(dossiers.map((d) => d.statusId))]) }),
    db.getRepository(ThirdParty).findBy({ id: In([...new Set(dossiers.map((d) => d.thirdPartyId))]) }),
    db.getRepository(CreditController).findBy({ id: In([...new Set(dossiers.map((d) => d.controllerId).filter((x): x is number => x !== null))]) }),
    dossierBalances(db, ids),
    db.getRepository(Intervention).find({ where: { dossierId: In(ids), state: 'todo' }, order: { dueDate: 'ASC', priority: 'DESC', id: 'ASC' } }),
  ]);
  const status = new Map(statuses.map((s) => [s.id, s]));
  const customer = new Map(customers.map((c) => [c.id, c]));
  const controller = new Map(controllers.map((c) => [c.id, c]));
  // The balance rule, so that the API says what the screens say.
  const amounts = new Map([...balances.entries()].map(([id, b]) => {
    const debit = b.originalClaim + b.recoveryCosts;
    return [id, { debit, credit: debit - b.balance, outstanding: b.balance }];
  }));
  const next = new Map<number, Intervention>();
  for (const i of todos) if (!next.has(i.dossierId)) next.set(i.dossierId, i);
  return dossiers.map((d) => {
    const st = status.get(d.statusId)!;
    const tp = customer.get(d.thirdPartyId)!;
    const cc = d.controllerId ? controller.get(d.controllerId) : undefined;
    const na = next.get(d.id);
    return {
      number: d.number,
      status: { code: st.code, label: st.label, kind: st.kind },
      thirdParty: { auxiliaryAccount: tp.auxiliaryAccount, name: tp.name },
      startDate: d.startDate, endDate: d.endDate, currency: d.currency, lossPercentageHundredths: d.lossHundredths, priority: d.priority,
      creditorReference: d.creditorReference,
      controller: cc ? { code: cc.code, name: cc.name } : null,
      amounts: amounts.get(d.id) ?? { debit: 0, credit: 0, outstanding: 0 },
      nextAction: na ? { dueDate: na.dueDate, type: na.type, label: na.label } : null,
      updatedAt: d.updatedAt,
    };
  });
}

/** Dossiers in id order, a page at a time: the cursor is the last id read, so new dossiers never shift a page. */
export async function listDossiers(db: Db, companyId: number, filter: DossierFilter) {
  let after = 0;
  if (filter.cursor !== undefined) {
    const decoded = decodeCursor('d', filter.cursor);
    if (decoded === null) throw AppError.field('cursor', 'api.errors.cursor');
    after = decoded;
  }
  const qb = db.getRepository(Dossier).createQueryBuilder('d')
    .where('d.companyId = :companyId', { companyId })
    .andWhere('d.id > :after', { after })
    .orderBy('d.id', 'ASC')
    .limit(filter.limit + 1);
  if (filter.status) qb.andWhere('d.statusId IN (SELECT st.id FROM dossier_status st WHERE st.code = :status OR st.kind = :status)', { status: filter.status });
  if (filter.thirdParty) qb.andWhere('d.thirdPartyId IN (SELECT tp.id FROM third_party tp WHERE tp.company_id = :companyId AND tp.auxiliary_account = :aux)', { aux: filter.thirdParty });
  const rows = await qb.getMany();
  const page = rows.slice(0, filter.limit);
  return { items: await dossierViews(db, page), nextCursor: rows.length > filter.limit ? encodeCursor('d', page[page.length - 1].id) : null };
}

export async function dossierDetail(db: Db, companyId: number, number: number) {
  const dossier = await db.getRepository(Dossier).findOneBy({ companyId, number });
  if (!dossier) throw AppError.notFound();
  const [view] = await dossierViews(db, [dossier]);
  const links = await db.getRepository(DossierEntry).findBy({ dossierId: dossier.id });
  const entries = links.length
    ? await db.getRepository(LedgerEntry).find({ where: { id: In(links.map((l) => l.ledgerEntryId)) }, order: { dueDate: 'ASC', entryDate: 'ASC', id: 'ASC' } })
    : [];
  const interventions = await db.getRepository(Intervention).find({ where: { dossierId: dossier.id }, order: { dueDate: 'ASC', id: 'ASC' } });
  return {
    ...view,
    entries: entries.map((e) => ({
      entryId: e.id, externalId: externalIdOf(e.sourceKey), journalCode: e.journalCode, entryNumber: e.entryNumber, entryDate: e.entryDate, pieceRef: e.pieceRef,
      label: e.label, dueDate: e.dueDate, debit: e.debit, credit: e.credit, lettering: e.lettering, open: e.lettering === null,
    })),
    interventions: interventions.map((i) => ({
      id: i.id, type: i.type, label: i.label, dueDate: i.dueDate, priority: i.priority, state: i.state, doneDate: i.doneDate, result: i.result,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Generated journal entries

/**
 * The journal entries the module generated after the cursor, oldest first. The cursor is the last
 * id read: the host stores nextCursor and pulls again from it; it stays put when nothing is new.
 */
export async function journalEntriesSince(db: Db, companyId: number, since: string | undefined, limit: number) {
  let after = 0;
  if (since !== undefined) {
    const decoded = decodeCursor('j', since);
    if (decoded === null) throw AppError.field('since', 'api.errors.cursor');
    after = decoded;
  }
  const rows = await db.getRepository(JournalEntryRow).createQueryBuilder('je')
    .where('je.companyId = :companyId', { companyId })
    .andWhere('je.id > :after', { after })
    .orderBy('je.id', 'ASC')
    .limit(limit + 1)
    .getMany();
  const page = rows.slice(0, limit);
  const ids = page.map((e) => e.id);
  const lines = ids.length ? await db.getRepository(JournalLineRow).find({ where: { journalEntryId: In(ids) }, order: { id: 'ASC' } }) : [];
  const dossierIds = [...new Set(page.map((e) => e.dossierId).filter((x): x is number => x !== null))];
  const dossiers = dossierIds.length ? await db.getRepository(Dossier).find({ where: { id: In(dossierIds) }, select: { id: true, number: true } }) : [];
  const numberOf = new Map(dossiers.map((d) => [d.id, d.number]));
  return {
    items: page.map((e) => ({
      id: e.id, number: e.number, journalCode: e.journalCode, date: e.date, label: e.label, pieceRef: e.pieceRef,
      dossierNumber: e.dossierId !== null ? (numberOf.get(e.dossierId) ?? null) : null, createdAt: e.createdAt, exportedAt: e.exportedAt,
      lines: lines.filter((l) => l.journalEntryId === e.id).map((l) => ({ account: l.account, auxiliaryAccount: l.auxiliaryAccount, label: l.label, debit: l.debit, credit: l.credit })),
    })),
    nextCursor: encodeCursor('j', page.length ? page[page.length - 1].id : after),
    hasMore: rows.length > limit,
  };
}
