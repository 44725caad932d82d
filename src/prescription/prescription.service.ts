/**
 * Prescription of a dossier's invoices: reads the facts (the invoices, the payments lettered with
 * them, the payments received directly, the plans, the promises, the recorded acts) and applies the
 * pure rule (prescription.rules.ts). The alert task raises one intervention per invoice and
 * prescription date, exactly once (the unique key on dossier, step code and occurrence).
 */
import type { Config } from '../config';
import { inTransaction, rawQuery, type Db } from '../db/transactions';
import { accountTransactions, Dossier, DossierEntry, loadHoldings } from '../dossiers';
import { DirectPayment, openInvoices as openInvoicesOf } from '../dossier-account';
import { recordDossierEvent, type Actor } from '../history';
import { LedgerEntry } from '../ledger';
import { PaymentPlan } from '../payment-plans';
import { PaymentPromise } from '../promises';
import { DossierStatus } from '../settings';
import { ThirdParty } from '../third-parties';
import { AppError } from '../shared/errors';
import { PrescriptionInterruption } from './prescription.entity';
import { oldestDueDateAtRisk, prescriptionOf, type CustomerType, type Interruption, type InterruptionKind, type Prescription, type PrescriptionPeriods } from './prescription.rules';
import { In } from 'typeorm';

export interface PrescriptionSettings {
  periods: PrescriptionPeriods;
  alertDays: number;
}

export function prescriptionSettings(config: Config): PrescriptionSettings {
  return { periods: { businessYears: config.prescriptionBusinessYears, consumerYears: config.prescriptionConsumerYears }, alertDays: config.prescriptionAlertDays };
}

export interface InvoicePrescription extends Prescription {
  pieceRef: string | null;
  label: string | null;
  /** What is still open on the invoice, TTC. */
  open: number;
  originalDueDate: string;
}

export interface DossierPrescription {
  customerType: CustomerType;
  invoices: InvoicePrescription[];
  interruptions: (Interruption & { note: string | null; id: number | null })[];
}

/** Plans that the debtor agreed (Code civil 2240): every plan but a refused or pending one. */
const AGREED_PLANS = ['active', 'completed', 'broken'];

async function interruptionsOf(db: Db, dossierIds: number[]): Promise<Map<number, DossierPrescription['interruptions']>> {
  const out = new Map<number, DossierPrescription['interruptions']>();
  const add = (dossierId: number, i: DossierPrescription['interruptions'][number]) => out.set(dossierId, [...(out.get(dossierId) ?? []), i]);
  if (dossierIds.length === 0) return out;
  for (const r of await db.getRepository(PrescriptionInterruption).findBy({ dossierId: In(dossierIds) })) add(r.dossierId, { id: r.id, date: r.date, kind: r.kind, source: 'recorded', entryId: r.entryId, note: r.note });
  for (const p of await db.getRepository(DirectPayment).findBy({ dossierId: In(dossierIds) })) add(p.dossierId, { id: null, date: p.paymentDate, kind: 'acknowledgement', source: 'direct_payment', entryId: null, note: p.reference });
  for (const p of await db.getRepository(PaymentPlan).findBy({ dossierId: In(dossierIds), status: In(AGREED_PLANS) })) add(p.dossierId, { id: null, date: p.startDate, kind: 'acknowledgement', source: 'plan', entryId: null, note: null });
  // A promise to pay is the debtor's acknowledgement on the day it was taken, kept or not (Code civil 2240).
  for (const p of await db.getRepository(PaymentPromise).findBy({ dossierId: In(dossierIds) })) add(p.dossierId, { id: null, date: p.takenOn, kind: 'acknowledgement', source: 'promise', entryId: null, note: p.comment });
  return out;
}

interface InvoiceRow {
  dossier_id: number;
  id: number;
  piece_ref: string | null;
  label: string | null;
  due: string;
  debit: number | string;
  credit: number | string;
  lettering: string | null;
  third_party_id: number;
}

