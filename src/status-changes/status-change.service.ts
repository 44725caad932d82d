/**
 * Status changes with behaviour, and the Écritures tab's actions. Each use case validates, loads,
 * decides with the pure rules, saves and records its Chrono lines in one transaction: a refused
 * change writes nothing.
 *
 * - Terminé (closed): end date, resolution and result; the remaining to-do interventions are
 *   skipped; the dossier becomes read-only until reopened with a reason.
 * - Collective procedure (legal): judgment and BODACC dates, claims-declaration deadline, the
 *   procedure's interventions, amicable scenario interventions stopped, optional transfer to 416.
 */
import { In, type EntityManager } from 'typeorm';
import { Db, inTransaction, isPostgres } from '../db/transactions';
import { Dossier, DossierEntry, closureBalanceErrors, closureMoney, closureWritesOff, writeDossierStatus, type DossierStatusFields } from '../dossiers';
import { Actor, recordDossierEvent } from '../history';
import { addIntervention, Intervention, skipIntervention } from '../interventions';
import { bookJournalEntries, journalAccounts, transferToDoubtful } from '../journal';
import { LedgerEntry, markTransferredToDoubtful, moveDueDate } from '../ledger';
import { dossierSettlements } from '../payment-plans';
import { dossierExposure, settleProvisionOnClosure } from '../provisions';
import { dossierScenarioState } from '../scenarios';
import { DossierResult, DossierStatus, Resolution } from '../settings';
import { formatBusinessDate, type BusinessDate } from '../shared/business-date';
import { AppError, type FieldError } from '../shared/errors';
import { ThirdParty } from '../third-parties';
import {
  doubtfulRefusal,
  originalDueDateAfter,
  procedureInterventions,
  procedureOf,
  proposedDeadline,
  rescheduledDueDate,
  statusChangeErrors,
  stoppedByProcedure,
  type Reschedule,
  type StatusChangeInput,
} from './status-change.rules';
import type { DeclarationDelays } from '../collective-procedures';

export interface ChangeContext {
  actor: Actor;
  /** Timestamp of the change (ISO). */
  at: string;
  today: BusinessDate;
  /** Days before the claims-declaration deadline for the reminder (setting CLAIMS_REMINDER_DAYS). */
  reminderDays: number;
  /** Claims-declaration delays (settings CLAIMS_DECLARATION_MONTHS and _ABROAD, R622-24). */
  declarationDelays: DeclarationDelays;
}

export const CLOSURE_SKIP_REASON = 'Dossier terminé';

/**
 * What other components do when a dossier is closed (Terminé), in the closure's transaction: they
 * register here (as the hand-off ends its agency's mandate), so that this use case needs not import them.
 */
export const CLOSURE_HOOKS: ((m: EntityManager, closure: { dossierId: number; endDate: BusinessDate; actor: Actor; at: string; today: BusinessDate }) => Promise<void>)[] = [];
export const PROCEDURE_SKIP_REASON = 'Procédure collective : poursuites individuelles arrêtées';

/** True when the dossier is in a closed (Terminé) status: read-only until reopened. */
export async function isDossierClosed(db: Db, dossierId: number): Promise<boolean> {
  const dossier = await db.getRepository(Dossier).findOneBy({ id: dossierId });
  if (!dossier) return false;
  const status = await db.getRepository(DossierStatus).findOneBy({ id: dossier.statusId });
  return status?.kind === 'closed';
}

async function lockDossier(m: EntityManager, dossierId: number): Promise<Dossier> {
  const query = m.getRepository(Dossier).createQueryBuilder('d').where('d.id = :id', { id: dossierId });
  if (isPostgres(m)) query.setLock('pessimistic_write');
  const dossier = await query.getOne();
  if (!dossier) throw AppError.notFound();
  return dossier;
}

function dateText(d: BusinessDate | null): string {
  return d ? formatBusinessDate(d) : '';
}

