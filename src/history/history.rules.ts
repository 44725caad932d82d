/**
 * The Chrono's filters, read from the page's query string: a date range, an amount range, an event
 * type, an action (the kind of intervention an event is about) and free text. Bad values come back
 * as field messages, with the rest of the filter still applied.
 */
import { addDays, parseBusinessDate, type BusinessDate } from '../shared/business-date';
import { parseAmount, type Cents } from '../shared/money';

export interface ChronoFilter {
  from: BusinessDate | null;
  to: BusinessDate | null;
  minAmount: Cents | null;
  maxAmount: Cents | null;
  type: string | null;
  action: string | null;
  /** LIKE pattern (lower case), `%` the user's wildcard; see searchPattern. */
  text: string | null;
}

export const NO_CHRONO_FILTER: ChronoFilter = { from: null, to: null, minAmount: null, maxAmount: null, type: null, action: null, text: null };

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** A LIKE pattern where only the user's `%` is a wildcard (`_` and `\` are literal). */
export function likePattern(text: string): string | null {
  const trimmed = text.trim().toLowerCase();
  if (!trimmed) return null;
  return `%${trimmed.replace(/[\\_]/g, (c) => `\\${c}`)}%`;
}

export function parseChronoFilter(query: Record<string, unknown>): { filter: ChronoFilter; errors: Record<string, string>; active: boolean } {
  const errors: Record<string, string> = {};
  const date = (name: string): BusinessDate | null => {
    const raw = str(query[name]);
    if (!raw) return null;
    const d = parseBusinessDate(raw);
    if (!d) errors[name] = 'validation.date';
    return d;
  };
  const amount = (name: string): Cents | null => {
    const raw = str(query[name]);
    if (!raw) return null;
    const a = parseAmount(raw);
    if (a === null) errors[name] = 'validation.amount';
    return a;
  };
  const code = (name: string): string | null => {
    const raw = str(query[name]);
    return /^[a-zA-Z]{1,40}$/.test(raw) ? raw : null;
  };
  const filter: ChronoFilter = {
    from: date('from'), to: date('to'), minAmount: amount('minAmount'), maxAmount: amount('maxAmount'),
    type: code('type'), action: code('action'), text: likePattern(str(query.q).slice(0, 200)),
  };
  if (filter.from && filter.to && filter.to < filter.from) errors.to = 'history.filters.toBeforeFrom';
  const active = Object.values(filter).some((v) => v !== null) || Object.keys(errors).length > 0;
  return { filter, errors, active };
}

/** Event timestamps are ISO instants: a business-date range covers [from 00:00, to + 1 day 00:00). */
export function timestampRange(filter: Pick<ChronoFilter, 'from' | 'to'>): { from: string | null; before: string | null } {
  return { from: filter.from ? `${filter.from}T00:00:00` : null, before: filter.to ? `${addDays(filter.to, 1)}T00:00:00` : null };
}
