/**
 * Typed cells for every XLSX export: dates as real date cells, amounts as numbers in euros,
 * percentages as fractions shown as percentages. Excel (or LibreOffice) then sorts, sums and
 * filters them, and shows them in the reader's own locale.
 */
import { isBusinessDate, type BusinessDate } from './business-date';
import { XLSX_MONEY_FORMAT, XLSX_PERCENT_FORMAT, xlsxAmount, xlsxPercent, type Cents } from './money';

export { XLSX_MONEY_FORMAT, XLSX_PERCENT_FORMAT, xlsxAmount, xlsxPercent };

export const XLSX_DATE_FORMAT = 'dd/mm/yyyy';
export const XLSX_MONTH_FORMAT = 'mm/yyyy';
export const XLSX_INTEGER_FORMAT = '0';
export const XLSX_DECIMAL_FORMAT = '0.0';

/**
 * A business date as a date cell. Midnight UTC: exceljs writes a Date as its UTC serial, so the
 * cell shows the same calendar day whatever the server's time zone.
 */
export function xlsxDate(value: BusinessDate | null | undefined): Date | null {
  if (!value || !isBusinessDate(value)) return null;
  const [y, m, d] = value.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/** `2026-11` as the date cell of the month's first day (shown mm/yyyy). */
export function xlsxMonth(value: string | null | undefined): Date | string | null {
  if (!value) return null;
  return /^\d{4}-\d{2}$/.test(value) ? xlsxDate(`${value}-01`) : value;
}

export type XlsxKind = 'text' | 'int' | 'money' | 'percent' | 'date' | 'month' | 'days';

/** The number format of a column of that kind (none for text). */
export function xlsxFormat(kind: XlsxKind): string | undefined {
  switch (kind) {
    case 'money': return XLSX_MONEY_FORMAT;
    case 'percent': return XLSX_PERCENT_FORMAT;
    case 'date': return XLSX_DATE_FORMAT;
    case 'month': return XLSX_MONTH_FORMAT;
    case 'int': return XLSX_INTEGER_FORMAT;
    case 'days': return XLSX_DECIMAL_FORMAT;
    default: return undefined;
  }
}

/**
 * A value as its typed cell: money in cents → euros, percent given in percent points (66.67) →
 * fraction (0.6667), dates and months → Date.
 */
export function xlsxValue(kind: XlsxKind, value: string | number | null | undefined): string | number | Date | null {
  if (value === null || value === undefined || value === '') return null;
  switch (kind) {
    case 'money': return xlsxAmount(Number(value) as Cents);
    case 'percent': return Number(value) / 100;
    case 'date': return xlsxDate(String(value)) ?? String(value);
    case 'month': return xlsxMonth(String(value));
    case 'int':
    case 'days': return Number(value);
    default: return value;
  }
}
