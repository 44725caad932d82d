import type { BusinessDate } from '../shared/business-date';
import type { Cents } from '../shared/money';

/** One line of a generated journal entry. Exactly one of debit / credit is positive. */
export interface JournalLine {
  account: string;
  /** Customer auxiliary account on 411 / 416 lines; null on general-ledger-only accounts. */
  auxiliaryAccount: string | null;
  label: string;
  debit: Cents;
  credit: Cents;
}

/** A journal entry produced by the module, to be exported back to the general ledger. */
export interface JournalEntry {
  journalCode: string;
  date: BusinessDate;
  label: string;
  pieceRef: string;
  lines: JournalLine[];
}

/** Account numbers used by the generated entries; every one is a setting (see DEFAULT_ACCOUNTS). */
export interface AccountingAccounts {
  /** Clients. */
  customer: string;
  /** Clients douteux ou litigieux. */
  doubtful: string;
  /** Dotations aux dépréciations des créances. */
  depreciationCharge: string;
  /** Dépréciations des comptes clients. */
  depreciationAllowance: string;
  /** Reprises sur dépréciations des créances. */
  depreciationReversal: string;
  /** Pertes sur créances irrécouvrables de l'exercice. */
  badDebtCurrentYear: string;
  /** Pertes sur créances irrécouvrables des exercices antérieurs. */
  badDebtPriorYears: string;
  /** Rentrées sur créances amorties. */
  recoveredWrittenOff: string;
  /** TVA collectée (practice varies: 44551, 4457). */
  vatCollected: string;
  /** Banque. */
  bank: string;
}

/** Common context of every builder: when, which piece, which journal, which accounts. */
export interface EntryContext {
  date: BusinessDate;
  pieceRef: string;
  /** Entry label; a French default is used when omitted (ledger labels are read by French accountants). */
  label?: string;
  /** Defaults to 'OD'. */
  journalCode?: string;
  /** Overrides of the default account numbers. */
  accounts?: Partial<AccountingAccounts>;
}

/** Result of a builder that also changes the provision. */
export interface ProvisionPosting {
  entries: JournalEntry[];
  /** Provision reversed (or charged) by these entries, positive. */
  provisionMoved: Cents;
  /** Provision balance once the entries are booked. */
  provisionAfter: Cents;
}

/** A move of the provision (68174 / 491 / 78174): its direction and its amount, always positive (0 for 'none'). */
export interface ProvisionMovement {
  kind: 'charge' | 'increase' | 'decrease' | 'reversal' | 'none';
  amount: Cents;
}
