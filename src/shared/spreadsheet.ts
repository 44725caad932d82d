/**
 * The one place that writes cells of the CSV and XLSX files the module hands out. A text that a
 * spreadsheet would read as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage
 * return) gets a leading apostrophe, so `=HYPERLINK(...)` in a customer's name shows as text
 * instead of running (CSV/formula injection, OWASP).
 *
 * Numbers are not texts: an amount we formatted ourselves from integer cents is passed as a
 * `SheetNumber` (CSV) or a JS number (XLSX) and written as is, so a negative amount stays a
 * number a spreadsheet can add up. In CSV it is written `-1933,79`: a leading minus followed only
 * by digits and one decimal comma cannot be a formula (there is no operand for an operator, no
 * function), while an apostrophe or accounting brackets `(1933,79)` would make Excel read a text.
 * Every user-supplied text goes through `neutraliseFormula`, whatever it looks like, so a name such
 * as `-1+1` or `-2+3+cmd|'/C calc'!A0` is neutralised too: only our own formatting is trusted.
 */
import type { Row, Worksheet } from 'exceljs';
import type { Cents } from './money';
import { isBusinessDate, type BusinessDate } from './business-date';
import { csvAmount as formatCsvAmount, XLSX_MONEY_FORMAT, XLSX_PERCENT_FORMAT, xlsxAmount, xlsxPercent, xlsxPercentOf } from './money';

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A number formatted by the module (never user text): written in a CSV without neutralising. */
export class SheetNumber {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** Cents as a French decimal (`-1933,79`), what Excel in a French locale reads as a number: money.ts's formatter, marked as ours. */
export function csvAmount(cents: Cents): SheetNumber {
  return new SheetNumber(formatCsvAmount(cents, 'fr'));
}

/** A decimal number (a rate, a count of days) with a decimal comma. */
export function csvDecimal(value: number): SheetNumber {
  return new SheetNumber(Number.isFinite(value) ? String(value).replace('.', ',') : '');
}

export type CsvValue = string | number | SheetNumber | null | undefined;

/** One CSV field, `;`-separated as French spreadsheets expect, quoted when needed (RFC 4180). */
export function csvField(value: CsvValue): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (value instanceof SheetNumber) text = value.text;
  else if (typeof value === 'number') text = csvDecimal(value).text;
  else text = neutraliseFormula(value);
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: CsvValue[]): string {
  return `${values.map(csvField).join(';')}\r\n`;
}

/**
 * A CSV for a spreadsheet in a French locale: semicolon separator, decimal comma, CRLF, and a UTF-8
 * BOM so accents open correctly in Excel.
 */
export function toCsv(header: CsvValue[], rows: CsvValue[][]): string {
  return '\ufeff' + [header, ...rows].map((r) => r.map(csvField).join(';')).join('\r\n') + '\r\n';
}

export type XlsxValue = string | number | Date | boolean | null | undefined;

/** An XLSX cell value: texts neutralised, numbers (negative amounts too) left numbers. */
export function xlsxValue(value: XlsxValue): XlsxValue {
  return typeof value === 'string' ? neutraliseFormula(value) : value;
}

/** `ws.addRow` through `xlsxValue`, for rows given as an array or as an object keyed by column. */
export function addXlsxRow(ws: Worksheet, values: XlsxValue[] | Record<string, XlsxValue>): Row {
  if (Array.isArray(values)) return ws.addRow(values.map(xlsxValue));
  return ws.addRow(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, xlsxValue(v)])));
}

// ---------------------------------------------------------------------------------------------
// Typed cells for every XLSX export: dates as real date cells, amounts as numbers in euros,
// percentages as fractions shown as percentages (Excel then sorts, sums and filters them).

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
export function xlsxTyped(kind: XlsxKind, value: string | number | null | undefined): string | number | Date | null {
  if (value === null || value === undefined || value === '') return null;
  switch (kind) {
    case 'money': return xlsxAmount(Number(value));
    case 'percent': return xlsxPercentOf(Number(value));
    case 'date': return xlsxDate(String(value)) ?? String(value);
    case 'month': return xlsxMonth(String(value));
    case 'int':
    case 'days': return Number(value);
    default: return value;
  }
}
