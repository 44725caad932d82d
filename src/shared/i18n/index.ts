/**
 * The one i18n layer. Dictionaries live in `fr/<namespace>.json` and `en/<namespace>.json`
 * (one namespace per component, so components own their texts); keys read `namespace.path.to.key`.
 * French is the reference: a test checks English has every French key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { formatBusinessDate, formatDateInput, formatTimestamp } from '../business-date';
import { csvAmount, formatAmount, formatAmountInput, formatDecimal, formatDuration, formatMoney, formatPercent } from '../money';
import { fromRoot } from '../paths';

export type Locale = 'fr' | 'en';
export const LOCALES: Locale[] = ['fr', 'en'];

type Dictionary = Record<string, string>;

function flatten(prefix: string, value: unknown, out: Dictionary): void {
  if (typeof value === 'string') {
    out[prefix] = value;
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(prefix ? `${prefix}.${k}` : k, v, out);
  }
}

function loadLocale(locale: Locale): Dictionary {
  const dir = fromRoot('src', 'shared', 'i18n', locale);
  const out: Dictionary = {};
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const namespace = path.basename(file, '.json');
    flatten(namespace, JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')), out);
  }
  return out;
}

let dictionaries: Record<Locale, Dictionary> | undefined;

export function allDictionaries(): Record<Locale, Dictionary> {
  dictionaries ??= { fr: loadLocale('fr'), en: loadLocale('en') };
  return dictionaries;
}

export function isLocale(value: unknown): value is Locale {
  return value === 'fr' || value === 'en';
}

const PLURAL = /\{(\w+), plural, one \{([^{}]*)\} other \{([^{}]*)\}\}/g;

/** French says "0 dossier", "1 dossier", "2 dossiers"; English "0 dossiers", "1 dossier". */
export function isSingular(locale: Locale, count: number): boolean {
  return locale === 'fr' ? Math.abs(count) < 2 : Math.abs(count) === 1;
}

/**
 * Translates `key`, filling `{name}` placeholders and the plural forms
 * `{count, plural, one {# dossier} other {# dossiers}}` (`#` is the number); an unknown key shows
 * itself so it is noticed, never crashes.
 */
export function translate(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const dict = allDictionaries();
  const template = dict[locale][key] ?? dict.fr[key] ?? key;
  // Most texts have no placeholder: pages translate dozens of them.
  if (!template.includes('{')) return template;
  return template
    .replace(PLURAL, (whole, name: string, one: string, other: string) => {
      const raw = params[name];
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : null;
      if (n === null) return raw === undefined || raw === null ? whole : other.replace(/#/g, String(raw));
      return (isSingular(locale, n) ? one : other).replace(/#/g, n.toLocaleString(locale === 'fr' ? 'fr-FR' : 'en-GB'));
    })
    .replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined || params[name] === null ? whole : String(params[name])));
}

export interface Formatter {
  locale: Locale;
  t: (key: string, params?: Record<string, unknown>) => string;
  money: (cents: number | null | undefined, currency?: string) => string;
  amountInput: (cents: number | null | undefined) => string;
  /** `6 050,95`: an amount in a sentence or a proposal, without the currency. */
  amount: (cents: number | null | undefined) => string;
  /** `1933,79`: an amount in a CSV cell (no grouping, the sign kept). */
  csvAmount: (cents: number | null | undefined) => string;
  /** `0,1` (fr) / `0.1` (en) with `digits` decimals (1 by default). */
  decimal: (value: number, digits?: number) => string;
  /** `0,1 s` from milliseconds. */
  duration: (ms: number | null | undefined) => string;
  date: (value: string | null | undefined) => string;
  /** A date field's value: `22/11/2026` (fr) or `22 Nov 2026` (en); what was typed stays as typed. */
  dateInput: (value: unknown) => string;
  timestamp: (iso: string | null | undefined) => string;
  percent: (hundredths: number | null | undefined) => string;
  /** ` : ` in French, `: ` in English (no space before the colon). */
  colon: string;
}

export function formatterFor(locale: Locale, timeZone = 'Europe/Paris'): Formatter {
  return {
    locale,
    t: (key, params) => translate(locale, key, params),
    money: (cents, currency = 'EUR') => (cents === null || cents === undefined ? '' : formatMoney(cents, locale, currency)),
    amountInput: (cents) => formatAmountInput(cents, locale),
    amount: (cents) => (cents === null || cents === undefined ? '' : formatAmount(cents, locale)),
    csvAmount: (cents) => (cents === null || cents === undefined ? '' : csvAmount(cents, locale)),
    decimal: (value, digits = 1) => formatDecimal(value, locale, digits),
    duration: (ms) => (ms === null || ms === undefined ? '' : formatDuration(ms, locale)),
    date: (value) => formatBusinessDate(value, locale),
    dateInput: (value) => formatDateInput(value, locale),
    timestamp: (iso) => formatTimestamp(iso, locale, timeZone),
    colon: locale === 'fr' ? ' : ' : ': ',
    percent: (hundredths) => {
      if (hundredths === null || hundredths === undefined) return '';
      return formatPercent(hundredths, locale);
    },
  };
}
