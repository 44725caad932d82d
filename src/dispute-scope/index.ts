/** What open disputes cover, for the account, the letters, the reminders and the scenario run (see dispute-scope.ts). */
export { disputedEntryIds, disputedEntryIdsOf, notDisputedSql, disputeHolds, disputedAmong } from './dispute-scope';
export { disputedEntries, coversWholeDossier, type DisputeScope } from './dispute-scope.rules';
