/** The API's customers: create or update one by its auxiliary account, and read it with its balance and open items. */
import { EntityManager, IsNull } from 'typeorm';
import { toNumber } from '../db/column-types';
import { CreditController } from '../credit-controllers';
import { refreshDossierBalances } from '../dossiers';
import { LedgerEntry, linkOrphanEntries } from '../ledger';
import { RiskCode } from '../settings';
import { AppError } from '../shared/errors';
import { createCustomer, replaceCustomerIdentity, ThirdParty } from '../third-parties';
import { daysOverdue } from './api.rules';
import type { ThirdPartyInput } from './api.schemas';
import type { Db } from '../db/sql';
import { externalIdOf } from './api-source-keys';

/** Creates or replaces the customer of an auxiliary account; the version moves only when something changed. */
export async function upsertThirdParty(m: EntityManager, companyId: number, auxiliaryAccount: string, input: ThirdPartyInput, at: string): Promise<{ created: boolean; thirdParty: ThirdParty }> {
  const existing = await m.getRepository(ThirdParty).findOneBy({ companyId, auxiliaryAccount });
  if (!existing) {
    const thirdParty = await createCustomer(m, companyId, auxiliaryAccount, input, at);
    await linkOrphanEntries(m, thirdParty);
    await refreshDossierBalances(m, { thirdPartyIds: [thirdParty.id] });
    return { created: true, thirdParty };
  }
  await replaceCustomerIdentity(m, existing, input, at);
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
