import { expect } from 'chai';
import { safeDisplayName, uniqueNames, uploadProblem } from '../../src/attachments/attachment.rules';
import { csvAmount, csvField, xlsxValue } from '../../src/shared/spreadsheet';

describe('attachments (rules)', () => {
  it('keeps only a safe last segment of an uploaded name', () => {
    expect(safeDisplayName('../../etc/passwd.pdf')).to.equal('passwd.pdf');
    expect(safeDisplayName('..\\..\\Windows\\system.ini.txt')).to.equal('system.ini.txt');
    expect(safeDisplayName('..')).to.equal('fichier');
    expect(safeDisplayName('.htaccess')).to.equal('htaccess');
    expect(safeDisplayName('a\u0000b<c>:"d|?*.pdf')).to.equal('a_b_c___d___.pdf');
    const long = safeDisplayName(`${'x'.repeat(300)}.pdf`);
    expect(long).to.have.length(200);
    expect(long.endsWith('.pdf')).to.equal(true);
  });

  it('refuses types not allowed and uploads that take the dossier over its limit', () => {
    const allowed = ['pdf', 'png'];
    expect(uploadProblem([{ name: 'a.PDF', size: 10 }], 0, 100, allowed)).to.equal(null);
    expect(uploadProblem([{ name: 'a.exe', size: 10 }], 0, 100, allowed)).to.equal('attachments.errors.type');
    expect(uploadProblem([{ name: 'noextension', size: 10 }], 0, 100, allowed)).to.equal('attachments.errors.type');
    expect(uploadProblem([{ name: 'a.pdf', size: 60 }], 41, 100, allowed)).to.equal('attachments.errors.tooBig');
    expect(uploadProblem([{ name: 'a.pdf', size: 59 }], 41, 100, allowed)).to.equal(null);
    expect(uploadProblem([], 0, 100, allowed)).to.equal('attachments.errors.none');
  });

  it('names zip entries uniquely and neutralises formulas in CSV, not negative amounts', () => {
    expect(uniqueNames(['a.pdf', 'A.pdf', 'b', 'b'])).to.deep.equal(['a.pdf', 'A (2).pdf', 'b', 'b (2)']);
    expect(csvField('=HYPERLINK("x")')).to.equal('"\'=HYPERLINK(""x"")"');
    // Only amounts the module formatted itself pass as numbers; a text that looks like one is still neutralised.
    expect(csvField(csvAmount(-30000))).to.equal('-300,00');
    expect(csvField(-12.5)).to.equal('-12,5');
    expect(csvField('-300,00')).to.equal("'-300,00");
    expect(csvField('-2+3+cmd|\' /C calc\'!A0')).to.equal("'-2+3+cmd|' /C calc'!A0");
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvField(`${start}1`).replace(/^"/, '')).to.match(/^'/);
    expect(xlsxValue('@SUM(A1)')).to.equal("'@SUM(A1)");
    expect(xlsxValue(-1234.56)).to.equal(-1234.56);
    expect(csvField('a;b')).to.equal('"a;b"');
  });
});
