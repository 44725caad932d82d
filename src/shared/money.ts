/**
 * Money is always an integer number of cents. Floats never enter a sum: parsing goes
 * through the decimal string, and formatting through integer division.
 */
export type Cents = number;

const AMOUNT_PATTERN = /^([+-])?(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,](\d{1,2}))?$/;
/** English grouping (`6,050.95`): only with its decimal point, so that `12,345` stays ambiguous and refused. */
const EN_AMOUNT_PATTERN = /^([+-])?(\d{1,3}(?:,\d{3})+)\.(\d{1,2})$/;

/** Parses `1 933,79`, `1933,79`, `1933.79`, `-12`, `0,5` into cents; returns null when it is not an amount. */
export function parseAmount(input: string | number | null | undefined): Cents | null {
  if (input === null || input === undefined) return null;
  if (typeof input === 'number') {
    return Number.isFinite(input) ? Math.round(input * 100) : null;
  }
  const text = input.trim().replace(/\s*€$/, '');
  if (text === '') return null;
  const match = AMOUNT_PATTERN.exec(text) ?? EN_AMOUNT_PATTERN.exec(text);
  if (!match) return null;
  const [, sign, intPart, decimals = ''] = match;
  const units = Number(intPart.replace(/[ \u00a0\u202f,]/g, ''));
  const cents = units * 100 + Number(decimals.padEnd(2, '0') || '0');
  if (!Number.isSafeInteger(cents)) return null;
  return sign === '-' ? -cents : cents;
}

/**
 * The largest amount of one line (a ledger line, a payment, a financial element, a provision…), in
 * cents: MAX_LINE_AMOUNT in config.ts, set once at start by `setMaxLineAmount`. Every edge (forms,
 * API, FEC lines) refuses more, so that sums of realistic numbers of lines stay far below 2^53 and
 * exact as JS numbers on both databases (90 071 lines at the default maximum).
 */
export const DEFAULT_MAX_LINE_AMOUNT: Cents = 1_000_000_000_00;
let maxLineCents: Cents = DEFAULT_MAX_LINE_AMOUNT;

export function setMaxLineAmount(cents: Cents): void {
  if (!Number.isSafeInteger(cents) || cents <= 0) throw new RangeError(`maximum line amount must be a positive integer of cents, got ${cents}`);
  maxLineCents = cents;
}

export function maxLineAmount(): Cents {
  return maxLineCents;
}

export function exceedsMaxLineAmount(cents: Cents): boolean {
  return Math.abs(cents) > maxLineCents;
}

const DIGITS = /^\d+$/;

function groupThousands(digits: string, separator: string): string {
  // By hand for plain digits (every amount of every letter goes through here); the pattern for anything else (`1e+21`).
  if (digits.length <= 3) return digits;
  if (!DIGITS.test(digits)) return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  const head = digits.length % 3 || 3;
  let out = digits.slice(0, head);
  for (let i = head; i < digits.length; i += 3) out += separator + digits.slice(i, i + 3);
  return out;
}

/** `193379` → `1 933,79 €` in French (narrow no-break space as in fr-FR), `€1,933.79` in English. */
export function formatMoney(cents: Cents, locale: 'fr' | 'en' = 'fr', currency = 'EUR'): string {
  // Every amount of every letter: euros in French from whole cents by integer arithmetic, the same text as below.
  if (locale === 'fr' && currency === 'EUR' && Number.isSafeInteger(cents)) {
    const abs = cents < 0 ? -cents : cents;
    const units = Math.floor(abs / 100);
    const rest = abs - units * 100;
    return `${cents < 0 ? '-' : ''}${units < 1000 ? units : groupThousands(String(units), '\u202f')},${rest < 10 ? '0' : ''}${rest}\u00a0€`;
  }
  const negative = cents < 0;
  const abs = Math.abs(Math.trunc(cents));
  const units = groupThousands(String(Math.floor(abs / 100)), locale === 'fr' ? '\u202f' : ',');
  const decimals = String(abs % 100).padStart(2, '0');
  const symbol = currency === 'EUR' ? '€' : currency;
  if (locale === 'fr') return `${negative ? '-' : ''}${units},${decimals}\u00a0${symbol}`;
  return currency === 'EUR' ? `${negative ? '-' : ''}€${units}.${decimals}` : `${negative ? '-' : ''}${units}.${decimals} ${symbol}`;
}

/**
 * The one way an amount is written without its currency: `6 050,95` (fr, narrow no-break space as
 * in fr-FR) or `6,050.95` (en). Used in form fields, proposals and messages; parseAmount reads it back.
 */
export function formatAmount(cents: Cents, locale: 'fr' | 'en' = 'fr'): string {
  const negative = cents < 0;
  const abs = Math.abs(Math.trunc(cents));
  const units = groupThousands(String(Math.floor(abs / 100)), locale === 'fr' ? '\u202f' : ',');
  return `${negative ? '-' : ''}${units}${locale === 'fr' ? ',' : '.'}${String(abs % 100).padStart(2, '0')}`;
}

/** Amount as typed back into a form field: `6 050,95` (fr) or `6,050.95` (en); empty when there is none. */
export function formatAmountInput(cents: Cents | null | undefined, locale: 'fr' | 'en' = 'fr'): string {
  if (cents === null || cents === undefined) return '';
  return formatAmount(cents, locale);
}

