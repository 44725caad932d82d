/** Pure rules of Impression des dossiers: the selection criteria, the list layout's subtotals, CSV. */
import { AppError, type FieldError } from '../shared/errors';
import { parseBusinessDate, type BusinessDate } from '../shared/business-date';
import { parseAmount, type Cents, plainAmount } from '../shared/money';

export type PrintLayout = 'detailed' | 'list';
export const PRINT_LAYOUTS: PrintLayout[] = ['detailed', 'list'];

/** Above these sizes a print is refused with a message (exports have no limit). */
export const MAX_DETAILED = 2000;
export const MAX_LIST = 20000;

export interface PrintCriteria {
  statusIds: number[];
  customerIds: number[];
  /** Auxiliary accounts typed in the form (411DUPONT, …), resolved to customers by the service. */
  customerAccounts: string[];
  controllerIds: number[];
  /** Dossiers picked on the dossier list (its bulk "Imprimer" / "Exporter"). */
  dossierIds: number[];
  numberFrom: number | null;
  numberTo: number | null;
  startFrom: BusinessDate | null;
  startTo: BusinessDate | null;
  minAmount: Cents | null;
  layout: PrintLayout;
}

export function emptyCriteria(): PrintCriteria {
  return { statusIds: [], customerIds: [], customerAccounts: [], controllerIds: [], dossierIds: [], numberFrom: null, numberTo: null, startFrom: null, startTo: null, minAmount: null, layout: 'list' };
}

function list(value: unknown): string[] {
  const raw = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return raw.filter((v): v is string => typeof v === 'string').flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

function ids(value: unknown, field: string, errors: FieldError[]): number[] {
  const out: number[] = [];
  for (const v of list(value)) {
    if (/^\d{1,9}$/.test(v)) out.push(Number(v));
    else errors.push({ field, message: 'validation.invalid' });
  }
  return [...new Set(out)];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * Reads the criteria from a query string (`status=1&status=2&controller=3&numberFrom=…`), as the
 * form and the links from the dossier list and the customer page send them. Bad input is a
 * validation error at its field; nothing is guessed.
 */
export function parseCriteria(query: Record<string, unknown>): PrintCriteria {
  const errors: FieldError[] = [];
  const c = emptyCriteria();
  c.statusIds = ids(query.status, 'status', errors);
  c.customerIds = ids(query.customer, 'customer', errors);
  c.controllerIds = ids(query.controller, 'controller', errors);
  c.dossierIds = ids(query.dossier, 'dossier', errors).slice(0, MAX_LIST);
  c.customerAccounts = [...new Set(list(query.accounts).flatMap((v) => v.split(/\s+/)).filter(Boolean).map((v) => v.toUpperCase()))].slice(0, 200);
  const int = (name: 'numberFrom' | 'numberTo') => {
    const v = text(query[name]);
    if (v === '') return null;
    if (!/^\d{1,9}$/.test(v)) {
      errors.push({ field: name, message: 'validation.integer' });
      return null;
    }
    return Number(v);
  };
  c.numberFrom = int('numberFrom');
  c.numberTo = int('numberTo');
  const date = (name: 'startFrom' | 'startTo') => {
    const v = text(query[name]);
    if (v === '') return null;
    const d = parseBusinessDate(v);
    if (!d) errors.push({ field: name, message: 'validation.date' });
    return d;
  };
  c.startFrom = date('startFrom');
  c.startTo = date('startTo');
  const min = text(query.minAmount);
  if (min !== '') {
    const cents = parseAmount(min);
    if (cents === null) errors.push({ field: 'minAmount', message: 'validation.amount' });
    c.minAmount = cents;
  }
  const layout = text(query.layout);
  if (layout !== '' && !PRINT_LAYOUTS.includes(layout as PrintLayout)) errors.push({ field: 'layout', message: 'validation.invalid' });
  c.layout = layout === 'detailed' ? 'detailed' : 'list';
  if (c.numberFrom !== null && c.numberTo !== null && c.numberFrom > c.numberTo) errors.push({ field: 'numberTo', message: 'printing.errors.range' });
  if (c.startFrom && c.startTo && c.startFrom > c.startTo) errors.push({ field: 'startTo', message: 'printing.errors.range' });
  if (errors.length) throw AppError.validation(errors);
  return c;
}

/** The criteria back as a query string, for the links to the print, the exports and the PDF. */
export function criteriaQuery(c: PrintCriteria, layout: PrintLayout = c.layout): string {
  const p = new URLSearchParams();
  for (const id of c.statusIds) p.append('status', String(id));
  for (const id of c.customerIds) p.append('customer', String(id));
  for (const id of c.controllerIds) p.append('controller', String(id));
  for (const id of c.dossierIds) p.append('dossier', String(id));
  if (c.customerAccounts.length) p.set('accounts', c.customerAccounts.join(' '));
  if (c.numberFrom !== null) p.set('numberFrom', String(c.numberFrom));
  if (c.numberTo !== null) p.set('numberTo', String(c.numberTo));
  if (c.startFrom) p.set('startFrom', c.startFrom);
  if (c.startTo) p.set('startTo', c.startTo);
  if (c.minAmount !== null) p.set('minAmount', plainAmount(c.minAmount, 'en'));
  p.set('layout', layout);
  return p.toString();
}

export interface SelectedDossier {
  id: number;
  number: number;
  companyId: number;
  statusId: number;
  statusLabel: string;
  statusKind: string;
  statusPosition: number;
  customerId: number;
  customerName: string;
  customerAccount: string;
  controllerName: string | null;
  startDate: string;
  endDate: string | null;
  currency: string;
  /** Sum of the debits of the linked entries: what the customer was asked to pay. */
  entrusted: Cents;
  /** Open balance of the linked entries (unlettered lines), the dossier's amount in the list. */
  amount: Cents;
}

export interface StatusGroup {
  statusId: number;
  statusLabel: string;
  dossiers: SelectedDossier[];
  count: number;
  entrusted: Cents;
  amount: Cents;
}

export interface ListTotals {
  groups: StatusGroup[];
  count: number;
  entrusted: Cents;
  amount: Cents;
}

/** Groups the selection by status (in the order given) with subtotals, and the grand total. */
export function groupByStatus(rows: SelectedDossier[]): ListTotals {
  const groups = new Map<number, StatusGroup>();
  for (const r of rows) {
    let g = groups.get(r.statusId);
    if (!g) {
      g = { statusId: r.statusId, statusLabel: r.statusLabel, dossiers: [], count: 0, entrusted: 0, amount: 0 };
      groups.set(r.statusId, g);
    }
    g.dossiers.push(r);
    g.count += 1;
    g.entrusted += r.entrusted;
    g.amount += r.amount;
  }
  const all = [...groups.values()];
  return { groups: all, count: rows.length, entrusted: all.reduce((a, g) => a + g.entrusted, 0), amount: all.reduce((a, g) => a + g.amount, 0) };
}

