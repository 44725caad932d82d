/**
 * FEC columns: the official 18 in their official order, the spelling variants seen in real
 * files, and the analysis of a header line (columns are mapped by name, never by position).
 */
import type { FecColumnKey, FecProblem } from './types';

/** The 18 official columns, in the order of the official export. */
export const FEC_COLUMNS = [
  'JournalCode',
  'JournalLib',
  'EcritureNum',
  'EcritureDate',
  'CompteNum',
  'CompteLib',
  'CompAuxNum',
  'CompAuxLib',
  'PieceRef',
  'PieceDate',
  'EcritureLib',
  'Debit',
  'Credit',
  'EcritureLet',
  'DateLet',
  'ValidDate',
  'Montantdevise',
  'Idevise',
] as const;

/** Official name of each recognised column (used in problems about missing columns). */
export const OFFICIAL_NAMES: Record<FecColumnKey, string> = {
  journalCode: 'JournalCode',
  journalLabel: 'JournalLib',
  entryNumber: 'EcritureNum',
  entryDate: 'EcritureDate',
  account: 'CompteNum',
  accountLabel: 'CompteLib',
  auxiliaryAccount: 'CompAuxNum',
  auxiliaryLabel: 'CompAuxLib',
  pieceRef: 'PieceRef',
  pieceDate: 'PieceDate',
  label: 'EcritureLib',
  debit: 'Debit',
  credit: 'Credit',
  amount: 'Montant',
  direction: 'Sens',
  lettering: 'EcritureLet',
  letteringDate: 'DateLet',
  validDate: 'ValidDate',
  currencyAmount: 'Montantdevise',
  currency: 'Idevise',
  dueDate: 'DateRglt',
  paymentMethod: 'ModeRglt',
  operationNature: 'NatOp',
  clientId: 'IdClient',
};

/** Normalised spellings (lower case, no accent, letters and digits only) → column. */
const ALIASES: Record<string, FecColumnKey> = {};
function alias(key: FecColumnKey, ...names: string[]): void {
  for (const name of names) ALIASES[name] = key;
}
alias('journalCode', 'journalcode', 'codejournal');
alias('journalLabel', 'journallib', 'journallibelle', 'libellejournal', 'journallabel');
alias('entryNumber', 'ecriturenum', 'ecriturenumero', 'numecriture', 'numeroecriture');
alias('entryDate', 'ecrituredate', 'dateecriture');
alias('account', 'comptenum', 'comptenumero', 'numcompte', 'numerocompte');
alias('accountLabel', 'comptelib', 'comptelibelle', 'libellecompte');
alias('auxiliaryAccount', 'compauxnum', 'compteauxnum', 'compauxiliairenum', 'compteauxiliairenum', 'numcompteaux', 'numcompteauxiliaire');
alias('auxiliaryLabel', 'compauxlib', 'compteauxlib', 'compauxiliairelib', 'compteauxiliairelib', 'libcompteaux', 'libellecompteauxiliaire');
alias('pieceRef', 'pieceref', 'piecereference', 'refpiece', 'referencepiece', 'numpiece');
alias('pieceDate', 'piecedate', 'datepiece');
alias('label', 'ecriturelib', 'ecriturelibelle', 'libelleecriture');
alias('debit', 'debit', 'montantdebit');
alias('credit', 'credit', 'montantcredit');
alias('amount', 'montant');
alias('direction', 'sens');
alias('lettering', 'ecriturelet', 'ecriturelettrage', 'lettrage', 'codelettrage');
alias('letteringDate', 'datelet', 'datelettrage');
alias('validDate', 'validdate', 'datevalid', 'datevalidation', 'validationdate');
alias('currencyAmount', 'montantdevise', 'montantendevise', 'montantdevises');
alias('currency', 'idevise', 'devise', 'codedevise');
alias('dueDate', 'daterglt', 'datereglement', 'dateecheance', 'echeance');
alias('paymentMethod', 'moderglt', 'modereglement', 'modedereglement');
alias('operationNature', 'natop', 'natureoperation');
alias('clientId', 'idclient');

