/**
 * Impression des dossiers: select dossiers by criteria, print them in the detailed layout (a page
 * per dossier) or the list layout (a line per dossier, subtotals by status), export the list as
 * XLSX/CSV, and turn the printed HTML into a PDF through Chromium when it is installed.
 *
 * The layouts are Handlebars templates (views/documents/print/*.hbs) rendered by src/documents'
 * engine; an administrator may override one by adding a template with the same code. A template
 * error comes back as a value with its line, never as a crash.
 */
import fs from 'node:fs';
import { formatBusinessDate } from '../shared/business-date';
import { XLSX_DATE_FORMAT, XLSX_INTEGER_FORMAT, XLSX_MONEY_FORMAT, xlsxAmount, xlsxDate } from '../shared/spreadsheet';
import ExcelJS from 'exceljs';
import { Db, isPostgres, rawQuery } from '../db/transactions';
import { toNumber } from '../db/column-types';
import { findTemplate, latePaymentOfEntries, renderTemplate, type TemplateError } from '../documents';
import { loadRateTables } from '../late-payment';
import { AppError } from '../shared/errors';
import { fromRoot } from '../shared/paths';
import { formatterFor } from '../shared/i18n';
import { daysPastDue } from '../ledger';
import { accountTransactions, balanceOf, loadHoldings } from '../dossiers';
import { runningBalance } from '../dossier-account';
import { dossierPlans } from '../payment-plans';
import type { BusinessDate } from '../shared/business-date';
import { groupByStatus, MAX_DETAILED, MAX_LIST, type PrintCriteria, type PrintLayout, type SelectedDossier } from './printing.rules';
import { addXlsxRow, csvAmount, toCsv } from '../shared/spreadsheet';

export const LAYOUT_CODES: Record<PrintLayout, string> = { detailed: 'impression-detaillee', list: 'impression-liste' };