/** Changes the dossier's status and does what the new status asks. Returns the dossier as saved. */
export async function changeStatus(db: Db, dossierId: number, version: number | null, input: StatusChangeInput, ctx: ChangeContext): Promise<Dossier> {
  return inTransaction(db, async (m) => {
    const dossier = await lockDossier(m, dossierId);
    const current = await m.getRepository(DossierStatus).findOneByOrFail({ id: dossier.statusId });
    if (current.kind === 'closed') throw new AppError('invalid_state', 'statusChanges.errors.dossierClosed');
    if (version !== null && dossier.version !== version) throw AppError.field('statusId', 'statusChanges.errors.changedMeanwhile');
    const target = await m.getRepository(DossierStatus).findOneBy({ id: input.statusId });
    if (!target) throw AppError.field('statusId', 'validation.choice');

    const deadline = target.kind === 'legal' ? (input.claimsDeclarationDeadline ?? proposedDeadline(input.bodaccDate, input.outsideMetropolitanFrance, ctx.declarationDelays)) : null;
    const errors: FieldError[] = statusChangeErrors(dossier, target, { ...input, claimsDeclarationDeadline: deadline }, ctx.today);
    if (target.kind === 'closed') {
      if (input.resolutionId && !(await m.getRepository(Resolution).existsBy({ id: input.resolutionId }))) errors.push({ field: 'resolutionId', message: 'validation.choice' });
      if (input.resultId && !(await m.getRepository(DossierResult).existsBy({ id: input.resultId }))) errors.push({ field: 'resultId', message: 'validation.choice' });
    }
    // Terminé agrees with the money: the balance check lives with the balance rule (src/dossiers/closure-balance.rules.ts).
    const money = target.kind === 'closed' ? await closureMoney(m, dossierId, input.resultId, input.restOfBalance ?? null) : null;
    if (money) errors.push(...closureBalanceErrors(money));
    if (errors.length) throw AppError.validation(errors);

    const changes: DossierStatusFields = { statusId: target.id, updatedAt: ctx.at, updatedBy: ctx.actor.userId };
    if (target.kind === 'closed') Object.assign(changes, { endDate: input.endDate, resolutionId: input.resolutionId, resultId: input.resultId });
    if (target.kind === 'legal') Object.assign(changes, { judgmentDate: input.judgmentDate, bodaccDate: input.bodaccDate, claimsDeclarationDeadline: deadline });
    const lossChanged = target.kind !== 'closed' && input.lossHundredths !== null && input.lossHundredths !== dossier.lossHundredths;
    if (lossChanged) changes.lossHundredths = input.lossHundredths!;
    await writeDossierStatus(m, dossierId, changes);

    const resolution = input.resolutionId ? await m.getRepository(Resolution).findOneBy({ id: input.resolutionId }) : null;
    const result = input.resultId ? await m.getRepository(DossierResult).findOneBy({ id: input.resultId }) : null;
    await recordDossierEvent(m, ctx.actor, {
      dossierId,
      at: ctx.at,
      type: 'statusChanged',
      details: {
        from: current.label, to: target.label, kind: target.kind, comment: input.comment ?? '',
        endDate: dateText(input.endDate), resolution: resolution?.label ?? '', result: result?.label ?? '',
        judgmentDate: dateText(input.judgmentDate), bodaccDate: dateText(input.bodaccDate), deadline: dateText(deadline),
        outsideMetropolitanFrance: input.outsideMetropolitanFrance,
      },
    });
    if (lossChanged) {
      await recordDossierEvent(m, ctx.actor, {
        dossierId, at: ctx.at, type: 'fieldChanged',
        details: { field: 'lossHundredths', format: 'percent', before: String(dossier.lossHundredths), after: String(input.lossHundredths) },
      });
    }

    if (current.kind === 'legal' && target.kind === 'open') {
      const scenario = await dossierScenarioState(m, dossierId);
      if (scenario.scenarioId) {
        await recordDossierEvent(m, ctx.actor, { dossierId, at: ctx.at, type: 'scenarioResumedAfterProcedure', details: { scenario: scenario.scenarioName ?? scenario.scenarioCode ?? '', status: current.label } });
      }
    }
    if (target.kind === 'closed') await closeDossier(m, dossierId, input.endDate!, { lost: (result?.lost ?? false) || closureWritesOff(money!), rectifiedInvoiceIssued: input.rectifiedInvoiceIssued ?? false }, ctx);
    if (target.kind === 'legal') {
      const procedure = procedureOf(target)!;
      const todo = await m.getRepository(Intervention).find({ where: { dossierId, state: 'todo' }, order: { id: 'ASC' } });
      const stopped = todo.filter(stoppedByProcedure);
      for (const i of stopped) {
        await skipIntervention(m, i.id, { reason: PROCEDURE_SKIP_REASON, today: ctx.today, dossierId }, ctx.actor, ctx.at);
      }
      // The engine holds the amicable steps while the status is legal (rule 6); the Chrono says so.
      const scenario = current.kind === 'legal' ? null : await dossierScenarioState(m, dossierId);
      if (scenario?.scenarioId) {
        await recordDossierEvent(m, ctx.actor, { dossierId, at: ctx.at, type: 'scenarioHeldByProcedure', details: { scenario: scenario.scenarioName ?? scenario.scenarioCode ?? '', count: stopped.length, status: target.label } });
      }
      for (const p of procedureInterventions(procedure, deadline!, ctx.reminderDays, ctx.today)) {
        await addIntervention(m, { dossierId, ...p, assigneeId: dossier.controllerId, source: 'status' }, ctx.actor, ctx.at);
      }
      if (input.transferToDoubtful) {
        const eligible = await doubtfulCandidates(m, dossierId);
        if (eligible.length) await transferEntriesToDoubtful(m, dossierId, eligible.map((e) => e.id), ctx);
      }
    }
    return m.getRepository(Dossier).findOneByOrFail({ id: dossierId });
  });
}

