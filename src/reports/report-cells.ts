/** A report cell in words, for the page, its PDF and its CSV: one formatter per column kind. */
import type { Formatter } from '../shared/i18n';
import { csvAmount, formatDecimal, formatPercent, hundredthsOf } from '../shared/money';
import type { Cell, ReportColumn } from './reports.service';
import { SheetNumber } from '../shared/spreadsheet';

/** `2026-11` → `11/2026` in French, `Nov 2026` in English. */
export function monthText(value: string, locale: 'fr' | 'en'): string {
  if (!/^\d{4}-\d{2}$/.test(value)) return value;
  if (locale === 'fr') return `${value.slice(5, 7)}/${value.slice(0, 4)}`;
  const name = new Date(Date.UTC(Number(value.slice(0, 4)), Number(value.slice(5, 7)) - 1, 1)).toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
  return `${name} ${value.slice(0, 4)}`;
}

export function reportCellText(fmt: Formatter, c: Pick<ReportColumn, 'kind'>, v: Cell | undefined): string {
  if (v === null || v === undefined || v === '') return '';
  switch (c.kind) {
    case 'money': return fmt.money(Number(v));
    case 'percent': return formatPercent(hundredthsOf(Number(v)), fmt.locale);
    case 'days': return `${formatDecimal(Number(v), fmt.locale, 1)} ${fmt.t('reports.daysUnit')}`;
    case 'month': return monthText(String(v), fmt.locale);
    case 'date': return fmt.date(String(v));
    case 'int': return Number(v).toLocaleString(fmt.locale === 'fr' ? 'fr-FR' : 'en-GB');
    default: return String(v);
  }
}

/** The same cell in a CSV: plain decimals (no grouping), dates and months in the user's format. */
export function reportCsvCell(fmt: Formatter, c: Pick<ReportColumn, 'kind'>, v: Cell | undefined): string | number | SheetNumber | null {
  if (v === null || v === undefined) return '';
  switch (c.kind) {
    // Numbers the module formats itself: written as they are, never neutralised like user text (a negative stays a number).
    case 'money': return new SheetNumber(csvAmount(Number(v), fmt.locale));
    case 'percent':
    case 'days': return new SheetNumber(formatDecimal(Number(v), fmt.locale, 2).replace(/([.,]\d*?)0+$/, '$1').replace(/[.,]$/, ''));
    case 'month': return monthText(String(v), fmt.locale);
    case 'date': return fmt.date(String(v));
    default: return v;
  }
}
