/**
 * The one i18n layer. Dictionaries live in `fr/<namespace>.json` and `en/<namespace>.json`
 * (one namespace per component, so components own their texts); keys read `namespace.path.to.key`.
 * French is the reference: a test checks English has every French key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { formatBusinessDate, formatTimestamp } from '../business-date';
import { formatAmountInput, formatMoney } from '../money';
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

/** Translates `key`, filling `{name}` placeholders; an unknown key shows itself so it is noticed, never crashes. */
export function translate(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const dict = allDictionaries();
  const template = dict[locale][key] ?? dict.fr[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined || params[name] === null ? whole : String(params[name])));
}

export interface Formatter {
  locale: Locale;
  t: (key: string, params?: Record<string, unknown>) => string;
  money: (cents: number | null | undefined, currency?: string) => string;
  amountInput: (cents: number | null | undefined) => string;
  date: (value: string | null | undefined) => string;
  timestamp: (iso: string | null | undefined) => string;
  percent: (hundredths: number | null | undefined) => string;
}

export function formatterFor(locale: Locale, timeZone = 'Europe/Paris'): Formatter {
  return {
    locale,
    t: (key, params) => translate(locale, key, params),
    money: (cents, currency = 'EUR') => (cents === null || cents === undefined ? '' : formatMoney(cents, locale, currency)),
    amountInput: (cents) => formatAmountInput(cents, locale),
    date: (value) => formatBusinessDate(value, locale),
    timestamp: (iso) => formatTimestamp(iso, locale, timeZone),
    percent: (hundredths) => {
      if (hundredths === null || hundredths === undefined) return '';
      const text = (hundredths / 100).toFixed(2).replace(/\.?0+$/, '');
      return locale === 'fr' ? `${text.replace('.', ',')}\u00a0%` : `${text}%`;
    },
  };
}
