/**
 * What other components may call from the disputes (litiges). The routes are mounted from
 * src/routes.ts directly: the dossier's account calls disputedEntryIds, and the routes register a
 * panel under that account, so exporting them here would make the two import each other.
 */
export { openDispute, resolveDispute, dossierDisputes } from './dispute.service';
export type { DisputeInput, ResolutionInput, DisputeView, DisputeSettings } from './dispute.service';
export { disputedEntryIds, disputedEntryIdsOf, notDisputedSql, disputeHolds, disputedAmong } from '../dispute-scope';
export { disputedEntries, coversWholeDossier, parseTeams, ageBucket, disputeProblems, AGE_BUCKETS, TEAMS_PATTERN } from './dispute.rules';
export { Dispute, DISPUTE_RESOLUTIONS } from './dispute.entity';
export type { DisputeResolution, DisputeStatus, DisputeSource } from './dispute.entity';
export { disputesReport } from './dispute-report';
