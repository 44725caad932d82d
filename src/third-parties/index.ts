/** What other components may use from the customers (tiers). */
export { listThirdParties, thirdPartyPage, getThirdParty, dossiersOf, updateThirdParty } from './third-party.service';
export type { ThirdPartyInput, ThirdPartyListQuery, ThirdPartyListRow, ThirdPartyPage, CustomerDossier } from './third-party.service';
export { listCustomerContacts, addCustomerContact, updateCustomerContact, deleteCustomerContact } from './customer-contact.service';
export type { CustomerContactInput } from './customer-contact.service';
export { searchPattern, isValidSiren, isValidVat } from './third-party.rules';
export { ThirdParty } from './third-party.entity';
export { suggestCustomers, resolveCustomer, customerById, SUGGESTION_LIMIT } from './customer-search.service';
export type { CustomerSuggestion } from './customer-search.service';
export { customerLabel } from './customer-search.rules';
