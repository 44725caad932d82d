import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { demoFixturesSchema, type DemoFixtures } from '../../src/demo/demo-fixtures.schema';
import { buildDemoFixtures } from '../../scripts/generate-demo-fixtures';

// The files are read and parsed here on their own terms (a plain split, integer cents), not through
// the generator, so that a bug in the generator cannot hide the same bug in its output.

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'demo');
const TODAY = '2026-11-22';
const FIRST_DAY = '20250521';
const LAST_DAY = '20261120';
const HEADER = [
  'JournalCode', 'JournalLib', 'EcritureNum', 'EcritureDate', 'CompteNum', 'CompteLib', 'CompAuxNum', 'CompAuxLib', 'PieceRef',
  'PieceDate', 'EcritureLib', 'Debit', 'Credit', 'EcritureLet', 'DateLet', 'ValidDate', 'Montantdevise', 'Idevise',
];

interface FecLine {
  row: number;
  journal: string;
  entry: string;
  date: string;
  account: string;
  aux: string;
  auxName: string;
  pieceRef: string;
  pieceDate: string;
  debit: number;
  credit: number;
  lettering: string;
  dateLet: string;
  validDate: string;
  fields: string[];
}

const fecBytes = readFileSync(path.join(DIR, 'ledger.fec.txt'));
const fecText = fecBytes.toString('utf8');
const companyText = readFileSync(path.join(DIR, 'company.json'), 'utf8');

/** `1200,00` → 120000; anything else is a failure, not a guess. */
function cents(text: string, where: string): number {
  expect(text, `${where}: amount ${JSON.stringify(text)}`).to.match(/^\d+,\d{2}$/);
  return Number(text.replace(',', ''));
}

