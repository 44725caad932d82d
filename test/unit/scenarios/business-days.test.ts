import { expect } from 'chai';
import {
  addBusinessDays,
  easterSunday,
  frenchBusinessCalendar,
  frenchPublicHolidays,
  isFrenchBusinessDay,
  nextBusinessDayOnOrAfter,
} from '../../../src/scenarios';

describe('business days (France)', () => {
  it('finds Easter Sunday for years whose dates are well known', () => {
    expect(['2019', '2024', '2025', '2026', '2027', '2038'].map((y) => easterSunday(Number(y)))).to.deep.equal([
      '2019-04-21', '2024-03-31', '2025-04-20', '2026-04-05', '2027-03-28', '2038-04-25',
    ]);
  });

  it('lists the eleven metropolitan public holidays of 2026, the movable ones computed from Easter', () => {
    expect(frenchPublicHolidays(2026)).to.deep.equal([
      { date: '2026-01-01', name: "Jour de l'an" },
      { date: '2026-04-06', name: 'Lundi de Pâques' },
      { date: '2026-05-01', name: 'Fête du Travail' },
      { date: '2026-05-08', name: 'Victoire 1945' },
      { date: '2026-05-14', name: 'Ascension' },
      { date: '2026-05-25', name: 'Lundi de Pentecôte' },
      { date: '2026-07-14', name: 'Fête nationale' },
      { date: '2026-08-15', name: 'Assomption' },
      { date: '2026-11-01', name: 'Toussaint' },
      { date: '2026-11-11', name: 'Armistice 1918' },
      { date: '2026-12-25', name: 'Noël' },
    ]);
  });

  it('adds Good Friday and 26 December for Alsace-Moselle only when asked', () => {
    const dates = frenchPublicHolidays(2026, { alsaceMoselle: true }).map((h) => h.date);
    expect(dates).to.include.members(['2026-04-03', '2026-12-26']);
    expect(isFrenchBusinessDay('2026-04-03')).to.equal(true);
    expect(frenchBusinessCalendar({ alsaceMoselle: true }).isBusinessDay('2026-04-03')).to.equal(false);
  });

  it('tells weekends and holidays from working days', () => {
    expect(isFrenchBusinessDay('2026-11-10')).to.equal(true); // Tuesday
    expect(isFrenchBusinessDay('2026-11-11')).to.equal(false); // Wednesday, Armistice
    expect(isFrenchBusinessDay('2026-11-14')).to.equal(false); // Saturday
    expect(isFrenchBusinessDay('2026-11-15')).to.equal(false); // Sunday
    expect(isFrenchBusinessDay('2027-05-06')).to.equal(false); // Ascension 2027
  });

  it('does not count the start day: Friday + 1 business day is Monday', () => {
    expect(addBusinessDays('2026-11-13', 1)).to.equal('2026-11-16');
    expect(addBusinessDays('2026-11-09', 3)).to.equal('2026-11-13'); // across 11 November
    expect(addBusinessDays('2026-04-02', 2)).to.equal('2026-04-07'); // across Easter Monday
    expect(addBusinessDays('2026-12-24', 1)).to.equal('2026-12-28'); // Christmas on a Friday
    expect(addBusinessDays('2026-12-31', 1)).to.equal('2027-01-04'); // New Year on a Friday, then the weekend
  });

  it('with 0 business days, moves a weekend or holiday to the next business day', () => {
    expect(addBusinessDays('2026-11-14', 0)).to.equal('2026-11-16');
    expect(addBusinessDays('2026-11-11', 0)).to.equal('2026-11-12');
    expect(addBusinessDays('2026-11-12', 0)).to.equal('2026-11-12');
    expect(nextBusinessDayOnOrAfter('2026-05-23')).to.equal('2026-05-26'); // Saturday, Sunday, Whit Monday
  });

  it('refuses a negative or fractional number of days', () => {
    expect(() => addBusinessDays('2026-11-09', -1)).to.throw(RangeError);
    expect(() => addBusinessDays('2026-11-09', 1.5)).to.throw(RangeError);
  });

  it('does not depend on the process time zone', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati';
      expect(addBusinessDays('2026-11-09', 3)).to.equal('2026-11-13');
    } finally {
      process.env.TZ = saved;
    }
  });
});
