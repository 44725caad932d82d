/** What other components may use from the ledger's read side (the FEC reader and writer live in ./fec). */
export { openItemsOf, customerBalances, openBalancesSql, toOpenItem } from './ledger.service';
export type { OpenItem, CustomerBalance } from './ledger.service';
export { agingBucket, agingDate, agingTotals, daysPastDue, emptyAgingTotals, AGING_BUCKETS } from './ledger.rules';
export type { AgingBucket, AgingTotals } from './ledger.rules';
export { LedgerEntry } from './ledger-entry.entity';
export { failInterruptedUploads } from './fec-import.service';
