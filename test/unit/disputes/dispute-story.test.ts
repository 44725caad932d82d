/** A dispute told day by day: the DossierStory is the daily job; the dispute rules say what it holds. */
import { expect } from 'chai';
import { ageBucket, coversWholeDossier, disputedEntries, disputeProblems, parseTeams, type DisputeScope } from '../../../src/disputes/dispute.rules';
import { aScenario, aStep, day, DossierStory } from '../scenarios/scenario-test-kit';

/** Two invoices: #1 for 1 000,00 and #2 for 500,00. */
const INVOICES = new Map([[1, 100000], [2, 50000]]);

class DisputeStory extends DossierStory {
  disputes: DisputeScope[] = [];
  log: string[] = [];

  /** The morning's run, fed what the disputes leave: the undisputed balance; a dossier-wide dispute, or nothing left to claim, holds it. */
  morning(n: number): void {
    const disputed = disputedEntries(this.disputes, [...INVOICES.keys()]);
    const balance = [...INVOICES].filter(([id]) => !disputed.has(id)).reduce((a, [, v]) => a + v, 0);
    this.update({ balance, suspended: coversWholeDossier(this.disputes) || (disputed.size > 0 && balance <= 0) });
    const plan = this.runOn(day(n));
    for (const s of plan.toRaise) this.log.push(`day ${n}: ${s.stepCode}@${s.dueDate} on ${balance}`);
    if (plan.closureProposal) this.log.push(`day ${n}: closure proposed`);
  }
}

describe('disputes told day by day', () => {
  it('a dispute on the whole dossier holds the scenario; resolved, the steps due come back in order', () => {
    const s = new DisputeStory(aScenario([aStep('R1', { offsetDays: 0 }), aStep('R2', { offsetDays: 10 }), aStep('R3', { offsetDays: 20 })]));
    s.morning(0);
    s.disputes = [{ status: 'open', ledgerEntryId: null }];
    s.log.push('day 3: dispute opened');
    for (let n = 3; n <= 14; n++) s.morning(n);
    s.disputes = [{ status: 'resolved', ledgerEntryId: null }];
    s.log.push('day 15: dispute resolved');
    for (let n = 15; n <= 22; n++) s.morning(n);
    expect(s.log).to.deep.equal(['day 0: R1@' + day(0) + ' on 150000', 'day 3: dispute opened', 'day 15: dispute resolved', `day 15: R2@${day(10)} on 150000`, `day 20: R3@${day(20)} on 150000`]);
  });

  it('a disputed invoice leaves the scenario balance; every invoice disputed holds the scenario instead of proposing closure', () => {
    const s = new DisputeStory(aScenario([aStep('R1', { offsetDays: 0 }), aStep('R2', { offsetDays: 10 })]));
    s.disputes = [{ status: 'open', ledgerEntryId: 1 }];
    s.morning(0);
    s.disputes.push({ status: 'open', ledgerEntryId: 2 });
    for (let n = 1; n <= 12; n++) s.morning(n);
    s.disputes = [{ status: 'resolved', ledgerEntryId: 1 }, { status: 'open', ledgerEntryId: 2 }];
    s.morning(13);
    expect(s.log).to.deep.equal([`day 0: R1@${day(0)} on 50000`, `day 13: R2@${day(10)} on 100000`]);
  });

  it('reads the teams setting, buckets ages and refuses a dispute without one owner', () => {
    expect([...parseTeams('sales=Sam,sue; quality=paul')]).to.deep.equal([['sales', ['sam', 'sue']], ['quality', ['paul']]]);
    expect([ageBucket(day(0), day(30)), ageBucket(day(0), day(31)), ageBucket(day(0), day(90)), ageBucket(day(0), day(91))]).to.deep.equal(['d0to30', 'd31to60', 'd61to90', 'over90']);
    expect(disputeProblems({ dueDate: day(5), ownerUserId: null, ownerTeam: null }, day(1))).to.deep.equal({ owner: 'disputes.errors.owner' });
    expect(disputeProblems({ dueDate: day(0), ownerUserId: 1, ownerTeam: 'sales' }, day(1))).to.deep.equal({ dueDate: 'disputes.errors.past', owner: 'disputes.errors.owner' });
  });
});
