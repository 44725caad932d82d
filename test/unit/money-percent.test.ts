/** money.ts as the one module for amounts and percentages (issue 13): the conversions others used to write by hand. */
import { expect } from 'chai';
import {
  csvAmount, formatPercent, formatPercentInput, formatRate, hundredthsOf, percentNumber, percentOf, plainAmount, xlsxPercent, xlsxPercentOf,
} from '../../src/shared/money';

describe('money.ts: percentages and plain amounts', () => {
  it('converts stored hundredths to the percentage the rules take, and back', () => {
    expect(percentOf(1215)).to.equal(12.15);
    expect(percentOf(0)).to.equal(0);
    expect(hundredthsOf(12.15)).to.equal(1215);
    expect(hundredthsOf(33.333)).to.equal(3333);
    for (const h of [0, 1, 50, 1215, 5000, 10000]) expect(hundredthsOf(percentOf(h))).to.equal(h);
  });

  it('writes a percentage for the screen, a form field and a letter', () => {
    expect(percentNumber(1250, 'fr')).to.equal('12,5');
    expect(percentNumber(1200, 'en')).to.equal('12');
    expect(formatPercent(1215, 'fr')).to.equal('12,15\u00a0%');
    expect(formatPercentInput(1250, 'fr')).to.equal('12,50');
    expect(formatPercentInput(5, 'en')).to.equal('0.05');
    expect(formatRate(10.5)).to.equal('10,50\u00a0%');
  });

  it('gives spreadsheets their fractions', () => {
    expect(xlsxPercent(5000)).to.equal(0.5);
    expect(xlsxPercentOf(50)).to.equal(0.5);
  });

  it('keeps the minus sign under 1 € in plain and CSV amounts', () => {
    expect(plainAmount(-5, 'fr')).to.equal('-0,05');
    expect(csvAmount(-5, 'fr')).to.equal('-0,05');
    expect(plainAmount(193379, 'en')).to.equal('1933.79');
  });
});