/**
 * The dossiers' invoices still open, with what each still owes by the balance rule (the account's
 * imputation: lettered credits first, then the oldest due), and the dates of the payments lettered with them.
 */
async function openInvoices(db: Db, dossierIds: number[]): Promise<{ invoices: (InvoiceRow & { open: number })[]; letteredPayments: Map<string, string[]> }> {
  if (dossierIds.length === 0) return { invoices: [], letteredPayments: new Map() };
  const invoices = await rawQuery<InvoiceRow>(
    db,
    `SELECT de.dossier_id, e.id, e.piece_ref, e.label, COALESCE(e.original_due_date, e.due_date) AS due, e.debit, e.credit, e.lettering, e.third_party_id
       FROM dossier_entry de JOIN ledger_entry e ON e.id = de.ledger_entry_id
      WHERE de.dossier_id IN (:...dossierIds) AND e.debit > e.credit AND COALESCE(e.original_due_date, e.due_date) IS NOT NULL
      ORDER BY de.dossier_id, due, e.id`,
    { dossierIds },
  );
  const letterings = [...new Set(invoices.map((i) => i.lettering).filter((l): l is string => Boolean(l)))];
  const letteredPayments = new Map<string, string[]>();
  for (let k = 0; k < letterings.length; k += 500) {
    const chunk = letterings.slice(k, k + 500);
    const lines = await db.getRepository(LedgerEntry).find({ where: { lettering: In(chunk) }, select: { lettering: true, entryDate: true, debit: true, credit: true, thirdPartyId: true } });
    for (const l of lines) {
      const key = `${l.thirdPartyId}:${l.lettering}`;
      if (Number(l.credit) > Number(l.debit)) letteredPayments.set(key, [...(letteredPayments.get(key) ?? []), l.entryDate]);
    }
  }
  // What each invoice still owes is the account's (the one balance rule); a settled invoice is not at risk.
  const owed = new Map<string, number>();
  for (const [id, h] of await loadHoldings(db, [...new Set(invoices.map((i) => Number(i.dossier_id)))])) {
    for (const o of openInvoicesOf(accountTransactions(h))) owed.set(`${id}:${o.key}`, o.amount);
  }
  const open = invoices
    .map((i) => ({ ...i, open: owed.get(`${Number(i.dossier_id)}:ledger:${Number(i.id)}`) ?? 0 }))
    .filter((i) => i.open > 0);
  return { invoices: open, letteredPayments };
}

async function customerTypes(db: Db, dossierIds: number[]): Promise<Map<number, CustomerType>> {
  if (dossierIds.length === 0) return new Map();
  const rows = await rawQuery<{ id: number; customer_type: string }>(db, 'SELECT d.id, t.customer_type FROM dossier d JOIN third_party t ON t.id = d.third_party_id WHERE d.id IN (:...dossierIds)', { dossierIds });
  return new Map(rows.map((r) => [Number(r.id), r.customer_type === 'consumer' ? 'consumer' : 'business']));
}

/** Each open invoice's prescription, for a set of dossiers. */
export async function prescriptionsOf(db: Db, dossierIds: number[], today: string, settings: PrescriptionSettings, options: { onlyAtRisk?: boolean } = {}): Promise<Map<number, DossierPrescription>> {
  const { invoices: candidates, letteredPayments } = await openInvoices(db, dossierIds);
  const types = await customerTypes(db, dossierIds);
  const interruptions = await interruptionsOf(db, [...new Set(candidates.map((i) => Number(i.dossier_id)))]);
  const out = new Map<number, DossierPrescription>();
  for (const id of dossierIds) out.set(id, { customerType: types.get(id) ?? 'business', invoices: [], interruptions: (interruptions.get(id) ?? []).sort((a, b) => (a.date < b.date ? 1 : -1)) });
  for (const inv of candidates) {
    const dossierId = Number(inv.dossier_id);
    const own = out.get(dossierId)!;
    const paid = (inv.lettering ? letteredPayments.get(`${inv.third_party_id}:${inv.lettering}`) ?? [] : []).map((date): Interruption => ({ date, kind: 'acknowledgement', source: 'payment', entryId: Number(inv.id) }));
    const p = prescriptionOf({ entryId: Number(inv.id), dueDate: inv.due }, own.customerType, [...own.interruptions, ...paid], { today, alertDays: settings.alertDays, periods: settings.periods });
    if (options.onlyAtRisk && p.alertDate > today) continue;
    own.invoices.push({ ...p, pieceRef: inv.piece_ref, label: inv.label, open: inv.open, originalDueDate: inv.due });
  }
  return out;
}

