/** The settings the provisions read: the fiscal year's start (a month and day) and the default VAT rate. */
import { Db } from '../db/transactions';
import { AppError } from '../shared/errors';
import type { BusinessDate } from '../shared/business-date';
import { loadConfig } from '../config';
import { readAppSetting, saveAuditedSetting } from '../settings';

export const FISCAL_YEAR_START_SETTING = 'journal.fiscalYearStart';

/** Day the fiscal year starts, as `MM-DD` (default `01-01`), an app setting next to the journal accounts. */
export async function fiscalYearStartDay(db: Db): Promise<string> {
  const value = await readAppSetting(db, FISCAL_YEAR_START_SETTING);
  return value !== null && /^\d{2}-\d{2}$/.test(value) ? value : '01-01';
}

export async function saveFiscalYearStartDay(db: Db, monthDay: string): Promise<void> {
  if (!/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(monthDay)) throw AppError.field('fiscalYearStart', 'provisions.errors.fiscalYearStart');
  await saveAuditedSetting(db, FISCAL_YEAR_START_SETTING, monthDay);
}

/** Start of the fiscal year that contains `date`, for a year starting each year on `monthDay`. */
export function fiscalYearStartOf(date: BusinessDate, monthDay: string): BusinessDate {
  const year = Number(date.slice(0, 4));
  return date.slice(5) >= monthDay ? `${year}-${monthDay}` : `${year - 1}-${monthDay}`;
}

export function defaultVatRate(): number {
  try {
    return loadConfig().defaultVatRate;
  } catch {
    return 20;
  }
}
