/**
 * Imports a FEC into the server's database (same configuration as the server):
 *   npm run import:fec -- <file> [--json] [--company CODE]
 * Prints a readable summary, or with --json one JSON object. Exit code 0 when imported,
 * 1 when the file was refused (nothing imported), 2 on any other failure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { setMaxLineAmount, formatMoney } from '../shared/money';
import { openDatabase } from '../db/data-source';
import { parsePrefixes } from '../ledger';
import { importFec, resolveImportCompany, type FecImportSummary } from '../fec-import';

const USAGE = 'usage: import:fec <file> [--json] [--company CODE]';

function parseArgs(argv: string[]): { file: string; json: boolean; company: string | null } {
  let file: string | null = null;
  let json = false;
  let company: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--company') company = argv[++i] ?? null;
    else if (a.startsWith('--company=')) company = a.slice('--company='.length);
    else if (a.startsWith('--')) throw new Error(`unknown option ${a} (${USAGE})`);
    else if (file === null) file = a;
    else throw new Error(`one file at a time (${USAGE})`);
  }
  if (!file) throw new Error(USAGE);
  if (company === '') throw new Error('--company needs a company code');
  return { file, json, company };
}

/** What --json prints: the summary, amounts in cents. */
function jsonSummary(s: FecImportSummary): Record<string, unknown> {
  return {
    status: s.status, importId: s.importId, file: s.fileName, bytes: s.fileSize, sha256: s.sha256,
    linesRead: s.linesRead, entries: s.entries, totalDebit: s.totalDebit, totalCredit: s.totalCredit,
    customersCreated: s.customersCreated, customersUpdated: s.customersUpdated,
    linesInserted: s.linesInserted, linesUpdated: s.linesUpdated, linesUnchanged: s.linesUnchanged,
    openItems: s.openItems, letteringsClosed: s.letteringsClosed, warnings: s.warnings, errors: s.errors, errorCount: s.errorCount,
  };
}

function readable(s: FecImportSummary, seconds: number): string {
  const out: string[] = [];
  out.push(s.status === 'succeeded' ? `Imported ${s.fileName} in ${seconds.toFixed(1)} s` : `REFUSED ${s.fileName}: nothing was imported (${s.errorCount} problem(s))`);
  out.push(`  lines read        ${s.linesRead}`);
  out.push(`  entries           ${s.entries}`);
  out.push(`  total debit       ${formatMoney(s.totalDebit)}`);
  out.push(`  total credit      ${formatMoney(s.totalCredit)}`);
  if (s.status === 'succeeded') {
    out.push(`  lines             ${s.linesInserted} new, ${s.linesUpdated} updated, ${s.linesUnchanged} unchanged`);
    out.push(`  customers         ${s.customersCreated} created, ${s.customersUpdated} renamed`);
    out.push(`  open items        ${s.openItems} (${s.letteringsClosed} closed by new lettering)`);
  }
  for (const w of s.warnings) out.push(`  warning: ${w}`);
  for (const e of s.errors) {
    out.push(`  line ${e.lineNumber}${e.column ? `, ${e.column}` : ''}${e.value !== null ? ` "${e.value}"` : ''}: ${e.message}`);
  }
  if (s.errorCount > s.errors.length) out.push(`  … and ${s.errorCount - s.errors.length} more`);
  return `${out.join('\n')}\n`;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const file = path.resolve(args.file);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new Error(`no such file: ${args.file}`);
  const config = loadConfig();
  setMaxLineAmount(config.maxLineAmount * 100);
  const dataSource = await openDatabase(config);
  try {
    const company = await resolveImportCompany(dataSource, args.company);
    if (!company) throw new Error(args.company ? `no company with code ${args.company}` : 'the database has no company yet (start the server once, or load the demo)');
    const started = Date.now();
    let lastReport = Date.now();
    const summary = await importFec(dataSource, file, {
      companyId: company.id,
      customerPrefixes: parsePrefixes(config.customerAccountPrefixes),
      generalAccountCustomers: config.generalAccountCustomers,
      fileName: path.basename(file),
      source: 'cli',
      onProgress: (p) => {
        if (args.json || !process.stderr.isTTY || Date.now() - lastReport < 1000) return;
        lastReport = Date.now();
        const pct = p.totalBytes ? ` (${Math.floor((100 * p.bytesRead) / p.totalBytes)} %)` : '';
        process.stderr.write(`\r  ${p.linesRead} lines${pct}`);
      },
    });
    if (!args.json && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    process.stdout.write(args.json ? `${JSON.stringify(jsonSummary(summary))}\n` : readable(summary, (Date.now() - started) / 1000));
    return summary.status === 'succeeded' ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
