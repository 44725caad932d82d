/** What other components may use from the customers (tiers). */
// The customer's page and list (third-party.service.ts) read dossiers, the ledger and reminders:
// they are this component's own use cases, not exported, so that those can use this index.
export { createCustomer, createCustomers, getThirdParty, renameCustomer, replaceCustomerIdentity, setCustomerRiskCode } from './customer-record.service';
export type { CustomerIdentity } from './customer-record.service';
export { searchPattern, isValidSiren, isValidVat } from './third-party.rules';
export { ThirdParty } from './third-party.entity';
export { checkIdentity, isValidEmail } from './third-party.rules';
export { suggestCustomers, resolveCustomer, customerById, SUGGESTION_LIMIT } from './customer-search.service';
export type { CustomerSuggestion } from './customer-search.service';
export { customerLabel } from './customer-search.rules';
