/** The API's ledger side: post ledger lines (new customers created on the way) and update their lettering. */
import { EntityManager, In } from 'typeorm';
import { refreshDossierBalances } from '../dossiers';
import { appendLedgerEntries, LedgerEntry, setLettering } from '../ledger';
import { AppError, FieldError } from '../shared/errors';
import { createCustomer, ThirdParty } from '../third-parties';
import { isCustomerAccount, replayDifferences, REPLAY_FIELDS } from './api.rules';
import type { LedgerLineInput } from './api.schemas';
import { chunks, externalIdOf, sourceKeyOf } from './api-source-keys';

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
    const tp = await createCustomer(m, companyId, account, { name: name.slice(0, 200) || account }, at);
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
      await setLettering(m, entry.id, lettering, letteringDate);
      updated++;
    }
    out.push({ entryId: entry.id, externalId: externalIdOf(entry.sourceKey), lettering, letteringDate, status: same ? ('unchanged' as const) : ('updated' as const) });
  }
  if (updated) await refreshDossierBalances(m, { thirdPartyIds: targets.map((e) => e!.thirdPartyId).filter((x): x is number => x !== null) });
  return { updated, unchanged: items.length - updated, items: out };
}
