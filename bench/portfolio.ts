/**
 * A synthetic recovery portfolio, built fast with multi-row INSERTs in big transactions, the same
 * on SQLite and PostgreSQL, and deterministic for a given seed (the kill-and-rerun test builds the
 * same portfolio twice and compares). Shapes: every customer has settled history (invoice and
 * payment, lettered) and open invoices; every dossier covers 1 to 4 open invoices of its customer,
 * due over the last ~8 months, on one of the shipped scenarios; a few are in a legal status, a few
 * closed, a few paid in full (they propose their closure).
 */
import type { DataSource, EntityManager } from 'typeorm';
import { addDays } from '../src/shared/business-date';
import { loadShippedScenarios } from '../src/scenarios/scenario.service';
import { placeholders, sqlKind } from '../src/db/sql';
import { refreshDossierBalances } from '../src/dossiers';

export interface PortfolioSize {
  dossiers: number;
  customers: number;
  lines: number;
  seed?: number;
  /** Business date the due dates are spread before. */
  today?: string;
}

export interface PortfolioCounts {
  customers: number;
  dossiers: number;
  lines: number;
  dossierEntries: number;
  controllers: number[];
}

function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    // xorshift32: fast, deterministic, good enough for test data.
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

async function insertRows(m: EntityManager, table: string, columns: string[], values: unknown[][], perStatement = 500): Promise<void> {
  const kind = sqlKind(m);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < values.length; i += perStatement) {
    const slice = values.slice(i, i + perStatement);
    await m.query(placeholders(kind, `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${slice.map(() => tuple).join(', ')}`), slice.flat());
  }
}

