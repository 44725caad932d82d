/** What other components may use from the ledger: its entries, their reading, and the FEC format (./fec). */
export { openItemsOf, customerBalances, openBalancesSql, toOpenItem } from './ledger.service';
export type { OpenItem, CustomerBalance } from './ledger.service';
export { agingBucket, agingDate, agingTotals, daysPastDue, emptyAgingTotals, AGING_BUCKETS } from './ledger.rules';
export type { AgingBucket, AgingTotals } from './ledger.rules';
export { LedgerEntry } from './ledger-entry.entity';
export { formatFecHeader, formatFecLine, readFec } from './fec';
export type { FecInput, FecLine, FecProblem, FecWritableLine } from './fec';
export { SourceKeyer, ensureThirdParties, insertLedgerLines, isCustomerAccount, parsePrefixes, upsertLedgerLines, UPSERT_BATCH_ROWS } from './ledger-import.service';
export type { LedgerLineInput, LedgerUpsertRow } from './ledger-import.service';
export { appendLedgerEntries, linkOrphanEntries, moveDueDate, markTransferredToDoubtful, setLettering } from './ledger-entry-changes.service';
export { deferLedgerIndexes, defersLedgerIndexes, expectedFecLines, ledgerRowCount } from './ledger-indexes';