/**
 * Terminé: skip what is left to do, and settle the provision (the provisions component reverses
 * what is left of it, or writes the receivable off when the result is a lost one), in this transaction.
 */
async function closeDossier(m: EntityManager, dossierId: number, endDate: BusinessDate, loss: { lost: boolean; rectifiedInvoiceIssued: boolean }, ctx: ChangeContext): Promise<void> {
  const todo = await m.getRepository(Intervention).find({ where: { dossierId, state: 'todo' }, order: { id: 'ASC' } });
  for (const i of todo) await skipIntervention(m, i.id, { reason: CLOSURE_SKIP_REASON, today: ctx.today, dossierId }, ctx.actor, ctx.at);
  // A settlement "pour solde de tout compte": once its amount is received, what is still owed is the
  // part given up, a loss the write-off books. Before that, the dossier is not ready to close.
  const settlement = (await dossierSettlements(m, dossierId)).find((s) => s.status === 'accepted');
  let lost = loss.lost;
  if (settlement) {
    const { outstandingTtc } = await dossierExposure(m, dossierId);
    if (outstandingTtc > settlement.givenUp) {
      throw new AppError('validation', 'errors.validation', 422, [{ field: 'resultId', message: 'statusChanges.errors.settlementNotReceived' }], { remaining: outstandingTtc - settlement.givenUp });
    }
    lost = lost || outstandingTtc > 0;
  }
  await settleProvisionOnClosure(m, { dossierId, date: endDate, lost, rectifiedInvoiceIssued: loss.rectifiedInvoiceIssued, actor: ctx.actor, at: ctx.at });
  for (const hook of CLOSURE_HOOKS) await hook(m, { dossierId, endDate, actor: ctx.actor, at: ctx.at, today: ctx.today });
}

/** Reopens a closed dossier in an open status, with a reason kept in the Chrono. */
export async function reopenDossier(db: Db, dossierId: number, input: { statusId: number; reason: string }, ctx: Omit<ChangeContext, 'reminderDays' | 'declarationDelays'>): Promise<Dossier> {
  return inTransaction(db, async (m) => {
    const dossier = await lockDossier(m, dossierId);
    const current = await m.getRepository(DossierStatus).findOneByOrFail({ id: dossier.statusId });
    if (current.kind !== 'closed') throw new AppError('invalid_state', 'statusChanges.errors.notClosed');
    const target = await m.getRepository(DossierStatus).findOneBy({ id: input.statusId });
    if (!target || target.kind !== 'open' || !target.active) throw AppError.field('statusId', 'statusChanges.errors.reopenToOpen');
    await writeDossierStatus(m, dossierId, { statusId: target.id, endDate: null, resolutionId: null, resultId: null, updatedAt: ctx.at, updatedBy: ctx.actor.userId });
    await recordDossierEvent(m, ctx.actor, {
      dossierId, at: ctx.at, type: 'dossierReopened',
      details: { from: current.label, to: target.label, reason: input.reason, endDate: dateText(dossier.endDate) },
    });
    return m.getRepository(Dossier).findOneByOrFail({ id: dossierId });
  });
}

// ---------------------------------------------------------------------------------------------
// Écritures tab