/** Cents as a plain decimal, no grouping: `1933,79` (fr) / `1933.79` (en); the sign kept under 1 €. */
export function plainAmount(cents: Cents, locale: 'fr' | 'en' = 'fr'): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(cents));
  return `${sign}${Math.floor(abs / 100)}${locale === 'fr' ? ',' : '.'}${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Cents as a plain decimal for a CSV opened by a spreadsheet: `1933,79` in French (what Excel in a
 * French locale reads as a number), `1933.79` in English; no grouping; the sign kept under 1 €.
 */
export function csvAmount(cents: Cents, locale: 'fr' | 'en' = 'fr'): string {
  return plainAmount(cents, locale);
}

/** A decimal number in the user's language: `0,1` (fr), `0.1` (en), with `digits` decimals. */
export function formatDecimal(value: number, locale: 'fr' | 'en' = 'fr', digits = 1): string {
  const text = value.toFixed(digits);
  return locale === 'fr' ? text.replace('.', ',') : text;
}

/** A duration in seconds from milliseconds: `0,1 s` (fr, no-break space), `0.1 s` (en). */
export function formatDuration(ms: number, locale: 'fr' | 'en' = 'fr'): string {
  return `${formatDecimal(ms / 1000, locale, 1)}\u00a0s`;
}

// ---------------------------------------------------------------------------------------------
// Percentages. Stored in hundredths of a percent (1215 = 12,15 %: loss percentages, rates);
// rules take the percentage itself (12.15). These two convert, nothing else does it by hand.

/** A percentage in hundredths of a percent, as stored: 1215 = 12,15 %. */
export type Hundredths = number;

/** 1215 → 12.15: the stored hundredths as the percentage the rules take. */
export function percentOf(hundredths: Hundredths): number {
  return hundredths / 100;
}

/** 12.15 → 1215: a percentage (two decimals) as stored, rounded to the hundredth. */
export function hundredthsOf(percent: number): Hundredths {
  return Math.round(percent * 100);
}

/** `1215` → `12,15` (fr) / `12.15` (en), trailing zeros dropped (`1250` → `12,5`, `1200` → `12`). */
export function percentNumber(hundredths: Hundredths, locale: 'fr' | 'en' = 'fr'): string {
  const text = percentOf(hundredths).toFixed(2).replace(/\.?0+$/, '');
  return locale === 'fr' ? text.replace('.', ',') : text;
}

/** A percentage given in hundredths (1215 = 12,15 %): `12,15 %` (fr), `12.15%` (en), trailing zeros dropped. */
export function formatPercent(hundredths: Hundredths, locale: 'fr' | 'en' = 'fr'): string {
  const text = percentNumber(hundredths, locale);
  return locale === 'fr' ? `${text}\u00a0%` : `${text}%`;
}

/** `1250` → `12,50` (fr) / `12.50` (en), two decimals, as typed back into a percentage field. */
export function formatPercentInput(hundredths: Hundredths, locale: 'fr' | 'en' = 'fr'): string {
  const text = `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
  return locale === 'fr' ? text.replace('.', ',') : text;
}

/** A percentage (12.15, not hundredths) as a letter writes it: `12,15 %`, two decimals. */
export function formatRate(percent: number): string {
  // A few rates recur in every letter: toFixed once for each.
  let text = rateTexts.get(percent);
  if (text === undefined) {
    text = `${percent.toFixed(2).replace('.', ',')}\u00a0%`;
    if (rateTexts.size >= 1000) rateTexts.clear();
    rateTexts.set(percent, text);
  }
  return text;
}

const rateTexts = new Map<number, string>();

/** An amount as a spreadsheet number (euros), written by the XLSX exports with XLSX_MONEY_FORMAT. */
export function xlsxAmount(cents: Cents): number {
  return cents / 100;
}

/** A percentage in hundredths as the fraction a spreadsheet percentage cell holds (5000 → 0.5, shown 50,00 %). */
export function xlsxPercent(hundredths: Hundredths): number {
  return hundredths / 10000;
}

/** A percentage (66.67, not hundredths) as the fraction a spreadsheet percentage cell holds (0.6667). */
export function xlsxPercentOf(percent: number): number {
  return percent / 100;
}

/** Number formats of the XLSX exports: Excel shows them in the reader's own locale. */
export const XLSX_MONEY_FORMAT = '#,##0.00 "€";-#,##0.00 "€"';
export const XLSX_PERCENT_FORMAT = '0.00%';

/** Sum of cents; stays an integer by construction. */
export function sumCents(values: Iterable<Cents>): Cents {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/**
 * `amount x percentage` rounded half away from zero to the cent. The percentage has two decimals
 * (e.g. 12.15 %), so it is carried as basis points (1215) to keep the product an integer.
 */
export function applyPercentage(cents: Cents, percentage: number): Cents {
  const basisPoints = hundredthsOf(percentage);
  const product = cents * basisPoints;
  const sign = product < 0 ? -1 : 1;
  return sign * Math.round(Math.abs(product) / 10000);
}

/**
 * Splits `total` into parts proportional to `weights`, with the rounding difference on the last
 * part, so the parts always add up to the total exactly.
 */
export function allocate(total: Cents, weights: number[]): Cents[] {
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (weightSum === 0) return weights.map((_, i) => (i === weights.length - 1 ? total : 0));
  const parts = weights.map((w) => Math.trunc((total * w) / weightSum));
  const diff = total - parts.reduce((a, b) => a + b, 0);
  parts[parts.length - 1] += diff;
  return parts;
}
