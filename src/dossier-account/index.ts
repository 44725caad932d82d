/** What other components may call from the dossier's account (Compte dossier, encaissements). */
export { recentPayments } from './recent-payments.service';
export type { RecentPaymentRow } from './recent-payments.service';
export { dossierAccount, undisputedBalances, disputedOpenAmounts, addFinancialElement, recordDirectPayment, DIRECT_PAYMENT_HOOKS, reconcileDirectPayments, pendingMatches } from './dossier-account.service';
export type { DossierAccount, FinancialElementInput, DirectPaymentInput } from './dossier-account.service';
export { ACCOUNT_PANELS, renderAccount } from './dossier-account.routes';
export type { AccountPanel } from './dossier-account.routes';
export { accountOverview, disputedOpenAmount, runningBalance, ledgerTransactions, matchDirectPayments, openInvoices, MATCH_WINDOW_AFTER_DAYS, MATCH_WINDOW_BEFORE_DAYS } from './dossier-account.rules';
export type { AccountLine, AccountOverview, AccountTx } from './dossier-account.rules';
export { DirectPayment, FinancialElement, PAYMENT_METHODS, RECEIVED_BY, ELEMENT_KINDS } from './dossier-account.entity';
export type { PaymentMethod, ReceivedBy, ElementKind } from './dossier-account.entity';
