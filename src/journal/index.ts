export {
  DEFAULT_ACCOUNTS,
  DEFAULT_JOURNAL_CODE,
  DEFAULT_LABELS,
  resolveAccounts,
  entryTotals,
  entryProblems,
  isBalanced,
  assertBalanced,
  transferToDoubtful,
  provisionMovementEntries,
  checkDoubtfulPayment,
  doubtfulPaymentEntry,
  badDebtAccount,
  writeOff,
  vatRegularisationAfterWriteOff,
  recoveryAfterWriteOff,
} from './journal.rules';
export type {
  DoubtfulTransferItem,
  DoubtfulPaymentInput,
  WriteOffInput,
  VatWithoutRectifiedInvoice,
  RecoveryAfterWriteOffInput,
} from './journal.rules';
export type { AccountingAccounts, EntryContext, JournalEntry, JournalLine, ProvisionPosting } from './journal.types';
export { bookJournalEntries, formatJournalNumber } from './journal.service';
export type { BookedEntry, BookingContext } from './journal.service';
export { JournalEntryRow, JournalLineRow } from './journal-entry.entity';
export { journalAccounts, saveJournalAccounts, JOURNAL_ACCOUNTS_SETTING } from './journal-settings.service';
