import { expect } from 'chai';
import { columnKeyOf, formatFecAmount, formatFecDate, parseFecAmount, parseFecDate, parseFecDirection } from '../../../src/ledger/fec';

describe('FEC values', () => {
  it('reads FEC amounts into integer cents', () => {
    const cases: [string, number][] = [
      ['1234,56', 123456],
      ['0000000069,60', 6960],
      ['-12,00', -1200],
      ['+5,5', 550],
      ['12.34', 1234],
      ['12', 1200],
      ['0,07', 7],
      ['-0,00', 0],
      ['10,1200', 1012],
      ['90071992547409,91', 9007199254740991],
    ];
    for (const [text, cents] of cases) expect(parseFecAmount(text), text).to.equal(cents);
  });

  it('refuses what a FEC amount may not be: thousands separators, extra decimals, letters, empty', () => {
    for (const text of ['', '1 234,56', '1.234,56', '12,345', '12,', ',5', 'abc', '1e5', '--1', '12,00 €', '90071992547409,92']) {
      expect(parseFecAmount(text), text).to.equal(null);
    }
  });

  it('writes amounts with a comma decimal and no thousands separator', () => {
    expect(formatFecAmount(120000)).to.equal('1200,00');
    expect(formatFecAmount(5)).to.equal('0,05');
    expect(formatFecAmount(-1200)).to.equal('-12,00');
    expect(formatFecAmount(0)).to.equal('0,00');
    expect(() => formatFecAmount(1.5)).to.throw(RangeError);
  });

  it('reads YYYYMMDD, YYYY-MM-DD and DD/MM/YYYY dates, only when they are real calendar dates', () => {
    expect(parseFecDate('20240229')).to.equal('2024-02-29');
    expect(parseFecDate('2024-02-29')).to.equal('2024-02-29');
    expect(parseFecDate('29/02/2024')).to.equal('2024-02-29');
    expect(parseFecDate('20000229')).to.equal('2000-02-29');
    for (const bad of ['20230229', '19000229', '20231301', '20230100', '2023013', '2023-1-31', '31/1/2023', '2023/01/31', 'yesterday', '', '00000000']) {
      expect(parseFecDate(bad), bad).to.equal(null);
    }
  });

  it('writes dates as YYYYMMDD and refuses what is not a business date', () => {
    expect(formatFecDate('2024-01-31')).to.equal('20240131');
    expect(formatFecDate(null)).to.equal('');
    expect(() => formatFecDate('2024-02-30')).to.throw(RangeError);
    expect(() => formatFecDate('31/01/2024')).to.throw(RangeError);
  });

  it('reads the Sens column', () => {
    for (const d of ['D', 'd', '+1', '1', 'Débit', 'DEBIT']) expect(parseFecDirection(d), d).to.equal('D');
    for (const c of ['C', 'c', '-1', 'Crédit', 'credit']) expect(parseFecDirection(c), c).to.equal('C');
    for (const bad of ['', 'X', '0', 'DC']) expect(parseFecDirection(bad), bad).to.equal(null);
  });

  it('recognises header spelling variants', () => {
    expect(columnKeyOf('MontantDevise')).to.equal('currencyAmount');
    expect(columnKeyOf('Montantdevise')).to.equal('currencyAmount');
    expect(columnKeyOf('IDevise')).to.equal('currency');
    expect(columnKeyOf('EcritureLettrage')).to.equal('lettering');
    expect(columnKeyOf('EcritureLet')).to.equal('lettering');
    expect(columnKeyOf('Débit')).to.equal('debit');
    expect(columnKeyOf('Date Échéance')).to.equal('dueDate');
    expect(columnKeyOf('DateRglt')).to.equal('dueDate');
    expect(columnKeyOf('ModeRglt')).to.equal('paymentMethod');
    expect(columnKeyOf('toString')).to.equal(undefined);
    expect(columnKeyOf('Commentaire')).to.equal(undefined);
  });
});
