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
import readline from 'node:readline/promises';
import type { DataSource } from 'typeorm';
import { companyFromFecFileName, createFirstCompany, fiscalYearStartAfter } from '../setup';

const USAGE = 'usage: import:fec <file> [--json] [--company CODE] [--name "Company name"]';

function parseArgs(argv: string[]): { file: string; json: boolean; company: string | null; name: string | null } {
  let file: string | null = null;
  let json = false;
  let company: string | null = null;
  let name: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--name') name = argv[++i] ?? null;
    else if (a.startsWith('--name=')) name = a.slice('--name='.length);
    else if (a === '--company') company = argv[++i] ?? null;
    else if (a.startsWith('--company=')) company = a.slice('--company='.length);
    else if (a.startsWith('--')) throw new Error(`unknown option ${a} (${USAGE})`);
    else if (file === null) file = a;
    else throw new Error(`one file at a time (${USAGE})`);
  }
  if (!file) throw new Error(USAGE);
  if (company === '') throw new Error('--company needs a company code');
  if (name !== null && name.trim() === '') throw new Error('--name needs the company name');
  return { file, json, company, name: name?.trim() ?? null };
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

/** Reads a line from the terminal (the company's name when --name was not given). */
async function ask(question: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

/**
 * A database with no company: the FEC's company becomes the first one. Its SIREN and year-end come
 * from the file name (`<SIREN>FEC<YYYYMMDD>`, LPF art. A47 A-1), its name from --name or asked.
 */
async function firstCompanyFromFec(dataSource: DataSource, file: string, args: { json: boolean; name: string | null }) {
  const fromName = companyFromFecFileName(path.basename(file));
  let name = args.name;
  if (!name && process.stdin.isTTY && !args.json) name = await ask(`No company yet: the name of the company of ${path.basename(file)}${fromName ? ` (SIREN ${fromName.siren})` : ''}? `);
  if (!name) throw new Error('the database has no company yet: give its name with --name "…" (the SIREN and fiscal year come from a FEC named <SIREN>FEC<YYYYMMDD>), or use the set-up page');
  const company = await createFirstCompany(dataSource, { name, siren: fromName?.siren ?? null, address: null, postalCode: null, city: null, fiscalYearStart: fromName ? fiscalYearStartAfter(fromName.yearEnd) : null });
  if (!args.json) process.stdout.write(`Company created: ${company.name}${company.siren ? ` (SIREN ${company.siren})` : ''}, code ${company.code}\n`);
  return company;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const file = path.resolve(args.file);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new Error(`no such file: ${args.file}`);
  const config = loadConfig();
  setMaxLineAmount(config.maxLineAmount * 100);
  const dataSource = await openDatabase(config);
  try {
    let company = await resolveImportCompany(dataSource, args.company);
    if (!company && args.company) throw new Error(`no company with code ${args.company}`);
    if (!company) company = await firstCompanyFromFec(dataSource, file, args);
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
