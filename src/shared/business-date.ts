/**
 * Business dates are `YYYY-MM-DD` strings: no time, no time zone, sortable as text.
 * "Today" is read once at the edge (in the configured time zone) and passed down to rules.
 */
// One module per function: the package's index loads all 300 of them (about 12 MB in every process).
import { addDays as addDaysFns } from 'date-fns/addDays';
import { addMonths as addMonthsFns } from 'date-fns/addMonths';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { format } from 'date-fns/format';
import { isValid } from 'date-fns/isValid';
import { parse } from 'date-fns/parse';

export type BusinessDate = string;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A real calendar date from the year 100 on (what a Date built from it would write back the same). */
export function isBusinessDate(value: unknown): value is BusinessDate {
  // Arithmetic on the characters rather than a Date and date-fns' format: pages check every date they show, letters every invoice's.
  if (!isIsoShaped(value)) return false;
  const y = yearOf(value);
  const m = monthOf(value);
  const d = dayOf(value);
  if (!(y >= 100 && m >= 1 && m <= 12 && d >= 1)) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]);
}

/** `????-??-??`: what /^\d{4}-\d{2}-\d{2}$/ needs besides digits (the digits are checked as they are read: NaN otherwise). */
function isIsoShaped(value: unknown): value is string {
  return typeof value === 'string' && value.length === 10 && value.charCodeAt(4) === 45 && value.charCodeAt(7) === 45;
}

function digitAt(text: string, i: number): number {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}

const yearOf = (v: string) => digitAt(v, 0) * 1000 + digitAt(v, 1) * 100 + digitAt(v, 2) * 10 + digitAt(v, 3);
const monthOf = (v: string) => digitAt(v, 5) * 10 + digitAt(v, 6);
const dayOf = (v: string) => digitAt(v, 8) * 10 + digitAt(v, 9);

/** A local-midnight Date for date-fns arithmetic; never stored. */
export function toDate(value: BusinessDate): Date {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y, m - 1, d);
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** What `format(date, 'yyyy-MM-dd')` gives, without date-fns' format parser: the letters and the daily job call it hundreds of thousands of times. */
export function fromDate(date: Date): BusinessDate {
  const y = date.getFullYear();
  if (Number.isNaN(y) || y < 0) return format(date, 'yyyy-MM-dd');
  return `${String(y).padStart(4, '0')}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}`;
}

/**
 * Days since 1970-01-01 of a `YYYY-MM-DD` from the year 100 on with a month 01-12, by calendar
 * arithmetic (H. Hinnant's days_from_civil); null for anything else, which then goes through a Date
 * as before. A day past the month's end counts on into the next month, as a Date does. The late-payment
 * rules count days for every invoice of every letter: a Date and date-fns cost over a microsecond a call.
 */
function dayNumber(value: BusinessDate): number | null {
  if (!isIsoShaped(value)) return null;
  let y = yearOf(value);
  const m = monthOf(value);
  const d = dayOf(value);
  // NaN (a character that is not a digit) fails these tests too.
  if (!(y >= 100 && m >= 1 && m <= 12 && d >= 0)) return null;
  if (m <= 2) y -= 1;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** The `YYYY-MM-DD` of a day number (civil_from_days); null outside the years 100-9999, left to a Date. */
function fromDayNumber(n: number): BusinessDate | null {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 100 || y > 9999) return null;
  return `${y < 1000 ? String(y).padStart(4, '0') : y}-${pad2(m)}-${pad2(d)}`;
}

export function addDays(value: BusinessDate, days: number): BusinessDate {
  const n = Number.isInteger(days) ? dayNumber(value) : null;
  const fast = n === null ? null : fromDayNumber(n + days);
  return fast ?? fromDate(addDaysFns(toDate(value), days));
}

export function addMonths(value: BusinessDate, months: number): BusinessDate {
  return fromDate(addMonthsFns(toDate(value), months));
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: BusinessDate, to: BusinessDate): number {
  const a = dayNumber(from);
  const b = a === null ? null : dayNumber(to);
  return b === null ? differenceInCalendarDays(toDate(to), toDate(from)) : b - (a as number);
}

/** Today's business date in the given IANA time zone (Europe/Paris by default). */
export function todayIn(timeZone: string, now: Date = new Date()): BusinessDate {
  const parts = cachedFormat(`today|${timeZone}`, () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** `2026-11-22` → `22/11/2026` in French; `22 Nov 2026` in English, which no reader can misread as month/day. */
export function formatBusinessDate(value: BusinessDate | null | undefined, locale: 'fr' | 'en' = 'fr'): string {
  if (!value) return '';
  if (!isBusinessDate(value)) return value;
  if (locale === 'fr') return `${value.slice(8, 10)}/${value.slice(5, 7)}/${value.slice(0, 4)}`;
  return format(toDate(value), 'd MMM yyyy');
}

/**
 * The date as written in a date field (the picker's format): `22/11/2026` in French,
 * `22 Nov 2026` in English; text that is not a business date (what the user typed) stays as typed.
 */
export function formatDateInput(value: unknown, locale: 'fr' | 'en' = 'fr'): string {
  // A form posted with a repeated field gives an array: show nothing rather than fail the page.
  if (typeof value !== 'string' || !value) return '';
  const parsed = parseBusinessDate(value);
  return parsed ? formatBusinessDate(parsed, locale) : value;
}

/** The date fields' formats for the picker (flatpickr tokens) and their placeholders. */
export const DATE_FIELD_FORMATS = { fr: { picker: 'd/m/Y' }, en: { picker: 'j M Y' } } as const;

/**
 * Parses a date typed in a form: the French field format `22/11/2026` (and `22/11/26`), the English
 * one `22 Nov 2026` (and `22 November 2026`), and ISO `2026-11-22`. Day first in both languages, so
 * no reader meets month/day. Returns null when it is not a real calendar date.
 */
export function parseBusinessDate(input: string | null | undefined): BusinessDate | null {
  if (!input || typeof input !== 'string') return null;
  const text = input.trim().replace(/\s+/g, ' ');
  if (isBusinessDate(text)) return text;
  for (const pattern of ['dd/MM/yyyy', 'd/M/yyyy', 'dd/MM/yy', 'd MMM yyyy', 'd MMMM yyyy']) {
    const d = parse(text, pattern, new Date(2000, 0, 1));
    if (isValid(d) && d.getFullYear() >= 1900 && d.getFullYear() <= 2999) return fromDate(d);
  }
  return null;
}

/**
 * The timestamp a daily task stamps on what it does for a business date: the start of that date
 * (UTC), so that a catch-up run for a missed day dates its work on that day, whatever the clock.
 */
export function startOfBusinessDate(value: BusinessDate): string {
  if (!isBusinessDate(value)) throw new Error(`not a business date: ${JSON.stringify(value)}`);
  return `${value}T00:00:00.000Z`;
}

/** Timestamp stored as an ISO-8601 UTC string (sortable text on every database). */
export function nowIso(now: Date = new Date()): string {
  return now.toISOString();
}

/** `2026-11-22T07:34:39.000Z` → `22/11/2026 08:34` in the configured zone. */
export function formatTimestamp(iso: string | null | undefined, locale: 'fr' | 'en', timeZone: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return cachedFormat(`timestamp|${locale}|${timeZone}`, () => new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  })).format(d).replace(',', '');
}

/** Intl formatters are costly to build (tens of microseconds) and immutable: one per kind, locale and zone. */
const formats = new Map<string, Intl.DateTimeFormat>();

function cachedFormat(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formats.get(key);
  if (!f) {
    f = make();
    formats.set(key, f);
  }
  return f;
}
