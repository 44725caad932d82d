export {
  claimsDeclarationDeadline,
  foreclosureReliefDeadline,
  declarationReminderDate,
  claimAtJudgment,
} from './collective-procedure.rules';
export type { ClaimAtJudgment, ClaimEntry, NotYetDueClaim } from './collective-procedure.rules';