/** `Débit`, `DEBIT`, `Date_Let` → `debit`, `debit`, `datelet`. */
export function normalizeHeaderName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export function columnKeyOf(name: string): FecColumnKey | undefined {
  const key = normalizeHeaderName(name);
  return Object.prototype.hasOwnProperty.call(ALIASES, key) ? ALIASES[key] : undefined;
}

/** Without these no line can be built: reading stops when one is missing. */
const ESSENTIAL: FecColumnKey[] = ['journalCode', 'entryNumber', 'entryDate', 'account'];
/** Official columns whose absence is reported but does not stop the reading. */
const OFFICIAL_OTHERS: FecColumnKey[] = [
  'journalLabel',
  'accountLabel',
  'auxiliaryAccount',
  'auxiliaryLabel',
  'pieceRef',
  'pieceDate',
  'label',
  'lettering',
  'letteringDate',
  'validDate',
  'currencyAmount',
  'currency',
];

export interface HeaderAnalysis {
  headers: string[];
  trailingSeparator: boolean;
  columns: Partial<Record<FecColumnKey, number>>;
  extraColumns: string[];
  amountLayout: 'debit-credit' | 'amount-direction';
  /** Problems found in the header (line 1). */
  problems: FecProblem[];
  /** True when reading cannot go on. */
  fatal: boolean;
}

function headerProblem(code: FecProblem['code'], column: string | null, value: string | null, message: string, lineNumber: number): FecProblem {
  return { lineNumber, column, value, code, message };
}

/** Number of names in the header that are FEC columns (used to choose between separators). */
export function countKnownColumns(names: string[]): number {
  let n = 0;
  for (const name of names) if (columnKeyOf(name.trim()) !== undefined) n++;
  return n;
}

export function analyzeHeader(rawNames: string[], lineNumber: number): HeaderAnalysis {
  const headers = rawNames.map((n) => n.trim());
  let trailingSeparator = false;
  if (headers.length > 1 && headers[headers.length - 1] === '') {
    headers.pop();
    trailingSeparator = true;
  }
  const problems: FecProblem[] = [];
  const columns: Partial<Record<FecColumnKey, number>> = {};
  const extraColumns: string[] = [];
  headers.forEach((name, index) => {
    const key = columnKeyOf(name);
    if (key === undefined) {
      extraColumns.push(name);
      return;
    }
    if (columns[key] !== undefined) {
      problems.push(headerProblem('duplicate_column', name, name, `Column ${name} appears twice in the header (as ${headers[columns[key]!]} and ${name}); the first one is used.`, lineNumber));
      return;
    }
    columns[key] = index;
  });

  const known = headers.length - extraColumns.length;
  if (known < 3) {
    problems.push(
      headerProblem('wrong_header', null, headers.join(' ').slice(0, 100), 'The first line is not a FEC header: expected column names such as JournalCode, EcritureNum, CompteNum, Debit, Credit.', lineNumber),
    );
    return { headers, trailingSeparator, columns, extraColumns, amountLayout: 'debit-credit', problems, fatal: true };
  }

  const hasDebitCredit = columns.debit !== undefined || columns.credit !== undefined;
  const hasAmountDirection = columns.amount !== undefined && columns.direction !== undefined;
  const amountLayout: HeaderAnalysis['amountLayout'] = !hasDebitCredit && (hasAmountDirection || columns.amount !== undefined || columns.direction !== undefined) ? 'amount-direction' : 'debit-credit';
  const essential: FecColumnKey[] = [...ESSENTIAL, ...(amountLayout === 'debit-credit' ? (['debit', 'credit'] as const) : (['amount', 'direction'] as const))];
  let fatal = false;
  for (const key of essential) {
    if (columns[key] === undefined) {
      fatal = true;
      problems.push(headerProblem('missing_column', OFFICIAL_NAMES[key], null, `The header has no ${OFFICIAL_NAMES[key]} column; the file cannot be read.`, lineNumber));
    }
  }
  for (const key of OFFICIAL_OTHERS) {
    if (columns[key] === undefined) {
      problems.push(headerProblem('missing_column', OFFICIAL_NAMES[key], null, `The header has no ${OFFICIAL_NAMES[key]} column, which a FEC must have; its values are read as empty.`, lineNumber));
    }
  }
  return { headers, trailingSeparator, columns, extraColumns, amountLayout, problems, fatal };
}
