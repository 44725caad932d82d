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

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A real calendar date from the year 100 on (what a Date built from it would write back the same). */
export function isBusinessDate(value: unknown): value is BusinessDate {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  // Arithmetic rather than a Date and date-fns' format: pages check every date they show.
  const y = Number(value.slice(0, 4));
  const m = Number(value.slice(5, 7));
  const d = Number(value.slice(8, 10));
  if (y < 100 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]);
}

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

export function addDays(value: BusinessDate, days: number): BusinessDate {
  return fromDate(addDaysFns(toDate(value), days));
}

export function addMonths(value: BusinessDate, months: number): BusinessDate {
  return fromDate(addMonthsFns(toDate(value), months));
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: BusinessDate, to: BusinessDate): number {
  return differenceInCalendarDays(toDate(to), toDate(from));
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
  if (locale === 'fr') {
    const [y, m, d] = value.split('-');
    return `${d}/${m}/${y}`;
  }
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
