/**
 * Use cases behind the host ERP's API. Every function works for one company (the API key's).
 * Writes take the caller's EntityManager: the route runs them in one transaction, so a batch with
 * one bad line writes nothing. Here: the dossiers and the generated journal entries; the customers
 * are api-third-parties.service.ts, the ledger lines and lettering api-ledger.service.ts.
 */
import { In } from 'typeorm';
import { CreditController } from '../credit-controllers';
import { Dossier, DossierEntry, dossierBalances } from '../dossiers';
import { Intervention } from '../interventions';
import { JournalEntryRow, JournalLineRow } from '../journal';
import { LedgerEntry } from '../ledger';
import { DossierStatus } from '../settings';
import { AppError } from '../shared/errors';
import { ThirdParty } from '../third-parties';
import { decodeCursor, encodeCursor } from './api.rules';
import type { Db } from '../db/sql';
import { externalIdOf } from './api-source-keys';

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
