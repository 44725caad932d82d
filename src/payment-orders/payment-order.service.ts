/**
 * Injonction de payer: prepare the request from the dossier (amounts frozen from the documents'
 * context: the one balance, the penalties and indemnities), then record the procedure's events in
 * order. Each event closes the legal to-do of the step before and opens the next one with its
 * deadline (payment-order.rules.ts); filing records a claim in court for prescription (C. civ. 2241).
 */
import fs from 'node:fs';
import type { Writable } from 'node:stream';
import { In } from 'typeorm';
import type { Config } from '../config';
import { inTransaction, type Db } from '../db/transactions';
import { attachmentPath, listAttachments, uniqueNames } from '../attachments';
import { buildDossierContext, letterSection, printDocument, renderDocument } from '../documents';
import { Dossier } from '../dossiers';
import { recordDossierEvent, type Actor } from '../history';
import { Intervention } from '../interventions';
import { recordInterruption } from '../prescription';
import { DossierStatus } from '../settings';
import { AppError } from '../shared/errors';
import { formatMoney } from '../shared/money';
import { PaymentOrder } from './payment-order.entity';
import { legalStepAfter, NEXT_EVENTS, paymentOrderDeadlines, paymentOrderStatusOn, type PaymentOrderDelays, type PaymentOrderEvent } from './payment-order.rules';

/** The procedure's delays, from the settings (CPC 1411, 1416, former 1423: the legal values are the defaults). */
export function paymentOrderDelays(config: Pick<Config, 'paymentOrderServiceMonths' | 'paymentOrderOppositionMonths' | 'paymentOrderFormerEnforceabilityMonths'>): PaymentOrderDelays {
  return { serviceMonths: config.paymentOrderServiceMonths, oppositionMonths: config.paymentOrderOppositionMonths, formerEnforceabilityMonths: config.paymentOrderFormerEnforceabilityMonths };
}

export const REQUEST_TEMPLATE = 'requete-injonction-payer';
const ACTIVE = ['prepared', 'filed', 'ordered', 'served'];

function defaultGrounds(numbers: string[], hasNotice: boolean): string {
  return `Factures impayées ${numbers.join(', ')}, émises au titre de ventes et prestations réalisées pour le débiteur et restées impayées à leur échéance${hasNotice ? ", malgré nos relances et la mise en demeure adressée par lettre recommandée avec avis de réception, restée sans effet" : ', malgré nos relances'}.`;
}

export async function preparePaymentOrder(db: Db, dossierId: number, input: { court: string; grounds: string | null }, actor: Actor, at: string, today: string): Promise<PaymentOrder> {
  return inTransaction(db, async (m) => {
    const dossier = await m.getRepository(Dossier).findOneBy({ id: dossierId });
    if (!dossier) throw AppError.notFound();
    const status = await m.getRepository(DossierStatus).findOneByOrFail({ id: dossier.statusId });
    // After the opening judgment of a collective procedure individual pursuit stops (C. com. L622-21); a closed dossier is read-only.
    if (status.kind !== 'open') throw new AppError('invalid_state', 'paymentOrders.errors.notOpen');
    if (await m.getRepository(PaymentOrder).existsBy({ dossierId, status: In(ACTIVE) })) throw new AppError('invalid_state', 'paymentOrders.errors.alreadyActive');
    const context = await buildDossierContext(m, dossierId, today);
    const principal = context.totals.overdue;
    if (principal <= 0) throw new AppError('invalid_state', 'paymentOrders.errors.nothingDue');
    const notice = await m.getRepository(Intervention).createQueryBuilder('i').where("i.dossierId = :dossierId AND i.state = 'done' AND LOWER(i.label) LIKE '%mise en demeure%'", { dossierId }).getCount();
    const order = await m.getRepository(PaymentOrder).save(
      m.getRepository(PaymentOrder).create({
        dossierId, status: 'prepared', court: input.court, principal, penalties: context.latePayment.totals.penalty, indemnities: context.latePayment.totals.indemnity,
        grounds: input.grounds ?? defaultGrounds(context.overdueEntries.map((e) => e.pieceRef).filter(Boolean), notice > 0), preparedDate: today, filedDate: null, orderDate: null,
        orderReference: null, amountGranted: null, servedDate: null, servedToPerson: true, oppositionDate: null, rejectedDate: null, version: 1, createdAt: at, createdBy: actor.userId,
      }),
    );
    await recordDossierEvent(m, actor, { dossierId, at, type: 'paymentOrderPrepared', amount: principal, details: { court: input.court } });
    return order;
  });
}

