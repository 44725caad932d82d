/**
 * A status set by a scenario step goes through the one status-change use case, as the dialog's
 * does (approvals' submitStatusChange): a status flagged `requiresApproval` (CONTENTIEUX as shipped)
 * opens an approval request instead of applying, since the job is no approver. Called inside the
 * transaction that raised the step, so the step and its status change commit together (exactly once).
 *
 * A scenario may not set a `closed` or `legal` status (those need the dialog's data; refused when
 * the scenario is saved or imported). Should a status's kind change afterwards, the job refuses it
 * here too and says so in the run's messages.
 */
import type { EntityManager } from 'typeorm';
import { submitStatusChange } from '../approvals';
import { DossierStatus } from '../settings';
import { isAppError } from '../shared/errors';
import { rows } from '../db/sql';

export interface StepStatusRequest {
  dossierId: number;
  dossierNumber: number;
  statusCode: string;
  stepCode: string;
  stepLabel: string;
  scenarioName: string;
}

export type StepStatusOutcome = { outcome: 'applied' | 'pending' | 'unchanged' } | { outcome: 'refused'; warning: string };

const SYSTEM = { userId: null, userName: null };
/** A scenario sets only open statuses (refused below otherwise): no claims-declaration deadline is ever computed here. */
const NO_DECLARATION = { months: 0, monthsAbroad: 0 };

export async function applyStepStatus(m: EntityManager, r: StepStatusRequest, ctx: { at: string; today: string }): Promise<StepStatusOutcome> {
  const refuse = (why: string): StepStatusOutcome => ({ outcome: 'refused', warning: `dossier ${r.dossierNumber}: step ${r.stepCode} sets status ${r.statusCode}: ${why}` });
  const target = await m.getRepository(DossierStatus).findOneBy({ code: r.statusCode });
  if (!target) return refuse('unknown status');
  if (target.kind !== 'open') return refuse(`a scenario may not set a ${target.kind} status (it needs the status dialog's data)`);
  const [current] = await rows<{ status_id: number }>(m, 'SELECT status_id FROM dossier WHERE id = ?', [r.dossierId]);
  if (!current || Number(current.status_id) === target.id) return { outcome: 'unchanged' };
  try {
    const outcome = await submitStatusChange(m, r.dossierId, null, {
      statusId: target.id, endDate: null, resolutionId: null, resultId: null, judgmentDate: null, bodaccDate: null, outsideMetropolitanFrance: false,
      claimsDeclarationDeadline: null, lossHundredths: null, transferToDoubtful: false,
      comment: `Scénario ${r.scenarioName} : ${r.stepLabel}`,
    }, { actor: SYSTEM, at: ctx.at, today: ctx.today, reminderDays: 0, declarationDelays: NO_DECLARATION, role: null });
    return { outcome };
  } catch (err) {
    // A refusal of the use case (already pending, inactive status…) is checked before it writes: the step stays raised.
    if (isAppError(err) && err.code === 'invalid_state' && err.message === 'approvals.errors.alreadyPending') return { outcome: 'unchanged' };
    if (isAppError(err) && (err.code === 'validation' || err.code === 'invalid_state')) return refuse([err.message, ...err.fieldErrors.map((f) => `${f.field}: ${f.message}`)].join(', '));
    throw err;
  }
}
