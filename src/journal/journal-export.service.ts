/**
 * The journal page's reading and exporting: the entries the module generated, filtered and paged,
 * and their export as a FEC (the official 18 columns, tab separated) or a CSV. An export marks the
 * entries it contains as exported (exportedAt), in the same transaction that reads them.
 */
import { Db, inTransaction, isPostgres, rawQuery } from '../db/transactions';
import { toNumber } from '../db/column-types';
import type { BusinessDate } from '../shared/business-date';
import { formatFecHeader, formatFecLine, type FecWritableLine } from '../ledger';
import { DEFAULT_JOURNAL_CODE } from './journal.rules';
import type { AccountingAccounts } from './journal.types';
import { csvAmount, CsvValue, SheetNumber, toCsv as spreadsheetCsv } from '../shared/spreadsheet';

export interface JournalFilter {
  companyId?: number | null;
  from?: BusinessDate | null;
  to?: BusinessDate | null;
  /** Account number or its beginning (e.g. 491, 654). */
  account?: string | null;
  dossierNumber?: number | null;
  /** 'no': not yet exported; 'yes': exported; null: both. */
  exported?: 'yes' | 'no' | null;
}

export interface JournalLineView {
  account: string;
  auxiliaryAccount: string | null;
  label: string;
  debit: number;
  credit: number;
}

export interface JournalEntryView {
  id: number;
  companyId: number;
  number: string;
  journalCode: string;
  date: BusinessDate;
  label: string;
  pieceRef: string;
  dossierId: number | null;
  dossierNumber: number | null;
  customer: string | null;
  createdAt: string;
  exportedAt: string | null;
  lines: JournalLineView[];
}