export interface PaymentOrderEventInput {
  event: PaymentOrderEvent;
  date: string;
  orderReference?: string | null;
  amountGranted?: number | null;
  servedToPerson?: boolean;
}

export async function recordPaymentOrderEvent(db: Db, orderId: number, input: PaymentOrderEventInput, delays: PaymentOrderDelays, actor: Actor, at: string, today: string): Promise<PaymentOrder> {
  return inTransaction(db, async (m) => {
    const order = await m.getRepository(PaymentOrder).findOneBy({ id: orderId });
    if (!order) throw AppError.notFound();
    const current = paymentOrderStatusOn(order, today, delays);
    if (!NEXT_EVENTS[current].includes(input.event)) throw new AppError('invalid_state', `paymentOrders.errors.outOfOrder.${current}`);
    if (input.date > today) throw AppError.field('date', 'paymentOrders.errors.future');
    const previous = { prepared: order.preparedDate, filed: order.filedDate, ordered: order.orderDate, served: order.servedDate }[current as 'prepared' | 'filed' | 'ordered' | 'served'];
    if (previous && input.date < previous) throw AppError.field('date', 'paymentOrders.errors.beforePrevious');
    const changes: Partial<PaymentOrder> = {};
    if (input.event === 'filed') Object.assign(changes, { status: 'filed', filedDate: input.date });
    if (input.event === 'ordered') Object.assign(changes, { status: 'ordered', orderDate: input.date, orderReference: input.orderReference ?? null, amountGranted: input.amountGranted ?? null });
    if (input.event === 'rejected') Object.assign(changes, { status: 'rejected', rejectedDate: input.date });
    if (input.event === 'served') Object.assign(changes, { status: 'served', servedDate: input.date, servedToPerson: input.servedToPerson ?? true });
    if (input.event === 'opposed') Object.assign(changes, { status: 'opposed', oppositionDate: input.date });
    const updated = await m.createQueryBuilder().update(PaymentOrder).set({ ...changes, version: () => 'version + 1' }).where('id = :id AND version = :version', { id: order.id, version: order.version }).execute();
    if (!updated.affected) throw new AppError('conflict', 'errors.conflict');
    const saved = await m.getRepository(PaymentOrder).findOneByOrFail({ id: order.id });
    // The step before is done; the next legal step is due by its deadline (exactly once per order and step).
    await m.createQueryBuilder().update(Intervention).set({ state: 'done', doneDate: input.date, doneAt: at, doneBy: actor.userId, version: () => 'version + 1' })
      .where("dossier_id = :dossierId AND state = 'todo' AND step_code LIKE :prefix", { dossierId: order.dossierId, prefix: `IP${order.id}:%` }).execute();
    const next = legalStepAfter(input.event, saved, delays);
    if (next) {
      const dossier = await m.getRepository(Dossier).findOneByOrFail({ id: order.dossierId });
      await m.getRepository(Intervention).save(m.getRepository(Intervention).create({
        dossierId: order.dossierId, type: 'legal', label: next.label.slice(0, 200), dueDate: next.dueDate, priority: 950, assigneeId: dossier.controllerId, state: 'todo', source: 'system',
        stepCode: `IP${order.id}:${next.code}`, occurrence: 1, doneDate: null, doneAt: null, doneBy: null, result: null, comment: null, skipReason: null, version: 1, createdAt: at, createdBy: actor.userId,
      }));
    }
    if (input.event === 'filed') {
      await recordInterruption(m, { dossierId: order.dossierId, entryId: null, kind: 'court_claim', date: input.date, note: `Requête en injonction de payer déposée au ${order.court}` }, actor, at, today);
    }
    const type = `paymentOrder${input.event[0].toUpperCase()}${input.event.slice(1)}`;
    await recordDossierEvent(m, actor, { dossierId: order.dossierId, at, type, details: { date: input.date, court: order.court } });
    return saved;
  });
}

