/**
 * Impression des dossiers: print the selected dossiers (printing-selection.service.ts) in the
 * detailed layout (a page per dossier) or the list layout (a line per dossier, subtotals by status).
 * The list's CSV/XLSX exports are printing-export.service.ts, the PDF printing-pdf.ts.
 *
 * The layouts are Handlebars templates (views/documents/print/*.hbs) rendered by src/documents'
 * engine; an administrator may override one by adding a template with the same code. A template
 * error comes back as a value with its line, never as a crash.
 */
import fs from 'node:fs';
import { Db, isPostgres, rawQuery } from '../db/transactions';
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
import { percentOf } from '../shared/money';
import { inChunks, num, selectDossiers, strOrNull } from './printing-selection.service';

export const LAYOUT_CODES: Record<PrintLayout, string> = { detailed: 'impression-detaillee', list: 'impression-liste' };

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
      { rates: rateTables.penalty, legalInterest: rateTables.legalInterest, contractRatePercent: d.contract_rate === null || d.contract_rate === undefined ? undefined : percentOf(num(d.contract_rate)) },
      s.statusKind === 'legal',
    ).block;
    return {
      ...s,
      company: heads.get(s.companyId) ?? null,
      lossPercent: percentOf(loss),
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

