import { expect } from 'chai';
import { changedFields, conclusionErrors, daysOverdue, entryBalance, parsePage, parseSort, percentInput, proposeNumber, searchPattern } from '../../src/dossiers/dossier.rules';
import { dossierSchema, toDossierInput } from '../../src/dossiers/dossier.forms';
import { parseForm } from '../../src/web/form';
import { AppError } from '../../src/shared/errors';

describe('dossier rules', () => {
  describe('search pattern', () => {
    it('keeps the user\'s % as a wildcard and makes _ and \\ literal', () => {
      expect(searchPattern('A_B')).to.equal('%a\\_b%');
      expect(searchPattern('100%')).to.equal('%100%%');
      expect(searchPattern('c:\\x')).to.equal('%c:\\\\x%');
    });
    it('leaves quotes to the bound parameter and ignores an empty search', () => {
      expect(searchPattern("' OR 1=1 --")).to.equal("%' or 1=1 --%");
      expect(searchPattern('   ')).to.equal(null);
    });
  });

  it('counts an unlettered line at debit − credit and a lettered one at zero', () => {
    expect(entryBalance({ debit: 120000, credit: 0, lettering: null })).to.equal(120000);
    expect(entryBalance({ debit: 0, credit: 50000, lettering: null })).to.equal(-50000);
    expect(entryBalance({ debit: 120000, credit: 0, lettering: 'AA' })).to.equal(0);
  });

  it('counts days overdue from the due date, never negative', () => {
    expect(daysOverdue('2026-11-01', '2026-11-22')).to.equal(21);
    expect(daysOverdue('2026-12-01', '2026-11-22')).to.equal(0);
    expect(daysOverdue(null, '2026-11-22')).to.equal(0);
  });

  it('proposes one more than the highest number, 1 for a first dossier', () => {
    expect(proposeNumber(41)).to.equal(42);
    expect(proposeNumber(null)).to.equal(1);
  });

  it('asks a closed dossier for its end date, resolution and result, and nothing of an open one', () => {
    expect(conclusionErrors('closed', { endDate: null, resolutionId: null, resultId: null }).map((e) => e.field)).to.deep.equal(['endDate', 'resolutionId', 'resultId']);
    expect(conclusionErrors('open', { endDate: null, resolutionId: null, resultId: null })).to.deep.equal([]);
  });

  it('lists the fields that changed, treating undefined as null', () => {
    const before = { a: 1, b: null as string | null, c: 'x' };
    expect(changedFields(before, { a: 1, b: 'y', c: 'x' }, ['a', 'b', 'c'])).to.deep.equal([{ field: 'b', before: null, after: 'y' }]);
  });

  it('whitelists sorting and pages', () => {
    expect(parseSort('amount', 'desc')).to.deep.equal({ sort: 'amount', dir: 'desc' });
    expect(parseSort('number; DROP TABLE dossier', 'sideways')).to.deep.equal({ sort: 'number', dir: 'asc' });
    expect(parseSort(undefined, undefined)).to.deep.equal({ sort: 'number', dir: 'desc' });
    expect(parsePage('3')).to.equal(3);
    expect(parsePage('-1')).to.equal(1);
    expect(parsePage('abc')).to.equal(1);
  });

  it('writes a loss percentage back as the user types it', () => {
    expect(percentInput(1250, 'fr')).to.equal('12,50');
    expect(percentInput(1250, 'en')).to.equal('12.50');
    expect(percentInput(0, 'fr')).to.equal('0,00');
  });
});

describe('the dossier form', () => {
  const base = { companyId: '1', number: '12', statusId: '2', thirdPartyId: '3', priority: '10', startDate: '22/11/2026' };

  it('reads a loss percentage with a comma or a point, as hundredths', () => {
    expect(parseForm(dossierSchema, { ...base, lossPercentage: '12,5' }).lossPercentage).to.equal(1250);
    expect(parseForm(dossierSchema, { ...base, lossPercentage: '33.33' }).lossPercentage).to.equal(3333);
    expect(parseForm(dossierSchema, { ...base, lossPercentage: '' }).lossPercentage).to.equal(0);
  });

  it('refuses a loss over 100 %, a priority over 999 and an impossible date, each at its field', () => {
    try {
      parseForm(dossierSchema, { ...base, lossPercentage: '100,01', priority: '1000', startDate: '31/02/2026' });
      expect.fail('should throw');
    } catch (err) {
      expect((err as AppError).fieldErrors.map((f) => f.field).sort()).to.deep.equal(['lossPercentage', 'priority', 'startDate']);
    }
  });

  it('keeps the customer\'s risk code when the customer changed and the field was left empty', () => {
    const form = parseForm(dossierSchema, { ...base, riskCodeId: '', riskCodeFor: '99' });
    expect(toDossierInput(form, 7).riskCodeId).to.equal(7);
    const same = parseForm(dossierSchema, { ...base, riskCodeId: '', riskCodeFor: '3' });
    expect(toDossierInput(same, 7).riskCodeId).to.equal(null);
  });
});
