/** What other components may use from contacts. */
export { addContact, updateContact, dossierContacts, customerContacts, contactName, belongsToDossier } from './contact.service';
export type { ContactInput, DossierRef } from './contact.service';
export { Contact, CONTACT_KINDS } from './contact.entity';
export type { ContactKind } from './contact.entity';
