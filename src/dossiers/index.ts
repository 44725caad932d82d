/** What other components may call in the dossier workspace. */
export { getDossier, createDossier, updateDossier, nextDossierNumber, defaultCompanyId, isUniqueViolation } from './dossier.service';
export type { DossierInput } from './dossier.service';
export { linkEntries, unlinkEntries, dossierAmounts, linkableEntries, linkedEntries } from './dossier-entries.service';
export { createDossierForCustomer } from './dossier-for-customer.service';
export type { CreateForCustomerOptions } from './dossier-for-customer.service';
export { nextActions, listDossiers } from './dossier-list.service';
export type { DossierListQuery, DossierListRow, NextAction } from './dossier-list.service';
export { recordDossierEvent } from '../history';
export type { Actor } from '../history';
export { entryBalance, daysOverdue, searchPattern } from './dossier.rules';
export { Dossier, DossierEntry } from './dossier.entity';
// A dossier's money: the one rule, and what feeds it (issue 11 point 1).
export {
  accountTransactions, balanceOf, dossierBalance, unallocatedCredit, classifyLedgerLine, isSalesJournal, ledgerTransactions, matchDirectPayments,
  MATCH_WINDOW_AFTER_DAYS, MATCH_WINDOW_BEFORE_DAYS,
} from './dossier-balance.rules';
export type {
  AccountTx, BookedEntry, DirectPaymentRow, DossierBalance, DossierHoldings, ElementRow, LedgerCandidate, LedgerLine, PaymentToMatch, SettlementRow, TxKind, TxSource,
  UnallocatedCredit,
} from './dossier-balance.rules';
export { closureMoney, dossierBalances, loadHoldings, refreshDossierBalances, unallocatedCredits } from './dossier-balance.service';
export { closureBalanceErrors, closureWritesOff, REST_OF_BALANCE } from './closure-balance.rules';
export type { ClosureMoney, RestOfBalance } from './closure-balance.rules';
export type { LoadedHoldings } from './dossier-balance.service';
export { dateInput, percentInput } from './dossier.rules';
export { writeDossierStatus } from './dossier-status.service';
export type { DossierStatusFields } from './dossier-status.service';