const rows = fecText.split('\r\n');
const dataRows = rows.slice(1, -1); // the file ends with CRLF, so the last element is empty
const lines: FecLine[] = dataRows.map((text, i) => {
  const f = text.split('\t');
  const where = `line ${i + 2}`;
  return {
    row: i + 2, journal: f[0], entry: f[2], date: f[3], account: f[4], aux: f[6], auxName: f[7], pieceRef: f[8], pieceDate: f[9],
    debit: cents(f[11] ?? '', where), credit: cents(f[12] ?? '', where), lettering: f[13], dateLet: f[14], validDate: f[15], fields: f,
  };
});
const customerLines = lines.filter((l) => l.aux !== '');
const isoDate = (yyyymmdd: string) => `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}
const sum = (ls: FecLine[], side: 'debit' | 'credit') => ls.reduce((s, l) => s + l[side], 0);

describe('demo fixtures', () => {
  let fixtures: DemoFixtures;

  before(() => {
    const parsed = demoFixturesSchema.safeParse(JSON.parse(companyText));
    if (!parsed.success) throw new Error(`company.json does not match its schema:\n${JSON.stringify(parsed.error.issues, null, 2)}`);
    fixtures = parsed.data;
  });

  describe('ledger.fec.txt', () => {
    it('is UTF-8 without a BOM, with CRLF line ends only', () => {
      expect([...fecBytes.subarray(0, 3)]).not.to.deep.equal([0xef, 0xbb, 0xbf]);
      expect(Buffer.from(fecText, 'utf8').equals(fecBytes), 'valid UTF-8').to.equal(true);
      expect(fecText.endsWith('\r\n')).to.equal(true);
      expect(rows.at(-1)).to.equal('');
      for (const r of rows) expect(r, 'a bare CR or LF').not.to.match(/[\r\n]/);
    });

    it('starts with the 18 FEC field names, and every line has 18 tab-separated columns', () => {
      expect(rows[0].split('\t')).to.deep.equal(HEADER);
      for (const l of lines) expect(l.fields, `line ${l.row}`).to.have.length(18);
    });

    it('writes dates as YYYYMMDD within the ledger period, and one side of each line only', () => {
      for (const l of lines) {
        for (const d of [l.date, l.pieceDate, l.validDate]) {
          expect(d, `line ${l.row}`).to.match(/^\d{8}$/);
          expect(d >= FIRST_DAY && d <= LAST_DAY, `line ${l.row}: ${d} out of the period`).to.equal(true);
          expect(new Date(`${isoDate(d)}T00:00:00Z`).toISOString().slice(0, 10), `line ${l.row}: not a calendar date`).to.equal(isoDate(d));
        }
        expect((l.debit === 0) !== (l.credit === 0), `line ${l.row}: exactly one of debit and credit`).to.equal(true);
      }
    });

    it('balances every entry (journal + entry number), in integer cents', () => {
      const entries = groupBy(lines, (l) => `${l.journal}|${l.entry}`);
      for (const [key, ls] of entries) {
        expect(sum(ls, 'debit'), `entry ${key}`).to.equal(sum(ls, 'credit'));
        expect(new Set(ls.map((l) => l.date)).size, `entry ${key} has one date`).to.equal(1);
        expect(new Set(ls.map((l) => l.pieceRef)).size, `entry ${key} has one piece`).to.equal(1);
      }
      expect(sum(lines, 'debit')).to.equal(sum(lines, 'credit'));
    });

    it('holds about 600 lines over 35 to 45 customers', () => {
      expect(lines.length).to.be.within(500, 700);
      expect(new Set(customerLines.map((l) => l.aux)).size).to.be.within(35, 45);
    });

    it('books invoices and credit notes in VT, payments in BQ, with one customer line per entry', () => {
      const entries = groupBy(lines, (l) => `${l.journal}|${l.entry}`);
      for (const [key, ls] of entries) {
        const [journal] = key.split('|');
        const ref = ls[0].pieceRef;
        const customer = ls.filter((l) => l.account === '411000');
        expect(customer, `entry ${key}: one 411 line`).to.have.length(1);
        expect(customer[0].aux, `entry ${key}`).to.match(/^411[A-Z0-9]+$/);
        expect(ls.filter((l) => l.account !== '411000').every((l) => l.aux === ''), `entry ${key}: aux only on 411`).to.equal(true);
        if (journal === 'VT') {
          expect(ref, `entry ${key}`).to.match(/^(FA|AV)\d{4}-\d{4}$/);
          expect(ls.some((l) => l.account === '706000'), `entry ${key}: a 706000 line`).to.equal(true);
          expect(customer[0].debit > 0, `entry ${key}: invoices debit the customer, credit notes credit it`).to.equal(ref.startsWith('FA'));
        } else {
          expect(journal).to.equal('BQ');
          expect(ref, `entry ${key}`).to.match(/^RG\d{4}-\d{4}$/);
          expect(ls.map((l) => l.account).sort()).to.deep.equal(['411000', '512000']);
          expect(customer[0].credit > 0, `entry ${key}: a payment credits the customer`).to.equal(true);
        }
        expect(ref.slice(2, 6), `entry ${key}: numbered in the year of its date`).to.equal(ls[0].date.slice(0, 4));
      }
      const refs = [...entries.values()].map((ls) => ls[0].pieceRef);
      expect(new Set(refs).size, 'one entry per piece').to.equal(refs.length);
    });

    it('letters only customer lines, and every lettered group balances', () => {
      for (const l of lines) {
        expect(l.lettering === '' || l.account === '411000', `line ${l.row}: lettering on a customer line only`).to.equal(true);
        expect(l.lettering === '', `line ${l.row}: DateLet goes with EcritureLet`).to.equal(l.dateLet === '');
        if (l.lettering) expect(l.lettering, `line ${l.row}`).to.match(/^[A-Z]{2}$/);
      }
      const groups = groupBy(customerLines.filter((l) => l.lettering), (l) => `${l.aux}|${l.lettering}`);
      expect(groups.size).to.be.greaterThan(50);
      for (const [key, ls] of groups) {
        expect(sum(ls, 'debit'), `lettered group ${key}`).to.equal(sum(ls, 'credit'));
        expect(ls.length, `lettered group ${key}`).to.be.at.least(2);
        expect(new Set(ls.map((l) => l.dateLet)).size, `lettered group ${key}: one DateLet`).to.equal(1);
        expect(ls.every((l) => l.dateLet >= l.date), `lettered group ${key}: lettered after its last line`).to.equal(true);
      }
    });

    it('leaves the open items a recovery module needs: overdue, partly paid, open and lettered credit notes', () => {
      const open = customerLines.filter((l) => !l.lettering);
      expect(open.filter((l) => l.pieceRef.startsWith('FA')).length, 'open invoices').to.be.at.least(30);
      expect(open.filter((l) => l.pieceRef.startsWith('RG')).length, 'part payments beside their invoice').to.be.at.least(3);
      expect(open.filter((l) => l.pieceRef.startsWith('AV')).length, 'open credit notes').to.be.at.least(2);
      expect(customerLines.filter((l) => l.lettering && l.pieceRef.startsWith('AV')).length, 'lettered credit notes').to.be.at.least(2);
    });
  });

  describe('company.json', () => {
    it('matches its schema', () => {
      // Parsed in before(); here the counts the brief asks for.
      expect(fixtures.creditControllers).to.have.length(3);
      expect(fixtures.companyContacts.length).to.be.within(3, 4);
      expect(fixtures.company.subsidiaries).to.have.length(1);
      expect(fixtures.dossiers.length).to.be.within(12, 18);
    });

    it('has exactly the customers of the ledger, with the names the ledger gives them', () => {
      const ledgerNames = new Map(customerLines.map((l) => [l.aux, l.auxName]));
      for (const l of customerLines) expect(l.auxName, `line ${l.row}: one name per account`).to.equal(ledgerNames.get(l.aux));
      const jsonNames = new Map(fixtures.customers.map((c) => [c.auxiliaryAccount, c.name]));
      expect([...jsonNames.keys()].sort()).to.deep.equal([...ledgerNames.keys()].sort());
      for (const [aux, name] of jsonNames) expect(name, aux).to.equal(ledgerNames.get(aux));
    });

    it('gives a due date to every invoice and credit note of the ledger, and to nothing else', () => {
      const pieces = new Map(customerLines.filter((l) => l.journal === 'VT').map((l) => [l.pieceRef, l]));
      expect(Object.keys(fixtures.dueDates).sort()).to.deep.equal([...pieces.keys()].sort());
      for (const [ref, l] of pieces) {
        const due = fixtures.dueDates[ref];
        expect(due >= isoDate(l.pieceDate), `${ref} falls due before its date`).to.equal(true);
        const days = (Date.parse(due) - Date.parse(isoDate(l.pieceDate))) / 86_400_000;
        expect(days, `${ref}: due ${days} days after its date (terms are 60 days at most)`).to.be.at.most(76);
      }
    });

    it('covers, in every dossier, invoices of its customer that are still open unless the dossier is closed', () => {
      const invoices = new Map(customerLines.filter((l) => l.pieceRef.startsWith('FA')).map((l) => [l.pieceRef, l]));
      const kinds = new Map(fixtures.statuses.map((s) => [s.code, s.kind]));
      for (const d of fixtures.dossiers) {
        for (const ref of d.pieceRefs) {
          const line = invoices.get(ref);
          expect(line, `dossier ${d.number}: ${ref} is not an invoice`).not.to.equal(undefined);
          expect(line!.aux, `dossier ${d.number}: ${ref} belongs to another customer`).to.equal(d.customer);
          if (kinds.get(d.status) !== 'closed') {
            expect(line!.lettering, `dossier ${d.number}: ${ref} is already lettered`).to.equal('');
            expect(fixtures.dueDates[ref] < TODAY, `dossier ${d.number}: ${ref} is not overdue`).to.equal(true);
          }
        }
      }
    });

    it('links every dossier to its customer controller and risk code', () => {
      const customers = new Map(fixtures.customers.map((c) => [c.auxiliaryAccount, c]));
      for (const d of fixtures.dossiers) {
        expect(d.controller, `dossier ${d.number}`).to.equal(customers.get(d.customer)!.controller);
        expect(d.riskCode, `dossier ${d.number}`).to.equal(customers.get(d.customer)!.riskCode);
      }
    });

    it('gives French companies a valid SIREN and the VAT number derived from it', () => {
      const luhn = (digits: string) =>
        [...digits].reverse().reduce((s, ch, i) => {
          const d = Number(ch) * (i % 2 === 1 ? 2 : 1);
          return s + (d > 9 ? d - 9 : d);
        }, 0) % 10 === 0;
      const entities = [fixtures.company, ...fixtures.company.subsidiaries, ...fixtures.customers];
      for (const e of entities.filter((x) => x.country === 'FR')) {
        expect(luhn(e.siren!), `${e.name}: SIREN ${e.siren}`).to.equal(true);
        const key = (12 + 3 * (Number(e.siren) % 97)) % 97;
        expect(e.vatNumber, e.name).to.equal(`FR${String(key).padStart(2, '0')}${e.siren}`);
      }
      const foreign = fixtures.customers.filter((c) => c.country !== 'FR');
      expect(foreign.map((c) => c.country).sort()).to.deep.equal(['BE', 'DE', 'ES']);
      for (const c of foreign) expect(c.vatNumber!.slice(0, 2), c.name).to.equal(c.country === 'ES' ? 'ES' : c.country);
    });

    it('holds no test payload: names a real company could have (escaping and wildcards are tested on test data)', () => {
      const texts = [...fixtures.customers.flatMap((c) => [c.name, c.address ?? '', c.email ?? '']), ...fixtures.dossiers.map((d) => d.comment ?? '')];
      for (const text of texts) expect(text, text).to.not.match(/[<>{}]|_|alert\(|javascript:|' OR /i);
    });

    it('spreads dossiers over statuses and interventions before, on and after today', () => {
      const byStatus = groupBy(fixtures.dossiers, (d) => d.status);
      for (const status of ['EN_COURS', 'AMIABLE', 'CONTENTIEUX']) expect(byStatus.get(status)?.length ?? 0, status).to.be.at.least(2);
      expect(byStatus.get('REDRESSEMENT_JUDICIAIRE')).to.have.length(1);
      expect(byStatus.get('LIQUIDATION_JUDICIAIRE')).to.have.length(1);
      expect(byStatus.get('TERMINE')).to.have.length(2);
      const all = fixtures.dossiers.flatMap((d) => d.interventions);
      for (const d of fixtures.dossiers) expect(d.interventions.length, `dossier ${d.number}`).to.be.within(1, 5);
      const todo = all.filter((i) => i.state === 'todo');
      expect(todo.filter((i) => i.dueDate < TODAY).length, 'overdue to-dos').to.be.at.least(2);
      expect(todo.filter((i) => i.dueDate === TODAY).length, 'to-dos due today').to.be.at.least(2);
      expect(todo.filter((i) => i.dueDate > TODAY).length, 'future to-dos').to.be.at.least(2);
      for (const i of all.filter((x) => x.doneDate !== null)) expect(i.doneDate! <= TODAY, `${i.label} done in the future`).to.equal(true);
    });
  });

  it('is exactly what scripts/generate-demo-fixtures.ts writes (run it again after changing it)', () => {
    const built = buildDemoFixtures();
    expect(built.fec === fecText, 'ledger.fec.txt is stale').to.equal(true);
    expect(built.companyJson === companyText, 'company.json is stale').to.equal(true);
  });
});
