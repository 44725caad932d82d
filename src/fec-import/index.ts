/**
 * Importing a FEC file into the ledger: customers, entries, then the dossiers' balances. Its own
 * component, above the ledger and the dossiers, which it both writes through their indexes.
 */
export { failInterruptedUploads, importFec, resolveImportCompany } from './fec-import.service';
export type { FecImportSummary } from './fec-import.service';
export { LedgerImport } from './fec-import.entity';
