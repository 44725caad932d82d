import { expect } from 'chai';
import {
  doubtfulRefusal,
  originalDueDateAfter,
  procedureInterventions,
  procedureOf,
  proposedDeadline,
  rescheduledDueDate,
  statusChangeErrors,
  stoppedByProcedure,
  type StatusChangeInput,
} from '../../src/status-changes/status-change.rules';
import { rescheduleSchema, toReschedule } from '../../src/status-changes/status-change.forms';
import { parseForm } from '../../src/web/form';
import { AppError } from '../../src/shared/errors';

const TODAY = '2026-11-22';
const input = (fields: Partial<StatusChangeInput> = {}): StatusChangeInput => ({
  statusId: 7, endDate: null, resolutionId: null, resultId: null, judgmentDate: null, bodaccDate: null, outsideMetropolitanFrance: false,
  claimsDeclarationDeadline: null, lossHundredths: null, transferToDoubtful: false, comment: null, ...fields,
});
const dossier = { statusId: 1, startDate: '2026-10-01' };
const messages = (errors: { field: string; message: string }[]) => errors.map((e) => `${e.field}:${e.message}`);

describe('status-change rules', () => {
  it('tells the collective procedures apart by the status code, then its label', () => {
    expect(procedureOf({ kind: 'legal', code: 'REDRESSEMENT_JUDICIAIRE', label: 'Redressement judiciaire' })).to.equal('redressement');
    expect(procedureOf({ kind: 'legal', code: 'SAUVEGARDE', label: 'Sauvegarde' })).to.equal('sauvegarde');
    expect(procedureOf({ kind: 'legal', code: 'LJ', label: 'Liquidation judiciaire' })).to.equal('liquidation');
    expect(procedureOf({ kind: 'legal', code: 'PROC', label: 'Procédure collective' })).to.equal('redressement');
    expect(procedureOf({ kind: 'open', code: 'SAUVEGARDE', label: 'Sauvegarde' })).to.equal(null);
  });

  it('proposes the deadline: BODACC publication + 2 months, + 4 outside metropolitan France', () => {
    expect(proposedDeadline('2026-11-18', false, { months: 2, monthsAbroad: 4 })).to.equal('2027-01-18');
    expect(proposedDeadline('2026-11-18', true, { months: 2, monthsAbroad: 4 })).to.equal('2027-03-18');
    expect(proposedDeadline('2026-12-31', false, { months: 2, monthsAbroad: 4 })).to.equal('2027-02-28');
    expect(proposedDeadline(null, false, { months: 2, monthsAbroad: 4 })).to.equal(null);
  });

  it('a closure needs an end date not before the start, a resolution and a result', () => {
    const closed = { id: 7, kind: 'closed' as const, active: true };
    expect(messages(statusChangeErrors(dossier, closed, input(), TODAY))).to.deep.equal([
      'endDate:dossiers.errors.closedNeedsEndDate', 'resolutionId:dossiers.errors.closedNeedsResolution', 'resultId:dossiers.errors.closedNeedsResult',
    ]);
    expect(messages(statusChangeErrors(dossier, closed, input({ endDate: '2026-09-30', resolutionId: 1, resultId: 1 }), TODAY))).to.deep.equal(['endDate:statusChanges.errors.endBeforeStart']);
    expect(statusChangeErrors(dossier, closed, input({ endDate: '2026-10-01', resolutionId: 1, resultId: 1 }), TODAY)).to.deep.equal([]);
  });

  it('a collective procedure needs the judgment and its publication, in order, and a deadline after the publication', () => {
    const legal = { id: 7, kind: 'legal' as const, active: true };
    expect(messages(statusChangeErrors(dossier, legal, input(), TODAY))).to.deep.equal(['judgmentDate:validation.required', 'bodaccDate:validation.required']);
    expect(messages(statusChangeErrors(dossier, legal, input({ judgmentDate: '2026-11-23', bodaccDate: '2026-11-24' }), TODAY))).to.deep.equal(['judgmentDate:statusChanges.errors.judgmentInFuture']);
    expect(messages(statusChangeErrors(dossier, legal, input({ judgmentDate: '2026-11-10', bodaccDate: '2026-11-01' }), TODAY))).to.deep.equal(['bodaccDate:statusChanges.errors.publicationBeforeJudgment']);
    expect(messages(statusChangeErrors(dossier, legal, input({ judgmentDate: '2026-11-10', bodaccDate: '2026-11-18', claimsDeclarationDeadline: '2026-11-18' }), TODAY)))
      .to.deep.equal(['claimsDeclarationDeadline:statusChanges.errors.deadlineBeforePublication']);
  });

  it('refuses the status the dossier already has, and an inactive one', () => {
    expect(messages(statusChangeErrors(dossier, { id: 1, kind: 'open', active: true }, input({ statusId: 1 }), TODAY))).to.deep.equal(['statusId:statusChanges.errors.sameStatus']);
    expect(messages(statusChangeErrors(dossier, { id: 9, kind: 'open', active: false }, input({ statusId: 9 }), TODAY))).to.deep.equal(['statusId:validation.choice']);
  });

  it('raises the information (done), the declaration (by the deadline) and a reminder N days before it, never in the past', () => {
    const planned = procedureInterventions('redressement', '2027-01-18', 15, TODAY);
    expect(planned.map((p) => [p.label, p.dueDate, p.doneDate])).to.deep.equal([
      ['Information du redressement judiciaire', TODAY, TODAY],
      ['Envoi de la déclaration de créances', '2027-01-18', null],
      ['Rappel : déclaration de créances à envoyer avant le 18/01/2027', '2027-01-03', null],
    ]);
    expect(procedureInterventions('liquidation', '2026-11-30', 15, TODAY).map((p) => p.dueDate)).to.deep.equal([TODAY, '2026-11-30', TODAY]);
    expect(procedureInterventions('sauvegarde', TODAY, 15, TODAY)).to.have.length(2);
  });

  it('stops every to-do that is not a legal step, raised by the scenario or by hand, and leaves the legal ones', () => {
    expect(stoppedByProcedure({ state: 'todo', source: 'scenario', type: 'letter' })).to.equal(true);
    expect(stoppedByProcedure({ state: 'todo', source: 'scenario', type: 'legal' })).to.equal(false);
    expect(stoppedByProcedure({ state: 'todo', source: 'manual', type: 'call' })).to.equal(true);
    expect(stoppedByProcedure({ state: 'todo', source: 'manual', type: 'legal' })).to.equal(false);
    expect(stoppedByProcedure({ state: 'done', source: 'scenario', type: 'call' })).to.equal(false);
  });

  it('reschedules to a new date or by a shift, and keeps the first original due date', () => {
    const entry = { dueDate: '2026-11-15', originalDueDate: null, entryDate: '2026-10-15' };
    expect(rescheduledDueDate(entry, { shiftDays: 30 })).to.equal('2026-12-15');
    expect(rescheduledDueDate(entry, { newDueDate: '2027-01-05' })).to.equal('2027-01-05');
    expect(rescheduledDueDate({ ...entry, dueDate: null }, { shiftDays: 10 })).to.equal('2026-10-25');
    expect(originalDueDateAfter(entry)).to.equal('2026-11-15');
    expect(originalDueDateAfter({ ...entry, dueDate: '2026-12-15', originalDueDate: '2026-11-15' })).to.equal('2026-11-15');
  });

  it('the reschedule form takes a date or a shift, not both, not neither, not zero', () => {
    const parse = (body: Record<string, string>) => toReschedule(parseForm(rescheduleSchema, body));
    expect(parse({ newDueDate: '05/01/2027' })).to.deep.equal({ newDueDate: '2027-01-05' });
    expect(parse({ shiftDays: '-7' })).to.deep.equal({ shiftDays: -7 });
    for (const [body, field] of [[{}, 'newDueDate'], [{ newDueDate: '05/01/2027', shiftDays: '3' }, 'shiftDays'], [{ shiftDays: '0' }, 'shiftDays']] as const) {
      try {
        parse(body);
        expect.fail('should refuse');
      } catch (err) {
        expect((err as AppError).fieldErrors[0].field).to.equal(field);
      }
    }
  });

  it('transfers to doubtful only open customer entries with a balance, once', () => {
    const e = { account: '411000', lettering: null, debit: 120000, credit: 0, doubtfulAt: null };
    expect(doubtfulRefusal(e, '411')).to.equal(null);
    expect(doubtfulRefusal({ ...e, doubtfulAt: '2026-11-22T09:00:00.000Z' }, '411')).to.equal('statusChanges.errors.alreadyDoubtful');
    expect(doubtfulRefusal({ ...e, lettering: 'AA' }, '411')).to.equal('statusChanges.errors.letteredEntry');
    expect(doubtfulRefusal({ ...e, account: '416000' }, '411')).to.equal('statusChanges.errors.notCustomerAccount');
    expect(doubtfulRefusal({ ...e, credit: 120000 }, '411')).to.equal('statusChanges.errors.zeroBalance');
  });
});
