/**
 * What other components may call from the debtor page (espace débiteur): the personal link the
 * letters and e-mails carry, the transfer details' checks. The routes are mounted by app.ts outside
 * the login, from './debtor-portal/debtor-portal.routes'.
 */
export { debtorLinkFor, debtorLinksFor, revokeDebtorLinks, dossierLinks, configureDebtorPortal, openLink } from './debtor-link.service';
export type { DebtorPageLink } from './debtor-link.service';
export { signLink, verifyLink, creditorReference, isValidCreditorReference, epcPayload, isValidIban, isValidBic, normalizeIban } from './debtor-portal.rules';
export { DebtorLink } from './debtor-link.entity';
export { letterDebtorPage, letterDebtorPages, portalPage, transferReference } from './debtor-portal.service';
export type { LetterDebtorPage } from './debtor-portal.service';
