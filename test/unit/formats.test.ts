import { expect } from 'chai';
import { csvAmount, formatAmount, formatAmountInput, formatDuration, formatPercent, parseAmount, xlsxPercent } from '../../src/shared/money';
import { allDictionaries, formatterFor, translate } from '../../src/shared/i18n';
import { describeEvent, eventTypeLabel, statusText } from '../../src/history';
import { formatDateInput, parseBusinessDate } from '../../src/shared/business-date';

const NNBSP = '\u202f';

describe('formats the user reads (amounts, durations, plurals)', () => {
  it('writes an amount in a field or a sentence grouped by thousands, and reads it back', () => {
    expect(formatAmount(605095, 'fr')).to.equal(`6${NNBSP}050,95`);
    expect(formatAmount(5000000, 'fr')).to.equal(`50${NNBSP}000,00`);
    expect(formatAmountInput(1666800, 'fr')).to.equal(`16${NNBSP}668,00`);
    expect(formatAmount(605095, 'en')).to.equal('6,050.95');
    expect(formatAmount(-5, 'fr')).to.equal('-0,05');
    for (const cents of [605095, 5000000, 1666800, -5, 7, 123456789]) {
      expect(parseAmount(formatAmount(cents, 'fr'))).to.equal(cents);
      expect(parseAmount(formatAmount(cents, 'en'))).to.equal(cents);
    }
    expect(parseAmount('12,345'), 'ambiguous without its decimals').to.equal(null);
  });

  it('keeps the minus sign of a CSV amount under one euro', () => {
    expect(csvAmount(-50)).to.equal('-0,50');
    expect(csvAmount(-1)).to.equal('-0,01');
    expect(csvAmount(-193379)).to.equal('-1933,79');
    expect(csvAmount(193379, 'en')).to.equal('1933.79');
  });

  it('writes durations and percentages in the user language', () => {
    expect(formatDuration(100, 'fr')).to.equal('0,1\u00a0s');
    expect(formatDuration(1250, 'en')).to.equal('1.3\u00a0s');
    expect(formatPercent(1215, 'fr')).to.equal('12,15\u00a0%');
    expect(formatPercent(5000, 'en')).to.equal('50%');
    expect(xlsxPercent(5000)).to.equal(0.5);
  });

  it('says "1 paiement" and "2 paiements" (French singular for 0 and 1, English for 1 only)', () => {
    expect(translate('fr', 'common.results', { count: 1 })).to.equal('1 résultat');
    expect(translate('fr', 'common.results', { count: 0 })).to.equal('0 résultat');
    expect(translate('fr', 'common.results', { count: 2 })).to.equal('2 résultats');
    expect(translate('en', 'common.results', { count: 0 })).to.equal('0 results');
    expect(translate('en', 'common.results', { count: 1 })).to.equal('1 result');
    expect(translate('fr', 'printing.preview', { count: 1 })).to.equal('1 dossier sélectionné');
    expect(translate('fr', 'common.results', { count: 20000 })).to.equal(`20${NNBSP}000 résultats`);
  });

  it('no dictionary keeps a "(s)" after a counted word', () => {
    for (const [locale, dict] of Object.entries(allDictionaries())) {
      const left = Object.entries(dict).filter(([, v]) => /\{\w+\}[^{]*\w\(s\)/.test(v)).map(([k]) => k);
      expect(left, locale).to.deep.equal([]);
    }
  });
});

describe('date fields', () => {
  it('show what they read in the user format, and nothing for a repeated field (an array)', () => {
    expect(formatDateInput('2026-11-22', 'fr')).to.equal('22/11/2026');
    expect(formatDateInput('22/11/2026', 'en')).to.equal('22 Nov 2026');
    expect(formatDateInput('5 Dec 2026', 'fr')).to.equal('05/12/2026');
    expect(formatDateInput('31/02/2026', 'fr'), 'kept as typed').to.equal('31/02/2026');
    expect(formatDateInput(['2026-11-22', 'x'], 'fr')).to.equal('');
    expect(parseBusinessDate(['2026-11-22'] as unknown as string)).to.equal(null);
  });
});

describe('Chrono sentences', () => {
  const fr = formatterFor('fr');
  const en = formatterFor('en');

  it('names the event type in words, never its code', () => {
    expect(eventTypeLabel(fr, 'planCreated')).to.equal('Accord de paiement');
    expect(eventTypeLabel(en, 'planCreated')).to.not.equal('planCreated');
  });

  it('leaves no placeholder unfilled when an old event lacks a detail', () => {
    expect(describeEvent(fr, { type: 'entryLinked', details: { label: 'Facture' } })).to.equal('Écriture liée (Facture)');
    expect(describeEvent(fr, { type: 'entryLinked', details: {} })).to.equal('Écriture liée');
    expect(describeEvent(fr, { type: 'entryLinked', details: { pieceRef: 'FA-12', label: 'Facture' } })).to.equal('Écriture FA-12 liée (Facture)');
    for (const type of ['planCreated', 'statusChanged', 'scenarioStepRaised', 'paymentRecorded', 'financialElementAdded', 'created', 'approvalGranted']) {
      expect(describeEvent(fr, { type, details: {} }), type).to.not.match(/\{\w+\}/);
      expect(describeEvent(en, { type, details: {} }), type).to.not.match(/\{\w+\}/);
    }
  });

  it('writes a financial element kind in words', () => {
    expect(describeEvent(fr, { type: 'financialElementAdded', details: { kind: 'creditNote', number: 'AV-1' } })).to.equal('Élément financier ajouté : Avoir n° AV-1');
  });

  it('keeps status labels to one level of brackets', () => {
    expect(statusText('Terminé (payé)')).to.equal('Terminé (payé)');
    expect(statusText('Terminé (payé (total))')).to.equal('Terminé – payé, total');
    expect(describeEvent(fr, { type: 'statusChanged', details: { from: 'En cours', to: 'Terminé (payé (total))' } })).to.equal('Statut changé : En cours → Terminé – payé, total');
  });

  it('puts no French space before a colon in English', () => {
    const s = describeEvent(en, { type: 'fieldChanged', details: { field: 'priority', before: '1', after: '2' } });
    expect(s).to.not.match(/\s:/);
    expect(s).to.contain(': 1 → 2');
  });
});