export async function buildPortfolio(ds: DataSource, size: PortfolioSize): Promise<PortfolioCounts> {
  const rnd = random(size.seed ?? 42);
  const today = size.today ?? '2026-11-22';
  const now = `${today}T05:00:00.000Z`;
  const int = (n: number) => Math.floor(rnd() * n);
  const kind = sqlKind(ds);

  await loadShippedScenarios(ds, { at: now });
  const scenarios = ((await ds.query('SELECT id FROM scenario ORDER BY id')) as { id: number }[]).map((r) => Number(r.id));

  const ids = await ds.transaction(async (m) => {
    await m.query(placeholders(kind, "INSERT INTO company (code, name, country) VALUES ('BENCH', 'Portefeuille de test', 'FR')"));
    const [company] = (await m.query("SELECT id FROM company WHERE code = 'BENCH'")) as { id: number }[];
    const statuses: [string, string, string][] = [
      ['EN_COURS', 'En cours', 'open'], ['CONTENTIEUX', 'Contentieux', 'open'], ['REDRESSEMENT_JUDICIAIRE', 'Redressement judiciaire', 'legal'], ['TERMINE', 'Terminé', 'closed'],
    ];
    for (const [i, [code, label, k]] of statuses.entries()) {
      await m.query(placeholders(kind, 'INSERT INTO dossier_status (code, label, position, active, kind) VALUES (?, ?, ?, true, ?) ON CONFLICT DO NOTHING'), [code, label, i, k]);
    }
    const statusId = Object.fromEntries(((await m.query('SELECT id, code FROM dossier_status')) as { id: number; code: string }[]).map((r) => [r.code, Number(r.id)]));
    const controllers: number[] = [];
    for (let i = 1; i <= 8; i++) {
      await m.query(placeholders(kind, 'INSERT INTO credit_controller (code, name, active) VALUES (?, ?, true) ON CONFLICT DO NOTHING'), [`BC${i}`, `Chargé ${i}`]);
    }
    for (const r of (await m.query("SELECT id FROM credit_controller WHERE code LIKE 'BC%' ORDER BY id")) as { id: number }[]) controllers.push(Number(r.id));
    return { company: Number(company.id), statusId, controllers };
  });

  const [{ m: maxTp }] = (await ds.query('SELECT COALESCE(MAX(id), 0) AS m FROM third_party')) as { m: unknown }[];
  const tpBase = Number(maxTp);
  await ds.transaction(async (m) => {
    const rowsTp: unknown[][] = [];
    for (let c = 1; c <= size.customers; c++) {
      rowsTp.push([tpBase + c, ids.company, `411B${String(c).padStart(6, '0')}`, `Client ${c} SAS`, 'FR', `01 ${String(10 + (c % 90))} 00 00 ${String(c % 100).padStart(2, '0')}`, `compta@client${c}.example`, ids.controllers[c % ids.controllers.length], now, now]);
    }
    await insertRows(m, 'third_party', ['id', 'company_id', 'auxiliary_account', 'name', 'country', 'phone', 'email', 'credit_controller_id', 'created_at', 'updated_at'], rowsTp);
  });

  // Open invoices for the dossiers first (1 to 4 each), then settled history up to `lines`.
  const [{ m: maxLe }] = (await ds.query('SELECT COALESCE(MAX(id), 0) AS m FROM ledger_entry')) as { m: unknown }[];
  const [{ m: maxDo }] = (await ds.query('SELECT COALESCE(MAX(id), 0) AS m FROM dossier')) as { m: unknown }[];
  const [{ m: maxNumber }] = (await ds.query('SELECT COALESCE(MAX(number), 0) AS m FROM dossier')) as { m: unknown }[];
  let lineId = Number(maxLe);
  let linesWritten = 0;
  let links = 0;
  const leColumns = ['id', 'company_id', 'source_key', 'journal_code', 'entry_number', 'entry_date', 'account', 'auxiliary_account', 'third_party_id', 'piece_ref', 'label', 'debit', 'credit', 'due_date', 'lettering', 'imported_at'];
  const chunk = 5000;
  for (let start = 1; start <= size.dossiers; start += chunk) {
    const end = Math.min(size.dossiers, start + chunk - 1);
    const dossierRows: unknown[][] = [];
    const lineRows: unknown[][] = [];
    const linkRows: unknown[][] = [];
    for (let d = start; d <= end; d++) {
      const id = Number(maxDo) + d;
      const customer = tpBase + 1 + ((d - 1) % size.customers);
      const r = rnd();
      const status = r < 0.03 ? 'REDRESSEMENT_JUDICIAIRE' : r < 0.05 ? 'TERMINE' : r < 0.08 ? 'CONTENTIEUX' : 'EN_COURS';
      const invoices = 1 + int(4);
      const oldestAgo = 20 + int(220);
      const oldest = addDays(today, -oldestAgo);
      let total = 0;
      for (let k = 0; k < invoices; k++) {
        const amount = 5000 + int(2_000_000);
        total += amount;
        const due = addDays(oldest, int(Math.max(1, oldestAgo - 5)) * (k === 0 ? 0 : 1));
        lineRows.push([++lineId, ids.company, `bench:${lineId}`, 'VT', `V${lineId}`, addDays(due, -30), '411000', `411B${String(customer - tpBase).padStart(6, '0')}`, customer, `FA${lineId}`, `Facture ${lineId}`, amount, 0, due, null, now]);
        linkRows.push([id, lineId, now]);
      }
      const paid = rnd();
      if (paid < 0.04 || paid > 0.9) {
        // Paid in full (closure proposal) or in part: an unlettered payment linked to the dossier.
        const amount = paid < 0.04 ? total : Math.floor(total / 3);
        lineRows.push([++lineId, ids.company, `bench:${lineId}`, 'BQ', `B${lineId}`, addDays(today, -5), '411000', `411B${String(customer - tpBase).padStart(6, '0')}`, customer, `RG${lineId}`, `Règlement ${lineId}`, 0, amount, null, null, now]);
        linkRows.push([id, lineId, now]);
      }
      dossierRows.push([
        id, ids.company, Number(maxNumber) + d, ids.statusId[status], customer, scenarios[d % scenarios.length], 0, 100, addDays(oldest, 10),
        ids.controllers[d % ids.controllers.length], 'EUR', 1, now, now,
      ]);
    }
    await ds.transaction(async (m) => {
      await insertRows(m, 'dossier', ['id', 'company_id', 'number', 'status_id', 'third_party_id', 'scenario_id', 'loss_hundredths', 'priority', 'start_date', 'controller_id', 'currency', 'version', 'created_at', 'updated_at'], dossierRows);
      await insertRows(m, 'ledger_entry', leColumns, lineRows, 400);
      await insertRows(m, 'dossier_entry', ['dossier_id', 'ledger_entry_id', 'linked_at'], linkRows);
      // Rows written directly: the stored balance (the rule's figure) is written in the same transaction.
      await refreshDossierBalances(m, { dossierIds: dossierRows.map((r) => Number(r[0])) });
    });
    linesWritten += lineRows.length;
    links += linkRows.length;
  }

  // Settled history: invoice + payment pairs, lettered.
  let letter = 0;
  while (linesWritten < size.lines) {
    const batch: unknown[][] = [];
    while (batch.length < 20000 && linesWritten + batch.length < size.lines) {
      const customer = tpBase + 1 + int(size.customers);
      const amount = 5000 + int(1_000_000);
      const due = addDays(today, -(30 + int(500)));
      const code = `L${(++letter).toString(36).toUpperCase()}`;
      const aux = `411B${String(customer - tpBase).padStart(6, '0')}`;
      batch.push([++lineId, ids.company, `bench:${lineId}`, 'VT', `V${lineId}`, addDays(due, -30), '411000', aux, customer, `FA${lineId}`, `Facture ${lineId}`, amount, 0, due, code, now]);
      if (linesWritten + batch.length < size.lines) batch.push([++lineId, ids.company, `bench:${lineId}`, 'BQ', `B${lineId}`, due, '411000', aux, customer, `RG${lineId}`, `Règlement ${lineId}`, 0, amount, null, code, now]);
    }
    await ds.transaction((m) => insertRows(m, 'ledger_entry', leColumns, batch, 400));
    linesWritten += batch.length;
  }

  if (kind === 'postgres') {
    for (const table of ['third_party', 'ledger_entry', 'dossier', 'dossier_entry']) {
      await ds.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM ${table}))`);
    }
  }
  return { customers: size.customers, dossiers: size.dossiers, lines: linesWritten, dossierEntries: links, controllers: ids.controllers };
}