const num = (v: unknown) => toNumber(v);
const strOrNull = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** Runs `fn` over `ids` in slices, so IN lists stay well under both drivers' parameter limits. */
async function inChunks<T>(ids: number[], size: number, fn: (slice: number[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += size) out.push(...(await fn(ids.slice(i, i + size))));
  return out;
}

/** Customers named by auxiliary account in the form, as ids (unknown accounts are reported). */
export async function resolveAccounts(db: Db, accounts: string[]): Promise<{ ids: number[]; unknown: string[] }> {
  if (accounts.length === 0) return { ids: [], unknown: [] };
  const rows = await rawQuery<{ id: unknown; account: string }>(db, 'SELECT id, UPPER(auxiliary_account) AS account FROM third_party WHERE UPPER(auxiliary_account) IN (:...accounts)', { accounts });
  const found = new Set(rows.map((r) => r.account));
  return { ids: rows.map((r) => num(r.id)), unknown: accounts.filter((a) => !found.has(a)) };
}

/**
 * The dossiers that match every criterion, ordered by status then number (the list layout's order).
 * The amount filter reads each dossier's open balance through a correlated sum on dossier_entry's
 * index, so that a selection of a few dossiers never aggregates the whole ledger.
 */
export async function selectDossiers(db: Db, c: PrintCriteria, options: { limit?: number } = {}): Promise<SelectedDossier[]> {
  const where: string[] = ['1 = 1'];
  const params: Record<string, unknown> = {};
  let customers = c.customerIds;
  if (c.customerAccounts.length) {
    const resolved = await resolveAccounts(db, c.customerAccounts);
    customers = [...new Set([...customers, ...resolved.ids])];
    if (customers.length === 0) return [];
  }
  if (c.statusIds.length) {
    where.push('d.status_id IN (:...statusIds)');
    params.statusIds = c.statusIds;
  }
  if (customers.length) {
    where.push('d.third_party_id IN (:...customerIds)');
    params.customerIds = customers;
  }
  if (c.dossierIds.length) {
    where.push('d.id IN (:...dossierIds)');
    params.dossierIds = c.dossierIds;
  }
  if (c.controllerIds.length) {
    where.push('d.controller_id IN (:...controllerIds)');
    params.controllerIds = c.controllerIds;
  }
  if (c.numberFrom !== null) {
    where.push('d.number >= :numberFrom');
    params.numberFrom = c.numberFrom;
  }
  if (c.numberTo !== null) {
    where.push('d.number <= :numberTo');
    params.numberTo = c.numberTo;
  }
  if (c.startFrom) {
    where.push('d.start_date >= :startFrom');
    params.startFrom = c.startFrom;
  }
  if (c.startTo) {
    where.push('d.start_date <= :startTo');
    params.startTo = c.startTo;
  }
  const outer = c.minAmount !== null ? 'WHERE s.amount >= :minAmount' : '';
  if (c.minAmount !== null) params.minAmount = c.minAmount;
  const limit = options.limit ? `LIMIT ${Number(options.limit)}` : '';
  const rows = await rawQuery<Record<string, unknown>>(
    db,
    `SELECT * FROM (
       SELECT d.id AS id, d.number AS number, d.company_id AS company_id, d.status_id AS status_id, st.label AS status_label, st.kind AS status_kind,
              st.position AS status_position, tp.id AS customer_id, tp.name AS customer_name, tp.auxiliary_account AS customer_account,
              cc.name AS controller_name, d.start_date AS start_date, d.end_date AS end_date, d.currency AS currency,
              d.balance AS amount,
              COALESCE((SELECT SUM(le.debit) FROM dossier_entry de JOIN ledger_entry le ON le.id = de.ledger_entry_id WHERE de.dossier_id = d.id), 0) AS entrusted
         FROM dossier d JOIN third_party tp ON tp.id = d.third_party_id JOIN dossier_status st ON st.id = d.status_id
         LEFT JOIN credit_controller cc ON cc.id = d.controller_id
        WHERE ${where.join(' AND ')}
     ) s ${outer} ORDER BY s.status_position, s.status_label, s.status_id, s.number, s.id ${limit}`,
    params,
  );
  return rows.map((r) => ({
    id: num(r.id), number: num(r.number), companyId: num(r.company_id), statusId: num(r.status_id), statusLabel: String(r.status_label), statusKind: String(r.status_kind),
    statusPosition: num(r.status_position), customerId: num(r.customer_id), customerName: String(r.customer_name), customerAccount: String(r.customer_account),
    controllerName: strOrNull(r.controller_name), startDate: String(r.start_date), endDate: strOrNull(r.end_date), currency: String(r.currency ?? 'EUR'),
    entrusted: num(r.entrusted), amount: num(r.amount),
  }));
}

// ---------------------------------------------------------------------------------------------
// Layout templates

function shippedLayout(layout: PrintLayout): string {
  return fs.readFileSync(fromRoot('views', 'documents', 'print', `${LAYOUT_CODES[layout]}.hbs`), 'utf8');
}

/** The layout's source: the administrator's version when one exists, else the shipped file. */
export async function layoutSource(db: Db, layout: PrintLayout): Promise<string> {
  const own = await findTemplate(db, LAYOUT_CODES[layout]);
  return own?.body ?? shippedLayout(layout);
}

interface CompanyHeader {
  name: string;
  address: string | null;
  postalCode: string | null;
  city: string | null;
  siren: string | null;
  vatNumber: string | null;
  phone: string | null;
  email: string | null;
}

async function companies(db: Db, ids: number[]): Promise<Map<number, CompanyHeader>> {
  const out = new Map<number, CompanyHeader>();
  if (ids.length === 0) return out;
  const rows = await rawQuery<Record<string, unknown>>(db, 'SELECT id, name, address, postal_code, city, siren, vat_number, phone, email FROM company WHERE id IN (:...ids)', { ids });
  for (const r of rows) {
    out.set(num(r.id), {
      name: String(r.name), address: strOrNull(r.address), postalCode: strOrNull(r.postal_code), city: strOrNull(r.city), siren: strOrNull(r.siren),
      vatNumber: strOrNull(r.vat_number), phone: strOrNull(r.phone), email: strOrNull(r.email),
    });
  }
  return out;
}

const PROVISION_KINDS: Record<string, string> = { charge: 'Dotation', increase: 'Complément', decrease: 'Reprise partielle', reversal: 'Reprise' };

/** Provision movements are printed only where that table exists (it comes with the provisions component). */
async function provisionTable(db: Db): Promise<string | null> {
  const names = ['provision_movement'];
  const rows = isPostgres(db)
    ? await rawQuery<{ name: string }>(db, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN (:...names)", { names })
    : await rawQuery<{ name: string }>(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (:...names)", { names });
  const found = new Set(rows.map((r) => r.name));
  return names.find((n) => found.has(n)) ?? null;
}

export interface PrintOutcome {
  ok: boolean;
  html: string;
  error: (TemplateError & { layout: PrintLayout }) | null;
  count: number;
}

export interface PrintContextMeta {
  title: string;
  today: BusinessDate;
  generatedAt: string;
  criteria: string[];
}

/** Everything one dossier's page shows, read in a few batched queries for the whole selection. */
async function detailedContexts(db: Db, selected: SelectedDossier[], today: BusinessDate): Promise<Record<string, unknown>[]> {
  const ids = selected.map((s) => s.id);
  const CH = 500;
  const details = await inChunks(ids, CH, (slice) =>
    rawQuery<Record<string, unknown>>(
      db,
      `SELECT d.id AS id, d.loss_hundredths AS loss, d.priority AS priority, d.comment AS comment, d.creditor_reference AS creditor_reference,
              tp.legal_form AS legal_form, tp.contract_rate_hundredths AS contract_rate, tp.address AS address, tp.postal_code AS postal_code, tp.city AS city, tp.country AS country, tp.siren AS siren,
              tp.vat_number AS vat_number, tp.phone AS phone, tp.email AS email, rc.label AS risk, dr.label AS dispute, sc.name AS scenario,
              cc.name AS cc_name, cc.email AS cc_email, cc.phone AS cc_phone,
              ct.first_name AS ct_first, ct.last_name AS ct_last, ct.phone AS ct_phone, ct.mobile AS ct_mobile, ct.email AS ct_email, ct.job_title AS ct_job,
              rs.label AS resolution, rr.label AS result
         FROM dossier d JOIN third_party tp ON tp.id = d.third_party_id
         LEFT JOIN risk_code rc ON rc.id = tp.risk_code_id LEFT JOIN dispute_reason dr ON dr.id = d.dispute_reason_id
         LEFT JOIN scenario sc ON sc.id = d.scenario_id LEFT JOIN credit_controller cc ON cc.id = d.controller_id
         LEFT JOIN contact ct ON ct.id = d.contact_id LEFT JOIN resolution rs ON rs.id = d.resolution_id LEFT JOIN dossier_result rr ON rr.id = d.result_id
        WHERE d.id IN (:...ids)`,
      { ids: slice },
    ),
  );
  const entries = await inChunks(ids, CH, (slice) =>
    rawQuery<Record<string, unknown>>(
      db,
      `SELECT de.dossier_id AS dossier_id, le.id AS id, le.entry_date AS entry_date, le.journal_code AS journal, le.piece_ref AS piece_ref, le.label AS label, le.due_date AS due_date,
              le.debit AS debit, le.credit AS credit, le.lettering AS lettering
         FROM dossier_entry de JOIN ledger_entry le ON le.id = de.ledger_entry_id WHERE de.dossier_id IN (:...ids) ORDER BY de.dossier_id, COALESCE(le.due_date, le.entry_date), le.id`,
      { ids: slice },
    ),
  );
  const interventions = await inChunks(ids, CH, (slice) =>
    rawQuery<Record<string, unknown>>(
      db,
      `SELECT i.dossier_id AS dossier_id, i.type AS type, i.label AS label, i.due_date AS due_date, i.state AS state, i.done_date AS done_date, i.result AS result
         FROM intervention i WHERE i.dossier_id IN (:...ids) ORDER BY i.dossier_id, i.due_date, i.id`,
      { ids: slice },
    ),
  );
  const table = await provisionTable(db);
  const provisions = table
    ? await inChunks(ids, CH, (slice) => rawQuery<Record<string, unknown>>(db, `SELECT dossier_id, date, kind, amount, provision_after, comment, reason FROM ${table} WHERE dossier_id IN (:...ids) ORDER BY dossier_id, date, id`, { ids: slice }))
    : [];
  const heads = await companies(db, [...new Set(selected.map((s) => s.companyId))]);
  const rateTables = await loadRateTables(db);
  // The dossier's money comes from the one balance rule: the counters, the account's movements, and the payment plans.
  const holdings = await loadHoldings(db, ids);
  const withPlans = new Set((await inChunks(ids, CH, (slice) => rawQuery<{ dossier_id: unknown }>(db, 'SELECT DISTINCT dossier_id FROM payment_plan WHERE dossier_id IN (:...ids)', { ids: slice }))).map((r) => num(r.dossier_id)));
  const plans = new Map<number, Awaited<ReturnType<typeof dossierPlans>>>();
  for (const id of withPlans) plans.set(id, await dossierPlans(db, id, today, 'fr'));

  const byDossier = <T extends Record<string, unknown>>(rows: T[]) => {
    const m = new Map<number, T[]>();
    for (const r of rows) {
      const id = num(r.dossier_id);
      const list = m.get(id);
      if (list) list.push(r);
      else m.set(id, [r]);
    }
    return m;
  };
  const detailMap = new Map(details.map((r) => [num(r.id), r]));
  const entryMap = byDossier(entries);
  const interventionMap = byDossier(interventions);
  const provisionMap = byDossier(provisions);

  // The print layouts are French, like the letters.
  const fr = formatterFor('fr', 'Europe/Paris');
  return selected.map((s) => {
    const d = detailMap.get(s.id) ?? {};
    const lines = (entryMap.get(s.id) ?? []).map((e) => {
      const debit = num(e.debit);
      const credit = num(e.credit);
      const open = e.lettering === null || e.lettering === undefined;
      const due = strOrNull(e.due_date);
      return {
        entryDate: String(e.entry_date), journal: String(e.journal), pieceRef: strOrNull(e.piece_ref), label: strOrNull(e.label), dueDate: due, debit, credit,
        lettering: strOrNull(e.lettering), open, daysOverdue: open && due ? daysPastDue(due, today) : 0,
      };
    });
    const h = holdings.get(s.id);
    const txs = h ? accountTransactions(h) : [];
    const money = balanceOf(txs);
    const movements = runningBalance(txs).map((l) => ({ ...l, kindLabel: fr.t(`account.kinds.${l.kind}`) }));
    const totalDebit = lines.reduce((a, l) => a + l.debit, 0);
    const totalCredit = lines.reduce((a, l) => a + l.credit, 0);
    const overdue = lines.filter((l) => l.open && l.daysOverdue > 0).reduce((a, l) => a + l.debit - l.credit, 0);
    const loss = num(d.loss);
    const provisionRows = (provisionMap.get(s.id) ?? []).map((p) => ({
      date: strOrNull(p.date),
      kind: PROVISION_KINDS[String(p.kind)] ?? strOrNull(p.kind),
      amount: num(p.amount),
      balance: num(p.provision_after),
      label: strOrNull(p.comment ?? p.reason),
    }));
    const contactName = [d.ct_first, d.ct_last].filter(Boolean).join(' ');
    // The same penalties and indemnities as the dossier's letters (one rule, in the documents component).
    const latePayment = latePaymentOfEntries(
      (entryMap.get(s.id) ?? []).map((e) => ({
        id: num(e.id), pieceRef: strOrNull(e.piece_ref), pieceDate: null, entryDate: String(e.entry_date), label: strOrNull(e.label),
        debit: num(e.debit), credit: num(e.credit), dueDate: strOrNull(e.due_date), originalDueDate: null, lettering: strOrNull(e.lettering),
      })),
      today,
      { rates: rateTables.penalty, legalInterest: rateTables.legalInterest, contractRatePercent: d.contract_rate === null || d.contract_rate === undefined ? undefined : num(d.contract_rate) / 100 },
      s.statusKind === 'legal',
    ).block;
    return {
      ...s,
      company: heads.get(s.companyId) ?? null,
      lossPercent: loss / 100,
      expectedLoss: Math.round((money.balance * loss) / 10000),
      priority: num(d.priority),
      comment: strOrNull(d.comment),
      creditorReference: strOrNull(d.creditor_reference),
      scenario: strOrNull(d.scenario),
      riskCode: strOrNull(d.risk),
      disputeReason: strOrNull(d.dispute),
      resolution: strOrNull(d.resolution),
      result: strOrNull(d.result),
      debtor: {
        name: s.customerName, account: s.customerAccount, legalForm: strOrNull(d.legal_form), address: strOrNull(d.address), postalCode: strOrNull(d.postal_code),
        city: strOrNull(d.city), country: strOrNull(d.country), siren: strOrNull(d.siren), vatNumber: strOrNull(d.vat_number), phone: strOrNull(d.phone), email: strOrNull(d.email),
        contact: contactName ? { name: contactName, jobTitle: strOrNull(d.ct_job), phone: strOrNull(d.ct_phone ?? d.ct_mobile), email: strOrNull(d.ct_email) } : null,
      },
      controller: d.cc_name ? { name: String(d.cc_name), email: strOrNull(d.cc_email), phone: strOrNull(d.cc_phone) } : null,
      counters: {
        totalDebit, totalCredit, balance: money.balance, overdue, entrusted: money.originalClaim + money.recoveryCosts,
        settled: money.creditNotes + money.payments + money.givenUp + money.writtenOff, payments: money.payments,
      },
      movements,
      plans: (plans.get(s.id) ?? []).filter((p) => p.plan.status !== 'refused').map((p) => ({
        status: p.plan.status, summary: p.summary, paid: p.paid, total: p.plan.total + p.plan.interest,
        installments: p.installments.map((i) => ({ seq: i.seq, dueDate: i.dueDate, amount: i.amount, paid: i.paid, state: i.state, stateLabel: i.state === 'paid' ? 'Payée' : i.state === 'partial' ? 'Partielle' : i.missed ? 'Manquée' : 'À venir' })),
      })),
      entries: lines,
      interventions: (interventionMap.get(s.id) ?? []).map((i) => ({
        type: String(i.type), typeLabel: fr.t(`interventions.types.${String(i.type)}`), label: String(i.label), dueDate: String(i.due_date), state: String(i.state), doneDate: strOrNull(i.done_date), result: strOrNull(i.result),
        stateLabel: i.state === 'done' ? 'Réalisée' : i.state === 'skipped' ? 'Ignorée' : 'À faire',
      })),
      hasProvisions: table !== null,
      provisions: provisionRows,
      latePayment,
    };
  });
}

/**
 * Prints a selection in a layout. Too large a selection is refused (the message says how many);
 * a broken layout template comes back as `ok: false` with the error and its line.
 */
export async function printSelection(db: Db, c: PrintCriteria, meta: PrintContextMeta): Promise<PrintOutcome> {
  const max = c.layout === 'detailed' ? MAX_DETAILED : MAX_LIST;
  const selected = await selectDossiers(db, c, { limit: max + 1 });
  if (selected.length > max) throw new AppError('validation', 'printing.errors.tooMany', 422, [], { max });
  const source = await layoutSource(db, c.layout);
  const firstCompany = selected.length ? (await companies(db, [selected[0].companyId])).get(selected[0].companyId) ?? null : await defaultCompany(db);
  const context =
    c.layout === 'detailed'
      ? { ...meta, company: firstCompany, count: selected.length, dossiers: await detailedContexts(db, selected, meta.today) }
      : { ...meta, company: firstCompany, ...groupByStatus(selected) };
  const rendered = renderTemplate(source, blankNulls(context), 'html');
  if (!rendered.ok) return { ok: false, html: '', error: { ...rendered.error, layout: c.layout }, count: selected.length };
  return { ok: true, html: rendered.html, error: null, count: selected.length };
}

/**
 * Null values become empty strings: the documents engine treats a bare `{{name}}` whose value is
 * null like an unknown helper (to catch typos), and a blank field must not stop a print.
 */
function blankNulls(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(blankNulls);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, blankNulls(v)]));
  return value;
}