function whereOf(f: JournalFilter): { sql: string; params: Record<string, unknown> } {
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  if (f.companyId) { parts.push('je.company_id = :companyId'); params.companyId = f.companyId; }
  if (f.from) { parts.push('je.date >= :from'); params.from = f.from; }
  if (f.to) { parts.push('je.date <= :to'); params.to = f.to; }
  if (f.account) {
    parts.push('EXISTS (SELECT 1 FROM journal_line fl WHERE fl.journal_entry_id = je.id AND fl.account LIKE :account)');
    params.account = `${f.account.replace(/[^0-9A-Za-z]/g, '')}%`;
  }
  if (f.dossierNumber) { parts.push('d.number = :dossierNumber'); params.dossierNumber = f.dossierNumber; }
  if (f.exported === 'no') parts.push('je.exported_at IS NULL');
  if (f.exported === 'yes') parts.push('je.exported_at IS NOT NULL');
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

const FROM = `FROM journal_entry je LEFT JOIN dossier d ON d.id = je.dossier_id LEFT JOIN third_party tp ON tp.id = d.third_party_id`;

interface EntryRow {
  id: unknown; company_id: unknown; number: string; journal_code: string; date: string; label: string; piece_ref: string;
  dossier_id: unknown; dossier_number: unknown; customer: string | null; created_at: string; exported_at: string | null;
}

async function withLines(db: Db, rows: EntryRow[]): Promise<JournalEntryView[]> {
  const ids = rows.map((r) => toNumber(r.id));
  const lines = new Map<number, JournalLineView[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const found = await rawQuery<{ journal_entry_id: unknown; account: string; auxiliary_account: string | null; label: string; debit: unknown; credit: unknown }>(db,
      'SELECT journal_entry_id, account, auxiliary_account, label, debit, credit FROM journal_line WHERE journal_entry_id IN (:...ids) ORDER BY id', { ids: chunk });
    for (const l of found) {
      const id = toNumber(l.journal_entry_id);
      const list = lines.get(id) ?? [];
      list.push({ account: l.account, auxiliaryAccount: l.auxiliary_account, label: l.label, debit: toNumber(l.debit), credit: toNumber(l.credit) });
      lines.set(id, list);
    }
  }
  return rows.map((r) => ({
    id: toNumber(r.id), companyId: toNumber(r.company_id), number: r.number, journalCode: r.journal_code, date: r.date, label: r.label,
    pieceRef: r.piece_ref, dossierId: r.dossier_id === null ? null : toNumber(r.dossier_id),
    dossierNumber: r.dossier_number === null ? null : toNumber(r.dossier_number), customer: r.customer,
    createdAt: r.created_at, exportedAt: r.exported_at, lines: lines.get(toNumber(r.id)) ?? [],
  }));
}

const SELECT = `SELECT je.id AS id, je.company_id AS company_id, je.number AS number, je.journal_code AS journal_code, je.date AS date, je.label AS label,
  je.piece_ref AS piece_ref, je.dossier_id AS dossier_id, d.number AS dossier_number, tp.name AS customer, je.created_at AS created_at, je.exported_at AS exported_at`;

/** One page of entries, in journal order (date, then number), with their lines and the totals of the whole filter. */
export async function listJournal(db: Db, f: JournalFilter, page: number, pageSize: number): Promise<{ entries: JournalEntryView[]; total: number; debit: number; credit: number }> {
  const w = whereOf(f);
  const [count] = await rawQuery<{ n: unknown }>(db, `SELECT COUNT(*) AS n ${FROM} ${w.sql}`, w.params);
  const [sums] = await rawQuery<{ debit: unknown; credit: unknown }>(db,
    `SELECT SUM(jl.debit) AS debit, SUM(jl.credit) AS credit FROM journal_line jl WHERE jl.journal_entry_id IN (SELECT je.id ${FROM} ${w.sql})`, w.params);
  const rows = await rawQuery<EntryRow>(db, `${SELECT} ${FROM} ${w.sql} ORDER BY je.date DESC, je.number DESC, je.id DESC LIMIT :limit OFFSET :offset`,
    { ...w.params, limit: pageSize, offset: Math.max(0, (page - 1) * pageSize) });
  return { entries: await withLines(db, rows), total: toNumber(count?.n), debit: toNumber(sums?.debit), credit: toNumber(sums?.credit) };
}

// ---------------------------------------------------------------------------------------------
// Export

export type ExportScope = 'pending' | 'all';
export type ExportFormat = 'fec' | 'csv';

export interface JournalExport {
  content: string;
  fileName: string;
  entries: number;
  lines: number;
  debit: number;
  credit: number;
}

const ACCOUNT_LABELS: Record<keyof AccountingAccounts, string> = {
  customer: 'Clients',
  doubtful: 'Clients douteux ou litigieux',
  depreciationCharge: 'Dotations aux dépréciations des créances',
  depreciationAllowance: 'Dépréciations des comptes clients',
  depreciationReversal: 'Reprises sur dépréciations des créances',
  badDebtCurrentYear: 'Pertes sur créances irrécouvrables de l\'exercice',
  badDebtPriorYears: 'Pertes sur créances irrécouvrables des exercices antérieurs',
  recoveredWrittenOff: 'Rentrées sur créances amorties',
  vatCollected: 'TVA collectée',
  bank: 'Banque',
};

const JOURNAL_LABELS: Record<string, string> = { [DEFAULT_JOURNAL_CODE]: 'Opérations diverses' };

function accountLabel(account: string, accounts: AccountingAccounts): string {
  const key = (Object.keys(accounts) as (keyof AccountingAccounts)[]).find((k) => accounts[k] === account);
  return key ? ACCOUNT_LABELS[key] : account;
}

/** Lines in FEC order: entries by date then number, lines in booking order. */
export function toFecLines(entries: JournalEntryView[], accounts: AccountingAccounts, validDate: BusinessDate): FecWritableLine[] {
  const out: FecWritableLine[] = [];
  for (const e of entries) {
    for (const l of e.lines) {
      out.push({
        journalCode: e.journalCode, journalLabel: JOURNAL_LABELS[e.journalCode] ?? e.journalCode, entryNumber: e.number, entryDate: e.date,
        account: l.account, accountLabel: accountLabel(l.account, accounts), auxiliaryAccount: l.auxiliaryAccount,
        auxiliaryLabel: l.auxiliaryAccount ? (e.customer ?? l.auxiliaryAccount) : null, pieceRef: e.pieceRef, pieceDate: e.date, label: l.label,
        debit: l.debit, credit: l.credit, lettering: null, letteringDate: null, validDate, currencyAmount: null, currency: null,
      });
    }
  }
  return out;
}

/** A zero debit or credit is an empty cell, as in the ledger. */
function lineAmount(cents: number): SheetNumber | '' {
  return cents === 0 ? '' : csvAmount(cents);
}

/** Semicolon-separated, comma decimals, UTF-8 with BOM: what a French spreadsheet opens as is. */
export function toCsv(entries: JournalEntryView[], accounts: AccountingAccounts): string {
  const header = ['Journal', 'Numéro', 'Date', 'Compte', 'Libellé compte', 'Compte auxiliaire', 'Pièce', 'Libellé', 'Débit', 'Crédit', 'Dossier', 'Client'];
  const rows: CsvValue[][] = [];
  for (const e of entries) {
    for (const l of e.lines) {
      rows.push([
        e.journalCode, e.number, e.date.split('-').reverse().join('/'), l.account, accountLabel(l.account, accounts), l.auxiliaryAccount ?? '', e.pieceRef,
        l.label, lineAmount(l.debit), lineAmount(l.credit), e.dossierNumber ?? '', e.customer ?? '',
      ]);
    }
  }
  return spreadsheetCsv(header, rows);
}

/**
 * Exports the filter's entries ('all') or only those not yet exported ('pending') and marks them
 * exported. 'pending' claims the entries with one UPDATE … WHERE exported_at IS NULL first, so two
 * exports at once never both take the same entry; 'all' keeps the first export date of those already exported.
 */
export async function exportJournal(db: Db, f: JournalFilter, opts: { format: ExportFormat; scope: ExportScope; at: string; today: BusinessDate; siren: string | null; accounts: AccountingAccounts }): Promise<JournalExport> {
  return inTransaction(db, async (m) => {
    const scoped: JournalFilter = { ...f, exported: opts.scope === 'pending' ? 'no' : f.exported };
    const w = whereOf(scoped);
    const ids = (await rawQuery<{ id: unknown }>(m, `SELECT je.id AS id ${FROM} ${w.sql} ORDER BY je.id${isPostgres(m) ? ' FOR UPDATE OF je' : ''}`, w.params)).map((r) => toNumber(r.id));
    let claimed = ids;
    if (ids.length > 0) {
      claimed = [];
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        if (opts.scope === 'pending') {
          await rawQuery(m, 'UPDATE journal_entry SET exported_at = :at WHERE id IN (:...ids) AND exported_at IS NULL', { at: opts.at, ids: chunk });
          const mine = await rawQuery<{ id: unknown }>(m, 'SELECT id FROM journal_entry WHERE id IN (:...ids) AND exported_at = :at', { at: opts.at, ids: chunk });
          claimed.push(...mine.map((r) => toNumber(r.id)));
        } else {
          await rawQuery(m, 'UPDATE journal_entry SET exported_at = :at WHERE id IN (:...ids) AND exported_at IS NULL', { at: opts.at, ids: chunk });
          claimed.push(...chunk);
        }
      }
    }
    const rows: EntryRow[] = [];
    for (let i = 0; i < claimed.length; i += 500) {
      rows.push(...await rawQuery<EntryRow>(m, `${SELECT} ${FROM} WHERE je.id IN (:...ids)`, { ids: claimed.slice(i, i + 500) }));
    }
    rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.journal_code < b.journal_code ? -1 : a.journal_code > b.journal_code ? 1 : a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
    const entries = await withLines(m, rows);
    const lines = entries.reduce((s, e) => s + e.lines.length, 0);
    const debit = entries.reduce((s, e) => s + e.lines.reduce((x, l) => x + l.debit, 0), 0);
    const credit = entries.reduce((s, e) => s + e.lines.reduce((x, l) => x + l.credit, 0), 0);
    const stamp = (f.to ?? opts.today).replace(/-/g, '');
    if (opts.format === 'fec') {
      const body = toFecLines(entries, opts.accounts, opts.today).map((l) => `${formatFecLine(l)}\r\n`).join('');
      return { content: `${formatFecHeader()}\r\n${body}`, fileName: `${opts.siren ?? 'RECOUVREMENT'}FEC${stamp}.txt`, entries: entries.length, lines, debit, credit };
    }
    return { content: toCsv(entries, opts.accounts), fileName: `journal-recouvrement-${stamp}.csv`, entries: entries.length, lines, debit, credit };
  });
}
