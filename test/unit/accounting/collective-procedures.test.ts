import { expect } from 'chai';
import {
  claimAtJudgment,
  claimsDeclarationDeadline,
  declarationDelays,
  declarationReminderDate,
  foreclosureReliefDeadline,
} from '../../../src/collective-procedures';
import { loadConfig } from '../../../src/config';
import { AppError } from '../../../src/shared/errors';

/** The settings' defaults: the legal delays (R622-24). */
const legal = declarationDelays(loadConfig({}));

describe('collective procedures: deadlines', () => {
  it('the claim is declared within 2 months of the BODACC publication (R622-24)', () => {
    expect(claimsDeclarationDeadline('2025-03-15', false, legal)).to.equal('2025-05-15');
  });

  it('within 4 months for a creditor established outside metropolitan France', () => {
    expect(claimsDeclarationDeadline('2025-03-15', true, legal)).to.equal('2025-07-15');
  });

  it('the delays are settings: CLAIMS_DECLARATION_MONTHS(_ABROAD) move the deadline', () => {
    const delays = declarationDelays(loadConfig({ CLAIMS_DECLARATION_MONTHS: '3', CLAIMS_DECLARATION_MONTHS_ABROAD: '5' }));
    expect(claimsDeclarationDeadline('2025-03-15', false, delays)).to.equal('2025-06-15');
    expect(claimsDeclarationDeadline('2025-03-15', true, delays)).to.equal('2025-08-15');
  });

  it('a month without the same day ends on its last day', () => {
    expect(claimsDeclarationDeadline('2024-12-31', false, legal)).to.equal('2025-02-28');
    expect(claimsDeclarationDeadline('2023-12-31', false, legal)).to.equal('2024-02-29');
  });

  it('a relevé de forclusion can be asked within 6 months of the publication', () => {
    expect(foreclosureReliefDeadline('2025-03-15')).to.equal('2025-09-15');
  });

  it('the reminder falls the given number of days before the deadline', () => {
    expect(declarationReminderDate('2025-05-15', 15)).to.equal('2025-04-30');
    expect(declarationReminderDate('2025-05-15', 0)).to.equal('2025-05-15');
    expect(() => declarationReminderDate('2025-05-15', -1)).to.throw(AppError, /daysBefore/);
    expect(() => claimsDeclarationDeadline('15/03/2025', false, legal)).to.throw(AppError, /not a date/);
  });
});

describe('collective procedures: claim at the judgment date', () => {
  it('splits what is due on the judgment day from the sums not yet due, with their due dates', () => {
    const claim = claimAtJudgment([
      { pieceRef: 'FA1', amount: 120000, dueDate: '2025-02-28' },
      { pieceRef: 'FA2', amount: 60000, dueDate: '2025-03-10' },
      { pieceRef: 'FA4', amount: 30000, dueDate: '2025-04-30' },
      { pieceRef: 'FA3', amount: 24000, dueDate: '2025-03-31' },
      { pieceRef: 'FA5', amount: 6000, dueDate: '2025-04-30' },
      { pieceRef: 'AV1', amount: -12000, dueDate: null },
    ], '2025-03-10');
    expect(claim.dueAtJudgment.entries.map((e) => e.pieceRef)).to.deep.equal(['FA1', 'FA2', 'AV1']);
    expect(claim.dueAtJudgment.total).to.equal(168000);
    expect(claim.notYetDue.entries).to.deep.equal([
      { pieceRef: 'FA3', amount: 24000, dueDate: '2025-03-31' },
      { pieceRef: 'FA4', amount: 30000, dueDate: '2025-04-30' },
      { pieceRef: 'FA5', amount: 6000, dueDate: '2025-04-30' },
    ]);
    expect(claim.notYetDue.byDueDate).to.deep.equal([{ dueDate: '2025-03-31', amount: 24000 }, { dueDate: '2025-04-30', amount: 36000 }]);
    expect(claim.notYetDue.total).to.equal(60000);
    expect(claim.total).to.equal(228000);
  });

  it('leaves out claims born after the judgment', () => {
    const claim = claimAtJudgment([
      { pieceRef: 'FA1', amount: 1000, dueDate: '2025-04-10', date: '2025-03-10' },
      { pieceRef: 'FA2', amount: 2000, dueDate: '2025-04-11', date: '2025-03-11' },
    ], '2025-03-10');
    expect(claim.total).to.equal(1000);
    expect(claim.postJudgment.map((e) => e.pieceRef)).to.deep.equal(['FA2']);
  });
});