async function defaultCompany(db: Db): Promise<CompanyHeader | null> {
  const [row] = await rawQuery<{ id: unknown }>(db, 'SELECT id FROM company ORDER BY id LIMIT 1');
  return row ? ((await companies(db, [num(row.id)])).get(num(row.id)) ?? null) : null;
}

// ---------------------------------------------------------------------------------------------
// Exports of the list

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
  const total = addXlsxRow(ws, { number: totalLabel, entrusted: rows.reduce((a, r) => a + r.entrusted, 0) / 100, amount: rows.reduce((a, r) => a + r.amount, 0) / 100 });
  total.font = { bold: true };
  for (const key of ['entrusted', 'amount']) ws.getColumn(key).numFmt = XLSX_MONEY_FORMAT;
  for (const key of ['startDate', 'endDate']) ws.getColumn(key).numFmt = XLSX_DATE_FORMAT;
  ws.getColumn('number').numFmt = XLSX_INTEGER_FORMAT;
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
// PDF

/** Where Chromium is, or null: CHROMIUM_PATH, then Debian's and Ubuntu's usual paths. */
export function chromiumExecutable(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((p): p is string => Boolean(p));
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

/**
 * Prints the HTML to PDF with the installed Chromium (playwright-core), honouring the page's own
 * @page rules (A4, margins, page numbers). Where Chromium or playwright-core is missing, a clear
 * 503 says so; the HTML print (browser's "Imprimer / Enregistrer en PDF") still works.
 */
export async function htmlToPdf(html: string): Promise<Buffer> {
  const executablePath = chromiumExecutable();
  if (!executablePath) throw new AppError('invalid_state', 'printing.errors.pdfUnavailable', 503);
  let chromium: typeof import('playwright-core').chromium;
  try {
    chromium = (require('playwright-core') as typeof import('playwright-core')).chromium;
  } catch {
    throw new AppError('invalid_state', 'printing.errors.pdfUnavailable', 503);
  }
  const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const page = await browser.newPage();
    // The printed HTML is self-contained (inline styles, no scripts, no remote assets): nothing to wait for.
    await page.setContent(html, { waitUntil: 'load' });
    return Buffer.from(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  } finally {
    await browser.close();
  }
}
