export {
  claimsDeclarationDeadline,
  declarationDelays,
  foreclosureReliefDeadline,
  declarationReminderDate,
  claimAtJudgment,
} from './collective-procedure.rules';
export type { DeclarationDelays, ClaimAtJudgment, ClaimEntry, NotYetDueClaim } from './collective-procedure.rules';
