/** The list layout's exports: CSV and XLSX, one line per selected dossier, with the totals. */
import { formatBusinessDate } from '../shared/business-date';
import { XLSX_DATE_FORMAT, XLSX_INTEGER_FORMAT, XLSX_MONEY_FORMAT, xlsxAmount, xlsxDate, addXlsxRow, csvAmount, toCsv } from '../shared/spreadsheet';
import type { Db } from '../db/sql';
import type { PrintCriteria } from './printing.rules';
import { sumCents } from '../shared/money';
import { selectDossiers } from './printing-selection.service';

export const LIST_COLUMNS = ['number', 'customer', 'account', 'status', 'controller', 'startDate', 'endDate', 'entrusted', 'amount'] as const;

/** The list as CSV in the user's language: dates dd/MM/yyyy (fr) or 1 Sep 2026 (en), plain decimals. */
export async function exportListCsv(db: Db, c: PrintCriteria, header: string[], locale: 'fr' | 'en' = 'fr'): Promise<string> {
  const rows = await selectDossiers(db, c);
  const date = (d: string | null) => formatBusinessDate(d, locale);
  return toCsv(
    header,
    rows.map((r) => [r.number, r.customerName, r.customerAccount, r.statusLabel, r.controllerName ?? '', date(r.startDate), date(r.endDate), csvAmount(r.entrusted), csvAmount(r.amount)]),
  );
}

/** The list as a workbook: one sheet, amounts as numbers in euros with a currency format, a total row. */
export async function exportListXlsx(db: Db, c: PrintCriteria, header: string[], sheetName: string, totalLabel: string): Promise<Buffer> {
  const rows = await selectDossiers(db, c);
  // Loaded when a workbook is written, not with the module: exceljs adds about 30 MB to every process (the daily job, the import).
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Recouvrement';
  const ws = wb.addWorksheet(sheetName.slice(0, 31));
  ws.columns = header.map((h, i) => ({ header: h, key: LIST_COLUMNS[i], width: [10, 36, 14, 20, 20, 12, 12, 16, 16][i] }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    addXlsxRow(ws, {
      number: r.number, customer: r.customerName, account: r.customerAccount, status: r.statusLabel, controller: r.controllerName ?? '',
      startDate: xlsxDate(r.startDate), endDate: xlsxDate(r.endDate), entrusted: xlsxAmount(r.entrusted), amount: xlsxAmount(r.amount),
    });
  }
  const total = addXlsxRow(ws, { number: totalLabel, entrusted: xlsxAmount(sumCents(rows.map((r) => r.entrusted))), amount: xlsxAmount(sumCents(rows.map((r) => r.amount))) });
  total.font = { bold: true };
  for (const key of ['entrusted', 'amount']) ws.getColumn(key).numFmt = XLSX_MONEY_FORMAT;
  for (const key of ['startDate', 'endDate']) ws.getColumn(key).numFmt = XLSX_DATE_FORMAT;
  ws.getColumn('number').numFmt = XLSX_INTEGER_FORMAT;
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