export interface PaymentOrderView extends PaymentOrder {
  currentStatus: ReturnType<typeof paymentOrderStatusOn>;
  deadlines: ReturnType<typeof paymentOrderDeadlines>;
  total: number;
}

export async function dossierPaymentOrders(db: Db, dossierId: number, delays: PaymentOrderDelays, today: string): Promise<PaymentOrderView[]> {
  const orders = await db.getRepository(PaymentOrder).find({ where: { dossierId }, order: { id: 'DESC' } });
  return orders.map((o) => Object.assign(o, { currentStatus: paymentOrderStatusOn(o, today, delays), deadlines: paymentOrderDeadlines(o, delays), total: o.principal + o.penalties + o.indemnities }));
}

/** The request, printable (HTML through the documents engine; a broken template shows its line). */
export async function renderPaymentOrderRequest(db: Db, orderId: number, today: string): Promise<{ ok: boolean; html: string; dossierNumber: number }> {
  const order = await db.getRepository(PaymentOrder).findOneBy({ id: orderId });
  if (!order) throw AppError.notFound();
  const context = await buildDossierContext(db, order.dossierId, order.preparedDate > today ? today : order.preparedDate);
  const pieces = [
    ...context.overdueEntries.map((e) => `Facture ${e.pieceRef ?? ''} du ${e.dateText}`),
    ...(await listAttachments(db, order.dossierId)).sort((a, b) => a.id - b.id).map((a) => a.originalName),
  ];
  const money = (c: number) => formatMoney(c, 'fr');
  const full = {
    ...context,
    order: {
      court: order.court, grounds: order.grounds, principalText: money(order.principal), penaltiesText: money(order.penalties), indemnitiesText: money(order.indemnities),
      totalText: money(order.principal + order.penalties + order.indemnities), pieces, hasPieces: pieces.length > 0,
    },
  };
  const result = await renderDocument(db, REQUEST_TEMPLATE, full);
  const section = letterSection({ templateCode: REQUEST_TEMPLATE, dossierNumber: context.dossier.number, creditor: context.creditor, ...(result.ok ? { html: result.html } : { error: result.error }) });
  return { ok: result.ok, html: printDocument(`Requête en injonction de payer — dossier ${context.dossier.number}`, [section]), dossierNumber: context.dossier.number };
}

/** The request and its pieces (the dossier's attachments: invoices, mise en demeure, its receipt) as one zip. */
export async function writePaymentOrderZip(db: Db, config: Config, orderId: number, out: Writable, today: string): Promise<void> {
  const order = await db.getRepository(PaymentOrder).findOneBy({ id: orderId });
  if (!order) throw AppError.notFound();
  const request = await renderPaymentOrderRequest(db, orderId, today);
  // Loaded when a zip is written, not with the module: archiver adds about 20 MB to every process (the daily job, the import).
  const { ZipArchive } = await import('archiver');
  const zip = new ZipArchive({ zlib: { level: 6 } });
  const done = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('finish', resolve);
    zip.on('error', reject);
  });
  zip.pipe(out);
  zip.append(request.html, { name: `requete-injonction-de-payer-dossier-${request.dossierNumber}.html` });
  const files = (await listAttachments(db, order.dossierId)).sort((a, b) => a.id - b.id);
  const names = uniqueNames(files.map((f) => f.originalName));
  files.forEach((f, i) => {
    const file = attachmentPath(config, f);
    if (fs.existsSync(file)) zip.file(file, { name: `pieces/${String(i + 1).padStart(2, '0')}-${names[i]}` });
  });
  await zip.finalize();
  await done;
}

/** One of the dossier's payment orders, or "not found" (another dossier's is not found either). */
export async function getDossierPaymentOrder(db: Db, dossierId: number, id: number): Promise<PaymentOrder> {
  const order = await db.getRepository(PaymentOrder).findOneBy({ id, dossierId });
  if (!order) throw AppError.notFound();
  return order;
}