/** The dossier's linked entries among `entryIds`; refuses an id that is not linked to it. */
async function pickedEntries(m: EntityManager, dossierId: number, entryIds: number[]): Promise<LedgerEntry[]> {
  const ids = [...new Set(entryIds)];
  const links = await m.getRepository(DossierEntry).findBy({ dossierId, ledgerEntryId: In(ids) });
  if (links.length !== ids.length) throw new AppError('invalid_state', 'statusChanges.errors.entryNotLinked');
  const query = m.getRepository(LedgerEntry).createQueryBuilder('le').where('le.id IN (:...ids)', { ids }).orderBy('le.id');
  if (isPostgres(m)) query.setLock('pessimistic_write');
  return query.getMany();
}

/** Moves the due dates of the picked entries, keeping each one's original due date. Returns how many moved. */
export async function rescheduleEntries(db: Db, dossierId: number, entryIds: number[], how: Reschedule, ctx: Omit<ChangeContext, 'reminderDays' | 'declarationDelays'>): Promise<number> {
  return inTransaction(db, async (m) => {
    await lockDossier(m, dossierId);
    const entries = await pickedEntries(m, dossierId, entryIds);
    let moved = 0;
    for (const e of entries) {
      if (e.lettering) throw new AppError('invalid_state', 'statusChanges.errors.letteredEntry');
      const dueDate = rescheduledDueDate(e, how);
      if (dueDate === e.dueDate) continue;
      const originalDueDate = originalDueDateAfter(e);
      await moveDueDate(m, e.id, dueDate, originalDueDate);
      await recordDossierEvent(m, ctx.actor, {
        dossierId, at: ctx.at, type: 'dueDateRescheduled',
        details: { ref: e.pieceRef ?? e.entryNumber, before: dateText(e.dueDate), after: dateText(dueDate), original: dateText(originalDueDate) },
        amount: e.debit - e.credit,
      });
      moved++;
    }
    return moved;
  });
}

/** Linked entries that may still be transferred to doubtful receivables. */
export async function doubtfulCandidates(db: Db, dossierId: number): Promise<LedgerEntry[]> {
  const accounts = await journalAccounts(db);
  const links = await db.getRepository(DossierEntry).findBy({ dossierId });
  if (!links.length) return [];
  const entries = await db.getRepository(LedgerEntry).find({ where: { id: In(links.map((l) => l.ledgerEntryId)) }, order: { id: 'ASC' } });
  return entries.filter((e) => doubtfulRefusal(e, accounts.customer) === null);
}

/**
 * Créances douteuses: one OD entry per picked entry, 416 (aux) debit / 411 (aux) credit for its
 * TTC balance, booked with the change; each entry is marked so it is never transferred twice.
 */
export async function transferEntriesToDoubtful(db: Db, dossierId: number, entryIds: number[], ctx: Omit<ChangeContext, 'reminderDays' | 'declarationDelays'>): Promise<number> {
  return inTransaction(db, async (m) => {
    const dossier = await lockDossier(m, dossierId);
    const entries = await pickedEntries(m, dossierId, entryIds);
    const accounts = await journalAccounts(m);
    const customer = await m.getRepository(ThirdParty).findOneByOrFail({ id: dossier.thirdPartyId });
    const items = [];
    for (const e of entries) {
      const refusal = doubtfulRefusal(e, accounts.customer);
      if (refusal) throw new AppError('invalid_state', refusal, 409, [], { ref: e.pieceRef ?? e.entryNumber });
      items.push({ auxiliaryAccount: e.auxiliaryAccount ?? customer.auxiliaryAccount, pieceRef: e.pieceRef ?? e.entryNumber, amountTtc: e.debit - e.credit });
    }
    const journal = transferToDoubtful(items, { date: ctx.today, accounts });
    const booked = await bookJournalEntries(m, journal, { companyId: dossier.companyId, dossierId, at: ctx.at });
    for (const [i, e] of entries.entries()) {
      // A concurrent second transfer of the same entry marks nothing (and fails here).
      if (!(await markTransferredToDoubtful(m, e.id, ctx.at))) throw new AppError('invalid_state', 'statusChanges.errors.alreadyDoubtful');
      await recordDossierEvent(m, ctx.actor, {
        dossierId, at: ctx.at, type: 'transferredToDoubtful',
        details: { ref: items[i].pieceRef, journal: booked[i].journalCode, number: booked[i].number, debit: accounts.doubtful, credit: accounts.customer },
        amount: items[i].amountTtc,
      });
    }
    return entries.length;
  });
}
