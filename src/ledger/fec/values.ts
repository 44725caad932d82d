/**
 * Strict FEC value parsing and formatting: amounts `1234,56`, `0000000069,60`, `-12,00`, `12.5`
 * (comma or dot, no thousands separator) and dates `YYYYMMDD` (also `YYYY-MM-DD`, `DD/MM/YYYY`).
 * `parseAmount` from shared/money accepts thousands separators and euro signs, which a FEC must
 * not contain, hence this stricter parser.
 */
import type { BusinessDate } from '../../shared/business-date';
import type { Cents } from '../../shared/money';

const FEC_AMOUNT = /^([+-])?(\d+)(?:[.,](\d+))?$/;

/**
 * `1234,56` → 123456 cents. Leading zeros and a sign are allowed; decimals beyond the second must
 * be zeros (`12,3400`). Returns null for anything else, including the empty string.
 */
export function parseFecAmount(text: string): Cents | null {
  const match = FEC_AMOUNT.exec(text);
  if (!match) return null;
  const sign = match[1];
  const intPart = match[2];
  let decimals = match[3] ?? '';
  if (decimals.length > 2) {
    if (!/^0+$/.test(decimals.slice(2))) return null;
    decimals = decimals.slice(0, 2);
  }
  const cents = Number(intPart) * 100 + (decimals === '' ? 0 : Number(decimals.padEnd(2, '0')));
  if (!Number.isSafeInteger(cents)) return null;
  return sign === '-' && cents !== 0 ? -cents : cents;
}

/** 120000 → `1200,00`; -1200 → `-12,00`. No thousands separator. */
export function formatFecAmount(cents: Cents): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`FEC amount must be an integer number of cents, got ${cents}`);
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100);
  const rest = abs % 100;
  return `${cents < 0 ? '-' : ''}${units},${rest < 10 ? '0' : ''}${rest}`;
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function buildDate(y: number, m: number, d: number): BusinessDate | null {
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return null;
  const max = m === 2 && isLeapYear(y) ? 29 : DAYS_IN_MONTH[m - 1];
  if (d > max) return null;
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

function digitsAt(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

/**
 * `20230131`, `2023-01-31` or `31/01/2023` → `2023-01-31`; null when it is not a real calendar
 * date between 1900 and 2999 (or empty).
 */
export function parseFecDate(text: string): BusinessDate | null {
  let y: number;
  let m: number;
  let d: number;
  if (text.length === 8) {
    y = digitsAt(text, 0, 4);
    m = digitsAt(text, 4, 2);
    d = digitsAt(text, 6, 2);
  } else if (text.length === 10 && text[4] === '-' && text[7] === '-') {
    y = digitsAt(text, 0, 4);
    m = digitsAt(text, 5, 2);
    d = digitsAt(text, 8, 2);
  } else if (text.length === 10 && text[2] === '/' && text[5] === '/') {
    d = digitsAt(text, 0, 2);
    m = digitsAt(text, 3, 2);
    y = digitsAt(text, 6, 4);
  } else {
    return null;
  }
  if (y < 0 || m < 0 || d < 0) return null;
  return buildDate(y, m, d);
}

/** `2023-01-31` → `20230131`; null/undefined → empty. */
export function formatFecDate(date: BusinessDate | null | undefined): string {
  if (date === null || date === undefined || date === '') return '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || parseFecDate(date) === null) {
    throw new RangeError(`FEC date must be a YYYY-MM-DD calendar date, got ${JSON.stringify(date)}`);
  }
  return date.slice(0, 4) + date.slice(5, 7) + date.slice(8, 10);
}

/**
 * Sens column: `D`/`C`, `+1`/`-1`, `Débit`/`Crédit` (any case, with or without accent).
 * Returns 'D', 'C' or null.
 */
export function parseFecDirection(text: string): 'D' | 'C' | null {
  const t = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  switch (t) {
    case 'd':
    case 'debit':
    case '+1':
    case '1':
    case '+':
      return 'D';
    case 'c':
    case 'credit':
    case '-1':
    case '-':
      return 'C';
    default:
      return null;
  }
}
