import { expect } from 'chai';
import { companyCodeFrom, companyFromFecFileName, fiscalYearStartAfter, parseFiscalYearStart } from '../../src/setup/setup.rules';

describe('a company read from its FEC', () => {
  it('takes the SIREN and the year-end from a file named <SIREN>FEC<YYYYMMDD>', () => {
    expect(companyFromFecFileName('919068007FEC20251231.txt')).to.deep.equal({ siren: '919068007', yearEnd: '2025-12-31' });
    expect(companyFromFecFileName('/tmp/x/919068007fec20260630.csv')).to.deep.equal({ siren: '919068007', yearEnd: '2026-06-30' });
  });

  it('finds nothing in a name that does not follow the rule', () => {
    expect(companyFromFecFileName('grand-livre-2025.txt')).to.equal(null);
    expect(companyFromFecFileName('91906800FEC20251231.txt')).to.equal(null);
    expect(companyFromFecFileName('919068007FEC20251331.txt')).to.equal(null);
  });

  it('starts the fiscal year the day after the year-end', () => {
    expect(fiscalYearStartAfter('2025-12-31')).to.equal('01-01');
    expect(fiscalYearStartAfter('2026-06-30')).to.equal('07-01');
    expect(fiscalYearStartAfter('2024-02-29')).to.equal('03-01');
  });

  it('reads a fiscal year start typed dd/mm, and refuses a day that does not exist', () => {
    expect(parseFiscalYearStart('01/07')).to.equal('07-01');
    expect(parseFiscalYearStart(' 1/1 ')).to.equal('01-01');
    expect(parseFiscalYearStart('31/04')).to.equal(null);
    expect(parseFiscalYearStart('juillet')).to.equal(null);
  });

  it('makes a company code from its name', () => {
    expect(companyCodeFrom('Atlas Équipements')).to.equal('ATLASEQUIPEMENTS');
    expect(companyCodeFrom('***')).to.equal('SOCIETE');
  });
});
