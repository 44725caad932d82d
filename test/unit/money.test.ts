import { expect } from 'chai';
import { allocate, applyPercentage, formatMoney, parseAmount } from '../../src/shared/money';

describe('money', () => {
  it('reads amounts typed the French, the plain and the English way', () => {
    expect(parseAmount('1 933,79')).to.equal(193379);
    expect(parseAmount('1933,79')).to.equal(193379);
    expect(parseAmount('1933.79')).to.equal(193379);
    expect(parseAmount('1\u202f933,79 €')).to.equal(193379);
    expect(parseAmount('-12,5')).to.equal(-1250);
    expect(parseAmount('0,07')).to.equal(7);
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['', 'abc', '12,345', '1.2.3', '12 34,00', '1e5', '--1']) expect(parseAmount(bad), bad).to.equal(null);
  });

  it('formats cents as 1 933,79 € in French and €1,933.79 in English', () => {
    expect(formatMoney(193379, 'fr')).to.equal('1\u202f933,79\u00a0€');
    expect(formatMoney(-5, 'fr')).to.equal('-0,05\u00a0€');
    expect(formatMoney(193379, 'en')).to.equal('€1,933.79');
  });

  it('applies a percentage with two decimals without float drift', () => {
    expect(applyPercentage(100000, 50)).to.equal(50000);
    expect(applyPercentage(120000, 12.15)).to.equal(14580);
    expect(applyPercentage(333, 33.33)).to.equal(111);
  });

  it('allocates a total so that the parts add up exactly, the difference on the last part', () => {
    expect(allocate(100000, [1, 1, 1])).to.deep.equal([33333, 33333, 33334]);
  });
});
