/**
 * Money is always an integer number of cents. Floats never enter a sum: parsing goes
 * through the decimal string, and formatting through integer division.
 */
export type Cents = number;

const AMOUNT_PATTERN = /^([+-])?(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,](\d{1,2}))?$/;

/** Parses `1 933,79`, `1933,79`, `1933.79`, `-12`, `0,5` into cents; returns null when it is not an amount. */
export function parseAmount(input: string | number | null | undefined): Cents | null {
  if (input === null || input === undefined) return null;
  if (typeof input === 'number') {
    return Number.isFinite(input) ? Math.round(input * 100) : null;
  }
  const text = input.trim().replace(/\s*€$/, '');
  if (text === '') return null;
  const match = AMOUNT_PATTERN.exec(text);
  if (!match) return null;
  const [, sign, intPart, decimals = ''] = match;
  const units = Number(intPart.replace(/[ \u00a0\u202f]/g, ''));
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

function groupThousands(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** `193379` → `1 933,79 €` in French (narrow no-break space as in fr-FR), `€1,933.79` in English. */
export function formatMoney(cents: Cents, locale: 'fr' | 'en' = 'fr', currency = 'EUR'): string {
  const negative = cents < 0;
  const abs = Math.abs(Math.trunc(cents));
  const units = groupThousands(String(Math.floor(abs / 100)), locale === 'fr' ? '\u202f' : ',');
  const decimals = String(abs % 100).padStart(2, '0');
  const symbol = currency === 'EUR' ? '€' : currency;
  if (locale === 'fr') return `${negative ? '-' : ''}${units},${decimals}\u00a0${symbol}`;
  return currency === 'EUR' ? `${negative ? '-' : ''}€${units}.${decimals}` : `${negative ? '-' : ''}${units}.${decimals} ${symbol}`;
}

/** Amount as typed back into a form field: `1933,79` (fr) or `1933.79` (en), no grouping. */
export function formatAmountInput(cents: Cents | null | undefined, locale: 'fr' | 'en' = 'fr'): string {
  if (cents === null || cents === undefined) return '';
  const negative = cents < 0;
  const abs = Math.abs(cents);
  return `${negative ? '-' : ''}${Math.floor(abs / 100)}${locale === 'fr' ? ',' : '.'}${String(abs % 100).padStart(2, '0')}`;
}

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
  const basisPoints = Math.round(percentage * 100);
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
