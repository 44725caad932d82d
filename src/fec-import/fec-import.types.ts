/** What importFec takes and answers (fec-import.service.ts). */
import type { LedgerImportSource } from './fec-import.entity';

export interface FecImportProgress {
  linesRead: number;
  bytesRead: number;
  /** Size of the file when known (a path or a buffer), else null. */
  totalBytes: number | null;
}

export interface FecImportOptions {
  companyId: number;
  /** Account prefixes whose auxiliary accounts are customers (config.customerAccountPrefixes, default 411). */
  customerPrefixes: string[];
  /** A 411… general account without auxiliary account is a customer (config.generalAccountCustomers, on by default). */
  generalAccountCustomers?: boolean;
  fileName: string;
  userId?: number | null;
  source?: LedgerImportSource;
  /** An import row created beforehand (startImportRecord), e.g. by the upload page to poll it. */
  importId?: number;
  /** Called about every batch (500 lines) and at the end. */
  onProgress?: (progress: FecImportProgress) => void;
}

export interface FecImportError {
  lineNumber: number;
  column: string | null;
  value: string | null;
  code: string;
  message: string;
}

export interface FecImportSummary {
  importId: number;
  status: 'succeeded' | 'refused';
  fileName: string;
  fileSize: number;
  sha256: string | null;
  linesRead: number;
  entries: number;
  /** Cents. */
  totalDebit: number;
  totalCredit: number;
  customersCreated: number;
  customersUpdated: number;
  linesInserted: number;
  linesUpdated: number;
  linesUnchanged: number;
  /** Unlettered customer lines in the file. */
  openItems: number;
  /** Open items of the database that this file's lettering closed. */
  letteringsClosed: number;
  warnings: string[];
  /** The first 50 problems; errorCount counts them all. */
  errors: FecImportError[];
  errorCount: number;
}