export async function dossierPrescription(db: Db, dossierId: number, today: string, settings: PrescriptionSettings): Promise<DossierPrescription> {
  return (await prescriptionsOf(db, [dossierId], today, settings)).get(dossierId)!;
}

export async function recordInterruption(db: Db, input: { dossierId: number; entryId: number | null; kind: InterruptionKind; date: string; note: string | null }, actor: Actor, at: string, today: string): Promise<PrescriptionInterruption> {
  return inTransaction(db, async (m) => {
    if (!(await m.getRepository(Dossier).existsBy({ id: input.dossierId }))) throw AppError.notFound();
    if (input.date > today) throw AppError.field('date', 'prescription.errors.future');
    if (input.entryId !== null && !(await m.getRepository(DossierEntry).existsBy({ dossierId: input.dossierId, ledgerEntryId: input.entryId }))) throw AppError.field('entryId', 'validation.choice');
    const saved = await m.getRepository(PrescriptionInterruption).save(m.getRepository(PrescriptionInterruption).create({ ...input, createdAt: at, createdBy: actor.userId }));
    await recordDossierEvent(m, actor, { dossierId: input.dossierId, at, type: 'prescriptionInterrupted', details: { kind: input.kind, date: input.date, note: input.note ?? '' } });
    return saved;
  });
}

export interface ClaimAtRisk extends InvoicePrescription {
  dossierId: number;
  dossierNumber: number;
  customer: string;
}

/** Open dossiers (amicable statuses: a claim declared in a collective procedure is interrupted, L622-25-1) whose invoices reach their alert date by `until`. */
export async function claimsAtRisk(db: Db, today: string, until: string, settings: PrescriptionSettings): Promise<ClaimAtRisk[]> {
  const openStatuses = (await db.getRepository(DossierStatus).findBy({ kind: 'open' })).map((s) => s.id);
  if (openStatuses.length === 0) return [];
  const horizon = oldestDueDateAtRisk(until, settings.alertDays, settings.periods);
  const ids = (await rawQuery<{ dossier_id: number }>(
    db,
    `SELECT DISTINCT de.dossier_id FROM dossier_entry de JOIN ledger_entry e ON e.id = de.ledger_entry_id JOIN dossier d ON d.id = de.dossier_id
      WHERE d.status_id IN (:...openStatuses) AND e.debit > e.credit AND COALESCE(e.original_due_date, e.due_date) <= :horizon`,
    { openStatuses, horizon },
  )).map((r) => Number(r.dossier_id));
  const out: ClaimAtRisk[] = [];
  for (let k = 0; k < ids.length; k += 500) {
    const chunk = ids.slice(k, k + 500);
    const byDossier = await prescriptionsOf(db, chunk, today, settings);
    const dossiers = await db.getRepository(Dossier).findBy({ id: In(chunk) });
    const customers = new Map((await db.getRepository(ThirdParty).findBy({ id: In(dossiers.map((d) => d.thirdPartyId)) })).map((c) => [c.id, c.name]));
    for (const d of dossiers) {
      for (const inv of byDossier.get(d.id)?.invoices ?? []) {
        if (inv.alertDate <= until) out.push({ ...inv, dossierId: d.id, dossierNumber: d.number, customer: customers.get(d.thirdPartyId) ?? '' });
      }
    }
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.dossierNumber - b.dossierNumber));
}
