/** What other components may use from contacts. */
export { addContact, updateContact, dossierContacts, customerContacts, contactName, belongsToDossier } from './contact.service';
export type { ContactInput, DossierRef } from './contact.service';
export { Contact, CONTACT_KINDS } from './contact.entity';
export type { ContactKind } from './contact.entity';
// A customer's contacts (kind 'customer'), edited from the third-party page.
export { listCustomerContacts, getCustomerContact, addCustomerContact, updateCustomerContact, deleteCustomerContact } from './customer-contact.service';
export type { CustomerContactInput } from './customer-contact.service';
