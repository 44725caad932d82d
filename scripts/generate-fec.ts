/**
 * Generates a large synthetic but valid FEC for the import benchmark, streamed to disk.
 *
 *   npx tsx scripts/generate-fec.ts --lines 1000000 --customers 20000 --out /tmp/bench-FEC.txt [--seed 42] [--year 2024]
 *
 * One fiscal year, in date order. Sales invoices (journal VE: 411 customer debit, 706 revenue
 * credit, 44571 VAT credit) and customer payments (journal BQ: 512 bank debit, 411 customer
 * credit). About 80 % of the invoices are paid in full 15 to 90 days later within the year; the
 * invoice line and the payment line on 411 then carry the same lettering code and DateLet. The
 * others stay open (what debt recovery is about). Every entry balances, and the file has exactly
 * --lines data lines (a few bank-charge entries, 627/512, fill the last lines if needed).
 */
import { addDays } from '../src/shared/business-date';
import { applyPercentage } from '../src/shared/money';
import { writeFec } from '../src/ledger/fec/writer';
import type { FecWritableLine } from '../src/ledger/fec/types';

interface Args {
  lines: number;
  customers: number;
  out: string;
  seed: number;
  year: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { lines: 1_000_000, customers: 20_000, out: '', seed: 42, year: 2024 };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = argv[i + 1];
    const int = (): number => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${name} needs a whole number, got ${value}`);
      i++;
      return n;
    };
    switch (name) {
      case '--lines':
        args.lines = int();
        break;
      case '--customers':
        args.customers = Math.max(1, int());
        break;
      case '--seed':
        args.seed = int();
        break;
      case '--year':
        args.year = int();
        break;
      case '--out':
        if (!value) throw new Error('--out needs a path');
        args.out = value;
        i++;
        break;
      default:
        throw new Error(`Unknown argument ${name}`);
    }
  }
  if (!args.out) args.out = `000000000FEC${args.year}1231.txt`;
  if (args.lines === 1) throw new Error('--lines 1 cannot hold a balanced entry (an entry has at least two lines)');
  return args;
}

/** Small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAME_PARTS = ['Société', 'Générale', 'Boulangerie', 'Pâtisserie', 'Transports', 'Menuiserie', 'Électricité', 'Garage', 'Hôtel', 'Café', 'Dupré', 'Lefèvre', 'Martin', 'Bernard', 'Château', 'Forêt'];
const FORMS = ['SARL', 'SAS', 'SA', 'EURL', 'SCI'];

/** Base-26 lettering code: 0 → A, 25 → Z, 26 → AA. */
function letteringCode(n: number): string {
  let code = '';
  let x = n;
  do {
    code = String.fromCharCode(65 + (x % 26)) + code;
    x = Math.floor(x / 26) - 1;
  } while (x >= 0);
  return code;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

interface PendingPayment {
  customer: number;
  amount: number;
  invoiceRef: string;
  lettering: string;
}

function* generate(args: Args): Generator<FecWritableLine> {
  const random = prng(args.seed);
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const names = new Map<number, string>();
  const customerName = (c: number): string => {
    const known = names.get(c);
    if (known !== undefined) return known;
    const r = prng(c + 1);
    const a = NAME_PARTS[Math.floor(r() * NAME_PARTS.length)];
    const b = NAME_PARTS[Math.floor(r() * NAME_PARTS.length)];
    const name = `${a} ${b} ${FORMS[Math.floor(r() * FORMS.length)]} ${c + 1}`;
    names.set(c, name);
    return name;
  };
  const customerAccount = (c: number): string => `C${pad(c + 1, 6)}`;
  const letteringCounters = new Map<number, number>();
  const nextLettering = (c: number): string => {
    const n = letteringCounters.get(c) ?? 0;
    letteringCounters.set(c, n + 1);
    return letteringCode(n);
  };

  const start = `${args.year}-01-01`;
  const days = (args.year % 4 === 0 && args.year % 100 !== 0) || args.year % 400 === 0 ? 366 : 365;
  const calendar = Array.from({ length: days }, (_, day) => addDays(start, day));
  const dateOf = (day: number): string => calendar[day];
  const yearEnd = dateOf(days - 1);
  /** Payments due on each day (day index → payments). */
  const due = new Map<number, PendingPayment[]>();
  let pendingCount = 0;
  let written = 0;
  let invoiceSeq = 0;
  let bankSeq = 0;
  const N = args.lines;

  interface Head {
    journal: 'VE' | 'BQ';
    entryNumber: string;
    date: string;
    pieceRef: string;
    label: string;
  }
  const head = (journal: 'VE' | 'BQ', entryNumber: string, date: string, pieceRef: string, label: string): Head => ({ journal, entryNumber, date, pieceRef, label });
  /** Builds every line with the same shape (one object literal), which keeps property access fast. */
  const make = (h: Head, account: string, accountLabel: string, debit: number, credit: number, customer: number | null = null, lettering: string | null = null, letteringDate: string | null = null): FecWritableLine => ({
    journalCode: h.journal,
    journalLabel: h.journal === 'VE' ? 'Ventes' : 'Banque',
    entryNumber: h.entryNumber,
    entryDate: h.date,
    account,
    accountLabel,
    auxiliaryAccount: customer === null ? null : customerAccount(customer),
    auxiliaryLabel: customer === null ? null : customerName(customer),
    pieceRef: h.pieceRef,
    pieceDate: h.date,
    label: h.label,
    debit,
    credit,
    lettering,
    letteringDate,
    validDate: h.date,
    currencyAmount: null,
    currency: null,
  });

  function* invoice(day: number, revenueLines: 1 | 2, payDay: number | null): Generator<FecWritableLine> {
    const date = dateOf(day);
    const customer = int(0, args.customers - 1);
    const ref = `F${args.year}-${pad(++invoiceSeq, 7)}`;
    const entryNumber = `VE${pad(invoiceSeq, 7)}`;
    const net = int(1000, 500000);
    const vat = applyPercentage(net, 20);
    const gross = net + vat;
    const label = `Facture ${ref} ${customerName(customer)}`;
    let lettering: string | null = null;
    let letteringDate: string | null = null;
    if (payDay !== null) {
      lettering = nextLettering(customer);
      letteringDate = dateOf(payDay);
      const list = due.get(payDay) ?? [];
      list.push({ customer, amount: gross, invoiceRef: ref, lettering });
      due.set(payDay, list);
      pendingCount++;
    }
    const b = head('VE', entryNumber, date, ref, label);
    yield make(b, '41100000', 'Clients', gross, 0, customer, lettering, letteringDate);
    if (revenueLines === 1) {
      yield make(b, '70600000', 'Prestations de services', 0, net);
    } else {
      const first = Math.floor(net / 2);
      yield make(b, '70600000', 'Prestations de services', 0, first);
      yield make(b, '70610000', 'Prestations annexes', 0, net - first);
    }
    yield make(b, '44571000', 'TVA collectée', 0, vat);
    written += 2 + revenueLines;
  }

  function* payment(day: number, p: PendingPayment): Generator<FecWritableLine> {
    const date = dateOf(day);
    const entryNumber = `BQ${pad(++bankSeq, 7)}`;
    const b = head('BQ', entryNumber, date, `VIR${pad(bankSeq, 7)}`, `Virement ${customerName(p.customer)} ${p.invoiceRef}`);
    yield make(b, '51200000', 'Banque', p.amount, 0);
    yield make(b, '41100000', 'Clients', 0, p.amount, p.customer, p.lettering, date);
    pendingCount--;
    written += 2;
  }

  function* bankCharge(): Generator<FecWritableLine> {
    const entryNumber = `BQ${pad(++bankSeq, 7)}`;
    const amount = int(100, 3000);
    const b = head('BQ', entryNumber, yearEnd, `FRAIS${pad(bankSeq, 7)}`, 'Frais bancaires');
    yield make(b, '62780000', 'Frais bancaires', amount, 0);
    yield make(b, '51200000', 'Banque', 0, amount);
    written += 2;
  }

  for (let day = 0; day < days; day++) {
    for (const p of due.get(day) ?? []) yield* payment(day, p);
    due.delete(day);
    // Lines committed so far (written + payments promised) follow the calendar.
    const target = day === days - 1 ? N : Math.floor((N * (day + 1)) / days);
    for (;;) {
      const free = N - written - 2 * pendingCount;
      if (N - free >= target || free < 3) break;
      const delay = int(15, 90);
      // Paid (3 + 2 lines) when it fits; never leave exactly one free line, which no entry can use.
      const paid = random() < 0.8 && day + delay < days && free >= 5 && free - 5 !== 1;
      if (paid) yield* invoice(day, 1, day + delay);
      else if (free - 3 === 1) yield* invoice(day, 2, null);
      else yield* invoice(day, 1, null);
    }
  }
  // Every payment is in by now; at most a couple of lines are left, never one.
  while (N - written > 0) {
    if (N - written === 3) yield* invoice(days - 1, 1, null);
    else yield* bankCharge();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const result = await writeFec(generate(args), args.out);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`${args.out}: ${result.lines} lines, ${(result.bytes / 1e6).toFixed(1)} MB in ${seconds} s\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
