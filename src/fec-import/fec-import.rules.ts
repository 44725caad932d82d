/** Pure rules of the FEC import: due dates, field limits. No database, no clock. */
import { addDays, type BusinessDate } from '../shared/business-date';
import type { FecLine } from '../ledger';

export const DEFAULT_PAYMENT_TERMS_DAYS = 30;

/**
 * Due date of an imported line. The 18-column FEC has no due date: DateRglt when the file has it,
 * else, for a customer's debit (an invoice), its piece date (or entry date) plus the customer's
 * payment terms. Credits and non-customer lines have none.
 */
export function importedDueDate(
  line: Pick<FecLine, 'dueDate' | 'pieceDate' | 'entryDate' | 'debit' | 'credit'>,
  isCustomerLine: boolean,
  paymentTermsDays: number | null,
): BusinessDate | null {
  if (line.dueDate) return line.dueDate;
  if (!isCustomerLine || line.debit <= line.credit) return null;
  return addDays(line.pieceDate ?? line.entryDate, paymentTermsDays ?? DEFAULT_PAYMENT_TERMS_DAYS);
}

/** Codes longer than their column would be cut and lose their meaning: the file is refused. */
export const CODE_LIMITS = {
  journalCode: { max: 20, column: 'JournalCode' },
  entryNumber: { max: 40, column: 'EcritureNum' },
  account: { max: 40, column: 'CompteNum' },
  auxiliaryAccount: { max: 40, column: 'CompAuxNum' },
  lettering: { max: 20, column: 'EcritureLet' },
  currency: { max: 3, column: 'Idevise' },
} as const;

/**
 * Labels, and the piece reference (real files put whole bank statement lines in it), are only shown:
 * a longer value is cut to its column (and counted as a warning).
 */
export const LABEL_LIMITS = { journalLabel: 100, accountLabel: 200, auxiliaryLabel: 200, label: 300, pieceRef: 60 } as const;

export function cut(value: string | null, max: number): { value: string | null; cut: boolean } {
  if (value === null || value.length <= max) return { value, cut: false };
  return { value: value.slice(0, max), cut: true };
}

const CODE_LIMIT_LIST = Object.entries(CODE_LIMITS) as [keyof typeof CODE_LIMITS, { max: number; column: string }][];

/** The first code of a line that does not fit its column, or null (checked on every line: no allocation when all fit). */
export function oversizedCode(line: FecLine): { column: string; value: string; max: number } | null {
  for (let i = 0; i < CODE_LIMIT_LIST.length; i++) {
    const [key, limit] = CODE_LIMIT_LIST[i];
    const value = line[key];
    if (typeof value === 'string' && value.length > limit.max) return { column: limit.column, value, max: limit.max };
  }
  return null;
}

/**
 * Labels of a collective customer account (the one 411 of a ledger that keeps its customers in
 * auxiliary accounts): such an account is never taken for one customer.
 */
const COLLECTIVE_LABEL = /^(comptes?\s+)?clients?(\s+(divers|france|export|[ée]trangers?|ordinaires|collectifs?|g[ée]n[ée]ral|g[ée]n[ée]raux|ventes?))*\s*$/i;

export interface LineCustomer {
  /** The third party's account: the auxiliary account, or the general account itself. */
  key: string;
  /** From CompAuxLib, or CompteLib for a general account; may be empty (the key is then the name). */
  name: string;
  fromGeneralAccount: boolean;
}

/**
 * Which customer a ledger line belongs to. A customer account's auxiliary account names it; many
 * small companies' ledgers instead keep one 411… general account per customer and leave CompAuxNum
 * empty: with `generalAccountCustomers` (on by default) such an account is the customer, named from
 * CompteLib — unless it is the collective account (411 padded with zeros, or labelled "Clients",
 * "Clients divers"…), whose lines stay without a customer as before.
 */
export function customerOfLine(
  line: { account: string; accountLabel: string | null; auxiliaryAccount: string | null; auxiliaryLabel: string | null },
  prefixes: string[],
  generalAccountCustomers: boolean,
): LineCustomer | null {
  const prefix = prefixes.find((p) => line.account.startsWith(p));
  if (prefix === undefined) return null;
  if (line.auxiliaryAccount !== null) return { key: line.auxiliaryAccount, name: line.auxiliaryLabel ?? '', fromGeneralAccount: false };
  if (!generalAccountCustomers) return null;
  const label = (line.accountLabel ?? '').trim();
  if (/^0*$/.test(line.account.slice(prefix.length)) || COLLECTIVE_LABEL.test(label)) return null;
  return { key: line.account, name: label, fromGeneralAccount: true };
}
