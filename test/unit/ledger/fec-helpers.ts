/** Small builders for FEC test inputs. */
import { FEC_COLUMNS, readFec, type FecLine, type FecReadOptions, type FecSummary } from '../../../src/ledger/fec';
import type { FecInput } from '../../../src/ledger/fec/types';

export { REAL_FEC_DIR } from '../../support/fec-samples';

export const HEADER = FEC_COLUMNS.join('\t');

/** Values of one data line in the official column order; override by column name. */
export function row(values: Partial<Record<(typeof FEC_COLUMNS)[number], string>> = {}): string {
  const defaults: Record<string, string> = {
    JournalCode: 'VE',
    JournalLib: 'Ventes',
    EcritureNum: '1',
    EcritureDate: '20240115',
    CompteNum: '41100000',
    CompteLib: 'Clients',
    CompAuxNum: 'C001',
    CompAuxLib: 'Dupont SARL',
    PieceRef: 'F001',
    PieceDate: '20240115',
    EcritureLib: 'Facture F001',
    Debit: '120,00',
    Credit: '0,00',
    EcritureLet: '',
    DateLet: '',
    ValidDate: '20240131',
    Montantdevise: '',
    Idevise: '',
  };
  return FEC_COLUMNS.map((c) => (values[c] !== undefined ? values[c] : defaults[c])).join('\t');
}

/** A balanced three-line sales invoice (411 debit / 706 + 44571 credit). */
export function invoice(entryNumber: string, grossCents = '120,00', netCents = '100,00', vatCents = '20,00'): string[] {
  return [
    row({ EcritureNum: entryNumber, Debit: grossCents, Credit: '0,00' }),
    row({ EcritureNum: entryNumber, CompteNum: '70600000', CompteLib: 'Prestations', CompAuxNum: '', CompAuxLib: '', Debit: '0,00', Credit: netCents }),
    row({ EcritureNum: entryNumber, CompteNum: '44571000', CompteLib: 'TVA collectée', CompAuxNum: '', CompAuxLib: '', Debit: '0,00', Credit: vatCents }),
  ];
}

export function fecBuffer(lines: string[], eol = '\r\n'): Buffer {
  return Buffer.from(lines.map((l) => l + eol).join(''), 'utf8');
}

export async function readAll(input: FecInput, options?: FecReadOptions): Promise<{ lines: FecLine[]; summary: FecSummary }> {
  const reader = readFec(input, options);
  const lines: FecLine[] = [];
  for await (const line of reader) lines.push(line);
  return { lines, summary: reader.summary() };
}

export function codes(summary: FecSummary): string[] {
  return summary.problems.map((p) => p.code);
}
