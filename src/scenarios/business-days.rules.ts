/**
 * Business-day arithmetic for scenario steps: weekends and French public holidays are skipped.
 *
 * Dates stay `YYYY-MM-DD` strings. The day of the week is computed in UTC from the string itself,
 * so the result never depends on the process time zone.
 */
import { addDays, type BusinessDate } from '../shared/business-date';

/** Says whether a date is a working day; injected so that tests or other regions can swap it. */
export interface BusinessCalendar {
  isBusinessDay(date: BusinessDate): boolean;
}

export interface PublicHoliday {
  date: BusinessDate;
  name: string;
}

export interface FrenchHolidayOptions {
  /**
   * Alsace and Moselle (local law) add Good Friday and St Stephen's Day (26 December).
   * Off by default: the module targets the metropolitan list.
   */
  alsaceMoselle?: boolean;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function ymd(year: number, month: number, day: number): BusinessDate {
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: BusinessDate): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function isWeekend(date: BusinessDate): boolean {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
}

/** Easter Sunday of a Gregorian year (anonymous Gregorian algorithm, a.k.a. Meeus/Jones/Butcher). */
export function easterSunday(year: number): BusinessDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return ymd(year, month, day);
}

/** French public holidays (jours fériés) of one year, in date order. */
export function frenchPublicHolidays(year: number, options: FrenchHolidayOptions = {}): PublicHoliday[] {
  const easter = easterSunday(year);
  const holidays: PublicHoliday[] = [
    { date: ymd(year, 1, 1), name: "Jour de l'an" },
    { date: addDays(easter, 1), name: 'Lundi de Pâques' },
    { date: ymd(year, 5, 1), name: 'Fête du Travail' },
    { date: ymd(year, 5, 8), name: 'Victoire 1945' },
    { date: addDays(easter, 39), name: 'Ascension' },
    // Whit Monday is often the "journée de solidarité", but it remains a public holiday in law.
    { date: addDays(easter, 50), name: 'Lundi de Pentecôte' },
    { date: ymd(year, 7, 14), name: 'Fête nationale' },
    { date: ymd(year, 8, 15), name: 'Assomption' },
    { date: ymd(year, 11, 1), name: 'Toussaint' },
    { date: ymd(year, 11, 11), name: 'Armistice 1918' },
    { date: ymd(year, 12, 25), name: 'Noël' },
  ];
  if (options.alsaceMoselle) {
    holidays.push({ date: addDays(easter, -2), name: 'Vendredi saint' });
    holidays.push({ date: ymd(year, 12, 26), name: 'Saint-Étienne' });
  }
  return holidays.sort((x, y) => x.date.localeCompare(y.date));
}

/** The French calendar: Monday to Friday, minus public holidays (computed per year, then cached). */
export function frenchBusinessCalendar(options: FrenchHolidayOptions = {}): BusinessCalendar {
  const byYear = new Map<number, Set<BusinessDate>>();
  const holidaysOf = (year: number): Set<BusinessDate> => {
    let set = byYear.get(year);
    if (!set) {
      set = new Set(frenchPublicHolidays(year, options).map((h) => h.date));
      byYear.set(year, set);
    }
    return set;
  };
  return {
    isBusinessDay(date: BusinessDate): boolean {
      return !isWeekend(date) && !holidaysOf(Number(date.slice(0, 4))).has(date);
    },
  };
}

/** The default calendar used by the engine: metropolitan France. */
export const FRENCH_METROPOLITAN_CALENDAR: BusinessCalendar = frenchBusinessCalendar();

export function isFrenchBusinessDay(date: BusinessDate): boolean {
  return FRENCH_METROPOLITAN_CALENDAR.isBusinessDay(date);
}

/** The date itself when it is a business day, else the next business day. */
export function nextBusinessDayOnOrAfter(date: BusinessDate, calendar: BusinessCalendar = FRENCH_METROPOLITAN_CALENDAR): BusinessDate {
  let d = date;
  while (!calendar.isBusinessDay(d)) d = addDays(d, 1);
  return d;
}

/**
 * `days` business days after `date`; the start date itself is not counted, as in
 * "within 5 business days of receipt". Friday + 1 = Monday (or Tuesday after a holiday Monday).
 * With `days` = 0 the result is the date itself, moved forward to a business day if needed,
 * so that a step in business days never falls on a weekend or a holiday.
 */
export function addBusinessDays(date: BusinessDate, days: number, calendar: BusinessCalendar = FRENCH_METROPOLITAN_CALENDAR): BusinessDate {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`addBusinessDays: days must be an integer >= 0, got ${days}`);
  if (days === 0) return nextBusinessDayOnOrAfter(date, calendar);
  let d = date;
  let left = days;
  while (left > 0) {
    d = addDays(d, 1);
    if (calendar.isBusinessDay(d)) left -= 1;
  }
  return d;
}
