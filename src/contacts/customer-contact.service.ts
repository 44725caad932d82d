/**
 * A customer's contacts, edited from the third-party page. They are the same rows the customer's
 * dossiers show (kind `customer`), so a change here is seen everywhere.
 */
import { DataSource } from 'typeorm';
import { toNumber } from '../db/column-types';
import { AppError } from '../shared/errors';
import { getThirdParty, isValidEmail } from '../third-parties';
import { Contact } from './contact.entity';

import type { Db } from '../db/sql';

export interface CustomerContactInput {
  firstName: string | null;
  lastName: string;
  jobTitle: string | null;
  phone: string | null;
  mobile: string | null;
  email: string | null;
}

function check(input: CustomerContactInput): void {
  if (input.email && !isValidEmail(input.email)) throw AppError.field('email', 'validation.email');
}

export async function listCustomerContacts(db: Db, thirdPartyId: number): Promise<Contact[]> {
  return db.getRepository(Contact).find({ where: { kind: 'customer', thirdPartyId }, order: { lastName: 'ASC', firstName: 'ASC', id: 'ASC' } });
}

export async function getCustomerContact(db: Db, thirdPartyId: number, contactId: number): Promise<Contact> {
  const c = await db.getRepository(Contact).findOneBy({ id: contactId, kind: 'customer', thirdPartyId });
  if (!c) throw AppError.notFound();
  return c;
}

export async function addCustomerContact(ds: DataSource, thirdPartyId: number, input: CustomerContactInput): Promise<Contact> {
  check(input);
  await getThirdParty(ds, thirdPartyId);
  const repo = ds.getRepository(Contact);
  return repo.save(repo.create({ ...input, kind: 'customer', thirdPartyId, companyId: null, dossierId: null, version: 1 }));
}

export async function updateCustomerContact(ds: DataSource, thirdPartyId: number, contactId: number, version: number, input: CustomerContactInput): Promise<Contact> {
  check(input);
  return ds.transaction(async (m) => {
    await getCustomerContact(m, thirdPartyId, contactId);
    const result = await m
      .createQueryBuilder()
      .update(Contact)
      .set({ ...input, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id: contactId, version })
      .execute();
    if (!result.affected) throw new AppError('conflict', 'thirdParties.errors.contactConflict');
    return getCustomerContact(m, thirdPartyId, contactId);
  });
}

/** A contact a dossier names (as its contact or origin contact) is kept: the dossier would lose it. */
export async function deleteCustomerContact(ds: DataSource, thirdPartyId: number, contactId: number): Promise<void> {
  await ds.transaction(async (m) => {
    await getCustomerContact(m, thirdPartyId, contactId);
    const [q, p] = m.connection.driver.escapeQueryWithParameters('SELECT COUNT(*) AS n FROM dossier WHERE contact_id = :id OR origin_contact_id = :id', { id: contactId });
    const used = toNumber(((await m.query(q, p)) as { n: unknown }[])[0]?.n);
    if (used > 0) throw new AppError('invalid_state', 'thirdParties.errors.contactInUse', 409, [], { count: used });
    await m.getRepository(Contact).delete({ id: contactId });
  });
}
