/**
 * Contacts seen from a dossier. A customer contact lives on the third party and a company contact on
 * the creditor company: adding or editing one from a dossier edits that same row, so every dossier
 * of the customer (and the third-party page) sees the change.
 */
import { Db, inTransaction } from '../db/transactions';
import { Actor, recordDossierEvent } from '../history';
import { AppError } from '../shared/errors';
import { Contact, ContactKind } from './contact.entity';


export interface ContactInput {
  firstName: string | null;
  lastName: string;
  jobTitle: string | null;
  phone: string | null;
  mobile: string | null;
  email: string | null;
}

export interface DossierRef {
  id: number;
  thirdPartyId: number;
  companyId: number;
}

const CONTACT_FIELDS: (keyof ContactInput)[] = ['firstName', 'lastName', 'jobTitle', 'phone', 'mobile', 'email'];


export function contactName(c: Pick<Contact, 'firstName' | 'lastName'>): string {
  return [c.firstName, c.lastName].filter(Boolean).join(' ');
}

/** Whether the contact is one the dossier may show and edit. */
export function belongsToDossier(c: Contact, d: DossierRef): boolean {
  return (c.kind === 'customer' && c.thirdPartyId === d.thirdPartyId) || (c.kind === 'company' && c.companyId === d.companyId) || (c.kind === 'dossier' && c.dossierId === d.id);
}

export async function dossierContacts(db: Db, d: DossierRef): Promise<Record<ContactKind, Contact[]>> {
  const repo = db.getRepository(Contact);
  const order = { lastName: 'ASC', firstName: 'ASC', id: 'ASC' } as const;
  const [customer, company, dossier] = await Promise.all([
    repo.find({ where: { kind: 'customer', thirdPartyId: d.thirdPartyId }, order }),
    repo.find({ where: { kind: 'company', companyId: d.companyId }, order }),
    repo.find({ where: { kind: 'dossier', dossierId: d.id }, order }),
  ]);
  return { customer, company, dossier };
}

/** The customer's contacts, for the dossier form's contact selects. */
export async function customerContacts(db: Db, thirdPartyId: number, dossierId: number | null): Promise<Contact[]> {
  const repo = db.getRepository(Contact);
  const own = await repo.find({ where: { kind: 'customer', thirdPartyId }, order: { lastName: 'ASC', id: 'ASC' } });
  const onDossier = dossierId ? await repo.find({ where: { kind: 'dossier', dossierId }, order: { lastName: 'ASC', id: 'ASC' } }) : [];
  return [...own, ...onDossier];
}

export async function addContact(db: Db, d: DossierRef, kind: ContactKind, input: ContactInput, actor: Actor, at: string): Promise<Contact> {
  return inTransaction(db, async (m) => {
    const saved = await m.getRepository(Contact).save(
      m.getRepository(Contact).create({
        ...input, kind, version: 1,
        thirdPartyId: kind === 'customer' ? d.thirdPartyId : null,
        companyId: kind === 'company' ? d.companyId : null,
        dossierId: kind === 'dossier' ? d.id : null,
      }),
    );
    await recordDossierEvent(m, actor, { dossierId: d.id, at, type: 'contactAdded', details: { kind, name: contactName(saved) } });
    return saved;
  });
}

/** Edits the contact's own row (optimistic lock on its version); records what changed on the dossier. */
export async function updateContact(db: Db, d: DossierRef, contactId: number, version: number, input: ContactInput, actor: Actor, at: string): Promise<Contact> {
  return inTransaction(db, async (m) => {
    const before = await m.getRepository(Contact).findOneBy({ id: contactId });
    if (!before || !belongsToDossier(before, d)) throw AppError.notFound();
    const result = await m
      .createQueryBuilder()
      .update(Contact)
      .set({ ...input, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id: contactId, version })
      .execute();
    if (!result.affected) throw new AppError('conflict', 'contacts.errors.conflict');
    const changes = CONTACT_FIELDS.filter((f) => (before[f] ?? null) !== (input[f] ?? null)).map((f) => ({ field: f, before: before[f] ?? null, after: input[f] ?? null }));
    if (changes.length) {
      await recordDossierEvent(m, actor, { dossierId: d.id, at, type: 'contactEdited', details: { kind: before.kind, name: contactName({ ...before, ...input }), changes } });
    }
    return m.getRepository(Contact).findOneByOrFail({ id: contactId });
  });
}

/** A contact the dossier shows (its customer's, its company's or its own), or "not found". */
export async function getDossierContact(db: Db, d: DossierRef, id: number): Promise<Contact> {
  const contact = await db.getRepository(Contact).findOneBy({ id });
  if (!contact || !belongsToDossier(contact, d)) throw AppError.notFound();
  return contact;
}
