import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { FEC_COLUMNS, formatFecHeader, formatFecLine, summarizeFec, writeFec, type FecLine, type FecWritableLine } from '../../../src/ledger/fec';
import { readAll, REAL_FEC_DIR } from './fec-helpers';

function line(overrides: Partial<FecWritableLine> = {}): FecWritableLine {
  return {
    journalCode: 'VE',
    journalLabel: 'Ventes',
    entryNumber: 'VE0001',
    entryDate: '2024-01-15',
    account: '41100000',
    accountLabel: 'Clients',
    auxiliaryAccount: 'C001',
    auxiliaryLabel: 'Société Générale',
    pieceRef: 'F2024-001',
    pieceDate: '2024-01-15',
    label: 'Facture F2024-001',
    debit: 120000,
    credit: 0,
    lettering: 'AB',
    letteringDate: '2024-02-10',
    validDate: '2024-01-31',
    currencyAmount: null,
    currency: null,
    ...overrides,
  };
}

/** Writes to memory and returns the bytes. */
async function written(lines: FecWritableLine[]): Promise<Buffer> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (b: Buffer) => parts.push(b));
  await writeFec(lines, out, { end: true });
  return Buffer.concat(parts);
}

function tmpFile(name: string): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fec-test-')), name);
}

describe('FEC writer', () => {
  it('writes the header with the 18 official columns in order, tab separated', () => {
    expect(formatFecHeader()).to.equal(
      'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise',
    );
    expect(FEC_COLUMNS).to.have.length(18);
  });

  it('writes a line with YYYYMMDD dates, comma amounts without thousands separator, empty nulls', () => {
    expect(formatFecLine(line())).to.equal('VE\tVentes\tVE0001\t20240115\t41100000\tClients\tC001\tSociété Générale\tF2024-001\t20240115\tFacture F2024-001\t1200,00\t0,00\tAB\t20240210\t20240131\t\t');
    expect(formatFecLine(line({ debit: 0, credit: -5, auxiliaryAccount: null, auxiliaryLabel: null, lettering: null, letteringDate: null, pieceDate: null, currencyAmount: 123456789, currency: 'USD' }))).to.equal(
      'VE\tVentes\tVE0001\t20240115\t41100000\tClients\t\t\tF2024-001\t\tFacture F2024-001\t0,00\t-0,05\t\t\t20240131\t1234567,89\tUSD',
    );
  });

  it('replaces tabs and line breaks inside values by spaces', () => {
    const text = formatFecLine(line({ label: 'two\tcolumns\r\nand\nlines\r', accountLabel: 'a\tb' }));
    expect(text.split('\t')).to.have.length(18);
    expect(text).to.contain('\ttwo columns and lines\t');
    expect(text).to.contain('\ta b\t');
  });

  it('refuses amounts that are not integer cents and dates that are not business dates', () => {
    expect(() => formatFecLine(line({ debit: 12.5 }))).to.throw(RangeError);
    expect(() => formatFecLine(line({ entryDate: '15/01/2024' }))).to.throw(RangeError);
  });

  it('writes UTF-8 without BOM and CR LF line ends', async () => {
    const bytes = await written([line(), line({ account: '70600000', auxiliaryAccount: null, auxiliaryLabel: null, debit: 0, credit: 120000, lettering: null, letteringDate: null })]);
    expect(bytes.subarray(0, 11).toString('latin1')).to.equal('JournalCode');
    const text = bytes.toString('utf8');
    expect(text.split('\r\n')).to.have.length(4);
    expect(text.endsWith('\r\n')).to.equal(true);
    expect(text.replace(/\r\n/g, '')).not.to.match(/[\r\n]/);
    expect(text).to.contain('Société Générale');
  });

  it('reads back identically what it wrote', async () => {
    const lines: FecWritableLine[] = [
      line(),
      line({ account: '70600000', accountLabel: 'Prestations', auxiliaryAccount: null, auxiliaryLabel: null, debit: 0, credit: 100000, lettering: null, letteringDate: null }),
      line({ account: '44571000', accountLabel: 'TVA collectée', auxiliaryAccount: null, auxiliaryLabel: null, debit: 0, credit: 20000, lettering: null, letteringDate: null }),
      line({ journalCode: 'bq', journalLabel: 'Banque « BNP »', entryNumber: '7', entryDate: '2024-02-29', account: '51200000', auxiliaryAccount: null, auxiliaryLabel: null, pieceRef: '', pieceDate: null, label: '', debit: 13000, credit: 0, lettering: null, letteringDate: null, validDate: null, currencyAmount: 14000, currency: 'USD' }),
      line({ journalCode: 'bq', journalLabel: 'Banque « BNP »', entryNumber: '7', entryDate: '2024-02-29', debit: -1, credit: 12999, pieceRef: '', pieceDate: null, label: 'Virement reçu — 😀', validDate: null }),
    ];
    const untidy = line({ entryNumber: '8', debit: 0, credit: 0, label: '  padded\tand\r\nbroken  ', lettering: null, letteringDate: null });
    const { lines: back, summary } = await readAll(await written([...lines, untidy]));
    expect(summary.problems).to.deep.equal([]);
    expect(summary.format).to.include({ separator: '\t', encoding: 'utf-8', bom: false, lineEnding: 'CRLF', columnCount: 18 });
    // Three lines of VE0001, then two of bq 7: each line's rank in its entry.
    const expected: FecLine[] = lines.map((l, i) => ({ ...l, lineNumber: i + 2, entryRank: [1, 2, 3, 1, 2][i], dueDate: null, paymentMethod: null }));
    expect(back.slice(0, lines.length)).to.deep.equal(expected);
    // Tabs and line breaks inside a value come back as spaces, surrounding spaces are dropped.
    expect(back[lines.length].label).to.equal('padded and broken');
  });

  for (const file of ['0000000001FEC20220831.txt', '000000000FEC20231231.txt', '111111111FEC20221231.TXT', '123456789FEC20500930.txt']) {
    it(`rewrites the real file ${file} in the official format and reads it back identically`, async () => {
      const original = await readAll(path.join(REAL_FEC_DIR, file));
      const target = tmpFile(file);
      const result = await writeFec(original.lines, target);
      expect(result.lines).to.equal(original.lines.length);
      expect(fs.statSync(target).size).to.equal(result.bytes);
      const back = await readAll(target);
      expect(back.summary.problems).to.deep.equal([]);
      expect(back.summary).to.include({ totalDebit: original.summary.totalDebit, totalCredit: original.summary.totalCredit, entries: original.summary.entries });
      // Line numbers change (blank lines are gone) and the 18-column format has no DateRglt/ModeRglt.
      const strip = (l: FecLine) => ({ ...l, lineNumber: 0, dueDate: null, paymentMethod: null });
      expect(back.lines.map(strip)).to.deep.equal(original.lines.map(strip));
      fs.rmSync(path.dirname(target), { recursive: true });
    });
  }

  it('streams a large async source to a file with back-pressure', async () => {
    const target = tmpFile('big.txt');
    async function* many(): AsyncGenerator<FecWritableLine> {
      for (let i = 0; i < 30000; i++) {
        yield line({ entryNumber: String(i), debit: 100 + i, credit: 0 });
        yield line({ entryNumber: String(i), account: '70600000', auxiliaryAccount: null, auxiliaryLabel: null, debit: 0, credit: 100 + i, lettering: null, letteringDate: null });
      }
    }
    const result = await writeFec(many(), target);
    expect(result.lines).to.equal(60000);
    const summary = await summarizeFec(target);
    expect(summary).to.include({ lines: 60000, entries: 30000, problemCount: 0 });
    fs.rmSync(path.dirname(target), { recursive: true });
  });

  it('leaves a stream given by the caller open unless asked to end it', async () => {
    const out = new PassThrough();
    out.resume();
    await writeFec([line()], out);
    expect(out.writableEnded).to.equal(false);
    out.end();
  });
});
