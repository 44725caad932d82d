import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { expect } from 'chai';
import iconv from 'iconv-lite';
import { readFec, summarizeFec } from '../../../src/ledger/fec';
import { codes, fecBuffer, HEADER, invoice, readAll, REAL_FEC_DIR, row } from './fec-helpers';

const real = (name: string): string => path.join(REAL_FEC_DIR, name);

describe('FEC reader', () => {
  describe('the four real files in shared/data/fec', () => {
    /*
     * Expected figures computed independently of this code, with awk, e.g. for a tab file:
     *   awk -F'\t' 'NR>1 && $0 !~ /^[\r\t ]*$/ { n++; d=$12; c=$13; gsub(",","",d); gsub(",","",c);
     *     D+=d; C+=c; e[$1 SUBSEP $3]=1 } END { k=0; for (x in e) k++; print n, k, D, C }' FILE
     * (for the pipe file: -F'|' and spaces removed from the padded values), and cross-checked with
     * a Python script summing Decimal amounts. Entries are counted as JournalCode + EcritureNum.
     */
    const expected = [
      { file: '0000000001FEC20220831.txt', lines: 5422, entries: 2033, total: 1018621981, separator: '\t', encoding: 'utf-8', bom: true, columns: 18, lineEnding: 'LF' },
      { file: '000000000FEC20231231.txt', lines: 2102, entries: 6, total: 126535082, separator: '\t', encoding: 'utf-8', bom: false, columns: 22, lineEnding: 'LF' },
      { file: '111111111FEC20221231.TXT', lines: 934, entries: 248, total: 22568223, separator: '|', encoding: 'windows-1252', bom: false, columns: 18, lineEnding: 'LF' },
      { file: '123456789FEC20500930.txt', lines: 10756, entries: 4001, total: 825808373, separator: '\t', encoding: 'utf-8', bom: false, columns: 18, lineEnding: 'CRCRLF' },
    ] as const;

    for (const e of expected) {
      it(`${e.file} reads with no problem, ${e.lines} lines, ${e.entries} entries, debit = credit = ${e.total} cents`, async () => {
        const summary = await summarizeFec(real(e.file));
        expect(summary.problems).to.deep.equal([]);
        expect(summary.problemCount).to.equal(0);
        expect(summary.lines).to.equal(e.lines);
        expect(summary.rejectedLines).to.equal(0);
        expect(summary.entries).to.equal(e.entries);
        expect(summary.totalDebit).to.equal(e.total);
        expect(summary.totalCredit).to.equal(e.total);
        expect(summary.format).to.include({ separator: e.separator, encoding: e.encoding, bom: e.bom, columnCount: e.columns, lineEnding: e.lineEnding, amountLayout: 'debit-credit', mixedEncodingLines: 0 });
      });
    }

    it('hands out the same lines as the summary counts when iterated one by one', async () => {
      const { lines, summary } = await readAll(real('0000000001FEC20220831.txt'));
      expect(lines).to.have.length(5422);
      expect(lines.reduce((s, l) => s + l.debit, 0)).to.equal(summary.totalDebit);
      expect(lines[0]).to.deep.equal({
        lineNumber: 2,
        entryRank: 1,
        journalCode: 'ANO',
        journalLabel: 'A nouveaux',
        entryNumber: '1',
        entryDate: '2021-09-01',
        account: '101500',
        accountLabel: 'Capital souscrit appelé, versé',
        auxiliaryAccount: null,
        auxiliaryLabel: null,
        pieceRef: 'RAN',
        pieceDate: '2021-09-01',
        label: 'Report à nouveau',
        debit: 0,
        credit: 1350000,
        lettering: null,
        letteringDate: null,
        validDate: '2022-07-26',
        currencyAmount: null,
        currency: null,
        dueDate: null,
        paymentMethod: null,
      });
    });

    it('keeps lower-case journal codes as written and reads DateRglt and ModeRglt of the 22-column file', async () => {
      const { lines } = await readAll(real('000000000FEC20231231.txt'));
      expect(lines[0]).to.include({ journalCode: 'ac', entryNumber: '0', account: '40100000', auxiliaryAccount: 'FITFOOD', credit: 68323, lettering: 'C', letteringDate: '2023-06-30', dueDate: '2023-01-31', paymentMethod: 'CH', validDate: null });
      expect(new Set(lines.map((l) => l.journalCode))).to.deep.equal(new Set(['ac', 'bq', 'AD', 'ca', 'od', 've']));
    });

    it('shows why the date is not part of the default entry key: the 22-column file has dated detail lines in one entry', async () => {
      // Every EcritureNum of that file is "0"; the "A Nouveaux Détaillés" journal dates each line at its
      // original invoice date, so by JournalCode + EcritureNum + EcritureDate 210 of 470 groups do not balance.
      const summary = await summarizeFec(real('000000000FEC20231231.txt'), { entryKey: 'journal-number-date', maxProblems: 5 });
      expect(summary.entries).to.equal(470);
      expect(summary.problemCount).to.equal(210);
      expect(codes(summary)).to.deep.equal(Array(5).fill('unbalanced_entry'));
    });

    it('trims the fixed-width padding of the pipe file and decodes its Windows-1252 byte found past the first chunk', async () => {
      const reader = readFec(real('111111111FEC20221231.TXT'), { chunkSize: 64 * 1024 });
      const format = await reader.readHeader();
      expect(format).to.include({ separator: '|', trailingSeparator: true, columnCount: 18 });
      expect(format!.headers[16]).to.equal('MontantDevise');
      expect(format!.columns.currencyAmount).to.equal(16);
      // Only ASCII has been seen when the header (and the rest of the first 64 KiB chunk) is read: the
      // first byte above 0x7F is at offset 161 935.
      expect(format!.encoding).to.equal('ascii');
      const lines = [];
      for await (const line of reader) lines.push(line);
      expect(reader.format!.encoding).to.equal('windows-1252');
      expect(lines[0]).to.include({ journalCode: 'VE', journalLabel: 'VE11', entryNumber: '00000001', account: '70100000', accountLabel: 'VENTE NECTAR DE FRAISE', auxiliaryAccount: null, pieceRef: 'VE  0123', debit: 0, credit: 6960, lettering: null, currency: null });
      const odd = lines.find((l) => l.lineNumber === 779)!;
      expect(odd.label).to.equal('CREATø MAQUETTE ETIQ');
    });

    it('reads the CR CR LF file, including its last line that has no line end', async () => {
      const { lines } = await readAll(real('123456789FEC20500930.txt'));
      const last = lines[lines.length - 1];
      expect(last).to.include({ lineNumber: 10757, account: '467200000', accountLabel: 'TICKETS RESTAURANTS', debit: 1000, credit: 0 });
      expect(lines.every((l) => !/\r/.test(l.label) && !/\r/.test(l.currency ?? ''))).to.equal(true);
    });

    it('gives the same lines whatever the chunk size (characters straddling chunks)', async () => {
      const whole = await readAll(real('0000000001FEC20220831.txt'));
      const tiny = await readAll(real('0000000001FEC20220831.txt'), { chunkSize: 7 });
      expect(tiny.lines).to.deep.equal(whole.lines);
      expect(tiny.summary.format).to.deep.equal(whole.summary.format);
    });
  });

  describe('format detection', () => {
    it('exposes separator, columns and header names once the header is read, before any line is handed out', async () => {
      const reader = readFec(fecBuffer([HEADER, ...invoice('1')]));
      expect(reader.format).to.equal(null);
      const format = await reader.readHeader();
      expect(format).to.include({ separator: '\t', columnCount: 18, trailingSeparator: false, bom: false, lineEnding: 'CRLF', amountLayout: 'debit-credit' });
      expect(format!.headers[0]).to.equal('JournalCode');
      expect(() => reader.summary()).to.throw(/once every line/);
      let n = 0;
      for await (const line of reader) n += line.debit;
      expect(n).to.equal(12000);
      expect(reader.summary()).to.include({ lines: 3, entries: 1, totalDebit: 12000, totalCredit: 12000, problemCount: 0 });
    });

    it('maps columns by header name, whatever their order and spelling', async () => {
      const names = ['idevise', 'MontantDevise', 'Date_Let', 'EcritureLettrage', 'Crédit', 'DÉBIT', 'EcritureLib', 'PieceDate', 'PieceRef', 'CompAuxLib', 'CompAuxNum', 'CompteLib', 'CompteNum', 'EcritureDate', 'EcritureNum', 'JournalLib', 'journalcode', 'ValidDate', 'Commentaire'];
      const values = ['USD', '130,00', '20240210', 'AB', '0,00', '120,00', 'Facture', '15/01/2024', 'F1', 'Dupont', 'C001', 'Clients', '41100000', '2024-01-15', '7', 'Ventes', 've', '20240131', 'ignored'];
      const credit = values.map((v, i) => (i === 4 ? '120,00' : i === 5 ? '0,00' : i === 10 ? '' : i === 9 ? '' : i === 12 ? '70600000' : i === 3 || i === 2 || i === 0 || i === 1 ? '' : v));
      const { lines, summary } = await readAll(Buffer.from([names, values, credit].map((r) => r.join('\t')).join('\n')));
      expect(summary.problems).to.deep.equal([]);
      expect(summary.format!.extraColumns).to.deep.equal(['Commentaire']);
      expect(lines[0]).to.include({ journalCode: 've', entryNumber: '7', entryDate: '2024-01-15', pieceDate: '2024-01-15', account: '41100000', debit: 12000, credit: 0, lettering: 'AB', letteringDate: '2024-02-10', currencyAmount: 13000, currency: 'USD' });
    });

    it('accepts LF, CR LF and CR CR LF line ends and skips blank lines, keeping physical line numbers', async () => {
      const text = `${HEADER}\r\r\n\n${invoice('1')[0]}\r\n   \r\n${invoice('1')[1]}\n\n${invoice('1')[2]}\r\r\n`;
      const { lines, summary } = await readAll(Buffer.from(text));
      expect(summary.problems).to.deep.equal([]);
      expect(summary.format!.lineEnding).to.equal('CRCRLF');
      expect(lines.map((l) => l.lineNumber)).to.deep.equal([3, 5, 7]);
    });

    it('reads a pipe file with fixed-width padding and a trailing separator', async () => {
      const pad = (l: string): string => `${l.split('\t').map((v) => v.padEnd(12, ' ')).join('|')}|`;
      const { lines, summary } = await readAll(Buffer.from([HEADER, ...invoice('00000001', '0000000120,00', '0000000100,00', '0000000020,00')].map(pad).join('\n')));
      expect(summary.problems).to.deep.equal([]);
      expect(summary.format).to.include({ separator: '|', trailingSeparator: true, columnCount: 18 });
      expect(lines[0]).to.include({ journalCode: 'VE', entryNumber: '00000001', debit: 12000, lettering: null });
    });

    it('reads the Montant + Sens variant (D/C, +1/-1, Débit/Crédit)', async () => {
      const header = 'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tMontant\tSens\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise';
      const line = (num: string, account: string, amount: string, sens: string): string => `VE\tVentes\t${num}\t20240115\t${account}\tLib\t\t\tF1\t20240115\tFacture\t${amount}\t${sens}\t\t\t\t\t`;
      const data = [line('1', '411', '120,00', 'D'), line('1', '706', '100,00', 'C'), line('1', '44571', '20,00', 'c'), line('2', '411', '50,00', '+1'), line('2', '706', '50,00', '-1'), line('3', '411', '10,00', 'Débit'), line('3', '706', '10,00', 'Crédit')];
      const { lines, summary } = await readAll(Buffer.from([header, ...data].join('\n')));
      expect(summary.problems).to.deep.equal([]);
      expect(summary.format!.amountLayout).to.equal('amount-direction');
      expect(lines.map((l) => [l.debit, l.credit])).to.deep.equal([[12000, 0], [0, 10000], [0, 2000], [5000, 0], [0, 5000], [1000, 0], [0, 1000]]);
      expect(summary).to.include({ entries: 3, totalDebit: 18000, totalCredit: 18000 });
    });

    it('decodes Windows-1252 text with accents ("Société Générale")', async () => {
      const text = [HEADER, row({ CompAuxLib: 'Société Générale', EcritureLib: 'Reçu à l’échéance €', Debit: '100,00' }), row({ CompteNum: '512', CompAuxNum: '', CompAuxLib: '', Debit: '0,00', Credit: '100,00' })].join('\r\n');
      const { lines, summary } = await readAll(iconv.encode(text, 'windows-1252'));
      expect(summary.problems).to.deep.equal([]);
      expect(summary.format!.encoding).to.equal('windows-1252');
      expect(lines[0].auxiliaryLabel).to.equal('Société Générale');
      expect(lines[0].label).to.equal('Reçu à l’échéance €');
    });

    it('decodes ISO-8859-15 when told to (its euro sign differs from Windows-1252)', async () => {
      const text = [HEADER, row({ EcritureLib: 'Frais 10 € Société' }), row({ CompteNum: '512', Debit: '0,00', Credit: '120,00' })].join('\n');
      const { lines } = await readAll(iconv.encode(text, 'iso-8859-15'), { encoding: 'iso-8859-15' });
      expect(lines[0].label).to.equal('Frais 10 € Société');
    });

    it('decodes UTF-8 with a BOM and multi-byte characters split across 1-byte chunks', async () => {
      const text = `\ufeff${[HEADER, row({ CompAuxLib: 'Société Générale — Œuvre 😀' }), row({ CompteNum: '512', Debit: '0,00', Credit: '120,00' })].join('\n')}\n`;
      const { lines, summary } = await readAll(Buffer.from(text, 'utf8'), { chunkSize: 1 });
      expect(summary.problems).to.deep.equal([]);
      expect(summary.format).to.include({ encoding: 'utf-8', bom: true });
      expect(summary.format!.headers[0]).to.equal('JournalCode');
      expect(lines[0].auxiliaryLabel).to.equal('Société Générale — Œuvre 😀');
    });

    it('decodes as Windows-1252 a stray non-UTF-8 line in a UTF-8 file, and counts it', async () => {
      const utf8 = Buffer.from(`${[HEADER, row({ CompAuxLib: 'Société' })].join('\n')}\n`, 'utf8');
      const latin = iconv.encode(`${row({ CompteNum: '512', CompAuxLib: 'Générale', Debit: '0,00', Credit: '120,00' })}\n`, 'windows-1252');
      const { lines, summary } = await readAll(Buffer.concat([utf8, latin]));
      expect(summary.format).to.include({ encoding: 'utf-8', mixedEncodingLines: 1 });
      expect(lines.map((l) => l.auxiliaryLabel)).to.deep.equal(['Société', 'Générale']);
    });

    it('reads from a Node stream as well as from a path or a buffer', async () => {
      const stream = new PassThrough();
      const done = readAll(stream);
      for (const l of [HEADER, ...invoice('1')]) stream.write(`${l}\n`);
      stream.end();
      const { summary } = await done;
      expect(summary).to.include({ lines: 3, problemCount: 0 });
      const fromReadable = await readAll(Readable.from([Buffer.from(`${HEADER}\n`), Buffer.from(invoice('1').join('\n'))]));
      expect(fromReadable.summary).to.include({ lines: 3, problemCount: 0 });
    });

    it('accepts the dates YYYYMMDD, YYYY-MM-DD and DD/MM/YYYY, and 00000000 as an empty optional date', async () => {
      const { lines, summary } = await readAll(fecBuffer([HEADER, row({ EcritureDate: '2024-02-29', PieceDate: '29/02/2024', DateLet: '00000000', Debit: '1,00' }), row({ CompteNum: '512', Debit: '0,00', Credit: '1,00' })]));
      expect(summary.problems).to.deep.equal([]);
      expect(lines[0]).to.include({ entryDate: '2024-02-29', pieceDate: '2024-02-29', letteringDate: null });
    });
  });

  describe('problems', () => {
    it('reports a wrong header and reads nothing', async () => {
      const { lines, summary } = await readAll(fecBuffer(['Date;Compte;Montant', '2024-01-01;411;12,00']));
      expect(lines).to.deep.equal([]);
      expect(summary.format).to.equal(null);
      expect(summary.problems).to.have.length(1);
      expect(summary.problems[0]).to.include({ lineNumber: 1, code: 'wrong_header' });
      expect(summary.problems[0].message).to.match(/";"/);
    });

    it('reports a header whose first line is data as a wrong header', async () => {
      const { summary } = await readAll(fecBuffer(invoice('1')));
      expect(codes(summary)).to.deep.equal(['wrong_header']);
    });

    it('reports a header missing a required column and reads nothing', async () => {
      const header = HEADER.replace('\tCompteNum', '');
      const data = invoice('1').map((l) => l.split('\t').filter((_, i) => i !== 4).join('\t'));
      const { lines, summary } = await readAll(fecBuffer([header, ...data]));
      expect(lines).to.deep.equal([]);
      expect(summary.problems[0]).to.include({ lineNumber: 1, column: 'CompteNum', code: 'missing_column' });
    });

    it('reports a missing optional official column but still reads the lines', async () => {
      const header = HEADER.replace('\tIdevise', '');
      const data = invoice('1').map((l) => l.split('\t').slice(0, 17).join('\t'));
      const { lines, summary } = await readAll(fecBuffer([header, ...data]));
      expect(lines).to.have.length(3);
      expect(summary.problems.map((p) => [p.code, p.column])).to.deep.equal([['missing_column', 'Idevise']]);
    });

    it('reports an unbalanced entry on its first line', async () => {
      const entry2 = invoice('2', '120,00', '100,00', '19,99');
      const { lines, summary } = await readAll(fecBuffer([HEADER, ...invoice('1'), ...entry2]));
      expect(lines).to.have.length(6);
      expect(summary.problems).to.have.length(1);
      expect(summary.problems[0]).to.include({ lineNumber: 5, column: 'EcritureNum', value: 'VE 2', code: 'unbalanced_entry' });
      expect(summary.problems[0].message).to.equal('Entry VE 2 does not balance: debits exceed credits by 0,01.');
      expect(summary).to.include({ entries: 2, totalDebit: 24000, totalCredit: 23999 });
    });

    it('balances entries whose lines are not contiguous', async () => {
      const [a1, a2, a3] = invoice('1');
      const [b1, b2, b3] = invoice('2');
      const { summary } = await readAll(fecBuffer([HEADER, a1, b1, a2, b2, b3, a3]));
      expect(summary).to.include({ problemCount: 0, entries: 2 });
    });

    it('reports a bad date with its column and value, and leaves the line out', async () => {
      const lines = invoice('1');
      lines[1] = lines[1].replace('\t20240115\t70600000', '\t20240230\t70600000');
      const { lines: read, summary } = await readAll(fecBuffer([HEADER, ...lines, row({ EcritureNum: '2', DateLet: '2024013', Debit: '0,00' })]));
      expect(read.map((l) => l.lineNumber)).to.deep.equal([2, 4]);
      expect(summary.problems.map((p) => [p.lineNumber, p.column, p.value, p.code])).to.deep.equal([
        [3, 'EcritureDate', '20240230', 'bad_date'],
        [5, 'DateLet', '2024013', 'bad_date'],
      ]);
      expect(summary).to.include({ lines: 4, rejectedLines: 2 });
    });

    it('reports a bad amount (thousands separator, three decimals, letters) without a second "unbalanced" report', async () => {
      const { summary } = await readAll(
        fecBuffer([HEADER, row({ Debit: '1.200,00' }), row({ EcritureNum: '2', Debit: '12,345' }), row({ EcritureNum: '3', Credit: 'abc', Debit: '0,00' }), row({ EcritureNum: '4', Debit: '1 200,00' })]),
      );
      expect(summary.problems.map((p) => [p.lineNumber, p.column, p.value, p.code])).to.deep.equal([
        [2, 'Debit', '1.200,00', 'bad_amount'],
        [3, 'Debit', '12,345', 'bad_amount'],
        [4, 'Credit', 'abc', 'bad_amount'],
        [5, 'Debit', '1 200,00', 'bad_amount'],
      ]);
    });

    it('reads amounts with leading zeros, a dot, a sign or an empty side', async () => {
      const { lines, summary } = await readAll(
        fecBuffer([HEADER, row({ Debit: '0000000069,60', Credit: '' }), row({ CompteNum: '706', Debit: '', Credit: '69.6' }), row({ EcritureNum: '2', Debit: '-12,00' }), row({ EcritureNum: '2', CompteNum: '706', Debit: '-12,00', Credit: '-24,00' })]),
      );
      expect(summary.problems).to.deep.equal([]);
      expect(lines.map((l) => [l.debit, l.credit])).to.deep.equal([[6960, 0], [0, 6960], [-1200, 0], [-1200, -2400]]);
    });

    it('reports a line with the wrong number of columns', async () => {
      const lines = invoice('1');
      const { summary } = await readAll(fecBuffer([HEADER, lines[0], lines[1], `${lines[2]}\textra\tcolumns`]));
      // Only that problem: the entry that lost a line is not reported as unbalanced on top of it.
      expect(codes(summary)).to.deep.equal(['wrong_column_count']);
      expect(summary.problems[0]).to.include({ lineNumber: 4, code: 'wrong_column_count' });
      expect(summary.problems[0].message).to.contain('20 columns; the header has 18');
    });

    it('reports a line separated by "|" in a tab file as mixed separators', async () => {
      const lines = invoice('1');
      const { summary } = await readAll(fecBuffer([HEADER, lines[0], lines[1].replace(/\t/g, '|'), lines[2]]));
      expect(codes(summary)).to.deep.equal(['mixed_separators']);
      expect(summary.problems[0]).to.include({ lineNumber: 3, code: 'mixed_separators' });
    });

    it('reports a header mixing tab and "|" as mixed separators', async () => {
      const header = HEADER.replace('\tDebit\tCredit', '|Debit|Credit');
      const { summary } = await readAll(fecBuffer([header, ...invoice('1')]));
      expect(codes(summary)).to.include('mixed_separators');
    });

    it('reports an empty file (no byte, blanks only, or a bare BOM)', async () => {
      for (const input of [Buffer.alloc(0), Buffer.from(' \r\n\r\n\t\n'), Buffer.from([0xef, 0xbb, 0xbf])]) {
        const { lines, summary } = await readAll(input);
        expect(lines).to.deep.equal([]);
        expect(summary.problems).to.deep.equal([{ lineNumber: 0, column: null, value: null, code: 'empty_file', message: 'The file is empty.' }]);
        expect(summary.format).to.equal(null);
      }
    });

    it('reports a file with a header and no data line', async () => {
      const { summary } = await readAll(fecBuffer([HEADER]));
      expect(codes(summary)).to.deep.equal(['no_data_lines']);
    });

    it('reports a binary file and stops reading', async () => {
      const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0x21, 0x00]);
      const { lines, summary } = await readAll(zip);
      expect(lines).to.deep.equal([]);
      expect(codes(summary)).to.deep.equal(['binary_file']);
      const late = await readAll(Buffer.concat([fecBuffer([HEADER, ...invoice('1')]), Buffer.from([0, 1, 2, 0x0a])]));
      expect(late.summary.problems[0]).to.include({ lineNumber: 5, code: 'binary_file' });
    });

    it('reports a UTF-16 file as an unsupported encoding', async () => {
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from([HEADER, ...invoice('1')].join('\r\n'), 'utf16le')]);
      const { summary } = await readAll(utf16);
      expect(codes(summary)).to.deep.equal(['unsupported_encoding']);
    });

    it('reports a line longer than the limit (e.g. a file without LF) and stops', async () => {
      const lines = Array.from({ length: 20 }, (_, i) => invoice(String(i))).flat();
      const { summary } = await readAll(Buffer.from([HEADER, ...lines].join('\r')), { maxLineBytes: 1000, chunkSize: 64 });
      expect(codes(summary)).to.deep.equal(['line_too_long']);
    });

    it('reports empty required values', async () => {
      const { summary } = await readAll(fecBuffer([HEADER, row({ JournalCode: '', CompteNum: ' ', EcritureDate: '' })]));
      expect(summary.problems.map((p) => [p.column, p.code])).to.deep.equal([
        ['JournalCode', 'missing_value'],
        ['CompteNum', 'missing_value'],
        ['EcritureDate', 'missing_value'],
      ]);
    });

    it('keeps the first 50 problems but counts them all', async () => {
      const bad = Array.from({ length: 80 }, (_, i) => row({ EcritureNum: String(i), EcritureDate: 'yesterday', Debit: '0,00' }));
      const { summary } = await readAll(fecBuffer([HEADER, ...bad]));
      expect(summary.problemCount).to.equal(80);
      expect(summary.problems).to.have.length(50);
      expect(summary.problems[49].lineNumber).to.equal(51);
    });

    it('lets an importer stop early without reading the rest', async () => {
      const reader = readFec(path.join(REAL_FEC_DIR, '123456789FEC20500930.txt'));
      let n = 0;
      for await (const line of reader) {
        void line;
        if (++n === 10) break;
      }
      expect(n).to.equal(10);
      expect(reader.done).to.equal(false);
      expect(() => reader.summary()).to.throw();
    });

    it('rejects a missing file path', async () => {
      let error: unknown = null;
      try {
        await summarizeFec(path.join(REAL_FEC_DIR, 'no-such-file.txt'));
      } catch (err) {
        error = err;
      }
      expect(error).to.be.an('error').with.property('code', 'ENOENT');
    });
  });
});
