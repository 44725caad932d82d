/**
 * "État des provisions": per dossier, at a date, the customer, the amount including VAT, the HT base,
 * the loss percentage, the provision, and the period's movements (charges, reversals), with totals.
 * Built from the provision movements (the pure provisionState rule does the arithmetic).
 */
import { XLSX_MONEY_FORMAT, XLSX_PERCENT_FORMAT, xlsxAmount, xlsxPercent } from '../shared/spreadsheet';
import { formatBusinessDate } from '../shared/business-date';
import { Db, rawQuery } from '../db/transactions';
import { toNumber } from '../db/column-types';
import type { BusinessDate } from '../shared/business-date';
import type { Cents } from '../shared/money';
import { provisionState, type ProvisionMovementRecord } from './provision.rules';
import type { ProvisionMovementKind } from './provision.rules';
import { addXlsxRow } from '../shared/spreadsheet';

export interface ProvisionReportLine {
  dossierId: number;
  dossierNumber: number;
  customer: string;
  auxiliaryAccount: string;
  /** At the last movement on or before the date. */
  outstandingTtc: Cents;
  base: Cents;
  lossHundredths: number;
  opening: Cents;
  allowances: Cents;
  reversals: Cents;
  provision: Cents;
}

export interface ProvisionReport {
  asOf: BusinessDate;
  periodStart: BusinessDate;
  lines: ProvisionReportLine[];
  totals: { outstandingTtc: Cents; base: Cents; opening: Cents; allowances: Cents; reversals: Cents; provision: Cents };
}

interface Row {
  dossier_id: unknown; number: unknown; name: string; aux: string; date: string; kind: string; amount: unknown;
  outstanding_ttc: unknown; base: unknown; loss_hundredths: unknown; id: unknown;
}

export async function provisionReport(db: Db, q: { asOf: BusinessDate; periodStart: BusinessDate; companyId?: number | null }): Promise<ProvisionReport> {
  const rows = await rawQuery<Row>(db,
    `SELECT pm.id AS id, pm.dossier_id AS dossier_id, d.number AS number, tp.name AS name, tp.auxiliary_account AS aux, pm.date AS date, pm.kind AS kind,
            pm.amount AS amount, pm.outstanding_ttc AS outstanding_ttc, pm.base AS base, pm.loss_hundredths AS loss_hundredths
       FROM provision_movement pm JOIN dossier d ON d.id = pm.dossier_id JOIN third_party tp ON tp.id = d.third_party_id
      WHERE pm.date <= :asOf ${q.companyId ? 'AND pm.company_id = :companyId' : ''}
      ORDER BY pm.date, pm.id`,
    { asOf: q.asOf, companyId: q.companyId ?? null });
  const info = new Map<string, { row: Row }>();
  const movements: ProvisionMovementRecord[] = rows.map((r) => {
    const key = String(toNumber(r.dossier_id));
    info.set(key, { row: r }); // ordered by date: the last one wins
    return { date: r.date, kind: r.kind as Exclude<ProvisionMovementKind, 'none'>, amount: toNumber(r.amount), key };
  });
  const state = provisionState(movements, q.periodStart, q.asOf);
  const lines: ProvisionReportLine[] = state.lines
    .filter((l) => l.closing !== 0 || l.allowances !== 0 || l.reversals !== 0)
    .map((l) => {
      const r = info.get(l.key)!.row;
      return {
        dossierId: toNumber(r.dossier_id), dossierNumber: toNumber(r.number), customer: r.name, auxiliaryAccount: r.aux,
        outstandingTtc: toNumber(r.outstanding_ttc), base: toNumber(r.base), lossHundredths: toNumber(r.loss_hundredths),
        opening: l.opening, allowances: l.allowances, reversals: l.reversals, provision: l.closing,
      };
    })
    .sort((a, b) => a.dossierNumber - b.dossierNumber);
  const sum = (pick: (l: ProvisionReportLine) => number) => lines.reduce((s, l) => s + pick(l), 0);
  return {
    asOf: q.asOf,
    periodStart: q.periodStart,
    lines,
    totals: {
      outstandingTtc: sum((l) => l.outstandingTtc), base: sum((l) => l.base), opening: sum((l) => l.opening),
      allowances: sum((l) => l.allowances), reversals: sum((l) => l.reversals), provision: sum((l) => l.provision),
    },
  };
}

/** Column keys of the XLSX, in order; amounts are written as euros (cents / 100) with a 2-decimal format. */
export const XLSX_COLUMNS = ['dossier', 'customer', 'auxiliaryAccount', 'outstandingTtc', 'base', 'lossPercentage', 'opening', 'allowances', 'reversals', 'provision'] as const;

export async function provisionReportXlsx(report: ProvisionReport, t: (key: string, params?: Record<string, unknown>) => string, locale: 'fr' | 'en' = 'fr'): Promise<Buffer> {
  // Loaded when a workbook is written, not with the module: exceljs adds about 30 MB to every process (the daily job, the import).
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Recouvrement';
  const ws = wb.addWorksheet(t('provisions.state.sheet'));
  addXlsxRow(ws, [t('provisions.state.title'), t('provisions.state.period', { from: formatBusinessDate(report.periodStart, locale), to: formatBusinessDate(report.asOf, locale) })]);
  ws.addRow([]);
  const header = addXlsxRow(ws, XLSX_COLUMNS.map((c) => t(`provisions.state.columns.${c}`)));
  header.font = { bold: true };
  const euros = xlsxAmount;
  for (const l of report.lines) {
    addXlsxRow(ws, [l.dossierNumber, l.customer, l.auxiliaryAccount, euros(l.outstandingTtc), euros(l.base), xlsxPercent(l.lossHundredths),
      euros(l.opening), euros(l.allowances), euros(l.reversals), euros(l.provision)]);
  }
  const tt = report.totals;
  const total = addXlsxRow(ws, [t('provisions.state.total'), '', '', euros(tt.outstandingTtc), euros(tt.base), null, euros(tt.opening), euros(tt.allowances), euros(tt.reversals), euros(tt.provision)]);
  total.font = { bold: true };
  for (const c of [4, 5, 7, 8, 9, 10]) ws.getColumn(c).numFmt = XLSX_MONEY_FORMAT;
  ws.getColumn(6).numFmt = XLSX_PERCENT_FORMAT;
  ws.getColumn(2).width = 32;
  for (const c of [3, 4, 5, 7, 8, 9, 10]) ws.getColumn(c).width = 14;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
