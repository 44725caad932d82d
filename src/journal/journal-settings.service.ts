/**
 * The account numbers of the generated entries are settings (practice varies: 44551 or 4457 for
 * VAT, 6541/6544 for losses…). They are kept as one JSON object of overrides in app_setting, so
 * that an empty setting means the PCG defaults.
 */
import { Db, inTransaction } from '../db/transactions';
import { readAppSetting, writeAppSetting } from '../settings';
import { resolveAccounts } from './journal.rules';
import type { AccountingAccounts } from './journal.types';
import { recordSettingChange } from '../audit';

export const JOURNAL_ACCOUNTS_SETTING = 'journal.accounts';

/** The accounts in force: the defaults with the administrator's overrides. */
export async function journalAccounts(db: Db): Promise<AccountingAccounts> {
  const value = await readAppSetting(db, JOURNAL_ACCOUNTS_SETTING);
  if (value === null) return resolveAccounts();
  return resolveAccounts(JSON.parse(value) as Partial<AccountingAccounts>);
}

/** Saves the overrides (validated by resolveAccounts: unknown keys and non-account values are refused). */
export async function saveJournalAccounts(db: Db, overrides: Partial<AccountingAccounts>): Promise<AccountingAccounts> {
  const accounts = resolveAccounts(overrides);
  return inTransaction(db, async (m) => {
    const before = await journalAccounts(m);
    await writeAppSetting(m, JOURNAL_ACCOUNTS_SETTING, JSON.stringify(overrides));
    await recordSettingChange(m, null, { area: 'journal-accounts', entityId: JOURNAL_ACCOUNTS_SETTING, before, after: accounts });
    return accounts;
  });
}
